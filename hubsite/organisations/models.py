"""Partner organisations of the three O's (ondernemers, onderwijs, overheid, and others):
the shared partner file of all hubs.

What a visitor may see of an organisation is its name, kind, sector, city, website, logo
and description (`PUBLIC_FIELDS`). Everything else here — the status, the hubs it works
with, what it can and cannot offer, its interests, its contact persons and the contact
log — is for hub teams only.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hubsite.accounts.models import User
from hubsite.extensions import db
from hubsite.hubs.models import Hub
from hubsite.media.models import Image
from hubsite.timeutil import utcnow

KIND_BUSINESS = "ondernemers"
KIND_EDUCATION = "onderwijs"
KIND_GOVERNMENT = "overheid"
KIND_OTHER = "anders"
ORGANISATION_KINDS = (KIND_BUSINESS, KIND_EDUCATION, KIND_GOVERNMENT, KIND_OTHER)

STATUS_ACTIVE, STATUS_INTERESTED, STATUS_DORMANT = "actief", "geinteresseerd", "slapend"
ORGANISATION_STATUSES = (STATUS_ACTIVE, STATUS_INTERESTED, STATUS_DORMANT)

# What an organisation can offer students (source 003 and 004: a visit, a guest lesson,
# an assignment, a place to work or learn, …); stored as codes in `offers`.
OFFER_KINDS = ("bedrijfsbezoek", "gastles", "opdracht", "stageplek", "werkplek",
               "workshop", "faciliteiten", "keuzevak")

# The columns a visitor may see (the public page, and the list).
PUBLIC_FIELDS = ("name", "kind", "sector", "city", "website", "description")

organisation_hubs = sa.Table(
    "organisation_hubs", db.metadata,
    sa.Column("organisation_id", sa.ForeignKey("organisations.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("hub_id", sa.ForeignKey("hubs.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)


class Organisation(db.Model):
    """A company, school, government body or other organisation that works with the hubs."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    name: Mapped[str] = mapped_column(sa.String(160))
    kind: Mapped[str] = mapped_column(sa.String(20))
    sector: Mapped[str] = mapped_column(sa.String(120), default="")
    city: Mapped[str] = mapped_column(sa.String(80), default="")
    website: Mapped[str] = mapped_column(sa.String(300), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # Kamer van Koophandel number: 8 digits, or empty (schools and councils often have none).
    kvk_number: Mapped[str] = mapped_column(sa.String(8), default="", index=True)
    logo_id: Mapped[int | None] = mapped_column(sa.ForeignKey("images.id", ondelete="SET NULL"))
    # Team only from here on.
    status: Mapped[str] = mapped_column(sa.String(20), default=STATUS_INTERESTED, index=True)
    offers: Mapped[str] = mapped_column(sa.String(300), default="")  # OFFER_KINDS, comma-separated
    offers_note: Mapped[str] = mapped_column(sa.Text, default="")    # mogelijkheden, in words
    limitations: Mapped[str] = mapped_column(sa.Text, default="")    # onmogelijkheden
    themes: Mapped[str] = mapped_column(sa.String(300), default="")  # interests, comma-separated
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    logo: Mapped[Image | None] = relationship()
    hubs: Mapped[list[Hub]] = relationship(secondary=organisation_hubs, order_by="Hub.name")
    contacts: Mapped[list[ContactPerson]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", passive_deletes=True,
        order_by="(ContactPerson.is_primary.desc(), ContactPerson.name)")
    log_entries: Mapped[list[ContactLogEntry]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", passive_deletes=True,
        order_by="(ContactLogEntry.noted_on.desc(), ContactLogEntry.id.desc())")

    @property
    def offer_list(self) -> list[str]:
        return [code for code in self.offers.split(",") if code]

    @property
    def theme_list(self) -> list[str]:
        return [theme.strip() for theme in self.themes.split(",") if theme.strip()]

    @property
    def primary_contact(self) -> ContactPerson | None:
        """The one point of contact: the organisation hears from the hubs through them."""
        return next((c for c in self.contacts if c.is_primary), None)

    def __repr__(self) -> str:
        return f"<Organisation {self.slug}>"


class ContactPerson(db.Model):
    """Someone at the organisation the hubs talk to; personal data, for hub teams only."""

    __tablename__ = "organisation_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    role: Mapped[str] = mapped_column(sa.String(120), default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    # Which hub talks to this person, so that the organisation is not asked by five hubs.
    hub_id: Mapped[int | None] = mapped_column(sa.ForeignKey("hubs.id", ondelete="SET NULL"))
    is_primary: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="contacts")
    hub: Mapped[Hub | None] = relationship()


class ContactLogEntry(db.Model):
    """A dated note of the hub team: "bezocht op …", "belde over …"."""

    __tablename__ = "organisation_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    noted_on: Mapped[date]
    text: Mapped[str] = mapped_column(sa.Text)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # Kept with the note, so it still says who wrote it when the account is gone.
    author_name: Mapped[str] = mapped_column(sa.String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="log_entries")
    author: Mapped[User | None] = relationship()


def new_import_token() -> str:
    return secrets.token_urlsafe(24)


class PendingImport(db.Model):
    """An uploaded spreadsheet between its preview and its import.

    Kept in the database, not in a worker's memory, so that the preview and the import
    may be answered by different workers; removed when it is imported, and after a day.
    """

    __tablename__ = "organisation_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_import_token)
    filename: Mapped[str] = mapped_column(sa.String(200), default="")
    data: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
