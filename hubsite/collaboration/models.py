"""Concrete collaboration offers: what a hub offers companies, and what it asks of them.

"Hoe concreter het samenwerkingsaanbod voor de bedrijven hoe beter. Wat is de activiteit?
Wat vergt het van je als bedrijf? Wanneer is het en met wie ga je dit regelen?"
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hubsite.accounts.models import User
from hubsite.extensions import db
from hubsite.hubs.models import Hub
from hubsite.projects.models import Programme
from hubsite.timeutil import utcnow

KIND_VISIT, KIND_GUEST_LESSON, KIND_ASSIGNMENT, KIND_PROJECT, KIND_ORIENTATION, KIND_OTHER = (
    "bedrijfsbezoek", "gastles", "praktijkopdracht", "project", "stage-orientatie", "anders")
OFFER_KINDS = (KIND_VISIT, KIND_GUEST_LESSON, KIND_ASSIGNMENT, KIND_PROJECT, KIND_ORIENTATION,
               KIND_OTHER)

# The three parts of a day companies plan in.
MORNING, AFTERNOON, EVENING = "ochtend", "middag", "avond"
DAYPARTS = (MORNING, AFTERNOON, EVENING)

LEVELS = ("vmbo", "mbo-1", "mbo-2", "mbo-3", "mbo-4", "hbo")

STATUS_ACTIVE, STATUS_ARCHIVED = "actief", "gearchiveerd"

# School-year order of the months: August first.
SCHOOL_YEAR_MONTHS = (8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7)

offer_programmes = sa.Table(
    "offer_programmes", db.metadata,
    sa.Column("offer_id", sa.ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("programme_id", sa.ForeignKey("programmes.id", ondelete="CASCADE"),
              primary_key=True, index=True),
)


def _split(text: str) -> list[str]:
    return [part for part in (text or "").split(",") if part]


class Offer(db.Model):
    """A form of collaboration a hub offers companies (a visit, a guest lesson, …)."""

    __tablename__ = "offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    hub_id: Mapped[int] = mapped_column(sa.ForeignKey("hubs.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(30), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    what: Mapped[str] = mapped_column(sa.Text)  # what the activity is (Markdown)
    # What it asks of a company.
    dayparts_needed: Mapped[int] = mapped_column(default=1)  # time, in dagdelen
    people: Mapped[str] = mapped_column(sa.String(200), default="")
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    material: Mapped[str] = mapped_column(sa.String(300), default="")
    # When in the school year: months ("9,10,3"), the part of the day, and words.
    months: Mapped[str] = mapped_column(sa.String(40), default="")
    dayparts: Mapped[str] = mapped_column(sa.String(30), default="")
    period_note: Mapped[str] = mapped_column(sa.String(200), default="")
    levels: Mapped[str] = mapped_column(sa.String(60), default="")
    # Who to contact: someone of the hub team (shown by name; the hub's general address
    # is the way to reach them, never their own).
    contact_user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(sa.String(20), default=STATUS_ACTIVE, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    hub: Mapped[Hub] = relationship()
    contact: Mapped[User | None] = relationship()
    programmes: Mapped[list[Programme]] = relationship(
        secondary=offer_programmes, order_by="Programme.name")

    @property
    def month_numbers(self) -> list[int]:
        return [int(m) for m in _split(self.months)]

    @property
    def daypart_list(self) -> list[str]:
        return [d for d in DAYPARTS if d in _split(self.dayparts)]

    @property
    def level_list(self) -> list[str]:
        return [level for level in LEVELS if level in _split(self.levels)]

    @property
    def is_active(self) -> bool:
        return self.status == STATUS_ACTIVE

    def __repr__(self) -> str:
        return f"<Offer {self.id} {self.kind}>"
