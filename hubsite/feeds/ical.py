"""iCalendar (RFC 5545) built by pure functions: plain objects in, bytes out.

Two layers. `build_calendar` turns `FeedItem` values into a VCALENDAR and
knows nothing of the database. `event_item` and `occurrence_calendar` read
agenda objects (rows already loaded; they never query) and describe them as
`FeedItem` values. Other capabilities build their own calendars from the
same pieces (`hubsite.bookings.calendar`: a person's bookings).

A recurring activity is one VEVENT with an RRULE; dates the rule gives but
the feed leaves out (dropped from the series, or outside the feed's date
window) are EXDATEs; a date that was moved, changed or cancelled is its own
VEVENT with RECURRENCE-ID = its original start. The master's rule is bounded
to the dates the feed holds (DTSTART at the first, UNTIL at the last), so a
calendar client expands exactly the dates the site shows for the same filters.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from itertools import groupby
from operator import attrgetter
from typing import TYPE_CHECKING, Protocol

from flask import has_app_context
from flask_babel import gettext as _
from icalendar import Calendar, Timezone, vCalAddress, vDuration, vRecur, vText
from icalendar import Event as VEvent

from hubsite.agenda.display import place_text
from hubsite.agenda.recurrence import RecurrenceError, ending_at, expand
from hubsite.i18n import current_language
from hubsite.markup import markdown_to_text
from hubsite.timeutil import as_local, local_wall_clock, to_local, to_utc, to_utc_naive
from hubsite.urls import site_path

if TYPE_CHECKING:
    from hubsite.agenda.models import ActivityType, Event, Occurrence

PRODID = "-//Ruimte voor ondernemendheid//hubsite//NL"
TZID = "Europe/Amsterdam"
DEFAULT_REFRESH = timedelta(hours=1)

CONFIRMED = "CONFIRMED"
TENTATIVE = "TENTATIVE"
CANCELLED = "CANCELLED"

# iTIP methods (RFC 5546): a feed or a download publishes; mail to one person invites
# (REQUEST) and later withdraws the invitation (CANCEL).
PUBLISH = "PUBLISH"
REQUEST = "REQUEST"
CANCEL = "CANCEL"

# Rule dates beyond this many are not stored either (see agenda.recurrence.MAX_DATES).
_MAX_EXPANSION = 5000
# How far the VTIMEZONE reaches past the first date of a rule without UNTIL.
ZONE_YEARS_OPEN_ENDED = 20


@dataclass(frozen=True)
class CalendarMeta:
    """What the VCALENDAR says about itself."""

    name: str
    description: str = ""
    refresh: timedelta = DEFAULT_REFRESH


@dataclass(frozen=True)
class Party:
    """An ORGANIZER or ATTENDEE: a name and an e-mail address."""

    name: str
    email: str


@dataclass(frozen=True)
class Instance:
    """One date of a series that differs from it (RECURRENCE-ID = `recurrence_id`).

    Times local (aware), except `last_modified`, a stored (naive UTC) value.
    """

    recurrence_id: datetime
    start: datetime
    end: datetime
    summary: str
    description: str
    location: str
    status: str
    sequence: int
    last_modified: datetime


@dataclass(frozen=True)
class FeedItem:
    """One VEVENT (with its changed dates, if it recurs).

    `start`, `end`, `exdates` and `rdates` are local (aware) times;
    `last_modified` and `created` are stored (naive UTC) values.
    """

    uid: str
    start: datetime
    end: datetime
    summary: str
    description: str
    location: str
    url: str
    status: str
    sequence: int
    last_modified: datetime
    created: datetime | None = None
    categories: tuple[str, ...] = ()
    rrule: str | None = None
    exdates: tuple[datetime, ...] = ()
    rdates: tuple[datetime, ...] = ()
    instances: tuple[Instance, ...] = field(default=())
    # Only in an invitation by mail (METHOD REQUEST or CANCEL), which iTIP requires them in.
    organizer: Party | None = None
    attendee: Party | None = None


# -- the calendar -------------------------------------------------------------


def build_calendar(meta: CalendarMeta, items: Iterable[FeedItem], method: str = PUBLISH) -> bytes:
    """A complete VCALENDAR (METHOD:PUBLISH unless told otherwise) holding `items`, as bytes."""
    return assemble_calendar(meta, [item_block(item) for item in items], method)


@dataclass(frozen=True)
class Block:
    """One feed item serialised (its VEVENT and those of its changed dates), with the span of
    local dates it names, which the calendar's VTIMEZONE must cover."""

    data: bytes
    first: date
    last: date
    open_ended: bool

    def dump(self) -> bytes:
        head = f"{self.first.isoformat()}|{self.last.isoformat()}|{int(self.open_ended)}\n"
        return head.encode() + self.data

    @classmethod
    def load(cls, raw: bytes) -> Block:
        head, _, data = raw.partition(b"\n")
        first, last, open_ended = head.decode().split("|")
        return cls(data, date.fromisoformat(first), date.fromisoformat(last), open_ended == "1")


