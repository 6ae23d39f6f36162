"""A line break in a one-line field (old data, or a hand-made POST) never breaks a feed.

Browsers strip line breaks from `<input>` fields, but the database may hold
them; whatever it holds, the feeds answer, and iCalendar's own escaping
writes the text, so a calendar client reads back what was stored (a carriage
return read as a line feed).
"""

from __future__ import annotations

from datetime import datetime

import pytest
from icalendar.parser import Contentlines

from hubsite.agenda.recurrence import Recurrence
from hubsite.extensions import db
from hubsite.feeds.ical import occurrence_calendar
from tests.feeds.helpers import vevents

BREAKS = ["\n", "\r\n", "\r"]


@pytest.fixture
def series(hub, make_event):
    return make_event(hub, starts_at=datetime(2027, 3, 2, 14), title="Open inloop",
                      room="Kantine", recurrence=Recurrence("WEEKLY", weekdays=("TU",), count=4))


def feed_urls(series) -> list[str]:
    return ["/hubs/almelo/agenda.ics", "/agenda.ics?hub=almelo", "/agenda.ics",
            f"/events/{series.id}.ics"]


def calendar_names(body: bytes) -> set[str]:
    """NAME and X-WR-CALNAME as a client reads them, from the (unfolded) content lines."""
    parts = [line.parts() for line in Contentlines.from_ical(body.decode()) if line]
    names = {name: value for name, _params, value in parts if name in ("NAME", "X-WR-CALNAME")}
    assert len(names) == 2
    return set(names.values())


@pytest.mark.parametrize("line_break", BREAKS)
def test_an_activity_title_with_a_line_break_is_written_escaped(client, series, line_break):
    series.title = f"Open{line_break}inloop"
    db.session.commit()
    for url in feed_urls(series):
        response = client.get(url)
        assert response.status_code == 200, url
        assert {str(v["SUMMARY"]) for v in vevents(response.data)} == {"Open\ninloop"}, url
    assert calendar_names(client.get(f"/events/{series.id}.ics").data) == {"Open\ninloop"}


@pytest.mark.parametrize("line_break", BREAKS)
def test_a_date_with_a_line_break_in_its_title_and_room_is_written_escaped(client, series,
                                                                            line_break):
    occurrence = series.occurrences[1]
    occurrence.title_override = f"Open{line_break}inloop"
    occurrence.room_override = f"Zaal{line_break}3"
    db.session.commit()
    for url in feed_urls(series):
        response = client.get(url)
        assert response.status_code == 200, url
        (changed,) = [v for v in vevents(response.data) if "RECURRENCE-ID" in v]
        assert str(changed["SUMMARY"]) == "Open\ninloop", url
        assert str(changed["LOCATION"]).startswith("Hub Almelo, Zaal\n3, "), url


@pytest.mark.parametrize("line_break", BREAKS)
def test_a_hub_name_with_a_line_break_names_the_calendar_escaped(client, series, line_break):
    series.hub.name = f"Hub{line_break}Almelo"
    db.session.commit()
    for url in feed_urls(series):
        response = client.get(url)
        assert response.status_code == 200, url
        assert all(str(v["LOCATION"]).startswith("Hub\nAlmelo, Kantine")
                   for v in vevents(response.data)), url
    for url in ("/hubs/almelo/agenda.ics", "/agenda.ics?hub=almelo"):
        (name,) = calendar_names(client.get(url).data)
        assert name.startswith("Hub\nAlmelo"), url


@pytest.mark.parametrize("title", ["Open\ninloop", "Open\r\ninloop", 'Open "inloop"; deel\t2',
                                   "Opén\x1binloop\x7f"])
def test_the_download_name_of_an_activity_is_a_safe_header(client, series, title):
    series.title = title
    db.session.commit()
    response = client.get(f"/events/{series.id}.ics")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    assert disposition.isascii() and disposition.isprintable()
    assert disposition.endswith(('inloop.ics"', 'inloop-deel-2.ics"'))


@pytest.mark.parametrize("line_break", BREAKS)
def test_the_ics_of_a_booking_mail_survives_a_line_break_in_the_title(app, series, line_break):
    occurrence = series.occurrences[0]
    occurrence.title_override = f"Open{line_break}inloop"
    db.session.commit()
    body = occurrence_calendar(occurrence, "http://hubsite.test")
    assert calendar_names(body) == {"Open\ninloop"}
    assert [str(v["SUMMARY"]) for v in vevents(body)] == ["Open\ninloop"]
