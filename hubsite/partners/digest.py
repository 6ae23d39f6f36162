"""The monthly digest for partners: what is coming up that fits their interests.

Double opt-in: asking (on the public organisation page, or by the hub team for a
contact person) only sends a confirmation link to the contact person's address in the
partner file; a digest goes out only after that link was followed, and only while the
contact's address is still the one that confirmed. Every digest carries a one-click
unsubscribe link (List-Unsubscribe with List-Unsubscribe-Post, RFC 8058).

Sections come from a small registry, so other capabilities add theirs (the collaboration
offers will): `register_section("offers", build_offers, order=20)`, where the builder
takes a `DigestContext` and an organisation and returns a `DigestSection` or None.

`send_digest` is idempotent per month: a `DigestDelivery` row (unique per subscription
and month) is written in the same transaction that queues the mail in the outbox, so a
second run, or a run after a mail server was down, queues nothing twice; the outbox
retries the delivery.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from hubsite.accounts.models import new_token
from hubsite.dates import local_date
from hubsite.mail.models import OutboxMessage
from hubsite.mail.services import queue_templated_mail, send_pending
from hubsite.organisations.models import ContactPerson, Organisation
from hubsite.partners import involvement
from hubsite.partners.models import DigestDelivery, DigestSubscription
from hubsite.timeutil import local_today, local_wall_clock, to_utc_naive, utcnow
from hubsite.urls import absolute_url

# A second request within this time sends no second confirmation mail.
RESEND_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class DigestItem:
    """One line of a section: a title with a link, when, and a short text."""

    title: str
    url: str
    when: str = ""
    text: str = ""


@dataclass(frozen=True)
class DigestSection:
    title: str
    items: list[DigestItem]


@dataclass
class DigestContext:
    """What every section builder gets: the session, the month and a scratch space
    (`memo`) to compute things once for all recipients."""

    session: Session
    month: date  # the first day of the month
    locale: str = "nl"
    memo: dict[str, Any] = field(default_factory=dict)

    @property
    def start(self) -> datetime:
        """The first moment of the month (stored UTC)."""
        return to_utc_naive(local_wall_clock(datetime.combine(self.month, datetime.min.time())))

    @property
    def end(self) -> datetime:
        return to_utc_naive(local_wall_clock(datetime.combine(
            self.month + relativedelta(months=1), datetime.min.time())))


SectionBuilder = Callable[[DigestContext, Organisation], DigestSection | None]
digest_sections: list[tuple[int, str, SectionBuilder]] = []


def register_section(name: str, builder: SectionBuilder, order: int = 50) -> None:
    """Add a section to every digest (lower order first); registering twice is a no-op."""
    if any(existing == name for _order, existing, _builder in digest_sections):
        return
    digest_sections.append((order, name, builder))
    digest_sections.sort(key=lambda entry: (entry[0], entry[1]))


def month_key(month: date) -> str:
    return month.strftime("%Y-%m")


def parse_month(value: str) -> date:
    """"2026-12" as its first day; ValueError when it is no month."""
    return datetime.strptime(value.strip(), "%Y-%m").date()


# --------------------------------------------------------------------------- opting in


def subscription_by_token(session: Session, token: str) -> DigestSubscription | None:
    if not token or len(token) > 64:
        return None
    return session.scalar(sa.select(DigestSubscription)
                          .where(DigestSubscription.token == token)
                          .options(selectinload(DigestSubscription.contact)))


def contact_by_email(session: Session, organisation: Organisation, email: str
                     ) -> ContactPerson | None:
    """The organisation's contact person with this address (case does not matter)."""
    email = email.strip().lower()
    if not email:
        return None
    return next((c for c in organisation.contacts if c.email and c.email.lower() == email), None)


def request_digest(session: Session, contact: ContactPerson, locale: str = "nl",
                   now: datetime | None = None) -> DigestSubscription | None:
    """Send the contact person a confirmation link for the digest. Flushes.

    Returns None (and sends nothing) when the contact has no address, is subscribed
    already, or was sent a link a moment ago (a form sent twice, or someone pestering).
    """
    now = now or utcnow()
    if not contact.email:
        return None
    subscription = session.scalar(sa.select(DigestSubscription)
                                  .where(DigestSubscription.contact_id == contact.id))
    if subscription is None:
        subscription = DigestSubscription(contact=contact, locale=locale, requested_at=now)
        session.add(subscription)
    elif subscription.is_active or subscription.requested_at > now - RESEND_AFTER:
        return None
    else:
        subscription.requested_at, subscription.locale = now, locale
    session.flush()
    queue_templated_mail(
        session, contact.email, "partner_digest_confirm", subscription.locale,
        contact=contact, organisation=contact.organisation,
        confirm_url=absolute_url("partners.digest_confirm", token=subscription.token))
    return subscription


def confirm(session: Session, subscription: DigestSubscription,
            now: datetime | None = None) -> None:
    """The contact followed the link: digests go to this address from now on."""
    subscription.confirmed_at = now or utcnow()
    subscription.confirmed_email = subscription.contact.email
    subscription.unsubscribed_at = None
    session.flush()