def item_block(item: FeedItem) -> Block:
    """`item` as the bytes a calendar holds for it."""
    vevents = [_vevent(item), *(_instance_vevent(item, instance) for instance in item.instances)]
    first, last, open_ended = _item_span(item)
    return Block(b"".join(vevent.to_ical() for vevent in vevents), first, last, open_ended)


def assemble_calendar(meta: CalendarMeta, blocks: Sequence[Block], method: str = PUBLISH
                      ) -> bytes:
    """A complete VCALENDAR from serialised items: the head, one VTIMEZONE reaching over
    every block's dates, then the blocks as they are."""
    span = None
    if blocks:
        span = (min(block.first for block in blocks).year,
                max(block.last for block in blocks).year,
                any(block.open_ended for block in blocks))
    return b"".join([_calendar_head(meta, method, span), *(block.data for block in blocks),
                     _END])


_END = b"END:VCALENDAR\r\n"


@lru_cache(maxsize=64)
def _calendar_head(meta: CalendarMeta, method: str, span: tuple[int, int, bool] | None
                   ) -> bytes:
    """The VCALENDAR up to its first VEVENT: its properties and the VTIMEZONE over the years
    of `span` (first, last, open-ended). A function of these alone, asked on every build,
    and the zone's bytes are the dearest part of assembling: made once."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    # icalendar takes NAME and X-WR-* for unknown values and would write them raw;
    # as vText it escapes them, so a line break in a title cannot end the line.
    calendar.add("name", vText(meta.name))
    calendar.add("x-wr-calname", vText(meta.name))
    if meta.description:
        calendar.add("description", vText(meta.description))
        calendar.add("x-wr-caldesc", vText(meta.description))
    calendar.add("x-wr-timezone", TZID)
    calendar.add("refresh-interval", meta.refresh, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(meta.refresh))
    if span is not None:
        # The VTIMEZONE (before the VEVENTs) from the zone database, over whole years.
        first_year, last_year, open_ended = span
        years_after = ZONE_YEARS_OPEN_ENDED if open_ended else 1
        calendar.add_component(Timezone.from_tzid(
            TZID, first_date=date(first_year, 1, 1),
            last_date=date(last_year + years_after, 1, 1)))
    head = calendar.to_ical()
    assert head.endswith(_END)
    return head[: -len(_END)]


def _item_span(item: FeedItem) -> tuple[date, date, bool]:
    """The first and last local dates the item names (a rule to its UNTIL), and whether its
    rule has no end. The VTIMEZONE must cover them; whole years keep its bytes the same
    while the dates move within a year."""
    moments: list[datetime] = [item.start, item.end, *item.exdates, *item.rdates]
    open_ended = False
    for instance in item.instances:
        moments += [instance.recurrence_id, instance.start, instance.end]
    if item.rrule:
        until = vRecur.from_ical(item.rrule).get("UNTIL")
        if until:
            # UTC as written by `ending_at`; a floating time or a date is local.
            moments += [local_wall_clock(value) if isinstance(value, datetime)
                        else local_wall_clock(value, time()) for value in until]
        else:
            open_ended = True
    return min(moments).date(), max(moments).date(), open_ended


def _common(vevent: VEvent, item: FeedItem, last_modified: datetime) -> None:
    vevent.add("uid", item.uid)
    # A published feed is a snapshot of the data: stamping it with the last change
    # (not "now") keeps the bytes, and so the cache and the ETag, stable.
    vevent.add("dtstamp", to_utc(last_modified))
    vevent.add("last-modified", to_utc(last_modified))
    if item.created:
        vevent.add("created", to_utc(item.created))
    if item.url:
        vevent.add("url", item.url)
    if item.categories:
        vevent.add("categories", list(item.categories))
    if item.organizer:
        vevent.add("organizer", _address(item.organizer))
    if item.attendee:
        attendee = _address(item.attendee)
        # Booked already: nothing to answer, so clients need not ask for a reply.
        attendee.params.update({"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "ACCEPTED",
                                "RSVP": "FALSE"})
        vevent.add("attendee", attendee)


def _address(party: Party) -> vCalAddress:
    address = vCalAddress(f"mailto:{party.email}")
    if party.name:
        # One line: a parameter value cannot hold a line break (or a quote).
        address.params["CN"] = " ".join(party.name.replace('"', "'").split())
    return address


def _vevent(item: FeedItem) -> VEvent:
    vevent = VEvent()
    _common(vevent, item, item.last_modified)
    vevent.add("dtstart", as_local(item.start))
    vevent.add("dtend", as_local(item.end))
    if item.rrule:
        vevent.add("rrule", vRecur.from_ical(item.rrule))
    if item.rdates:
        vevent.add("rdate", [as_local(value) for value in item.rdates])
    if item.exdates:
        vevent.add("exdate", [as_local(value) for value in item.exdates])
    _describe(vevent, item.summary, item.description, item.location, item.status, item.sequence)
    return vevent


def _instance_vevent(item: FeedItem, instance: Instance) -> VEvent:
    vevent = VEvent()
    _common(vevent, item, instance.last_modified)
    vevent.add("recurrence-id", as_local(instance.recurrence_id))
    vevent.add("dtstart", as_local(instance.start))
    vevent.add("dtend", as_local(instance.end))
    _describe(vevent, instance.summary, instance.description, instance.location,
              instance.status, instance.sequence)
    return vevent


def _describe(vevent: VEvent, summary: str, description: str, location: str, status: str,
              sequence: int) -> None:
    vevent.add("summary", summary)
    if description:
        vevent.add("description", description)
    if location:
        vevent.add("location", location)
    vevent.add("status", status)
    vevent.add("sequence", sequence)


# -- agenda objects as feed items -------------------------------------------


def event_description(event: Event, url: str, note: str = "") -> str:
    """Plain text for DESCRIPTION: summary, description, the date's note, links."""
    parts = [event.summary.strip(), markdown_to_text(event.description)]
    if note.strip():
        parts.append(note.strip())
    if event.online_url:
        parts.append(_("Online: %(url)s", url=event.online_url))
    if url:
        parts.append(_("Meer informatie en reserveren: %(url)s", url=url))
    return "\n\n".join(part for part in parts if part)


