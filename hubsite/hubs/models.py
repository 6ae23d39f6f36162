"""The physical hubs where students, companies and government meet, and their teams.

A hub team is made of hosts (students) and coordinators (begeleiders); people join it
through an e-mailed invitation. The team belongs to hubs: accounts knows nothing of
hubs, so the relationship to `User` is declared here (`User.memberships` is a backref).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from hubsite import data_version
from hubsite.accounts.models import User, new_token
from hubsite.extensions import db
from hubsite.media.models import Image
from hubsite.timeutil import utcnow

ROLE_HOST = "host"
ROLE_COORDINATOR = "coordinator"
HUB_ROLES = (ROLE_HOST, ROLE_COORDINATOR)


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
    # The school holiday region (noord, midden, zuid; hubsite.holiday_calendar), "" unknown.
    region: Mapped[str] = mapped_column(sa.String(10), default="", server_default="")
    # The hub's picture (public: see hubs/media.py) and what it shows, for screen readers.
    image_id: Mapped[int | None] = mapped_column(sa.ForeignKey("images.id", ondelete="SET NULL"))
    image_alt: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    image: Mapped[Image | None] = relationship()
    memberships: Mapped[list[HubMembership]] = relationship(
        back_populates="hub", cascade="all, delete-orphan"
    )

    @property
    def full_address(self) -> str:
        return ", ".join(part for part in (self.address, f"{self.postcode} {self.city}".strip()) if part)

    def __repr__(self) -> str:
        return f"<Hub {self.slug}>"


class HubMembership(db.Model):
    """A person's place in a hub team: a host (student) or a coordinator (begeleider)."""

    __tablename__ = "hub_memberships"
    __table_args__ = (sa.UniqueConstraint("user_id", "hub_id", name="uq_hub_memberships_user_hub"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    hub_id: Mapped[int] = mapped_column(sa.ForeignKey("hubs.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    # `user.memberships` comes from here, so that accounts need not import hubs;
    # deleting an account deletes its places in hub teams.
    user: Mapped[User] = relationship(
        backref=backref("memberships", cascade="all, delete-orphan")
    )
    hub: Mapped[Hub] = relationship(back_populates="memberships")


class Invitation(db.Model):
    """An e-mailed invitation to join a hub team; the link holds the token."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    hub_id: Mapped[int] = mapped_column(sa.ForeignKey("hubs.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    role: Mapped[str] = mapped_column(sa.String(20))
    token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)
    invited_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]

    hub: Mapped[Hub] = relationship()


# Every change to a hub moves its data version (feeds and pages name hubs).
data_version.track("hubs", Hub)
