"""Agenda services: changing series keeps date rows (and so bookings) attached."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, timedelta

import pytest

from hubsite.agenda import listing, services, signals
from hubsite.agenda.listing import AgendaFilters, Viewer
from hubsite.agenda.models import (
    OCCURRENCE_CANCELLED,
    STATUS_CANCELLED,
    STATUS_DRAFT,
    STATUS_PUBLISHED,
)
from hubsite.agenda.recurrence import Recurrence
from hubsite.agenda.services import AgendaError
from hubsite.extensions import db
from hubsite.timeutil import to_local

NOW = datetime(2027, 1, 1, 12, 0)  # naive UTC, before every date used here


def local(occurrence_or_dt) -> str:
    value = getattr(occurrence_or_dt, "starts_at", occurrence_or_dt)
    return to_local(value).strftime("%Y-%m-%d %H:%M")


@contextmanager
def received(signal):
    calls: list[tuple[object, dict]] = []

    def receiver(sender, **kwargs):
        calls.append((sender, kwargs))

    signal.connect(receiver)
    try:
        yield calls
    finally:
        signal.disconnect(receiver)


@pytest.fixture
def weekly(make_event, hub):
    """Five Tuesdays at 14:00 across the end of summer time."""
    return make_event(hub, starts_at=datetime(2027, 10, 12, 14, 0),
                      ends_at=datetime(2027, 10, 12, 16, 0),
                      recurrence=Recurrence("WEEKLY", weekdays=("TU",), count=5))


def test_weekly_dates_stay_at_14_00_local_across_dst(weekly):
    assert [local(o) for o in weekly.occurrences] == [
        "2027-10-12 14:00", "2027-10-19 14:00", "2027-10-26 14:00",
        "2027-11-02 14:00", "2027-11-09 14:00"]


def test_a_one_off_activity_has_one_date_with_its_own_recurrence_id(make_event, hub):
    event = make_event(hub, starts_at=datetime(2027, 3, 1, 10, 0))
    (only,) = event.occurrences
    assert only.original_start == only.starts_at == event.starts_at


def test_end_before_start_is_refused(make_event, hub):
    with pytest.raises(AgendaError) as error:
        make_event(hub, starts_at=datetime(2027, 3, 1, 10), ends_at=datetime(2027, 3, 1, 9))
    assert error.value.field == "end_time"


def test_a_rule_without_dates_is_refused(make_event, hub):
    with pytest.raises(AgendaError) as error:
        make_event(hub, starts_at=datetime(2027, 3, 10, 10),
                   recurrence=Recurrence("WEEKLY", until=date(2027, 3, 1)))
    assert error.value.field == "repeat"


def test_first_date_follows_the_chosen_weekdays(make_event, hub):
    # 2027-03-01 is a Monday; the series runs on Wednesdays.
    event = make_event(hub, starts_at=datetime(2027, 3, 1, 10),
                       recurrence=Recurrence("WEEKLY", weekdays=("WE",), count=2))
    assert local(event) == "2027-03-03 10:00"
    assert [local(o) for o in event.occurrences] == ["2027-03-03 10:00", "2027-03-10 10:00"]


def test_cancelling_one_date_marks_it_and_tells_bookings(weekly):
    third = weekly.occurrences[2]
    before = weekly.sequence
    with received(signals.occurrence_cancelled) as calls:
        services.cancel_occurrence(db.session, third, now=NOW)
    assert third.status == OCCURRENCE_CANCELLED
    assert third.sequence == 1 and weekly.sequence == before + 1
    assert calls == [(third, {"session": db.session})]


def test_moving_one_date_keeps_its_recurrence_id_and_tells_bookings(weekly):
    second = weekly.occurrences[1]
    original = second.original_start
    with received(signals.occurrence_moved) as calls:
        services.move_occurrence(db.session, second, datetime(2027, 10, 21, 15, 0),
                                 datetime(2027, 10, 21, 17, 0), now=NOW)
    assert local(second) == "2027-10-21 15:00"
    assert second.original_start == original and second.is_moved
    (sender, kwargs), = calls
    assert sender is second
    assert kwargs["previous_start"] == original
    assert kwargs["previous_end"] == original + timedelta(hours=2)


def test_editing_all_dates_shifts_the_same_rows(weekly):
    ids = [o.id for o in weekly.occurrences]
    before = weekly.sequence
    with received(signals.occurrence_moved) as calls:
        services.update_event(db.session, weekly, datetime(2027, 10, 12, 15, 0),
                              datetime(2027, 10, 12, 16, 30), weekly_recurrence(5), now=NOW)
    db.session.commit()
    assert [o.id for o in weekly.occurrences] == ids
    assert [local(o) for o in weekly.occurrences][2:4] == ["2027-10-26 15:00", "2027-11-02 15:00"]
    assert all(o.original_start == o.starts_at for o in weekly.occurrences)
    assert weekly.sequence == before + 1
    assert len(calls) == 5


def test_shifting_a_series_by_a_week_keeps_rows_and_unique_recurrence_ids(weekly):
    ids = [o.id for o in weekly.occurrences]
    services.update_event(db.session, weekly, datetime(2027, 10, 19, 14, 0),
                          datetime(2027, 10, 19, 16, 0), weekly_recurrence(5), now=NOW)
    db.session.commit()
    assert [o.id for o in weekly.occurrences] == ids
    assert local(weekly.occurrences[-1]) == "2027-11-16 14:00"


def test_fewer_dates_cancels_the_dropped_future_dates_instead_of_deleting(weekly):
    ids = [o.id for o in weekly.occurrences]
    services.update_event(db.session, weekly, datetime(2027, 10, 12, 14, 0),
                          datetime(2027, 10, 12, 16, 0), weekly_recurrence(3), now=NOW)
    db.session.commit()
    assert [o.id for o in weekly.occurrences] == ids
    assert [o.status for o in weekly.occurrences][3:] == [OCCURRENCE_CANCELLED] * 2


def test_more_dates_adds_rows(weekly):
    services.update_event(db.session, weekly, datetime(2027, 10, 12, 14, 0),
                          datetime(2027, 10, 12, 16, 0), weekly_recurrence(7), now=NOW)
    assert len(weekly.occurrences) == 7


def test_this_and_following_splits_the_series_and_moves_the_rows(weekly):
    third = weekly.occurrences[2]
    ids = [o.id for o in weekly.occurrences]
    new = services.change_occurrence(db.session, third, services.SCOPE_FOLLOWING,
                                     datetime(2027, 10, 26, 10, 0), datetime(2027, 10, 26, 12, 0),
                                     title="Open inloop (ochtend)", room="Zaal 2", address="",
                                     now=NOW)
    db.session.commit()
    assert new.id != weekly.id and new.uid != weekly.uid
    assert [o.id for o in weekly.occurrences] == ids[:2]
    assert [o.id for o in new.occurrences] == ids[2:]
    assert [local(o) for o in new.occurrences] == [
        "2027-10-26 10:00", "2027-11-02 10:00", "2027-11-09 10:00"]
    assert new.title == "Open inloop (ochtend)" and new.room == "Zaal 2"
    assert "UNTIL=" in weekly.rrule and len(services.series_starts(weekly)) == 2
    assert len(services.series_starts(new)) == 3


def test_only_this_date_changes_one_row(weekly):
    second = weekly.occurrences[1]
    services.change_occurrence(db.session, second, services.SCOPE_THIS,
                               datetime(2027, 10, 20, 14, 0), datetime(2027, 10, 20, 16, 0),
                               title=weekly.title, room="Kantine", address="", now=NOW)
    assert second.room == "Kantine" and weekly.room == ""
    assert local(second) == "2027-10-20 14:00"
    assert weekly.occurrences[2].room == ""


def test_all_dates_from_one_date_refuses_another_day(weekly):
    with pytest.raises(AgendaError) as error:
        services.change_occurrence(db.session, weekly.occurrences[1], services.SCOPE_ALL,
                                   datetime(2027, 10, 20, 14, 0), datetime(2027, 10, 20, 16, 0),
                                   title=weekly.title, room="", address="", now=NOW)
    assert error.value.field == "date"


def test_an_extra_date_is_added_by_hand(weekly):
    extra = services.add_extra_date(db.session, weekly, datetime(2027, 12, 1, 14, 0),
                                    datetime(2027, 12, 1, 16, 0), now=NOW)
    assert extra.is_extra and extra.original_start == extra.starts_at
    with pytest.raises(AgendaError):
        services.add_extra_date(db.session, weekly, datetime(2027, 12, 1, 14, 0),
                                datetime(2027, 12, 1, 16, 0), now=NOW)


def test_cancelling_an_activity_keeps_it_and_signals(weekly):
    with received(signals.event_cancelled) as calls:
        services.cancel_event(db.session, weekly, now=NOW)
    assert weekly.status == STATUS_CANCELLED
    assert all(o.is_cancelled for o in weekly.occurrences)
    assert calls == [(weekly, {"session": db.session})]


def test_duplicate_is_a_draft_that_remembers_its_source(weekly):
    copy = services.duplicate_event(db.session, weekly, datetime(2028, 1, 4, 14, 0),
                                    datetime(2028, 1, 4, 16, 0))
    assert copy.status == STATUS_DRAFT and copy.duplicated_from_id == weekly.id
    assert copy.title == weekly.title and len(copy.occurrences) == 1


def test_upcoming_filters_by_hub_type_and_text(make_event, make_activity_type, hub, other_hub):
    gastles = make_activity_type("gastles", "Gastles", "Guest lecture")
    make_event(hub, starts_at=datetime(2027, 3, 1, 10), title="Gastles duurzaamheid",
               activity_type=gastles)
    make_event(other_hub, starts_at=datetime(2027, 3, 2, 10), title="Gastles techniek",
               activity_type=gastles)
    make_event(hub, starts_at=datetime(2027, 3, 3, 10), title="Open inloop")
    page = listing.upcoming_occurrences(
        db.session, AgendaFilters(hubs=(hub.slug,), types=("gastles",)), now=NOW)
    assert [o.title for o in page.items] == ["Gastles duurzaamheid"]
    page = listing.upcoming_occurrences(db.session, AgendaFilters(q="techniek"), now=NOW)
    assert [o.title for o in page.items] == ["Gastles techniek"]
    page = listing.upcoming_occurrences(db.session, AgendaFilters(q="100%_"), now=NOW)
    assert page.items == []


def test_drafts_show_only_to_the_hub_team(make_event, hub):
    make_event(hub, starts_at=datetime(2027, 3, 1, 10), status=STATUS_DRAFT)
    make_event(hub, starts_at=datetime(2027, 3, 2, 10), status=STATUS_PUBLISHED)
    public = listing.upcoming_occurrences(db.session, AgendaFilters(), now=NOW)
    team = listing.upcoming_occurrences(db.session, AgendaFilters(),
                                         Viewer(frozenset({hub.id})), now=NOW)
    assert len(public.items) == 1 and len(team.items) == 2


def test_pages_end_on_a_day_boundary(make_event, hub):
    for day in (1, 1, 2, 3):
        make_event(hub, starts_at=datetime(2027, 3, day, 10))
    page = listing.upcoming_occurrences(db.session, AgendaFilters(), now=NOW, limit=3)
    assert [to_local(o.starts_at).day for o in page.items] == [1, 1, 2]
    rest = listing.upcoming_occurrences(db.session, AgendaFilters(), now=NOW,
                                         after=page.next_cursor, limit=3)
    assert [to_local(o.starts_at).day for o in rest.items] == [3] and rest.next_cursor is None
    page = listing.upcoming_occurrences(db.session, AgendaFilters(), now=NOW, limit=2)
    assert [to_local(o.starts_at).day for o in page.items] == [1, 1]


def weekly_recurrence(count: int) -> Recurrence:
    return Recurrence("WEEKLY", weekdays=("TU",), count=count)
