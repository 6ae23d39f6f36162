"""The agenda pages as visitors and hub teams use them."""

from __future__ import annotations

import html
import io
import re
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa
from flask import request
from PIL import Image as PILImage

from hubsite.agenda import services
from hubsite.agenda.models import (
    OCCURRENCE_CANCELLED,
    STATUS_CANCELLED,
    STATUS_DRAFT,
    STATUS_PUBLISHED,
    Event,
)
from hubsite.agenda.query import parse_agenda_query
from hubsite.agenda.recurrence import Recurrence
from hubsite.demo import agenda as demo_agenda
from hubsite.demo import foundation
from hubsite.extensions import db
from hubsite.media.models import Image
from hubsite.timeutil import LOCAL_TZ, to_local


def soon(days: int, hour: int = 14) -> datetime:
    """A local time `days` from today (tests that need "vandaag" and "morgen")."""
    today = datetime.now(LOCAL_TZ).date()
    return datetime.combine(today + timedelta(days=days), datetime.min.time()).replace(hour=hour)


@pytest.fixture
def gastles(make_activity_type):
    return make_activity_type("gastles", "Gastles", "Guest lecture")


@pytest.fixture
def weekly(make_event, hub):
    return make_event(hub, starts_at=datetime(2027, 10, 12, 14, 0),
                      recurrence=Recurrence("WEEKLY", weekdays=("TU",), count=5),
                      title="Open inloop dinsdag")


# --------------------------------------------------------------------------- the agenda


def test_agenda_lists_coming_activities_grouped_by_day(client, make_event, hub):
    # Still going on until the end of today, so "Vandaag" has something to show.
    make_event(hub, starts_at=soon(0, 0), ends_at=soon(0, 23) + timedelta(minutes=59),
               title="Late inloop")
    make_event(hub, starts_at=soon(1), title="Gastles morgen")
    make_event(hub, starts_at=soon(3), title="Later deze week")
    page = client.get("/agenda").get_data(as_text=True)
    assert "Vandaag" in page and "Morgen" in page
    assert page.index("Late inloop") < page.index("Gastles morgen") < page.index("Later deze week")


def test_drafts_are_hidden_from_visitors_but_shown_to_the_hub_team(client, make_event, hub, host):
    make_event(hub, starts_at=soon(2), title="Nog geheim", status=STATUS_DRAFT)
    assert "Nog geheim" not in client.get("/agenda").get_data(as_text=True)
    client.login(host)
    page = client.get("/agenda").get_data(as_text=True)
    assert "Nog geheim" in page and "Concept" in page


def test_filters_by_several_hubs_and_types_and_text(client, make_event, make_hub, hub, other_hub,
                                                    gastles):
    third = make_hub(slug="zuidhorn", name="Hub Zuidhorn")
    make_event(hub, starts_at=soon(2), title="Gastles Almelo", activity_type=gastles)
    make_event(other_hub, starts_at=soon(2), title="Gastles Utrecht", activity_type=gastles)
    make_event(third, starts_at=soon(2), title="Gastles Zuidhorn", activity_type=gastles)
    make_event(hub, starts_at=soon(2), title="Inloop Almelo")
    page = client.get("/agenda?hub=almelo&hub=utrecht&type=gastles").get_data(as_text=True)
    assert "Gastles Almelo" in page and "Gastles Utrecht" in page
    assert "Gastles Zuidhorn" not in page and "Inloop Almelo" not in page
    page = client.get("/agenda?q=zuidhorn").get_data(as_text=True)
    assert "Gastles Zuidhorn" in page and "Gastles Almelo" not in page


def test_date_range_filter(client, make_event, hub):
    make_event(hub, starts_at=datetime(2027, 5, 3, 10), title="In mei")
    make_event(hub, starts_at=datetime(2027, 6, 3, 10), title="In juni")
    page = client.get("/agenda?from=2027-06-01&to=2027-06-30").get_data(as_text=True)
    assert "In juni" in page and "In mei" not in page