def event_item(event: Event, occurrences: Sequence[Occurrence],
               activity_type: ActivityType, url: str, locale: str = "nl") -> FeedItem | None:
    """One activity as a feed item, holding exactly the dates in `occurrences`.

    `occurrences` are the activity's dates the feed shows (cancelled ones
    included); dates of the rule that are not among them become EXDATEs.
    None when there is no date to show.
    """
    if not occurrences:
        return None
    ordered = sorted(occurrences, key=lambda occurrence: occurrence.original_start)
    rule_starts = _rule_starts(event, ordered[-1].original_start)
    # Rows whose RECURRENCE-ID the rule gives follow the rule; any other row (an
    # extra date, or a date kept from before the rule changed) is an RDATE.
    rule_dates = [o for o in ordered if not o.is_extra and o.original_start in rule_starts]
    on_rule = {id(o) for o in rule_dates}
    extra_dates = [o for o in ordered if id(o) not in on_rule]
    duration = event.ends_at - event.starts_at
    description = event_description(event, url)
    base = {
        "uid": event.uid,
        "url": url,
        "categories": (activity_type.name(locale),),
        "created": event.created_at,
        "last_modified": event.updated_at,
        "sequence": event.sequence,
        "description": description,
    }
    event_status = CANCELLED if event.is_cancelled else CONFIRMED

    if rule_dates:
        first, last = rule_dates[0].original_start, rule_dates[-1].original_start
        present = {o.original_start for o in rule_dates}
        exdates = [to_local(start) for start in sorted(rule_starts)
                   if first <= start <= last and start not in present]
        master = FeedItem(
            start=to_local(first), end=to_local(first + duration),
            summary=event.title, location=place_text(event),
            status=event_status, rrule=ending_at(event.rrule or "", last),
            exdates=tuple(exdates), rdates=tuple(to_local(o.original_start) for o in extra_dates),
            **base,
        )
        differing = [o for o in ordered if _differs(o, event, duration)]
    else:
        # No rule: the first date is the event itself, any further dates are RDATEs.
        head, extra_dates = ordered[0], ordered[1:]
        master = FeedItem(
            start=to_local(head.starts_at), end=to_local(head.ends_at),
            summary=head.title, location=place_text(head),
            status=CANCELLED if head.is_cancelled else CONFIRMED,
            rdates=tuple(to_local(o.original_start) for o in extra_dates),
            **{**base, "sequence": event.sequence + head.sequence,
               "last_modified": max(event.updated_at, head.updated_at),
               "description": event_description(event, url, head.note)},
        )
        differing = [o for o in extra_dates if _differs(o, event, head.ends_at - head.starts_at)]

    instances = tuple(
        Instance(
            recurrence_id=to_local(o.original_start),
            start=to_local(o.starts_at), end=to_local(o.ends_at),
            summary=o.title, location=place_text(o),
            description=event_description(event, url, o.note),
            status=CANCELLED if o.is_cancelled else CONFIRMED,
            sequence=event.sequence + o.sequence,
            last_modified=max(event.updated_at, o.updated_at),
        )
        for o in differing
    )
    return replace(master, instances=instances)


