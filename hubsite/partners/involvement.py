"""Keeping partners involved (sources 003 and 004): who has not heard from a hub in a
while, and who would fit an upcoming activity but has not booked or responded.

An organisation *fits* an activity of a hub it works with (or of any hub, when it has
none yet) when the activity's type is something it offers ("gastles", "bedrijfsbezoek"),
when one of its themes is in the activity's words or in the tags of the activity's
projects, or when one of its study programmes is a programme of those projects. It has
*responded* when someone booked with one of its contact persons' addresses or under its
name, when it organises the activity, or when a registered response check says so (the
collaboration offers add theirs); the hub team *approached* it when it noted so here.

"Waak ervoor dat je niet alleen de grote, actieve bedrijven aanspreekt": every status
counts, and the longest silence comes first.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import quote, urlencode

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta
from flask_babel import gettext as _
from sqlalchemy.orm import Session, selectinload

from hubsite.accounts.models import User
from hubsite.agenda.models import (
    OCCURRENCE_SCHEDULED,
    STATUS_PUBLISHED,
    Event,
    Occurrence,
)
from hubsite.bookings.models import BOOKING_CANCELLED, Booking
from hubsite.dates import local_date
from hubsite.hubs.models import Hub
from hubsite.organisations.models import ContactLogEntry, Organisation, organisation_hubs
from hubsite.organisations.services import add_log_entry
from hubsite.partners.models import Outreach, organisation_programmes
from hubsite.projects.models import Programme, Tag, project_events, project_programmes, project_tags
from hubsite.timeutil import local_today, utcnow

DEFAULT_STALE_MONTHS = 6
MAX_STALE_MONTHS = 60
UPCOMING_DAYS = 60
MAX_ACTIVITIES = 40

# A response check gets the session, the activities' ids and the organisations' ids,
# and returns the (event id, organisation id) pairs that have responded.
ResponseCheck = Callable[[Session, list[int], list[int]], set[tuple[int, int]]]
_response_checks: list[ResponseCheck] = []


def register_response_check(check: ResponseCheck) -> None:
    """Let another capability say who responded to an activity (once, at start-up)."""
    if check not in _response_checks:
        _response_checks.append(check)


# --------------------------------------------------------------------------- not contacted


@dataclass
class QuietPartner:
    """An organisation the hubs have not noted a contact with since `since`."""

    organisation: Organisation
    last_contact: date | None


def stale_since(months: int, today: date | None = None) -> date:
    """The date `months` months before today: no contact since then counts as quiet."""
    return (today or local_today()) - relativedelta(months=months)


def _hub_scope(query: sa.Select, hubs: list[Hub] | None) -> sa.Select:
    """Organisations that work with one of `hubs`, or with no hub yet (None: every one)."""
    if hubs is None:
        return query
    hub_ids = [hub.id for hub in hubs]
    linked = sa.select(organisation_hubs.c.organisation_id).where(
        organisation_hubs.c.hub_id.in_(hub_ids))
    unlinked = ~sa.exists().where(organisation_hubs.c.organisation_id == Organisation.id)
    return query.where(sa.or_(Organisation.id.in_(linked), unlinked))


def quiet_partners(session: Session, since: date, hubs: list[Hub] | None = None
                   ) -> list[QuietPartner]:
    """Organisations without a log entry on or after `since`, the longest silent first
    (never contacted at all before everything else). Three queries, whatever the number."""
    last = sa.func.max(ContactLogEntry.noted_on)
    query = (
        sa.select(Organisation, last.label("last_contact"))
        .outerjoin(ContactLogEntry, ContactLogEntry.organisation_id == Organisation.id)
        .group_by(Organisation.id)
        .having(sa.or_(last.is_(None), last < since))
        .order_by(sa.case((last.is_(None), 0), else_=1), last, Organisation.name)
        .options(selectinload(Organisation.contacts), selectinload(Organisation.hubs))
    )
    rows = session.execute(_hub_scope(query, hubs)).all()
    return [QuietPartner(organisation, last_contact) for organisation, last_contact in rows]


# --------------------------------------------------------------------------- fitting partners


@dataclass
class Candidate:
    """An organisation that fits an activity, why, and whether it was approached."""

    organisation: Organisation
    reasons: list[str]
    approached_on: date | None = None


@dataclass
class ActivityMatches:
    """An upcoming activity, its next date and the organisations that fit but are missing."""

    event: Event
    starts_at: datetime
    candidates: list[Candidate] = field(default_factory=list)


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"\w+", text.lower())) + " "


def fit_reasons(organisation: Organisation, event: Event, tags: set[str],
                programmes: set[int], organisation_programme_ids: set[int],
                programme_names: dict[int, str]) -> list[str]:
    """Why the organisation fits the activity (empty: it does not)."""
    reasons = []
    if event.activity_type.slug in organisation.offer_list:
        reasons.append(_("biedt %(kind)s aan", kind=event.activity_type.name_nl.lower()))
    text = _words(" ".join((event.title, event.summary, event.description, " ".join(tags))))
    themes = [theme for theme in organisation.theme_list
              if len(theme) >= 3 and _words(theme) in text]
    if themes:
        reasons.append(_("thema %(themes)s", themes=", ".join(themes)))
    shared = sorted(programme_names[pid] for pid in organisation_programme_ids & programmes)
    if shared:
        reasons.append(_("opleiding %(names)s", names=", ".join(shared)))
    return reasons


def upcoming_activities(session: Session, hubs: list[Hub] | None, start: datetime,
                        end: datetime) -> list[tuple[Event, datetime]]:
    """Published activities with a date between start and end (stored UTC), with their
    first such date, soonest first."""
    first = sa.func.min(Occurrence.starts_at).label("first")
    query = (
        sa.select(Event, first)
        .join(Occurrence, Occurrence.event_id == Event.id)
        .where(Event.status == STATUS_PUBLISHED, Occurrence.status == OCCURRENCE_SCHEDULED,
               Occurrence.starts_at >= start, Occurrence.starts_at < end)
        .group_by(Event.id)
        .order_by(first, Event.id)
        .limit(MAX_ACTIVITIES)
        .options(selectinload(Event.activity_type), selectinload(Event.hub))
    )
    if hubs is not None:
        query = query.where(Event.hub_id.in_([hub.id for hub in hubs]))
    return [(event, starts_at) for event, starts_at in session.execute(query).all()]


def _activity_facts(session: Session, event_ids: list[int]
                    ) -> tuple[dict[int, set[str]], dict[int, set[int]]]:
    """The tags and programme ids of each activity's projects (two queries)."""
    tags: dict[int, set[str]] = defaultdict(set)
    programmes: dict[int, set[int]] = defaultdict(set)
    for event_id, name in session.execute(
            sa.select(project_events.c.event_id, Tag.name)
            .join(project_tags, project_tags.c.project_id == project_events.c.project_id)
            .join(Tag, Tag.id == project_tags.c.tag_id)
            .where(project_events.c.event_id.in_(event_ids))):
        tags[event_id].add(name)
    for event_id, programme_id in session.execute(
            sa.select(project_events.c.event_id, project_programmes.c.programme_id)
            .join(project_programmes,
                  project_programmes.c.project_id == project_events.c.project_id)
            .where(project_events.c.event_id.in_(event_ids))):
        programmes[event_id].add(programme_id)
    return tags, programmes