def test_htmx_filter_request_gets_only_the_results(hx, make_event, hub):
    make_event(hub, starts_at=soon(2), title="Gastles")
    response = hx.get("/agenda?hub=almelo&q=&from=&to=")
    body = response.get_data(as_text=True)
    assert response.headers["HX-Push-Url"] == "/agenda?hub=almelo"
    assert response.status_code == 200
    assert "<html" not in body and 'id="agenda-results"' in body and "Gastles" in body
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize("query, message", [
    ("from=banana", "geen datum"),
    ("to=2027-13-45", "geen datum"),
    ("from=2027-06-10&to=2027-06-01", "De einddatum ligt voor de begindatum"),
    ("hub=atlantis", "Onbekende hub"),
    ("type=%3Cscript%3E", "Onbekend soort activiteit"),
    ("view=calendar", "Onbekende weergave"),
    ("after=gisteren", "vervolgpagina"),
    ("q=" + "x" * 500, "hoogstens"),
])
def test_bad_filter_values_get_a_clear_message_not_an_error(client, query, message):
    response = client.get("/agenda?" + query)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert message in body and "<script>" not in body


def test_empty_agenda_offers_a_way_out(client, hub):
    body = client.get("/agenda?hub=almelo").get_data(as_text=True)
    assert "Geen activiteiten gevonden" in body and "Wis alle filters" in body


