"""The year plan: the school year in dagdelen with the public holidays and the school
holidays of the hub's region (checked against the data file), printable, as a feed."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, timedelta

from flask_babel import force_locale, format_date

from hubsite import holiday_calendar
from hubsite.extensions import db
from hubsite.holiday_calendar import school_year_bounds
from hubsite.timeutil import local_today
from tests.conftest import counted_queries


def _page(client, url: str) -> str:
    """The page's text (tags left out), as a reader sees it."""
    return html.unescape(re.sub(r"<[^>]+>", "", client.get(url).get_data(as_text=True)))


def test_the_hubs_year_plan_shows_the_holidays_of_its_region(client, hub):
    hub.region = "zuid"
    db.session.commit()
    first, last = school_year_bounds(local_today())
    page = _page(client, f"/hubs/{hub.slug}/jaarplanning")
    assert f"Jaarplanning {first.year}-{last.year}" in page
    data = holiday_calendar.school_holiday_data()
    year = next(y for y in data.years if y.first == first)
    with client.application.test_request_context(), force_locale("nl"):
        for _kind, region, start, end in year.holidays:
            shown = (f"{format_date(start, 'd MMMM')} – {format_date(end, 'd MMMM')} "
                     f"(regio {holiday_calendar.REGION_LABELS[region]})")
            assert (shown in page) == (region == "zuid"), shown
        for holiday in holiday_calendar.public_holidays(first, last):
            assert f"{holiday.name}: {format_date(holiday.first, 'EEEE d MMMM')}" in page
    assert "Koningsdag" in page


def test_beyond_the_data_file_it_says_so(client, hub):
    hub.region = "midden"
    db.session.commit()
    last_day = holiday_calendar.school_holiday_data().last_covered_day
    later = f"{last_day.year + 1}-{last_day.year + 2}"
    page = _page(client, f"/hubs/{hub.slug}/jaarplanning?jaar={later}")
    assert "zijn nog niet bekend" in page
    assert "Kerstvakantie" not in page
    assert "Eerste kerstdag" in page  # public holidays are always known


def test_activities_show_in_their_dagdeel_and_the_feed_has_the_holidays(client, hub,
                                                                        make_event):
    hub.region = "noord"
    start = datetime.combine(local_today() + timedelta(days=3), datetime.min.time()).replace(
        hour=19)
    make_event(hub, starts_at=start, title="Avond van de ondernemers")
    page = _page(client, f"/hubs/{hub.slug}/jaarplanning")
    assert "avond: Avond van de ondernemers" in page  # the cell's words for a screen reader
    feed = client.get(f"/hubs/{hub.slug}/jaarplanning.ics")
    assert feed.mimetype == "text/calendar"
    body = feed.get_data(as_text=True)
    assert "SUMMARY:Koningsdag" in body and "Avond van de ondernemers" in body
    assert "SUMMARY:Kerstvakantie" in body


def test_the_year_plan_prints_on_a4_landscape(client):
    css = client.get("/static/css/collaboration.css").get_data(as_text=True)
    assert "size: A4 landscape" in css
    page = client.get("/jaarplanning").get_data(as_text=True)
    assert re.search(r"css/collaboration\.([0-9a-f]{12}\.)?css", page) and "data-print" in page


def test_a_school_year_runs_from_august_to_july():
    assert school_year_bounds(date(2026, 7, 31)) == (date(2025, 8, 1), date(2026, 7, 31))
    assert school_year_bounds(date(2026, 8, 1)) == (date(2026, 8, 1), date(2027, 7, 31))


def test_a_nonsense_year_shows_this_year(client):
    assert client.get("/jaarplanning?jaar=<script>").status_code == 200
    assert client.get("/jaarplanning?regio=mars").status_code == 200
    assert client.get("/hubs/nope/jaarplanning").status_code == 404


def test_the_year_plan_takes_the_same_number_of_queries_for_more_activities(
        client, hub, other_hub, make_event, make_offer):
    def count() -> int:
        db.session.expire_all()
        with counted_queries() as statements:
            assert client.get("/jaarplanning").status_code == 200
        return len(statements)

    make_event(hub, title="Eerste")
    make_offer()
    few = count()
    for n in range(4):
        make_event(other_hub, title=f"Meer {n}",
                   starts_at=datetime.combine(local_today() + timedelta(days=10 + n),
                                              datetime.min.time()).replace(hour=9))
        make_offer(other_hub, title=f"Aanbod {n}")
    assert count() == few