def _responded(session: Session, event_ids: list[int], organisations: list[Organisation]
               ) -> set[tuple[int, int]]:
    """(event id, organisation id) pairs where the organisation booked or responded."""
    by_email: dict[str, int] = {}
    by_name: dict[str, int] = {}
    for organisation in organisations:
        by_name[_name_key(organisation.name)] = organisation.id
        for contact in organisation.contacts:
            if contact.email:
                by_email[contact.email.lower()] = organisation.id
    done: set[tuple[int, int]] = set()
    for event_id, email, name in session.execute(
            sa.select(Occurrence.event_id, Booking.email, Booking.organisation)
            .join(Occurrence, Occurrence.id == Booking.occurrence_id)
            .where(Occurrence.event_id.in_(event_ids), Booking.status != BOOKING_CANCELLED)):
        for organisation_id in (by_email.get((email or "").lower()),
                                by_name.get(_name_key(name or ""))):
            if organisation_id is not None:
                done.add((event_id, organisation_id))
    organisation_ids = [o.id for o in organisations]
    for check in _response_checks:
        done |= check(session, event_ids, organisation_ids)
    return done


def _name_key(name: str) -> str:
    return " ".join(re.findall(r"\w+", name.lower()))


def approached(session: Session, event_ids: list[int]) -> dict[tuple[int, int], date]:
    """When the hub team last noted an approach, per (event id, organisation id)."""
    rows = session.execute(
        sa.select(Outreach.event_id, Outreach.organisation_id, sa.func.max(Outreach.noted_on))
        .where(Outreach.event_id.in_(event_ids))
        .group_by(Outreach.event_id, Outreach.organisation_id))
    return {(event_id, org_id): noted for event_id, org_id, noted in rows}