def test_long_lists_load_more_in_pages(client, make_event, hub):
    for n in range(45):
        make_event(hub, starts_at=datetime(2027, 3, 1, 8) + timedelta(days=n), title=f"Dag {n}")
    body = client.get("/agenda").get_data(as_text=True)
    assert "Dag 39" in body and "Dag 40" not in body
    more_url = body.split('hx-get="')[-1].split('"')[0].replace("&amp;", "&")
    fragment = client.get(more_url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment and "Dag 40" in fragment and "Dag 44" in fragment
    assert "Dag 39" not in fragment
    full = client.get(more_url)  # the same link without JavaScript
    assert full.status_code == 200 and "<html" in full.get_data(as_text=True)


def test_week_view_shows_seven_days_and_marks_cancelled_dates(client, weekly):
    services.cancel_occurrence(db.session, weekly.occurrences[2], now=datetime(2027, 1, 1))
    db.session.commit()
    body = client.get("/agenda?view=week&from=2027-10-27").get_data(as_text=True)
    assert body.count('class="week__day') == 7
    assert "Open inloop dinsdag" in body and "Geannuleerd" in body
    assert "Week 43" in body


def test_month_view_shows_the_month(client, weekly):
    body = client.get("/agenda?view=month&from=2027-10-01").get_data(as_text=True)
    assert "Oktober 2027" in body
    assert body.count("Open inloop dinsdag") == 3  # 12, 19 and 26 October


def test_archive_shows_past_activities(client, make_event, hub):
    make_event(hub, starts_at=datetime(2025, 3, 1, 10), title="Lang geleden")
    assert "Lang geleden" not in client.get("/agenda").get_data(as_text=True)
    assert "Lang geleden" in client.get("/agenda?view=past").get_data(as_text=True)


def test_agenda_passes_the_filters_to_the_feed_partial(app, client, hub):
    with app.test_request_context("/agenda?hub=almelo&q=zorg"):

        query = parse_agenda_query(request.args, ["almelo"], [])
        assert query.feed_args() == {"hub": ["almelo"], "type": [], "q": "zorg", "from": "",
                                     "to": ""}


# --------------------------------------------------------------------------- activity page


def test_activity_page_shows_dates_place_and_share_link(client, weekly):
    services.cancel_occurrence(db.session, weekly.occurrences[1], now=datetime(2027, 1, 1))
    db.session.commit()
    body = client.get(f"/events/{weekly.id}").get_data(as_text=True)
    assert "Elke week op dinsdag, 5 keer" in body
    assert body.count('class="dates__item') == 5 and "Geannuleerd" in body
    assert "openstreetmap.org/search?query=" in body
    assert f"http://hubsite.test/events/{weekly.id}" in body


def test_activity_description_is_sanitised_markdown(client, make_event, hub):
    event = make_event(
        hub, description="**Vet** <script>alert(1)</script> [x](javascript:alert(1))")
    body = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "<strong>Vet</strong>" in body
    assert "<script>alert" not in body and "javascript:" not in body


def test_a_draft_is_not_found_for_visitors(client, make_event, hub, host):
    event = make_event(hub, status=STATUS_DRAFT)
    assert client.get(f"/events/{event.id}").status_code == 404
    client.login(host)
    assert client.get(f"/events/{event.id}").status_code == 200


def test_cancelled_activity_stays_visible_and_marked(client, make_event, hub):
    event = make_event(hub, starts_at=soon(3), title="Gaat niet door")
    services.cancel_event(db.session, event)
    db.session.commit()
    assert "geannuleerd" in client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "Geannuleerd" in client.get("/agenda").get_data(as_text=True)


def test_home_and_hub_pages_show_the_coming_week(client, make_event, hub):
    make_event(hub, starts_at=soon(1), title="Morgen in Almelo")
    make_event(hub, starts_at=soon(20), title="Over drie weken")
    for url in ("/", "/hubs/almelo"):
        body = client.get(url).get_data(as_text=True)
        assert "Morgen in Almelo" in body and "Over drie weken" not in body


# --------------------------------------------------------------------------- who may edit


def editing_requests(event_id: int, occurrence_id: int, hub_slug: str) -> list[tuple[str, str]]:
    return [
        ("GET", f"/hubs/{hub_slug}/activiteiten/nieuw"),
        ("POST", f"/hubs/{hub_slug}/activiteiten/nieuw"),
        ("GET", f"/events/{event_id}/bewerken"),
        ("POST", f"/events/{event_id}/bewerken"),
        ("GET", f"/events/{event_id}/dupliceer"),
        ("POST", f"/events/{event_id}/dupliceer"),
        ("POST", f"/events/{event_id}/publiceren"),
        ("GET", f"/events/{event_id}/annuleren"),
        ("POST", f"/events/{event_id}/annuleren"),
        ("GET", f"/events/{event_id}/datums/nieuw"),
        ("POST", f"/events/{event_id}/datums/nieuw"),
        ("GET", f"/events/{event_id}/datums/{occurrence_id}/wijzigen"),
        ("POST", f"/events/{event_id}/datums/{occurrence_id}/wijzigen"),
        ("GET", f"/events/{event_id}/datums/{occurrence_id}/annuleren"),
        ("POST", f"/events/{event_id}/datums/{occurrence_id}/annuleren"),
        ("POST", f"/events/{event_id}/datums/{occurrence_id}/herstellen"),
    ]


def _send(client, method: str, url: str):
    return client.get(url) if method == "GET" else client.form(url, {})


def test_every_editing_route_sends_anonymous_visitors_to_log_in(client, weekly):
    for method, url in editing_requests(weekly.id, weekly.occurrences[0].id, "almelo"):
        response = _send(client, method, url)
        assert response.status_code == 302, (method, url)
        assert response.headers["Location"].startswith("/inloggen"), (method, url)


@pytest.mark.parametrize("who", ["visitor", "other_host"])
def test_every_editing_route_refuses_people_outside_the_hub_team(request, client, weekly, who):
    client.login(request.getfixturevalue(who))
    for method, url in editing_requests(weekly.id, weekly.occurrences[0].id, "almelo"):
        assert _send(client, method, url).status_code == 403, (method, url)
    assert db.session.get(Event, weekly.id).status == STATUS_PUBLISHED


@pytest.mark.parametrize("who", ["host", "coordinator", "admin"])
def test_hub_team_and_admins_may_open_the_editing_pages(request, client, weekly, who):
    client.login(request.getfixturevalue(who))
    for method, url in editing_requests(weekly.id, weekly.occurrences[0].id, "almelo"):
        if method == "GET":
            assert client.get(url).status_code == 200, url


def test_a_date_of_another_activity_is_not_found(client, host, weekly, make_event, hub):
    other = make_event(hub)
    client.login(host)
    url = f"/events/{weekly.id}/datums/{other.occurrences[0].id}/wijzigen"
    assert client.get(url).status_code == 404


# --------------------------------------------------------------------------- creating


def event_form(activity_type, **changes) -> dict:
    data = {"activity_type": str(activity_type.id), "title": "Open inloop",
            "summary": "Kom langs", "description": "Welkom!", "date": "2027-10-12",
            "start_time": "14:00", "end_time": "16:00", "repeat": "WEEKLY", "interval": "1",
            "weekdays": ["TU"], "monthly_by": "date", "ends": "count", "count": "5",
            "room": "Werkplaats", "organisation": "", "audience": ["mbo", "bedrijven"],
            "action": "publish"}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_host_creates_a_weekly_activity(client, host, hub, gastles):
    client.login(host)
    response = client.form("/hubs/almelo/activiteiten/nieuw", event_form(gastles))
    assert response.status_code == 302
    event = db.session.scalar(sa.select(Event))
    assert event.status == STATUS_PUBLISHED and event.created_by_id == host.id
    assert event.audience == "mbo,bedrijven"
    assert [to_local(o.starts_at).strftime("%d-%m %H:%M") for o in event.occurrences] == [
        "12-10 14:00", "19-10 14:00", "26-10 14:00", "02-11 14:00", "09-11 14:00"]


def test_save_as_draft(client, host, hub, gastles):
    client.login(host)
    client.form("/hubs/almelo/activiteiten/nieuw", event_form(gastles, action="draft"))
    assert db.session.scalar(sa.select(Event.status)) == STATUS_DRAFT


@pytest.mark.parametrize("changes, message", [
    ({"end_time": "13:00"}, "Het einde moet na het begin liggen"),
    ({"ends": "until", "until": "2027-10-01"}, "geen enkele datum"),
    ({"title": "x" * 10 * 1024 * 1024}, "hoogstens 200 tekens"),
    ({"title": ""}, "Vul een titel in"),
    ({"date": "banaan"}, "Ongeldige datum"),
    ({"capacity": "-3"}, "Kies een aantal"),
    ({"online_url": "javascript:alert(1)"}, "volledige link"),
    ({"repeat": "HOURLY"}, "Ongeldige keuze"),
])
def test_invalid_activity_gets_a_message_next_to_the_field(client, host, hub, gastles, changes,
                                                           message):
    client.login(host)
    response = client.form("/hubs/almelo/activiteiten/nieuw", event_form(gastles, **changes))
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert 'class="error"' in body
    assert message in body or message.lower() in body.lower()
    assert db.session.scalar(sa.select(sa.func.count(Event.id))) == 0


def png_bytes(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGBA", size, (200, 80, 20, 128)).save(out, "PNG")
    return out.getvalue()


def test_a_picture_is_checked_re_encoded_and_served_with_caching(client, host, hub, gastles):
    client.login(host)
    data = event_form(gastles, image_alt="Studenten aan een tafel")
    data["image"] = (io.BytesIO(png_bytes()), "foto.png")
    response = client.form("/hubs/almelo/activiteiten/nieuw", data,
                           content_type="multipart/form-data")
    assert response.status_code == 302
    image = db.session.scalar(sa.select(Image))
    assert image.content_type == "image/jpeg" and (image.width, image.height) == (40, 30)
    served = client.get(f"/images/{image.id}")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert "max-age=31536000" in served.headers["Cache-Control"]
    again = client.get(f"/images/{image.id}", headers={"If-None-Match": served.headers["ETag"]})
    assert again.status_code == 304
    assert 'alt="Studenten aan een tafel"' in client.get(
        f"/events/{db.session.scalar(sa.select(Event.id))}").get_data(as_text=True)


def test_a_non_image_upload_is_refused_next_to_the_field(client, host, hub, gastles):
    client.login(host)
    data = event_form(gastles, image_alt="Iets")
    data["image"] = (io.BytesIO(b"%PDF-1.4 not a picture"), "foto.png")
    response = client.form("/hubs/almelo/activiteiten/nieuw", data,
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert "geen afbeelding die we kunnen gebruiken" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Image.id))) == 0


