"""The agenda and the holidays: a warning (never an error) for a date on a holiday, and
a series that skips holidays."""

from __future__ import annotations

import html
from datetime import date, datetime, timedelta

from hubsite import holiday_calendar
from hubsite.agenda.models import OCCURRENCE_CANCELLED, OCCURRENCE_SCHEDULED
from hubsite.agenda.recurrence import Recurrence
from hubsite.agenda.services import restore_occurrence, update_event
from hubsite.extensions import db
from hubsite.timeutil import local_today, to_local


def _next_kings_day() -> date:
    today = local_today()
    day = date(today.year, 4, 27)
    return day if day > today + timedelta(days=1) else date(today.year + 1, 4, 27)


def test_a_weekly_series_that_skips_holidays_cancels_those_dates_with_the_reason(
        app, hub, make_event):
    hub.region = "midden"
    first = datetime(2026, 12, 8, 14)  # the Tuesdays around the Christmas holiday
    event = make_event(hub, starts_at=first, recurrence=Recurrence("WEEKLY", count=6),
                       skip_holidays=True)
    christmas = holiday_calendar.school_holidays(date(2026, 12, 1), date(2027, 1, 31), "midden")
    [holiday] = [h for h in christmas if h.key == "kerst"]
    by_day = {to_local(o.starts_at).date(): o for o in event.occurrences}
    assert len(by_day) == 6
    for day, occurrence in by_day.items():
        if holiday.covers(day):
            assert occurrence.status == OCCURRENCE_CANCELLED and occurrence.note == "vakantie"
        else:
            assert occurrence.status == OCCURRENCE_SCHEDULED
    skipped = [o for o in event.occurrences if o.status == OCCURRENCE_CANCELLED]
    assert len(skipped) == 2  # 22 and 29 December
    restore_occurrence(db.session, skipped[0], now=datetime(2026, 12, 1))
    assert skipped[0].status == OCCURRENCE_SCHEDULED


def test_without_skipping_the_dates_stay(app, hub, make_event):
    hub.region = "midden"
    event = make_event(hub, starts_at=datetime(2026, 12, 8, 14),
                       recurrence=Recurrence("WEEKLY", count=6))
    assert all(o.status == OCCURRENCE_SCHEDULED for o in event.occurrences)


def test_moving_a_date_onto_kings_day_warns_but_saves(client, host, hub, make_event):
    client.login(host)
    event = make_event(hub)
    occurrence = event.occurrences[0]
    kings_day = _next_kings_day()
    response = client.form(
        f"/events/{event.id}/datums/{occurrence.id}/wijzigen",
        {"scope": "this", "date": kings_day.isoformat(), "start_time": "14:00",
         "end_time": "16:00", "title": event.title, "room": "", "address": "", "note": ""},
        follow_redirects=True)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "notice--warning" in page and "Koningsdag" in page
    db.session.refresh(occurrence)
    assert to_local(occurrence.starts_at).date() == kings_day
    # The form shows it too, while the date is there.
    form = html.unescape(client.get(
        f"/events/{event.id}/datums/{occurrence.id}/wijzigen").get_data(as_text=True))
    assert "Koningsdag" in form and "holiday-warning" in form


def test_the_activity_form_warns_live_about_a_holiday(client, host, hub):
    client.login(host)
    kings_day = _next_kings_day()
    page = html.unescape(client.get(f"/hubs/{hub.slug}/activiteiten/herhaling", query_string={
        "date": kings_day.isoformat(), "start_time": "10:00"}).get_data(as_text=True))
    assert "Koningsdag" in page and 'hx-swap-oob="true"' in page
    quiet = client.get(f"/hubs/{hub.slug}/activiteiten/herhaling", query_string={
        "date": (kings_day + timedelta(days=2)).isoformat(), "start_time": "10:00"})
    assert "notice--warning" not in quiet.get_data(as_text=True)


def test_switching_skip_holidays_on_later_cancels_the_holiday_dates(app, hub, make_event):
    hub.region = "midden"
    first = datetime(2026, 12, 8, 14)
    event = make_event(hub, starts_at=first, recurrence=Recurrence("WEEKLY", count=6))
    update_event(db.session, event, first, first + timedelta(hours=2),
                 Recurrence("WEEKLY", count=6), now=datetime(2026, 12, 1),
                 skip_holidays=True)
    notes = sorted((to_local(o.starts_at).date(), o.status, o.note) for o in event.occurrences)
    assert [(day.isoformat(), note) for day, status, note in notes
            if status == OCCURRENCE_CANCELLED] == [("2026-12-22", "vakantie"),
                                                   ("2026-12-29", "vakantie")]