def fitting_partners(session: Session, activities: list[tuple[Event, datetime]],
                     hubs: list[Hub] | None = None, include_responded: bool = False
                     ) -> list[ActivityMatches]:
    """For each activity, the organisations that fit it but have not booked or responded
    (quiet ones first). A constant number of queries."""
    if not activities:
        return []
    event_ids = [event.id for event, _starts in activities]
    organisations = list(session.scalars(
        _hub_scope(sa.select(Organisation), hubs)
        .options(selectinload(Organisation.contacts), selectinload(Organisation.hubs))
        .order_by(Organisation.name)))
    org_programmes: dict[int, set[int]] = defaultdict(set)
    for org_id, programme_id in session.execute(sa.select(organisation_programmes)):
        org_programmes[org_id].add(programme_id)
    tags, programmes = _activity_facts(session, event_ids)
    programme_names = {p.id: p.name for p in session.scalars(sa.select(Programme))} \
        if org_programmes else {}
    last_contact = dict(session.execute(
        sa.select(ContactLogEntry.organisation_id, sa.func.max(ContactLogEntry.noted_on))
        .group_by(ContactLogEntry.organisation_id)).all())
    responded = set() if include_responded else _responded(session, event_ids, organisations)
    approaches = approached(session, event_ids)
    result = []
    for event, starts_at in activities:
        matches = ActivityMatches(event, starts_at)
        for organisation in organisations:
            if organisation.id == event.organisation_id \
                    or (event.id, organisation.id) in responded:
                continue
            if organisation.hubs and event.hub_id not in {hub.id for hub in organisation.hubs}:
                continue
            reasons = fit_reasons(organisation, event, tags[event.id], programmes[event.id],
                                  org_programmes[organisation.id], programme_names)
            if reasons:
                matches.candidates.append(Candidate(
                    organisation, reasons, approaches.get((event.id, organisation.id))))
        matches.candidates.sort(key=lambda c: (last_contact.get(c.organisation.id) or date.min,
                                               c.organisation.name))
        result.append(matches)
    return result


def upcoming_fits(session: Session, hubs: list[Hub] | None, now: datetime | None = None,
                  days: int = UPCOMING_DAYS) -> list[ActivityMatches]:
    """The activities of the coming `days` days with the partners that fit and are missing."""
    start = now or utcnow()
    return fitting_partners(session, upcoming_activities(session, hubs, start,
                                                         start + timedelta(days=days)), hubs)


# --------------------------------------------------------------------------- one click


def note_contact(session: Session, organisation: Organisation, author: User | None,
                 event: Event | None = None, starts_at: datetime | None = None,
                 today: date | None = None) -> ContactLogEntry:
    """Log that the hub team contacted the organisation (about an activity). Flushes."""
    today = today or local_today()
    if event is not None:
        when = f" ({local_date(starts_at, 'short')})" if starts_at else ""
        text = _("Benaderd over de activiteit ‘%(title)s’%(when)s.", title=event.title,
                 when=when)
    else:
        text = _("Contact opgenomen om de band warm te houden.")
    entry = add_log_entry(session, organisation, author, today, text)
    if event is not None:
        session.add(Outreach(organisation_id=organisation.id, event_id=event.id,
                             log_entry_id=entry.id, noted_on=today))
        session.flush()
    return entry


def primary_email(organisation: Organisation) -> tuple[str, str]:
    """(name, e-mail) of the organisation's point of contact, or of the first contact with
    an address; empty strings when nobody has one."""
    contacts = sorted(organisation.contacts, key=lambda c: not c.is_primary)
    for contact in contacts:
        if contact.email:
            return contact.name, contact.email
    return "", ""


@dataclass(frozen=True)
class MailDraft:
    """A mail the hub team can send from its own mail program (or copy)."""

    recipient: str
    subject: str
    body: str

    @property
    def mailto(self) -> str:
        query = urlencode({"subject": self.subject, "body": self.body}, quote_via=quote)
        return f"mailto:{quote(self.recipient, safe='@')}?{query}"


def mail_draft(organisation: Organisation, sender: str, event: Event | None = None,
               starts_at: datetime | None = None, event_url: str = "") -> MailDraft:
    """A friendly first mail: about an activity that fits, or just to hear how it goes."""
    name, email = primary_email(organisation)
    greeting = _("Beste %(name)s,", name=name) if name else _("Beste mensen van %(name)s,",
                                                                 name=organisation.name)
    if event is not None:
        when = local_date(starts_at) if starts_at else ""
        subject = _("Uitnodiging: %(title)s", title=event.title)
        body = "\n\n".join((
            greeting,
            _("Op %(when)s organiseren we ‘%(title)s’ in %(hub)s. We denken dat dit goed bij "
              "%(organisation)s past. Doen jullie mee?", when=when, title=event.title,
              hub=event.hub.name, organisation=organisation.name),
            _("Meer informatie en aanmelden: %(url)s", url=event_url) if event_url else "",
            _("Met vriendelijke groet,") + "\n" + sender)).replace("\n\n\n\n", "\n\n")
    else:
        subject = _("Hoe gaat het bij %(name)s?", name=organisation.name)
        body = "\n\n".join((
            greeting,
            _("Het is een tijd geleden dat we elkaar spraken. We zijn benieuwd hoe het gaat en "
              "of er iets is waar onze studenten jullie mee kunnen helpen. Zullen we een "
              "keer bellen of langskomen?"),
            _("Met vriendelijke groet,") + "\n" + sender))
    return MailDraft(email, subject, body)
