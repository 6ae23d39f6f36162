"""The secret link of a hub's screen, and the version the screen asks about."""

from __future__ import annotations

import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hubsite.extensions import db
from hubsite.hubs.models import Hub
from hubsite.timeutil import utcnow


def new_secret() -> str:
    """A screen link's secret: unguessable, short enough for a URL typed on a TV."""
    return secrets.token_urlsafe(18)


class HubScreen(db.Model):
    """A hub's screen: the secret in its link and a version that goes up with every change
    to what it shows (activities, dates, bookings, posts of the hub)."""

    __tablename__ = "hub_screens"

    id: Mapped[int] = mapped_column(primary_key=True)
    hub_id: Mapped[int] = mapped_column(sa.ForeignKey("hubs.id", ondelete="CASCADE"),
                                        unique=True)
    secret: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_secret)
    version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    renewed_at: Mapped[datetime | None]

    hub: Mapped[Hub] = relationship()

    def __repr__(self) -> str:
        return f"<HubScreen {self.hub_id} v{self.version}>"