def test_a_picture_needs_alt_text(client, host, hub, gastles):
    client.login(host)
    data = event_form(gastles)
    data["image"] = (io.BytesIO(png_bytes()), "foto.png")
    response = client.form("/hubs/almelo/activiteiten/nieuw", data,
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Beschrijf wat er op de afbeelding te zien is" in response.get_data(as_text=True)


# --------------------------------------------------------------------------- changing


def test_editing_all_dates_keeps_the_rows(client, host, weekly, gastles):
    client.login(host)
    ids = [o.id for o in weekly.occurrences]
    response = client.form(f"/events/{weekly.id}/bewerken",
                           event_form(gastles, title="Open inloop (nieuw)", start_time="15:00",
                                      end_time="17:00"))
    assert response.status_code == 302
    db.session.expire_all()
    event = db.session.get(Event, weekly.id)
    assert event.title == "Open inloop (nieuw)"
    assert [o.id for o in event.occurrences] == ids
    assert {to_local(o.starts_at).hour for o in event.occurrences} == {15}


def test_edit_form_is_prefilled_with_the_series(client, host, weekly):
    client.login(host)
    body = client.get(f"/events/{weekly.id}/bewerken").get_data(as_text=True)
    assert 'value="2027-10-12"' in body and 'value="14:00"' in body
    assert '<option selected value="WEEKLY">' in body or 'value="WEEKLY" selected' in body


def test_moving_one_date(client, host, weekly):
    client.login(host)
    second = weekly.occurrences[1]
    response = client.form(f"/events/{weekly.id}/datums/{second.id}/wijzigen", {
        "scope": "this", "date": "2027-10-21", "start_time": "10:00", "end_time": "12:00",
        "title": weekly.title, "room": "", "address": "", "note": "Een dag later"})
    assert response.status_code == 302
    db.session.expire_all()
    body = client.get(f"/events/{weekly.id}").get_data(as_text=True)
    assert "Verplaatst" in body and "Een dag later" in body


def test_changing_this_and_following_dates_splits_the_series(client, host, weekly):
    client.login(host)
    third = weekly.occurrences[2]
    response = client.form(f"/events/{weekly.id}/datums/{third.id}/wijzigen", {
        "scope": "following", "date": "2027-10-26", "start_time": "10:00", "end_time": "12:00",
        "title": "Ochtendinloop", "room": "", "address": ""})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Event.id))) == 2