def _differs(occurrence: Occurrence, event: Event, duration: timedelta) -> bool:
    """Whether a date needs its own VEVENT rather than following the series."""
    return (
        occurrence.starts_at != occurrence.original_start
        or occurrence.ends_at - occurrence.starts_at != duration
        or (occurrence.is_cancelled and not event.is_cancelled)
        or occurrence.title_override is not None
        or occurrence.room_override is not None
        or occurrence.address_override is not None
        or bool(occurrence.note.strip())
        or occurrence.sequence > 0
    )


def _rule_starts(event: Event, last: datetime) -> set[datetime]:
    """The starts (naive UTC) the activity's rule gives up to `last`; empty without a rule."""
    if not event.rrule:
        return set()
    try:
        starts = expand(event.rrule, to_local(event.starts_at),
                        horizon_end=to_local(last) + timedelta(minutes=1),
                        max_dates=_MAX_EXPANSION)
    except RecurrenceError:
        return set()
    return {to_utc_naive(start) for start in starts}


# -- one date, for an e-mail attachment -------------------------------------


def occurrence_calendar(occurrence: Occurrence, base_url: str, *, method: str = PUBLISH,
                        uid: str | None = None, cancelled: bool = False,
                        sequence_offset: int = 0, organizer: Party | None = None,
                        attendee: Party | None = None) -> bytes:
    """One date of an activity as a VCALENDAR, for a download or an e-mail.

    A standalone VEVENT (no RRULE), so every client imports it as it is. Its
    UID (`occurrence_uid` unless given) stays the same when the date is moved or
    the activity edited, so a second file about the same date updates the first
    instead of adding a copy. By mail it is an invitation (`method` REQUEST, with
    `organizer` and `attendee`) that a later CANCEL with the same UID and a higher
    SEQUENCE (`sequence_offset`) takes out of the calendar again; `cancelled`
    marks it STATUS:CANCELLED whatever the date's own status.
    """
    event = occurrence.event
    locale = current_language() if has_app_context() else "nl"
    url = base_url.rstrip("/") + site_path("agenda.detail", event_id=event.id)
    item = FeedItem(
        uid=uid or occurrence_uid(occurrence, event),
        start=to_local(occurrence.starts_at), end=to_local(occurrence.ends_at),
        summary=occurrence.title,
        description=event_description(event, url, occurrence.note),
        location=place_text(occurrence),
        url=url, status=CANCELLED if cancelled or occurrence.is_cancelled else CONFIRMED,
        sequence=event.sequence + occurrence.sequence + sequence_offset,
        last_modified=max(event.updated_at, occurrence.updated_at),
        created=event.created_at,
        categories=(event.activity_type.name(locale),),
        organizer=organizer, attendee=attendee,
    )
    return build_calendar(CalendarMeta(name=occurrence.title), [item], method=method)


