"""The physical hubs where students, companies and government meet."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hubsite.extensions import db
from hubsite.timeutil import utcnow

if TYPE_CHECKING:
    from hubsite.accounts.models import HubMembership


class Hub(db.Model):
    """One hub: a place with an address, opening hours and a team of students."""

    __tablename__ = "hubs"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    city: Mapped[str] = mapped_column(sa.String(80))
    tagline: Mapped[str] = mapped_column(sa.String(200), default="")
    about: Mapped[str] = mapped_column(sa.Text, default="")
    address: Mapped[str] = mapped_column(sa.String(200), default="")
    postcode: Mapped[str] = mapped_column(sa.String(12), default="")
    opening_hours: Mapped[str] = mapped_column(sa.Text, default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    memberships: Mapped[list[HubMembership]] = relationship(
        back_populates="hub", cascade="all, delete-orphan"
    )

    @property
    def full_address(self) -> str:
        return ", ".join(part for part in (self.address, f"{self.postcode} {self.city}".strip()) if part)

    def __repr__(self) -> str:
        return f"<Hub {self.slug}>"