def test_another_day_for_all_dates_gets_a_message(client, host, weekly):
    client.login(host)
    second = weekly.occurrences[1]
    response = client.form(f"/events/{weekly.id}/datums/{second.id}/wijzigen", {
        "scope": "all", "date": "2027-10-21", "start_time": "14:00", "end_time": "16:00",
        "title": weekly.title})
    assert response.status_code == 422
    assert "alleen voor deze ene datum" in response.get_data(as_text=True)


def test_cancel_and_restore_one_date(client, host, weekly):
    client.login(host)
    third = weekly.occurrences[2]
    client.form(f"/events/{weekly.id}/datums/{third.id}/annuleren", {"note": "Studiedag"})
    db.session.expire_all()
    assert db.session.get(type(third), third.id).status == OCCURRENCE_CANCELLED
    client.form(f"/events/{weekly.id}/datums/{third.id}/herstellen")
    db.session.expire_all()
    assert db.session.get(type(third), third.id).status != OCCURRENCE_CANCELLED


def test_cancel_the_whole_activity(client, host, weekly):
    client.login(host)
    assert client.form(f"/events/{weekly.id}/annuleren").status_code == 302
    db.session.expire_all()
    assert db.session.get(Event, weekly.id).status == STATUS_CANCELLED


def test_add_an_extra_date(client, host, weekly):
    client.login(host)
    response = client.form(f"/events/{weekly.id}/datums/nieuw", {
        "date": "2027-12-01", "start_time": "14:00", "end_time": "16:00"})
    assert response.status_code == 302
    db.session.expire_all()
    assert len(db.session.get(Event, weekly.id).occurrences) == 6


def test_an_extra_date_in_the_past_gets_a_message(client, host, weekly):
    client.login(host)
    response = client.form(f"/events/{weekly.id}/datums/nieuw", {
        "date": "2020-12-01", "start_time": "14:00", "end_time": "16:00"})
    assert response.status_code == 422 and "toekomst" in response.get_data(as_text=True)


def test_duplicate_makes_a_draft_copy(client, host, weekly, gastles):
    client.login(host)
    body = client.get(f"/events/{weekly.id}/dupliceer").get_data(as_text=True)
    assert "Open inloop dinsdag" in body
    response = client.form(f"/events/{weekly.id}/dupliceer",
                           event_form(gastles, title="Open inloop dinsdag", date="2028-01-04"))
    assert response.status_code == 302
    copy = db.session.scalar(sa.select(Event).where(Event.id != weekly.id))
    assert copy.status == STATUS_DRAFT and copy.duplicated_from_id == weekly.id