def occurrence_uid(occurrence: Occurrence, event: Event) -> str:
    """Stable UID of one date on its own: the activity's UID and the date's original start."""
    return f"{occurrence.original_start:%Y%m%dT%H%M%S}Z-{event.uid}"


# -- whole feeds ---------------------------------------------------------------


class BlockStore(Protocol):
    """Where serialised items are kept between builds (see `hubsite.feeds.cache`)."""

    def get_many(self, keys: Sequence[str]) -> list[bytes | None]: ...

    def set_many(self, entries: dict[str, bytes]) -> None: ...


# Raise when the bytes an item is serialised into change for the same rows.
BLOCK_FORMAT = "2"


# One date of a feed as the cheap query gives it: (activity id, when the activity last
# changed, date id, when the date last changed).
DateStamp = tuple[int, datetime, int, datetime]


def block_key(event_id: int, event_updated_at: datetime,
              dates: Sequence[tuple[int, datetime]], locale: str, context: str) -> str:
    """A key naming exactly the bytes `event_item` + `item_block` give for an activity.

    Every change to an activity's or a date's row moves its `updated_at` (`onupdate`, also
    for UPDATE statements), so the activity's id and stamp with its dates' ids and stamps
    name the rows; `context` names what else a block shows (the hubs' addresses, the
    types' names and the site's address its URL is on), with the language.
    """
    digest = hashlib.sha256(repr((
        BLOCK_FORMAT, locale, context, event_id, event_updated_at, dates,
    )).encode())
    return digest.hexdigest()[:40]


def occurrences_calendar(meta: CalendarMeta, occurrences: Iterable[Occurrence],
                         event_url: Callable[[int], str], locale: str = "nl") -> bytes:
    """A feed of activities: the dates in `occurrences`, grouped into one VEVENT per activity.

    Each occurrence's `event`, and the event's `hub` and `activity_type`, must
    be loaded already; `event_url(event_id)` gives the absolute page URL.
    """
    blocks = [block for block in _blocks(_by_event(occurrences), event_url, locale).values()
              if block.data]
    return assemble_calendar(meta, blocks)


