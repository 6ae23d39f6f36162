"""People with an account and their log-in sessions. (Their places in hub teams belong to
hubs: `hubsite.hubs.models`.)"""

from __future__ import annotations

import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from hubsite.extensions import db
from hubsite.timeutil import utcnow


def new_token() -> str:
    """A long random token for links that stand in for a log-in."""
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):
    """A person with an account. Visitors do not need one."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    locale: Mapped[str] = mapped_column(sa.String(5), default="nl")
    # Secret part of the private calendar feed URL; renewing it kills the old URL.
    calendar_token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the person followed the link mailed to the address (or proved it another
    # way: a reset link, an invitation). Until then the account cannot log in.
    email_confirmed_at: Mapped[datetime | None]

    login_sessions: Mapped[list[LoginSession]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    # The token of the log-in session this object was loaded for (not a column).
    login_token = None

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    def confirm_email(self) -> None:
        """Record that the address is proven to belong to the person (once)."""
        if self.email_confirmed_at is None:
            self.email_confirmed_at = utcnow()

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """What a session (and the remember-me cookie) keeps: the id and the token of a
        `LoginSession`, so that ending that record on the server ends the session."""
        return f"{self.id}:{self.login_token or ''}"

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class LoginSession(db.Model):
    """One log-in on one device. Logging out revokes it; the cookie alone is not enough."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="login_sessions")
