"""What keeps partners involved: the study programmes an organisation is interested in,
the monthly digest its contact persons may subscribe to, and outreach about activities
(all for hub teams only)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hubsite.accounts.models import new_token
from hubsite.extensions import db
from hubsite.organisations.models import ContactPerson
from hubsite.timeutil import utcnow

organisation_programmes = sa.Table(
    "organisation_programmes", db.metadata,
    sa.Column("organisation_id", sa.ForeignKey("organisations.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("programme_id", sa.ForeignKey("programmes.id", ondelete="CASCADE"),
              primary_key=True, index=True),
)


class DigestSubscription(db.Model):
    """A contact person's wish for the monthly digest (double opt-in).

    Asked for (on the public organisation page, or by the hub team), it waits until the
    contact person follows the link in the confirmation mail; only then, and only while
    the contact's address is still the confirmed one, does a digest go out. The token is
    the person's link to confirm and to unsubscribe.
    """

    __tablename__ = "partner_digest_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisation_contacts.id", ondelete="CASCADE"), unique=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)
    # The address the confirmation link was followed from (the contact's at that time).
    confirmed_email: Mapped[str] = mapped_column(sa.String(254), default="")
    locale: Mapped[str] = mapped_column(sa.String(5), default="nl")
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    unsubscribed_at: Mapped[datetime | None]

    contact: Mapped[ContactPerson] = relationship()

    @property
    def is_active(self) -> bool:
        return (self.confirmed_at is not None and self.unsubscribed_at is None
                and bool(self.confirmed_email) and self.confirmed_email == self.contact.email)


class DigestDelivery(db.Model):
    """One digest of one month for one subscription: written in the transaction that
    queues the mail, so a second run of `flask send-digest` finds it and sends nothing."""

    __tablename__ = "partner_digest_deliveries"
    __table_args__ = (sa.UniqueConstraint("subscription_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        sa.ForeignKey("partner_digest_subscriptions.id", ondelete="CASCADE"))
    month: Mapped[str] = mapped_column(sa.String(7))  # "2026-12"
    outbox_message_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("outbox_messages.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Outreach(db.Model):
    """The hub team approached an organisation about an activity (with a log entry), so
    the "who fits but has not booked" list shows it as done."""

    __tablename__ = "partner_outreach"
    __table_args__ = (sa.Index("ix_partner_outreach_event_org", "event_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    log_entry_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisation_log.id", ondelete="SET NULL"))
    noted_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