def kept_blocks_calendar(meta: CalendarMeta, stamps: Iterable[DateStamp],
                         load_dates: Callable[[list[int] | None], Iterable[Occurrence]],
                         event_url: Callable[[int], str], locale: str, store: BlockStore,
                         context: str) -> list[bytes]:
    """The feed `occurrences_calendar` gives for the dates in `stamps`, byte for byte, with
    each activity's block taken from `store` when its rows are unchanged; in pieces of
    `PIECE_BLOCKS` activities (joined, the feed), which a change of one activity leaves
    alike but one, so that each can be kept compressed (`hubsite.compression`).

    `stamps` come from a query of plain values in the feed's order; only the activities
    whose block is not kept are loaded as objects (`load_dates(event_ids)`, or
    `load_dates(None)` for all of them, with their activity, hub and type, grouped by
    activity), serialised one by one and kept. So a feed after one change loads and
    serialises one activity. `context` must name whatever else the blocks depend on: the
    hubs and types they name and the address `event_url` puts them on.
    """
    stamped: dict[int, list] = {}  # activity id -> [its updated_at, date id, updated_at, …]
    for event_id, event_updated_at, occurrence_id, occurrence_updated_at in stamps:
        row = stamped.get(event_id)
        if row is None:
            stamped[event_id] = row = [event_updated_at]
        row += (occurrence_id, occurrence_updated_at)
    keys = {event_id: _kept_key(event_id, row, locale, context)
            for event_id, row in stamped.items()}
    kept = dict(zip(keys.values(), store.get_many(list(keys.values())), strict=True))
    missing = [event_id for event_id in stamped if kept[keys[event_id]] is None]
    built: dict[int, bytes] = {}
    if missing:
        # One activity at a time, as the rows come (by activity): only its block is kept,
        # so a feed of thousands never holds them all as objects.
        rows = load_dates(None if len(missing) == len(stamped) else missing)
        fresh: dict[str, bytes] = {}
        for event_id, group in groupby(rows, key=attrgetter("event_id")):
            if event_id not in stamped:  # added after the stamps were read
                continue
            dates = list(group)
            built[event_id] = _blocks({event_id: dates}, event_url, locale)[event_id].dump()
            # Kept under the key of the rows as loaded, which may be newer than the stamps.
            fresh[block_key(event_id, dates[0].event.updated_at,
                            [(o.id, o.updated_at) for o in dates], locale, context)] = \
                built[event_id]
            if len(fresh) >= _STORE_AT_A_TIME:
                store.set_many(fresh)
                fresh = {}
        store.set_many(fresh)
    # The blocks as they are kept (`Block.dump`: a head of fixed width, then the bytes),
    # sliced rather than loaded one by one: a feed holds a thousand of them.
    parts: list[bytes | memoryview] = []
    first = last = ""
    open_ended = False
    for event_id in stamped:
        raw = kept[keys[event_id]]
        if raw is None:
            raw = built.get(event_id)
        if raw is None or len(raw) == _HEAD_WIDTH:  # no date to show
            continue
        head = raw[:_HEAD_WIDTH].decode()
        first = min(first, head[:10]) if first else head[:10]  # ISO dates sort as dates
        last = max(last, head[11:21])
        open_ended = open_ended or head[22] == "1"
        parts.append(memoryview(raw)[_HEAD_WIDTH:])
    span = (int(first[:4]), int(last[:4]), open_ended) if parts else None
    return [_calendar_head(meta, PUBLISH, span),
            *(b"".join(parts[start:start + PIECE_BLOCKS])
              for start in range(0, len(parts), PIECE_BLOCKS)),
            _END]


# Activities in a piece of a feed: small enough that recompressing one is cheap, large
# enough that each still compresses well on its own.
PIECE_BLOCKS = 128


# Blocks written to the store at a time while a feed is built.
_STORE_AT_A_TIME = 200

# `Block.dump`'s head: "2027-03-02|2027-12-28|0\n" (dates of four-digit years).
_HEAD_WIDTH = 24

# The key each activity's stamps gave when last asked in this process: (locale, context,
# activity id) -> (its stamps, their key). Hashing every activity's stamps on every
# rebuild cost more than the rest of it; equal stamps name the same rows, so their key.
_KEYS: dict[tuple[str, str, int], tuple[list, str]] = {}
_MAX_KEYS = 50_000


def _kept_key(event_id: int, row: list, locale: str, context: str) -> str:
    """`block_key` of an activity's stamps (`row`: its updated_at, then each date's id and
    updated_at), from this process's memory while they are unchanged."""
    known = _KEYS.get((locale, context, event_id))
    if known is not None and known[0] == row:
        return known[1]
    key = block_key(event_id, row[0], list(zip(row[1::2], row[2::2], strict=True)), locale,
                    context)
    if len(_KEYS) >= _MAX_KEYS:
        _KEYS.clear()
    _KEYS[(locale, context, event_id)] = (row, key)
    return key


def _by_event(occurrences: Iterable[Occurrence]) -> dict[int, list[Occurrence]]:
    by_event: dict[int, list[Occurrence]] = {}
    for occurrence in occurrences:
        by_event.setdefault(occurrence.event_id, []).append(occurrence)
    return by_event


_EMPTY = Block(b"", date.min, date.min, False)


def _blocks(by_event: dict[int, list[Occurrence]], event_url: Callable[[int], str],
            locale: str) -> dict[int, Block]:
    """Each activity's block (empty when it has no date to show), in the given order."""
    blocks: dict[int, Block] = {}
    for event_id, dates in by_event.items():
        event = dates[0].event
        item = event_item(event, dates, event.activity_type, event_url(event_id), locale)
        blocks[event_id] = item_block(item) if item is not None else _EMPTY
    return blocks