def test_publish_a_draft(client, host, make_event, hub):
    event = make_event(hub, status=STATUS_DRAFT)
    client.login(host)
    assert client.form(f"/events/{event.id}/publiceren").status_code == 302
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == STATUS_PUBLISHED


def test_demo_seed_is_idempotent(app, hub):
    foundation.seed(db.session)
    first = demo_agenda.seed(db.session, today=date(2027, 1, 4))
    again = demo_agenda.seed(db.session, today=date(2027, 1, 4))
    db.session.commit()
    assert first.startswith("agenda: 23") and again.startswith("agenda: 0")
    titles = set(db.session.scalars(sa.select(Event.title)))
    assert "Stadscafé: gastvrijheid in de binnenstad" in titles


def test_a_huge_title_for_one_date_gets_a_message(client, host, weekly):
    client.login(host)
    second = weekly.occurrences[1]
    response = client.form(f"/events/{weekly.id}/datums/{second.id}/wijzigen", {
        "scope": "this", "date": "2027-10-19", "start_time": "14:00", "end_time": "16:00",
        "title": "x" * 10 * 1024 * 1024})
    assert response.status_code == 422
    assert "hoogstens 200 tekens" in response.get_data(as_text=True)


# --------------------------------------------------------------------------- finding


def named_links(body: str) -> dict[str, str]:
    """Every link of a page by the name a screen reader says (aria-hidden parts left out)."""
    found = {}
    for attrs, inner in re.findall(r"<a\b([^>]*)>(.*?)</a>", body, flags=re.S):
        href = re.search(r'href="([^"]*)"', attrs)
        inner = re.sub(r'<span[^>]*aria-hidden="true"[^>]*>.*?</span>', "", inner, flags=re.S)
        name = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inner)).split())
        if href:
            found[name] = html.unescape(href.group(1))
    return found


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_the_list_says_how_many_dates_match_across_all_its_pages(client, make_event, hub,
                                                                 other_hub):
    for n in range(45):  # more than one page of 40
        make_event(hub, starts_at=soon(1 + n % 20, 9 + n % 8), title=f"Almelo {n}")
    make_event(other_hub, starts_at=soon(2), title="Utrecht")
    make_event(hub, starts_at=soon(-3), title="Voorbij")
    assert "46 activiteiten" in client.get("/agenda").get_data(as_text=True)
    assert "45 activiteiten" in client.get("/agenda?hub=almelo").get_data(as_text=True)
    assert "1 activiteit in het archief" in client.get(
        "/agenda?view=past").get_data(as_text=True)
    assert "0 activiteiten" in client.get("/agenda?q=nergens").get_data(as_text=True)


def test_the_list_shows_how_each_date_stands_for_booking(client, make_event, hub):
    make_event(hub, starts_at=soon(2), title="Met reserveren", booking_required=True,
               capacity=12)
    body = client.get("/agenda").get_data(as_text=True)
    assert "Nog 12 plaatsen vrij" in body


def test_each_filter_chip_drops_exactly_its_own_filter(client, hub, other_hub, gastles):
    url = "/agenda?hub=almelo&hub=utrecht&type=gastles&q=zorg&from=2027-06-01&to=2027-06-30"
    links = named_links(client.get(url).get_data(as_text=True))
    everything = {"hub": ["almelo", "utrecht"], "type": ["gastles"], "q": ["zorg"],
                  "from": ["2027-06-01"], "to": ["2027-06-30"]}
    expected = {
        f"Verwijder filter {hub.name}": {**everything, "hub": ["utrecht"]},
        f"Verwijder filter {other_hub.name}": {**everything, "hub": ["almelo"]},
        "Verwijder filter Gastles": {k: v for k, v in everything.items() if k != "type"},
        "Verwijder filter ‘zorg’": {k: v for k, v in everything.items() if k != "q"},
        "Verwijder filter Vanaf 1 jun 2027": {k: v for k, v in everything.items()
                                              if k != "from"},
        "Verwijder filter T/m 30 jun 2027": {k: v for k, v in everything.items() if k != "to"},
    }
    for name, args in expected.items():
        assert query_of(links[name]) == args, name
    assert "Wis alle filters" in links


