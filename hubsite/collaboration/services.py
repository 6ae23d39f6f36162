"""Collaboration offers and the responses to them ("Ik doe mee").

Functions take a session and plain values and only flush; the caller commits, so a
response and the mail it causes (queued in the outbox) are saved together or not at all.
A response becomes a question of kind "aanmelding" in the hub team's inbox (the questions
capability), with the organisation found in, or added to, the partner file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session, joinedload, selectinload

from hubsite.accounts.models import User
from hubsite.collaboration.labels import daypart_label, kind_label
from hubsite.collaboration.models import (
    DAYPARTS,
    LEVELS,
    OFFER_KINDS,
    SCHOOL_YEAR_MONTHS,
    STATUS_ACTIVE,
    STATUS_ARCHIVED,
    Offer,
)
from hubsite.hubs.models import Hub, HubMembership
from hubsite.organisations.models import Organisation
from hubsite.organisations.services import add_contact, find_or_add_organisation
from hubsite.projects.models import Programme
from hubsite.questions import notifications
from hubsite.questions.models import KIND_OFFER_RESPONSE, STATUS_NEW, Question
from hubsite.questions.services import guess_kind


class OfferError(ValueError):
    """A change to an offer that cannot be made; `field` names the form field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass
class OfferValues:
    """What the offer form sends, as plain values."""

    kind: str
    title: str
    what: str
    dayparts_needed: int = 1
    people: str = ""
    place: str = ""
    material: str = ""
    months: list[int] = field(default_factory=list)
    dayparts: list[str] = field(default_factory=list)
    period_note: str = ""
    levels: list[str] = field(default_factory=list)
    programme_ids: list[int] = field(default_factory=list)
    contact_user_id: int | None = None


@dataclass(frozen=True)
class Response:
    """What a company sends with "Ik doe mee"."""

    organisation_name: str
    contact_name: str
    email: str
    phone: str = ""
    dayparts: tuple[str, ...] = ()
    message: str = ""
    language: str = "nl"


# -- Reading ----------------------------------------------------------------------------


def _with_details(query: sa.Select) -> sa.Select:
    return query.options(joinedload(Offer.hub), joinedload(Offer.contact),
                         selectinload(Offer.programmes))


def offers(session: Session, hub_slugs: tuple[str, ...] = (), kinds: tuple[str, ...] = (),
           include_archived: bool = False, hub_ids: tuple[int, ...] = ()) -> list[Offer]:
    """Offers by hub and kind, newest first within a kind order (a fixed number of queries)."""
    query = sa.select(Offer).join(Offer.hub)
    if not include_archived:
        query = query.where(Offer.status == STATUS_ACTIVE)
    if hub_slugs:
        query = query.where(Hub.slug.in_(hub_slugs))
    if hub_ids:
        query = query.where(Offer.hub_id.in_(hub_ids))
    if kinds:
        query = query.where(Offer.kind.in_(kinds))
    kind_order = sa.case({kind: n for n, kind in enumerate(OFFER_KINDS)}, value=Offer.kind,
                         else_=len(OFFER_KINDS))
    query = query.order_by(kind_order, Hub.name, Offer.title, Offer.id)
    return list(session.scalars(_with_details(query)).unique())


def offer_by_id(session: Session, offer_id: int) -> Offer | None:
    return session.scalar(_with_details(sa.select(Offer).where(Offer.id == offer_id)))


def team_members(session: Session, hub: Hub) -> list[User]:
    """The people of the hub team, who can be an offer's contact."""
    return list(session.scalars(
        sa.select(User).join(HubMembership, HubMembership.user_id == User.id)
        .where(HubMembership.hub_id == hub.id).order_by(User.name)))


def all_programmes(session: Session) -> list[Programme]:
    return list(session.scalars(sa.select(Programme).order_by(Programme.name, Programme.level)))


# -- Changing ---------------------------------------------------------------------------


