"""The schema comes only from migrations, and they match the models."""

from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from hubsite import create_app
from hubsite.extensions import db


def test_the_migrations_build_exactly_the_models(app):
    """The test database was built by `flask db upgrade`; autogenerate finds nothing to add."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True})
        differences = compare_metadata(context, db.metadata)

    assert differences == []


def test_flask_db_upgrade_creates_every_table_in_a_new_sqlite_file(tmp_path: Path):
    path = tmp_path / "new.sqlite3"
    fresh = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "TESTING": True,
                        "SECRET_KEY": "test-secret-key"})

    result = fresh.test_cli_runner().invoke(args=["db", "upgrade"])

    assert result.exit_code == 0, result.output
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        tables = set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()
    with fresh.app_context():
        db.engine.dispose()
    assert tables == set(db.metadata.tables) | {"alembic_version"}
