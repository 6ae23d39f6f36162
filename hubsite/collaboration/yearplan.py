"""The school-year plan: August to July in dagdelen (ochtend, middag, avond), with the
planned activities, the offers' months, Dutch public holidays and the school holidays of
a region (hubsite.holiday_calendar).

Built by plain functions from values the view hands in (occurrences, offers), so the
calendar feed and the page show the same plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from hubsite import holiday_calendar
from hubsite.agenda.models import OCCURRENCE_CANCELLED, Occurrence
from hubsite.collaboration.models import (
    AFTERNOON,
    DAYPARTS,
    EVENING,
    MORNING,
    SCHOOL_YEAR_MONTHS,
    Offer,
)
from hubsite.holiday_calendar import Holiday
from hubsite.timeutil import to_local, to_utc

# Where one part of the day ends and the next begins (local wall-clock time).
AFTERNOON_FROM, EVENING_FROM = time(12, 0), time(18, 0)

YEAR_PATTERN = re.compile(r"^(\d{4})-(\d{4})$")


def dayparts_of(start: datetime, end: datetime) -> list[str]:
    """The dagdelen a local (aware or wall-clock) start and end overlap, on the start's day."""
    day = start.date()
    bounds = {
        MORNING: (time(0, 0), AFTERNOON_FROM),
        AFTERNOON: (AFTERNOON_FROM, EVENING_FROM),
        EVENING: (EVENING_FROM, None),
    }
    found = []
    start_clock = start.replace(tzinfo=None)
    end_clock = end.replace(tzinfo=None)
    for part in DAYPARTS:
        first, last = bounds[part]
        lower = datetime.combine(day, first)
        upper = datetime.combine(day, last) if last else datetime.combine(
            day + timedelta(days=1), time(0, 0))
        if start_clock < upper and end_clock > lower:
            found.append(part)
    return found or [MORNING]


def school_year_from(text: str | None, today: date) -> tuple[date, date]:
    """The school year named "2026-2027" (a following pair of years), else today's."""
    match = YEAR_PATTERN.match(text or "")
    if match and int(match.group(2)) == int(match.group(1)) + 1 \
            and 2000 <= int(match.group(1)) <= 2100:
        return date(int(match.group(1)), 8, 1), date(int(match.group(2)), 7, 31)
    return holiday_calendar.school_year_bounds(today)


@dataclass
class Entry:
    """An activity on one dagdeel of a day."""

    occurrence_id: int
    event_id: int
    title: str
    hub_name: str
    start: datetime  # local
    end: datetime    # local
    cancelled: bool
    starts_at: datetime | None = None  # stored (naive UTC), for the date filters
    note: str = ""


@dataclass
class Day:
    day: date
    holidays: list[Holiday] = field(default_factory=list)
    parts: dict[str, list[Entry]] = field(default_factory=dict)

    @property
    def is_weekend(self) -> bool:
        return self.day.weekday() >= 5

    @property
    def is_public_holiday(self) -> bool:
        return any(h.is_public for h in self.holidays)

    @property
    def is_school_holiday(self) -> bool:
        return any(not h.is_public for h in self.holidays)

    @property
    def entries(self) -> list[Entry]:
        return [entry for part in DAYPARTS for entry in self.parts.get(part, [])]


@dataclass
class Month:
    year: int
    month: int
    days: list[Day]
    offers: list[Offer]
    holidays: list[Holiday]

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    def day(self, number: int) -> Day | None:
        return self.days[number - 1] if number <= len(self.days) else None


@dataclass
class YearPlan:
    first: date
    last: date
    region: str | None
    months: list[Month]
    holidays: list[Holiday]
    covered: bool        # the data file knows this year's school holidays
    checked: bool        # … and they were checked against the source
    last_covered_day: date | None
    source: str
    source_url: str

    @property
    def label(self) -> str:
        return f"{self.first.year}-{self.last.year}"

    @property
    def previous_label(self) -> str:
        return f"{self.first.year - 1}-{self.first.year}"

    @property
    def next_label(self) -> str:
        return f"{self.last.year}-{self.last.year + 1}"

    @property
    def public_holidays(self) -> list[Holiday]:
        return [h for h in self.holidays if h.is_public]

    @property
    def school_holidays(self) -> list[Holiday]:
        return [h for h in self.holidays if not h.is_public]