def test_no_filter_no_chips(client, hub):
    body = client.get("/agenda").get_data(as_text=True)
    assert "Verwijder filter" not in body


def test_quick_periods_set_from_and_to_and_mark_the_one_chosen(client, hub):
    today = datetime.now(LOCAL_TZ).date()
    tomorrow = (today + timedelta(days=1)).isoformat()
    body = client.get("/agenda?hub=almelo").get_data(as_text=True)
    links = named_links(body)
    assert query_of(links["Morgen"]) == {"hub": ["almelo"], "from": [tomorrow], "to": [tomorrow]}
    sunday = today + timedelta(days=6 - today.weekday())
    assert query_of(links["Deze week"])["to"] == [sunday.isoformat()]
    next_monday = sunday + timedelta(days=1)
    assert query_of(links["Volgende week"]) == {
        "hub": ["almelo"], "from": [next_monday.isoformat()],
        "to": [(next_monday + timedelta(days=6)).isoformat()]}
    assert 'aria-current="true"' not in body

    chosen = client.get(links["Morgen"]).get_data(as_text=True)
    assert re.search(r'<a class="chip is-active" href="[^"]*"[^>]*aria-current="true">Morgen',
                     chosen)
    # The chosen period is one chip, which removes both dates.
    assert query_of(named_links(chosen)["Verwijder filter Morgen"]) == {"hub": ["almelo"]}


def test_a_form_sent_without_javascript_is_redirected_to_its_tidy_url(client, hub):
    response = client.get("/agenda?q=&hub=almelo&hub=&from=&to=&view=list")
    assert response.status_code == 302
    assert response.headers["Location"] == "/agenda?hub=almelo&view=list"
    assert client.get("/agenda?hub=almelo&view=list").status_code == 200
    # A value that is wrong is kept, so the page can say what was wrong with it.
    response = client.get("/agenda?from=banaan&to=")
    assert response.headers["Location"] == "/agenda?from=banaan"
    assert "geen datum" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_without_javascript_the_filter_panel_is_open_and_has_its_submit(client, hub):
    body = client.get("/agenda").get_data(as_text=True)
    panel = re.search(r'<details class="agenda-panel"[^>]*>', body).group(0)
    assert " open" in panel
    assert "Toon activiteiten" in body.split(panel, 1)[1].split("</details>", 1)[0]


def test_the_subscribe_panel_comes_before_the_list(client, make_event, hub):
    make_event(hub, starts_at=soon(2), title="Eerste activiteit")
    body = client.get("/agenda").get_data(as_text=True)
    assert body.index("Abonneren") < body.index("Eerste activiteit")


def test_the_month_grid_links_a_full_day_to_its_list(client, make_event, hub):
    day = soon(3).replace(hour=8)
    for n in range(6):
        make_event(hub, starts_at=day + timedelta(hours=n), title=f"Sessie {n}")
    body = client.get(f"/agenda?view=month&from={day.date().isoformat()}").get_data(as_text=True)
    assert "Sessie 3" in body and "Sessie 4" not in body
    more = next(url for name, url in named_links(body).items() if name.startswith("+ 2 meer"))
    assert query_of(more) == {"from": [day.date().isoformat()], "to": [day.date().isoformat()]}


def test_a_form_with_mistakes_lists_them_all_linked_to_their_fields(client, host, hub, gastles):
    client.login(host)
    response = client.form("/hubs/almelo/activiteiten/nieuw",
                           event_form(gastles, title="", date="banaan"))
    body = response.get_data(as_text=True)
    summary = re.search(r'<div class="notice notice--error error-summary" role="alert".*?</div>',
                        body, flags=re.S).group(0)
    assert "Er ging iets mis bij 2 velden" in summary
    targets = re.findall(r'href="#([^"]+)"', summary)
    assert sorted(targets) == ["date", "title"]
    for target in targets:
        assert f'id="{target}"' in body
    assert re.search(r'<h2[^>]*tabindex="-1"[^>]*autofocus', summary)
