"""project search index: a tsvector table with a GIN index on PostgreSQL (dutch
configuration), an FTS5 table of Snowball-stemmed words on SQLite

The index lives outside the models' metadata (see hubsite/projects/search.py and
migrations/env.py, which leaves it out of autogenerate). It is filled by the app on every
flush; this migration fills it once for the projects that already exist.

Revision ID: 2d183b85adce
Revises: c7b134fde65d
Create Date: 2026-12-05 08:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2d183b85adce'
down_revision = 'c7b134fde65d'
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("""
            CREATE TABLE project_search (
                project_id integer PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
                plain text NOT NULL DEFAULT '',
                document tsvector NOT NULL
            )""")
        op.execute("CREATE INDEX ix_project_search_document ON project_search "
                   "USING gin (document)")
    elif bind.dialect.name == "sqlite":
        op.execute("""
            CREATE VIRTUAL TABLE project_search USING fts5(
                names_a, names_b, story, lessons, plain UNINDEXED,
                tokenize = 'unicode61 remove_diacritics 2'
            )""")
        # The rowid is the project's id: forget a project that is deleted by SQL alone
        # (a hub's cascade); the app replaces a row whenever it indexes a project.
        op.execute("""
            CREATE TRIGGER project_search_forget AFTER DELETE ON projects
            BEGIN DELETE FROM project_search WHERE rowid = old.id; END""")
    else:
        return
    from hubsite.projects.search import reindex
    ids = list(bind.scalars(sa.text("SELECT id FROM projects ORDER BY id")))
    for start in range(0, len(ids), 500):
        reindex(bind, ids[start:start + 500])


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TABLE IF EXISTS project_search")
    elif bind.dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS project_search_forget")
        op.execute("DROP TABLE IF EXISTS project_search")
