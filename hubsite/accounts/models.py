"""People with an account. (Their places in hub teams belong to hubs: `hubsite.hubs.models`.)"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column
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

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """What a session (and the remember-me cookie) keeps: the id and a digest of the
        password hash, so that a new password ends every session that began before it."""
        digest = hashlib.sha256(self.password_hash.encode()).hexdigest()[:16]
        return f"{self.id}:{digest}"

    def __repr__(self) -> str:
        return f"<User {self.email}>"