def _check(session: Session, hub: Hub, values: OfferValues) -> None:
    if values.kind not in OFFER_KINDS:
        raise OfferError(_("Kies een van de mogelijkheden uit de lijst."), "kind")
    if not 1 <= values.dayparts_needed <= 40:
        raise OfferError(_("Kies 1 tot en met 40 dagdelen."), "dayparts_needed")
    if values.contact_user_id is not None and values.contact_user_id not in {
            user.id for user in team_members(session, hub)}:
        raise OfferError(_("Kies iemand van het hubteam."), "contact")


def save_offer(session: Session, hub: Hub, offer: Offer | None, values: OfferValues) -> Offer:
    """Add an offer to a hub (None) or change one. Flushes."""
    _check(session, hub, values)
    if offer is None:
        offer = Offer(hub=hub)
        session.add(offer)
    offer.kind = values.kind
    offer.title = values.title.strip()
    offer.what = values.what.strip()
    offer.dayparts_needed = values.dayparts_needed
    offer.people = values.people.strip()
    offer.place = values.place.strip()
    offer.material = values.material.strip()
    offer.months = ",".join(str(m) for m in SCHOOL_YEAR_MONTHS if m in values.months)
    offer.dayparts = ",".join(d for d in DAYPARTS if d in values.dayparts)
    offer.period_note = values.period_note.strip()
    offer.levels = ",".join(level for level in LEVELS if level in values.levels)
    offer.contact_user_id = values.contact_user_id
    wanted = set(values.programme_ids)
    offer.programmes = [p for p in all_programmes(session) if p.id in wanted]
    session.flush()
    return offer


def archive_offer(session: Session, offer: Offer) -> None:
    """Take an offer off the public list (it stays for the team, and can come back)."""
    if offer.status == STATUS_ARCHIVED:
        raise OfferError(_("Dit aanbod is al gearchiveerd."))
    offer.status = STATUS_ARCHIVED
    session.flush()


def restore_offer(session: Session, offer: Offer) -> None:
    """Put an archived offer back on the public list."""
    if offer.status == STATUS_ACTIVE:
        raise OfferError(_("Dit aanbod staat al open."))
    offer.status = STATUS_ACTIVE
    session.flush()


# -- Responding -------------------------------------------------------------------------


def response_text(offer: Offer, response: Response) -> str:
    """What the hub team reads in its inbox: the offer, the chosen dagdelen, the message."""
    lines = [_("Aanmelding voor: %(title)s (%(kind)s)", title=offer.title,
               kind=kind_label(offer.kind))]
    if response.dayparts:
        lines.append(_("Dagdelen die passen: %(dayparts)s",
                       dayparts=", ".join(daypart_label(d) for d in response.dayparts)))
    if response.message.strip():
        lines += ["", response.message.strip()]
    return "\n".join(lines)


def respond(session: Session, offer: Offer, response: Response) -> Question:
    """A company says "Ik doe mee": the organisation is found in the partner file (or added,
    as interested), the responder becomes one of its contact persons if they were not, and
    the hub team gets a question of kind "aanmelding" in its inbox; the company gets a mail
    with the link to follow it."""
    if not offer.is_active:
        raise OfferError(_("Dit aanbod staat niet meer open."))
    name = response.organisation_name.strip()
    organisation: Organisation = find_or_add_organisation(session, name, guess_kind(name))
    email = response.email.strip().lower()
    if email and not any(c.email == email for c in organisation.contacts):
        add_contact(session, organisation, response.contact_name, email=email,
                    phone=response.phone, hub=offer.hub)
    question = Question(
        kind=KIND_OFFER_RESPONSE, hub=offer.hub, organisation=organisation,
        organisation_name=organisation.name, contact_name=response.contact_name.strip(),
        email=email, phone=response.phone.strip(),
        title=_("Ik doe mee: %(title)s", title=offer.title)[:200],
        what=response_text(offer, response), language=response.language, status=STATUS_NEW)
    session.add(question)
    session.flush()
    notifications.notify_asker(session, question, "offer_response_received", offer=offer)
    return question
