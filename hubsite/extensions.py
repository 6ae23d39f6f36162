"""Flask extensions, created unbound here and bound to the app in `create_app`."""

import sqlite3
from collections.abc import Callable

import sqlalchemy as sa
from flask import current_app
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from htmx_flask import Htmx
from sqlalchemy import MetaData

# Named constraints keep Alembic migrations identical on SQLite and PostgreSQL.
naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=naming_convention))
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
htmx = Htmx()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)


def configured_limit(setting: str) -> Callable[[], str]:
    """A rate limit read from the app's settings when a request is counted, so that a
    test app or a deployment can change it (`@limiter.limit(configured_limit("X"))`)."""
    return lambda: current_app.config[setting]


@sa.event.listens_for(sa.engine.Engine, "connect")
def _enforce_sqlite_foreign_keys(dbapi_connection, connection_record) -> None:
    """SQLite ignores foreign keys unless asked; make ON DELETE work as on PostgreSQL."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()


@sa.event.listens_for(sa.engine.Engine, "connect")
def _wait_for_sqlite_writer(dbapi_connection, connection_record) -> None:
    """SQLite lets one writer in at a time; make the others wait for it (up to 30 s)
    rather than fail with "database is locked" when several workers write at once."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.close()
