"""Every kind of feed, read by a calendar client, shows exactly the dates the site shows."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from hubsite.agenda import listing
from hubsite.agenda import services as agenda
from hubsite.agenda.listing import ANONYMOUS, AgendaFilters
from hubsite.agenda.recurrence import Recurrence
from hubsite.extensions import db
from hubsite.timeutil import LOCAL_TZ, to_local, utcnow
from tests.feeds.helpers import expand, parse, site_slots, slots, vevents

YEAR_START, YEAR_END = date(2027, 1, 1), date(2027, 12, 31)


def site(filters: AgendaFilters, start: date = YEAR_START, end: date = YEAR_END):
    return listing.occurrences_between(db.session, filters, ANONYMOUS, start, end)


@pytest.mark.parametrize("query, filters", [
    ("", AgendaFilters()),
    ("?hub=almelo", AgendaFilters(hubs=("almelo",))),
    ("?hub=almelo&hub=utrecht&type=workshop", AgendaFilters(hubs=("almelo", "utrecht"),
                                                           types=("workshop",))),
    ("?type=gastles", AgendaFilters(types=("gastles",))),
    ("?q=inloop", AgendaFilters(q="inloop")),
    ("?from=2027-03-20&to=2027-11-05",
     AgendaFilters(start=date(2027, 3, 20), end=date(2027, 11, 5))),
    ("?hub=almelo&from=2027-10-26&to=2027-10-26",
     AgendaFilters(hubs=("almelo",), start=date(2027, 10, 26), end=date(2027, 10, 26))),
])
def test_agenda_feed_expands_to_the_dates_the_agenda_shows(client, year, query, filters):
    response = client.get("/agenda.ics" + query)
    assert response.status_code == 200

    instances = expand(response.data, YEAR_START, YEAR_END)
    shown = site(filters)
    assert shown, "the scenario should show something for every filter"
    assert slots(instances) == site_slots(shown)
    assert slots(instances, cancelled=True) == site_slots(shown, cancelled=True)


def test_hub_feed_expands_to_the_hub_agenda(client, year):
    response = client.get("/hubs/almelo/agenda.ics")
    instances = expand(response.data, YEAR_START, YEAR_END)
    shown = site(AgendaFilters(hubs=("almelo",)))
    assert slots(instances) == site_slots(shown)
    assert "Werkgroep" not in response.text


def test_event_feed_holds_every_date_of_one_activity(client, year):
    weekly = year["weekly"]
    response = client.get(f"/events/{weekly.id}.ics")
    instances = expand(response.data, YEAR_START, YEAR_END)
    assert slots(instances) == site_slots(weekly.occurrences)
    assert len(slots(instances)) == 51
    assert {str(c["UID"]) for c in vevents(response.data)} == {weekly.uid}


def test_weekly_time_stays_at_local_two_oclock_across_both_changes(client, year):
    instances = expand(client.get("/hubs/almelo/agenda.ics").data, YEAR_START, YEAR_END)
    inloop = [start for start, _, title in slots(instances)
              if title == "Open inloop" and start.date() != date(2027, 5, 26)]  # moved by hand
    assert {start.strftime("%H:%M") for start in inloop} == {"14:00"}
    offsets = {start.utcoffset() for start in inloop}
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}
    assert datetime(2027, 3, 23, 14, tzinfo=LOCAL_TZ) in inloop  # winter time
    assert datetime(2027, 4, 6, 14, tzinfo=LOCAL_TZ) in inloop  # summer time
    assert datetime(2027, 11, 2, 14, tzinfo=LOCAL_TZ) in inloop  # winter time again


def test_recurring_activity_is_one_vevent_with_rrule_and_instances(client, year):
    weekly = year["weekly"]
    components = [c for c in vevents(client.get("/agenda.ics").data)
                  if str(c["UID"]) == weekly.uid]
    masters = [c for c in components if "RECURRENCE-ID" not in c]
    assert len(masters) == 1
    master = masters[0]
    assert "FREQ=WEEKLY" in master["RRULE"].to_ical().decode()
    assert master["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert master.decoded("DTSTART") == datetime(2027, 1, 5, 14, tzinfo=LOCAL_TZ)

    instances = {c.decoded("RECURRENCE-ID"): c for c in components if "RECURRENCE-ID" in c}
    cancelled = instances[to_local(weekly.occurrences[12].original_start)]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    moved = instances[to_local(weekly.occurrences[20].original_start)]
    assert moved.decoded("DTSTART") == datetime(2027, 5, 26, 15, tzinfo=LOCAL_TZ)
    changed = instances[to_local(weekly.occurrences[42].original_start)]
    assert str(changed["SUMMARY"]) == "Open inloop: pitches"
    assert str(changed["LOCATION"]).startswith("Hub Almelo, Zaal 3")
    assert "Met jury." in str(changed["DESCRIPTION"])
    assert changed["SEQUENCE"] > master["SEQUENCE"] - 1


def test_dates_outside_the_window_are_exdates_not_instances(client, year):
    body = client.get("/hubs/almelo/agenda.ics?from=2027-03-20").data  # hub feed ignores args
    assert b"EXDATE" not in body
    body = client.get("/agenda.ics?hub=almelo&from=2027-03-20&to=2027-04-20").data
    weekly = [c for c in vevents(body) if str(c["SUMMARY"]) == "Open inloop"
              and "RECURRENCE-ID" not in c][0]
    assert weekly.decoded("DTSTART") == datetime(2027, 3, 23, 14, tzinfo=LOCAL_TZ)
    assert "UNTIL=20270420T120000Z" in weekly["RRULE"].to_ical().decode()


def test_drafts_never_appear_in_public_feeds(client, year):
    draft = year["draft"]
    for url in ("/agenda.ics", "/hubs/almelo/agenda.ics", "/agenda.ics?q=geheim"):
        assert "Geheim concept" not in client.get(url).text
    assert client.get(f"/events/{draft.id}.ics").status_code == 404


def test_a_cancelled_activity_stays_as_cancelled_for_a_while(app, client, hub, make_event):
    event = make_event(hub, starts_at=datetime(2027, 2, 2, 14), title="Workshop 3D-printen",
                       recurrence=Recurrence("WEEKLY", count=3))
    agenda.cancel_event(db.session, event)
    db.session.commit()

    components = vevents(client.get("/agenda.ics").data)
    assert [str(c["STATUS"]) for c in components] == ["CANCELLED"]
    instances = expand(client.get("/agenda.ics").data, YEAR_START, YEAR_END)
    assert slots(instances) == []
    assert len(slots(instances, cancelled=True)) == 3

    event.cancelled_at = utcnow() - timedelta(days=app.config["FEED_CANCELLED_DAYS"] + 1)
    db.session.commit()
    assert vevents(client.get("/agenda.ics").data) == []
    # The activity's own file still says what happened to it.
    assert str(vevents(client.get(f"/events/{event.id}.ics").data)[0]["STATUS"]) == "CANCELLED"


def test_a_long_cancelled_date_becomes_an_exdate(app, client, hub, make_event):
    event = make_event(hub, starts_at=datetime(2027, 2, 2, 14),
                       recurrence=Recurrence("WEEKLY", count=3))
    middle = event.occurrences[1]
    agenda.cancel_occurrence(db.session, middle)
    middle.cancelled_at = utcnow() - timedelta(days=app.config["FEED_CANCELLED_DAYS"] + 1)
    db.session.commit()

    (master,) = vevents(client.get("/agenda.ics").data)
    assert master.decoded("EXDATE").dts[0].dt == to_local(middle.original_start)
    instances = expand(client.get("/agenda.ics").data, YEAR_START, YEAR_END)
    assert [start for start, _, _ in slots(instances)] == [
        to_local(event.occurrences[0].starts_at), to_local(event.occurrences[2].starts_at)]


def test_public_feeds_reach_back_ninety_days(client, hub, make_event):
    today = to_local(utcnow()).date()
    recent = datetime.combine(today - timedelta(days=80), datetime.min.time()).replace(hour=10)
    old = datetime.combine(today - timedelta(days=100), datetime.min.time()).replace(hour=10)
    make_event(hub, starts_at=recent, title="Kort geleden")
    make_event(hub, starts_at=old, title="Lang geleden")
    text = client.get("/agenda.ics").text
    assert "Kort geleden" in text
    assert "Lang geleden" not in text
    assert "Lang geleden" in client.get(f"/agenda.ics?from={old:%Y-%m-%d}").text


def test_vevent_carries_every_property_a_client_needs(client, hub, make_event):
    event = make_event(hub, starts_at=datetime(2027, 6, 1, 14), title="Co-creatiesessie",
                       summary="Samen bedenken.", description="## Programma\n\n**Koffie** en "
                       "[aanmelden](https://example.nl/aanmelden).", room="Lokaal 1")
    calendar = parse(client.get("/agenda.ics").data)
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["VERSION"] == "2.0"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert "PRODID" in calendar and "X-WR-CALNAME" in calendar
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert "X-PUBLISHED-TTL" in calendar
    (timezone,) = calendar.walk("VTIMEZONE")
    assert timezone["TZID"] == "Europe/Amsterdam"

    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == event.uid
    for name in ("DTSTAMP", "LAST-MODIFIED", "SEQUENCE", "CATEGORIES", "STATUS"):
        assert name in vevent
    assert vevent["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert vevent["DTEND"].params["TZID"] == "Europe/Amsterdam"
    assert str(vevent["URL"]) == f"http://hubsite.test/events/{event.id}"
    assert vevent["CATEGORIES"].cats == ["Workshop"]
    assert str(vevent["LOCATION"]) == "Hub Almelo, Lokaal 1, Sluiskade 5, 7607 AA Almelo"
    description = str(vevent["DESCRIPTION"])
    assert description.startswith("Samen bedenken.\n\nProgramma\n\nKoffie en aanmelden "
                                  "(https://example.nl/aanmelden).")
    assert "**" not in description and "<" not in description
    assert f"http://hubsite.test/events/{event.id}" in description


def test_the_vtimezone_gives_amsterdams_offsets_for_every_date_in_the_feed(client, year):
    """A client without a zone database of its own reads the offsets from the VTIMEZONE."""
    body = client.get("/agenda.ics").data
    (timezone,) = parse(body).walk("VTIMEZONE")
    zone = timezone.to_tz()
    starts = [instance.decoded("DTSTART") for instance in expand(body, YEAR_START, YEAR_END)]
    assert len(starts) > 50
    for start in starts:
        wall_clock = start.replace(tzinfo=None)
        assert wall_clock.replace(tzinfo=zone).utcoffset() == start.utcoffset(), start
    # Both changes of 2027 are in it: winter and summer time.
    assert {s.utcoffset() for s in starts} == {timedelta(hours=1), timedelta(hours=2)}
