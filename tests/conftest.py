"""Shared fixtures: app, database, clients, people per role, factories.

The suite runs on SQLite by default. Give `TEST_DATABASE_URL` (for example
postgresql://postgres@127.0.0.1:5432/test) to run it on PostgreSQL; that
database is wiped at the start of the run.
"""

from __future__ import annotations

import email
import email.policy
import html
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from email.message import EmailMessage
from functools import cache
from itertools import count
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask, g, has_app_context, template_rendered
from flask.testing import FlaskClient
from flask_migrate import upgrade
from itsdangerous import URLSafeTimedSerializer
from werkzeug.security import generate_password_hash

from hubsite import create_app
from hubsite.accounts.models import User
from hubsite.accounts.services import start_login_session
from hubsite.agenda.models import STATUS_PUBLISHED, ActivityType
from hubsite.agenda.services import create_event
from hubsite.extensions import db
from hubsite.hubs.models import ROLE_COORDINATOR, ROLE_HOST, Hub, HubMembership
from hubsite.organisations.models import Organisation
from hubsite.timeutil import LOCAL_TZ, utcnow

PASSWORD = "correct horse battery"


def _database_url(tmp_root: Path) -> str:
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + str(tmp_root / "test.sqlite3")
    if url.startswith(("postgres://", "postgresql://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """A database at the newest migration, shared by the whole run."""
    url = _database_url(tmp_path_factory.mktemp("db"))
    if url.startswith("postgresql"):
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


def app_config(database_url: str, tmp_path: Path) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret-key",
        "BASE_URL": "http://hubsite.test",
        "SERVER_NAME": None,
        "MAIL_BACKEND": "file",
        "MAIL_FILE_DIR": str(tmp_path / "mail"),
        "RATELIMIT_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
    }


def wipe_database() -> None:
    """Remove every row so the next test starts empty (the schema stays)."""
    tables = [t for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = create_app(app_config(database_url, tmp_path))
    with app.app_context():
        yield app
        db.session.remove()
        wipe_database()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def make_app(app: Flask, database_url: str, tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    """Build another app on the test database with some settings changed.

    `make_app(RATELIMIT_ENABLED=True)`; the `app` fixture still wipes the data.
    """
    made: list[Flask] = []

    def make(**settings) -> Flask:
        extra = create_app({**app_config(database_url, tmp_path), **settings})
        extra.test_client_class = Client
        made.append(extra)
        return extra

    yield make
    for extra in made:
        with extra.app_context():
            db.session.remove()
            db.engine.dispose()


class Client(FlaskClient):
    """A test client that can sign forms with a valid CSRF token."""

    def open(self, *args, **kwargs):
        # Requests run inside the test's app context (sharing its database session);
        # give each one the empty `g` a real request gets, so that a cached user,
        # language or CSRF token does not leak from one request into the next.
        if has_app_context():
            for name in list(g):
                g.pop(name)
        return super().open(*args, **kwargs)

    def csrf_token(self) -> str:
        with self.session_transaction() as session:
            raw = session.setdefault("csrf_token", os.urandom(20).hex())
        serializer = URLSafeTimedSerializer(self.application.secret_key, salt="wtf-csrf-token")
        return serializer.dumps(raw)

    def form(self, url: str, data: dict | None = None, **kwargs):
        """POST a form the way a browser does, CSRF token included."""
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.post(url, data=data, **kwargs)

    def login(self, user: User) -> None:
        """Log in without the form (the form itself is tested in tests/accounts), with a
        real log-in session on the server, as the form would start."""
        start_login_session(db.session, user)
        db.session.commit()
        with self.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True


@pytest.fixture
def client(app: Flask) -> Client:
    app.test_client_class = Client
    return app.test_client()


@pytest.fixture
def hx(client: Client) -> Client:
    """The same client, sending the headers htmx sends."""
    client.environ_base["HTTP_HX_REQUEST"] = "true"
    return client


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


_numbers = count(1)


@cache
def quick_hash(password: str) -> str:
    """A password hash that is cheap to make, for factories.

    The site's own (scrypt) hash takes a tenth of a second; check_password_hash
    reads this one just the same.
    """
    return generate_password_hash(password, method="pbkdf2:sha256:1000")


@pytest.fixture
def make_hub(app: Flask) -> Callable[..., Hub]:
    def make(**fields) -> Hub:
        n = next(_numbers)
        fields.setdefault("slug", f"hub-{n}")
        fields.setdefault("name", f"Hub {n}")
        fields.setdefault("city", "Almelo")
        fields.setdefault("address", "Sluiskade 5")
        fields.setdefault("postcode", "7607 AA")
        hub = Hub(**fields)
        db.session.add(hub)
        db.session.commit()
        return hub

    return make


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    def make(hub: Hub | None = None, role: str | None = None, **fields) -> User:
        n = next(_numbers)
        fields.setdefault("email", f"person{n}@example.nl")
        fields.setdefault("name", f"Persoon {n}")
        fields.setdefault("email_confirmed_at", utcnow())
        password = fields.pop("password", PASSWORD)
        user = User(password_hash=quick_hash(password), **fields)
        db.session.add(user)
        if hub is not None and role is not None:
            db.session.add(HubMembership(user=user, hub=hub, role=role))
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_activity_type(app: Flask) -> Callable[..., ActivityType]:
    def make(slug: str = "workshop", name_nl: str = "Workshop", name_en: str = "Workshop"):
        existing = db.session.scalar(sa.select(ActivityType).where(ActivityType.slug == slug))
        if existing:
            return existing
        activity_type = ActivityType(slug=slug, name_nl=name_nl, name_en=name_en)
        db.session.add(activity_type)
        db.session.commit()
        return activity_type

    return make


@pytest.fixture
def make_organisation(app: Flask) -> Callable[..., Organisation]:
    def make(**fields) -> Organisation:
        n = next(_numbers)
        fields.setdefault("slug", f"org-{n}")
        fields.setdefault("name", f"Organisatie {n}")
        fields.setdefault("kind", "ondernemers")
        organisation = Organisation(**fields)
        db.session.add(organisation)
        db.session.commit()
        return organisation

    return make


@pytest.fixture
def hub(make_hub) -> Hub:
    return make_hub(slug="almelo", name="Hub Almelo", city="Almelo")


@pytest.fixture
def other_hub(make_hub) -> Hub:
    return make_hub(slug="utrecht", name="Hub Utrecht", city="Utrecht")


@pytest.fixture
def admin(make_user) -> User:
    return make_user(email="admin@example.nl", name="Beheerder", is_admin=True)


@pytest.fixture
def coordinator(make_user, hub) -> User:
    return make_user(hub=hub, role=ROLE_COORDINATOR, email="begeleider@example.nl",
                     name="Mark Begeleider")


@pytest.fixture
def host(make_user, hub) -> User:
    return make_user(hub=hub, role=ROLE_HOST, email="host@example.nl", name="Aylin Host")


@pytest.fixture
def other_host(make_user, other_hub) -> User:
    return make_user(hub=other_hub, role=ROLE_HOST, email="host2@example.nl", name="Daan Anderhub")


@pytest.fixture
def visitor(make_user) -> User:
    return make_user(email="bezoeker@example.nl", name="Fatima Bezoeker")


def mail_files(app: Flask) -> list[str]:
    """The messages the file mail backend wrote, oldest first."""
    folder = Path(app.config["MAIL_FILE_DIR"])
    return [p.read_text() for p in sorted(folder.glob("*.eml"))] if folder.exists() else []


def mail_messages(app: Flask) -> list[EmailMessage]:
    """The messages the file mail backend wrote, parsed (bodies decoded), oldest first."""
    folder = Path(app.config["MAIL_FILE_DIR"])
    paths = sorted(folder.glob("*.eml")) if folder.exists() else []
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in paths]


def mail_text(message: EmailMessage) -> str:
    """The plain-text body of a message."""
    return message.get_body(preferencelist=("plain",)).get_content()


def links_in(text: str) -> list[str]:
    """The web addresses in a text, e.g. a mail body."""
    return re.findall(r"https?://[^\s<>\"]+", text)


def without_tokens(page: str) -> str:
    """A page with its CSRF tokens blanked, to compare two answers that must be the same
    (a token carries the second it was made)."""
    return re.sub(r'(<input[^>]*\bname="csrf_token"[^>]*\bvalue=")[^"]*"', r'\1"', page)


def field_error(page: str, field_id: str) -> str | None:
    """The error message shown next to a form field, or None."""
    match = re.search(rf'<p class="error" id="{re.escape(field_id)}-error">(.*?)</p>', page, re.S)
    return html.unescape(match.group(1).strip()) if match else None


def next_week(hour: int = 14) -> datetime:
    """A week from today at `hour` o'clock, local (Amsterdam) time: a date still to come."""
    day = datetime.now(LOCAL_TZ).date() + timedelta(days=7)
    return datetime(day.year, day.month, day.day, hour)


@pytest.fixture
def make_event(app: Flask, make_activity_type):
    """Create a published activity with its dates; times are local (Amsterdam).

    `make_event(hub, starts_at=datetime(2026, 10, 13, 14), recurrence=Recurrence("WEEKLY", count=5))`;
    without `starts_at`, next week at 14:00.
    """
    def make(hub: Hub, starts_at: datetime | None = None, ends_at: datetime | None = None,
             activity_type: ActivityType | None = None, **fields):
        starts_at = starts_at or next_week()
        ends_at = ends_at or starts_at + timedelta(hours=2)
        fields.setdefault("title", "Open inloop")
        fields.setdefault("status", STATUS_PUBLISHED)
        event = create_event(db.session, hub, activity_type or make_activity_type(),
                             starts_at=starts_at, ends_at=ends_at, **fields)
        db.session.commit()
        return event

    return make


@contextmanager
def counted_queries() -> Iterator[list[str]]:
    """Collect the SQL statements sent while the block runs (for constant-query tests)."""
    statements: list[str] = []

    def count_statement(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count_statement)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count_statement)


@contextmanager
def rendered_templates(app: Flask) -> Iterator[list[str]]:
    """The names of the templates rendered while the block runs (a kept page renders none)."""
    seen: list[str] = []

    def record(sender, template, context, **extra):
        seen.append(template.name)

    template_rendered.connect(record, app)
    try:
        yield seen
    finally:
        template_rendered.disconnect(record, app)