def unsubscribe(session: Session, subscription: DigestSubscription,
                now: datetime | None = None) -> None:
    """No more digests (until the contact asks again and confirms). Safe to repeat."""
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = now or utcnow()
        # A new link: an old confirmation mail cannot switch the digest back on.
        subscription.token = new_token()
    session.flush()


def subscriptions_of(session: Session, organisation: Organisation
                     ) -> dict[int, DigestSubscription]:
    """The digest subscriptions of the organisation's contact persons, by contact id."""
    contact_ids = [c.id for c in organisation.contacts]
    if not contact_ids:
        return {}
    return {s.contact_id: s for s in session.scalars(
        sa.select(DigestSubscription).where(DigestSubscription.contact_id.in_(contact_ids)))}


# --------------------------------------------------------------------------- the sections


def activities_section(context: DigestContext, organisation: Organisation
                       ) -> DigestSection | None:
    """The month's activities that fit the organisation's interests."""
    if "activities" not in context.memo:
        activities = involvement.upcoming_activities(context.session, None, context.start,
                                                     context.end)
        context.memo["activities"] = {
            matches.event.id: matches for matches in involvement.fitting_partners(
                context.session, activities, include_responded=True)}
    items = []
    for matches in context.memo["activities"].values():
        if any(c.organisation.id == organisation.id for c in matches.candidates):
            event = matches.event
            items.append(DigestItem(
                title=event.title, url=absolute_url("agenda.detail", event_id=event.id),
                when=f"{local_date(matches.starts_at)} · {event.hub.name}",
                text=event.summary))
    if not items:
        return None
    return DigestSection(_("Activiteiten die bij jullie passen"), items)


register_section("activities", activities_section, order=10)


def build_sections(context: DigestContext, organisation: Organisation) -> list[DigestSection]:
    sections = []
    for _order, _name, builder in digest_sections:
        section = builder(context, organisation)
        if section is not None and section.items:
            sections.append(section)
    return sections


# --------------------------------------------------------------------------- sending


@dataclass
class DigestRun:
    month: str
    queued: int = 0
    already: int = 0
    sent: int = 0
    failed: int = 0


def _active_subscriptions(session: Session) -> list[DigestSubscription]:
    rows = session.scalars(
        sa.select(DigestSubscription)
        .where(DigestSubscription.confirmed_at.is_not(None),
               DigestSubscription.unsubscribed_at.is_(None))
        .options(selectinload(DigestSubscription.contact)
                 .selectinload(ContactPerson.organisation))
        .order_by(DigestSubscription.id))
    return [s for s in rows if s.is_active]


def queue_digests(session: Session, month: date) -> DigestRun:
    """Queue this month's digest for every confirmed subscription that has none yet.

    Each digest and its `DigestDelivery` are committed together, one recipient at a
    time; a delivery another run wrote first (the unique constraint) is skipped.
    """
    run = DigestRun(month_key(month))
    done = set(session.scalars(sa.select(DigestDelivery.subscription_id)
                               .where(DigestDelivery.month == run.month)))
    subscriptions = _active_subscriptions(session)
    contexts: dict[str, DigestContext] = {}
    for subscription in subscriptions:
        if subscription.id in done:
            run.already += 1
            continue
        context = contexts.setdefault(subscription.locale,
                                      DigestContext(session, month, subscription.locale))
        contact = subscription.contact
        with force_locale(subscription.locale):
            sections = build_sections(context, contact.organisation)
            month_label = format_date(month, "MMMM yyyy")
        try:
            delivery = DigestDelivery(subscription_id=subscription.id, month=run.month)
            session.add(delivery)
            session.flush()  # the unique constraint speaks before any mail is queued
            message = queue_templated_mail(
                session, subscription.confirmed_email, "partner_digest", subscription.locale,
                unsubscribe_url=absolute_url("partners.digest_unsubscribe",
                                             token=subscription.token),
                contact=contact, organisation=contact.organisation, sections=sections,
                month_label=month_label,
                unsubscribe_page=absolute_url("partners.digest_unsubscribe",
                                              token=subscription.token))
            delivery.outbox_message_id = message.id
            session.commit()
            run.queued += 1
        except IntegrityError:
            session.rollback()
            run.already += 1
    return run


def send_digest(session: Session, config: dict, month: date | None = None) -> DigestRun:
    """Queue the month's digests, then try to deliver the month's unsent ones that are due.

    Whatever the mail server refuses stays in the outbox, which retries with back-off
    (`flask send-mail --loop`); running this again delivers what is due and queues nothing.
    """
    month = (month or local_today()).replace(day=1)
    run = queue_digests(session, month)
    waiting = list(session.scalars(
        sa.select(DigestDelivery.outbox_message_id)
        .join(OutboxMessage, OutboxMessage.id == DigestDelivery.outbox_message_id)
        .where(DigestDelivery.month == run.month, OutboxMessage.sent_at.is_(None))))
    session.commit()
    if waiting:
        run.sent, run.failed = send_pending(session, config, limit=len(waiting),
                                            only_ids=waiting)
    return run
