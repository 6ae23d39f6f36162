"""The schema comes only from migrations, and they match the models."""

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from hubsite import ROOT, create_app
from hubsite.extensions import db
from hubsite.projects.search import is_index_table
from tests.conftest import _database_url


def _not_the_search_index(name, type_, parent_names) -> bool:
    # The search index is made per database by its migration; no model describes it.
    return not (type_ == "table" and is_index_table(name))


def test_the_migrations_build_exactly_the_models(app):
    """The test database was built by `flask db upgrade`; autogenerate finds nothing to add."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True,
                              "include_name": _not_the_search_index})
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
        tables = {t for t in sa.inspect(engine).get_table_names() if not is_index_table(t)}
    finally:
        engine.dispose()
    with fresh.app_context():
        db.engine.dispose()
    assert tables == set(db.metadata.tables) | {"alembic_version"}


def _tables(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        return {t for t in sa.inspect(engine).get_table_names() if not is_index_table(t)}
    finally:
        engine.dispose()


def _round_trip(url: str) -> None:
    """Upgrade an empty database to head, downgrade to base, upgrade again."""
    fresh = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True,
                        "SECRET_KEY": "test-secret-key"})
    everything = set(db.metadata.tables) | {"alembic_version"}
    with fresh.app_context():
        try:
            upgrade()
            assert _tables(url) == everything
            downgrade(revision="base")
            assert _tables(url) <= {"alembic_version"}, "the downgrade left tables behind"
            upgrade()
            assert _tables(url) == everything
        finally:
            db.engine.dispose()


# PostgreSQL joins when the suite runs on it (not a skip: CI fails on skipped tests).
ROUND_TRIP_DATABASES = ["sqlite"] + (
    ["postgresql"] if os.environ.get("TEST_DATABASE_URL", "").startswith("postgres") else [])


@pytest.mark.parametrize("database", ROUND_TRIP_DATABASES)
def test_the_migrations_go_down_to_base_and_up_again(database: str, tmp_path: Path):
    if database == "sqlite":
        _round_trip(f"sqlite:///{tmp_path / 'round-trip.sqlite3'}")
    else:
        with _own_postgresql_database() as url:
            _round_trip(url)


@contextmanager
def _own_postgresql_database() -> Iterator[str]:
    """A new database on the server of TEST_DATABASE_URL, dropped afterwards: the shared
    test database stays at head for the rest of the suite."""
    server = sa.engine.make_url(_database_url(Path()))
    name = f"hubsite_migrations_{secrets.token_hex(4)}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        try:
            yield server.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def test_the_migrations_have_exactly_one_head():
    """Two branches that each add a migration on the same parent make two heads; the
    merge must re-chain them (migrations/README) before `flask db upgrade` works again."""
    scripts = ScriptDirectory(str(ROOT / "migrations"))

    assert len(scripts.get_heads()) == 1, scripts.get_heads()


EMAIL_CONFIRMATION = "4417b704c10a"


def test_accounts_made_before_email_confirmation_count_as_confirmed(tmp_path: Path):
    """They could log in before the migration; they still can after it."""
    url = f"sqlite:///{tmp_path / 'before-confirmation.sqlite3'}"
    fresh = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True,
                        "SECRET_KEY": "test-secret-key"})
    before = ScriptDirectory(str(ROOT / "migrations")).get_revision(
        EMAIL_CONFIRMATION).down_revision
    with fresh.app_context():
        try:
            upgrade(revision=before)
            with db.engine.begin() as connection:
                connection.execute(sa.text(
                    "INSERT INTO users (email, name, password_hash, is_admin, locale, "
                    "calendar_token, created_at) VALUES ('oud@example.nl', 'Oud', 'x', false, "
                    "'nl', 'token', '2025-01-06 10:00:00')"))
            upgrade()
            with db.engine.connect() as connection:
                confirmed_at = connection.scalar(sa.text("SELECT email_confirmed_at FROM users"))
        finally:
            db.engine.dispose()

    assert confirmed_at is not None and str(confirmed_at).startswith("2025-01-06 10:00:00")
