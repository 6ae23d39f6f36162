"""Fitting an activity's stored dates to a changed series, keeping their rows.

Bookings hang on date rows, so a change of the series never replaces them: each
stored date is matched to one of the new starts, moved there, and what is left
over is cancelled (or deleted while the activity is a draft). The steps are pure
where they can be (`match_rows`), so each rule reads and tests on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from hubsite.agenda import signals
from hubsite.agenda.models import OCCURRENCE_CANCELLED, STATUS_DRAFT, Event, Occurrence
from hubsite.timeutil import local_wall_clock, to_local, to_utc_naive

# Where rows wait while they swap RECURRENCE-IDs (see `_apply`).
_PARKING = datetime(1900, 1, 1)


@dataclass
class Matching:
    """Which stored row goes to which new start (naive UTC), and which rows are left."""

    target: dict[int, datetime] = field(default_factory=dict)  # id(row) → new original start
    taken: set[datetime] = field(default_factory=set)
    unmatched: list[Occurrence] = field(default_factory=list)

    def assign(self, row: Occurrence, start: datetime) -> None:
        self.target[id(row)] = start
        self.taken.add(start)


def match_rows(rows: list[Occurrence], old_first: datetime, new_first: datetime,
               wanted: set[datetime]) -> Matching:
    """Match rows (in date order) to the wanted starts.

    A row first follows the shift of the series' first date (another weekday, another
    time of day); failing that it keeps its own date when the new rule still gives it.
    """
    matching = Matching()
    day_shift = new_first.date() - old_first.date()
    leftover = []
    for row in rows:
        shifted_day = to_local(row.original_start).date() + day_shift
        candidate = to_utc_naive(local_wall_clock(shifted_day, new_first.time()))
        if candidate in wanted and candidate not in matching.taken:
            matching.assign(row, candidate)
        else:
            leftover.append(row)
    for row in leftover:
        if row.original_start in wanted and row.original_start not in matching.taken:
            matching.assign(row, row.original_start)
        else:
            matching.unmatched.append(row)
    return matching


def reschedule(session: Session, event: Event, old_first: datetime, starts: list[datetime],
               duration: timedelta, now: datetime) -> None:
    """Match the stored dates to the new series `starts` (local), keeping row ids, and
    tell others (signals) which dates were cancelled or moved."""
    wanted = [to_utc_naive(start) for start in starts]
    wanted_set = set(wanted)
    rows = sorted((o for o in event.occurrences if not o.is_extra), key=lambda o: o.original_start)
    matching = match_rows(rows, old_first, starts[0], wanted_set)
    _drop_leftovers(session, event, matching.unmatched, now)
    _nudge_aside(event, matching)
    moves = _apply(session, event, rows, matching, wanted_set, duration)
    for start in wanted:
        if start not in matching.taken:
            event.occurrences.append(
                Occurrence(starts_at=start, ends_at=start + duration, original_start=start))
    session.flush()
    for row, previous_start, previous_end in moves:
        if previous_start > now and row.status != OCCURRENCE_CANCELLED:
            signals.occurrence_moved.send(row, session=session, previous_start=previous_start,
                                          previous_end=previous_end)


def _drop_leftovers(session: Session, event: Event, leftovers: list[Occurrence],
                    now: datetime) -> None:
    """Dates the new series no longer has: deleted from a draft, else cancelled if to come."""
    for row in leftovers:
        if event.status == STATUS_DRAFT:
            event.occurrences.remove(row)
        elif row.starts_at > now and row.status != OCCURRENCE_CANCELLED:
            row.status = OCCURRENCE_CANCELLED
            row.cancelled_at = now
            row.sequence += 1
            signals.occurrence_cancelled.send(row, session=session)


def _nudge_aside(event: Event, matching: Matching) -> None:
    """A left-over row may hold the RECURRENCE-ID another row moves to: move it a second on."""
    kept = [row for row in matching.unmatched if row in event.occurrences]
    kept_originals = {row.original_start for row in kept}
    for row in kept:
        if row.original_start in matching.taken:
            nudged = row.original_start
            while nudged in matching.taken or nudged in kept_originals:
                nudged += timedelta(seconds=1)
            matching.target[id(row)] = nudged


def _apply(session: Session, event: Event, rows: list[Occurrence], matching: Matching,
           wanted: set[datetime], duration: timedelta) -> list[tuple[Occurrence, datetime, datetime]]:
    """Give the rows their new RECURRENCE-IDs and times; returns the moved rows with their
    previous start and end."""
    old_original = {id(row): row.original_start for row in rows}
    target = matching.target
    changing = [row for row in event.occurrences
                if id(row) in target and target[id(row)] != row.original_start]
    if changing:
        # Two steps, so that the unique (event, RECURRENCE-ID) pair holds after every UPDATE.
        for n, row in enumerate(changing):
            row.original_start = _PARKING + timedelta(minutes=n)
        session.flush()
    moves = []
    for row in rows:
        if id(row) not in target or row not in event.occurrences:
            continue
        previous = (row.starts_at, row.ends_at)
        row.original_start = target[id(row)]
        # A date moved by hand keeps its own time; the others follow the series.
        if previous[0] == old_original[id(row)] and row.original_start in wanted:
            row.starts_at = row.original_start
            row.ends_at = row.original_start + duration
        if (row.starts_at, row.ends_at) != previous:
            moves.append((row, *previous))
    return moves