def _entry(occurrence: Occurrence) -> Entry:
    event = occurrence.event
    return Entry(occurrence.id, event.id, occurrence.title, event.hub.name,
                 to_local(occurrence.starts_at), to_local(occurrence.ends_at),
                 occurrence.status == OCCURRENCE_CANCELLED, starts_at=occurrence.starts_at,
                 note=occurrence.note)


def build_year_plan(first: date, last: date, region: str | None, occurrences: list[Occurrence],
                    offers: list[Offer], language: str = "nl") -> YearPlan:
    """The plan of one school year (`first` 1 August, `last` 31 July)."""
    holidays = holiday_calendar.holidays_between(first, last, region, language)
    per_day: dict[date, Day] = {}
    day = first
    while day <= last:
        per_day[day] = Day(day, [h for h in holidays if h.covers(day)],
                           {part: [] for part in DAYPARTS})
        day += timedelta(days=1)
    for occurrence in occurrences:
        entry = _entry(occurrence)
        target = per_day.get(entry.start.date())
        if target is None:
            continue
        for part in dayparts_of(entry.start, entry.end):
            target.parts[part].append(entry)
    months = []
    for month in SCHOOL_YEAR_MONTHS:
        year = first.year if month >= 8 else last.year
        days = [d for d in per_day.values() if d.day.year == year and d.day.month == month]
        month_first, month_last = days[0].day, days[-1].day
        months.append(Month(year, month, days,
                            [offer for offer in offers if month in offer.month_numbers],
                            [h for h in holidays
                             if h.first <= month_last and h.last >= month_first]))
    data = holiday_calendar.school_holiday_data()
    return YearPlan(first, last, region, months, holidays,
                    covered=holiday_calendar.covers(first),
                    checked=holiday_calendar.is_checked(first),
                    last_covered_day=data.last_covered_day,
                    source=data.source, source_url=data.source_url)


def year_plan_calendar(plan: YearPlan, name: str, host: str, stamped_at: datetime,
                       event_url: dict[int, str] | None = None) -> bytes:
    """The plan as an iCalendar feed: holidays as all-day, free time; activities as events.
    `stamped_at` (stored, naive UTC) is every item's DTSTAMP."""
    stamp = to_utc(stamped_at)
    calendar = Calendar()
    calendar.add("prodid", "-//Ruimte voor ondernemendheid//hubsite jaarplanning//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    for holiday in plan.holidays:
        item = CalendarEvent()
        item.add("uid", holiday.uid.replace("@hubsite", f"@{host}"))
        item.add("dtstamp", stamp)
        item.add("summary", holiday.name)
        item.add("dtstart", holiday.first)
        item.add("dtend", holiday.last + timedelta(days=1))
        item.add("transp", "TRANSPARENT")
        item.add("categories", [holiday.kind])
        calendar.add_component(item)
    seen: set[int] = set()
    for month in plan.months:
        for day in month.days:
            for entry in day.entries:
                if entry.occurrence_id in seen or entry.cancelled:
                    continue
                seen.add(entry.occurrence_id)
                item = CalendarEvent()
                item.add("uid", f"jaarplanning-{entry.occurrence_id}@{host}")
                item.add("summary", f"{entry.title} ({entry.hub_name})")
                item.add("dtstamp", stamp)
                item.add("dtstart", entry.start.astimezone(UTC))
                item.add("dtend", entry.end.astimezone(UTC))
                if event_url and entry.event_id in event_url:
                    item.add("url", event_url[entry.event_id])
                calendar.add_component(item)
    return calendar.to_ical()
