"""Partners betrekken: who has been quiet, who fits an activity but did not book, and the
one-click log entry with its mail draft."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import sqlalchemy as sa

from hubsite.bookings.models import Booking
from hubsite.extensions import db
from hubsite.organisations.models import ContactLogEntry
from hubsite.partners.models import Outreach
from hubsite.timeutil import local_today
from tests.conftest import field_error

URL = "/partners/betrekken"


def _section(page: str, section_id: str) -> str:
    start = page.index(f'id="{section_id}"')
    return page[start:page.index("</section>", start)]


def _names(html_part: str) -> list[str]:
    return [html.unescape(n) for n in re.findall(r'<div class="involve-row__who">\s*<a [^>]*>'
                                                 r'<strong>(.*?)</strong>', html_part)]


def _quiet_names(page: str) -> list[str]:
    return _names(_section(page, "stil"))


def test_quiet_partners_longest_silence_first_every_status(client, coordinator, make_partner):
    today = local_today()
    make_partner("Recent Bedrijf", last_contact=today - timedelta(days=20))
    make_partner("Half Jaar", last_contact=today - timedelta(days=200), status="geinteresseerd")
    make_partner("Twee Jaar", last_contact=today - timedelta(days=730), status="slapend")
    make_partner("Nooit Gesproken", status="slapend")
    client.login(coordinator)

    page = client.get(URL).get_data(as_text=True)

    assert _quiet_names(page) == ["Nooit Gesproken", "Twee Jaar", "Half Jaar"]
    assert "Slapend" in page and "Geïnteresseerd" in page


def test_the_number_of_months_comes_from_the_url(client, coordinator, make_partner):
    today = local_today()
    make_partner("Half Jaar", last_contact=today - timedelta(days=200))
    make_partner("Twee Maanden", last_contact=today - timedelta(days=70))
    client.login(coordinator)

    assert _quiet_names(client.get(URL + "?maanden=1").get_data(as_text=True)) == [
        "Half Jaar", "Twee Maanden"]
    assert _quiet_names(client.get(URL + "?maanden=12").get_data(as_text=True)) == []


def test_the_default_number_of_months_is_a_setting(app, client, coordinator, make_partner):
    make_partner("Twee Maanden", last_contact=local_today() - timedelta(days=70))
    client.login(coordinator)
    assert _quiet_names(client.get(URL).get_data(as_text=True)) == []
    app.config["PARTNERS_STALE_MONTHS"] = 2
    assert _quiet_names(client.get(URL).get_data(as_text=True)) == ["Twee Maanden"]


def test_a_bad_number_of_months_gets_a_message_next_to_the_field(client, coordinator):
    client.login(coordinator)
    for bad in ("0", "abc", "999", "99999999999"):
        response = client.get(f"{URL}?maanden={bad}")
        assert response.status_code == 422, bad
        assert field_error(response.get_data(as_text=True), "maanden"), bad


def test_only_hub_teams_see_the_page(client, visitor):
    assert client.get(URL).status_code in (302, 401)
    client.login(visitor)
    assert client.get(URL).status_code == 403


def test_a_host_sees_only_the_partners_of_their_own_hub(client, host, other_hub, make_partner):
    make_partner("Eigen Partner")
    make_partner("Andere Partner", hubs=[other_hub])
    client.login(host)
    assert _quiet_names(client.get(URL).get_data(as_text=True)) == ["Eigen Partner"]


def test_partners_that_fit_an_activity_but_did_not_book(client, coordinator, hub, other_hub,
                                                        make_partner, make_event,
                                                        make_activity_type):
    gastles = make_activity_type("gastles", "Gastles", "Guest lesson")
    event = make_event(hub, title="Brood bakken met de horecaklas", activity_type=gastles)
    make_partner("Biedt Gastles", offers="gastles", status="slapend")
    make_partner("Thema Brood", themes="brood, koffie", email="info@thema.example.nl")
    make_partner("Geboekt", themes="brood", email="geboekt@example.nl")
    make_partner("Past Niet", themes="metaal")
    make_partner("Andere Regio", themes="brood", hubs=[other_hub])
    db.session.add(Booking(occurrence=event.occurrences[0], name="X", email="geboekt@example.nl"))
    db.session.commit()
    client.login(coordinator)

    page = client.get(URL).get_data(as_text=True)
    activity = _section(page, "passend")
    assert activity.count('class="involve-activity"') == 1
    assert "Brood bakken met de horecaklas" in activity
    assert sorted(_names(activity)) == ["Biedt Gastles", "Thema Brood"]
    assert "thema brood" in activity
    assert "biedt gastles aan" in activity


def test_one_click_notes_the_contact_in_place_with_htmx(hx, coordinator, hub, make_partner,
                                                        make_event):
    event = make_event(hub, title="Koffie proeven")
    partner = make_partner("Koffiebranderij", themes="koffie", email="info@koffie.example.nl")
    hx.login(coordinator)
    page = hx.get(URL).get_data(as_text=True)
    assert "Koffiebranderij" in page

    response = hx.form(f"/organisaties/{partner.slug}/benaderd", {"event": event.id})

    assert response.status_code == 200
    assert "Genoteerd" in response.get_data(as_text=True)
    assert f'id="benaderd-{partner.id}-{event.id}"' in response.get_data(as_text=True)
    entry = db.session.scalar(sa.select(ContactLogEntry).where(
        ContactLogEntry.organisation_id == partner.id))
    assert "Koffie proeven" in entry.text and entry.author_id == coordinator.id
    assert db.session.scalar(sa.select(Outreach.event_id)) == event.id
    # The partner is no longer quiet, and shows as approached for the activity.
    page = hx.get(URL).get_data(as_text=True)
    assert "benaderd op" in page


def test_without_javascript_the_click_redirects_back(client, coordinator, make_partner):
    partner = make_partner("Stil Bedrijf")
    client.login(coordinator)
    response = client.form(f"/organisaties/{partner.slug}/benaderd",
                           {"next": URL + "?maanden=3"})
    assert response.status_code == 303 and response.headers["Location"].endswith("?maanden=3")
    assert _quiet_names(client.get(URL).get_data(as_text=True)) == []


def test_the_click_needs_csrf_and_a_team(client, visitor, coordinator, make_partner):
    partner = make_partner("Stil Bedrijf")
    client.login(coordinator)
    assert client.post(f"/organisaties/{partner.slug}/benaderd").status_code == 400
    client.login(visitor)
    assert client.form(f"/organisaties/{partner.slug}/benaderd").status_code == 403
    assert client.form(f"/organisaties/{partner.slug}/benaderd",
                       {"event": "zomaar"}).status_code in (403, 404)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ContactLogEntry)) == 0


def test_the_mail_draft_is_addressed_to_the_point_of_contact(client, coordinator, hub,
                                                           make_partner, make_event):
    event = make_event(hub, title="Koffie proeven")
    make_partner("Koffiebranderij", themes="koffie", email="info@koffie.example.nl")
    client.login(coordinator)
    page = client.get(URL).get_data(as_text=True)
    links = [html.unescape(link) for link in re.findall(r'href="(mailto:[^"]*)"', page)]
    about_event = [link for link in links if "Uitnodiging: Koffie" in parse_qs(urlsplit(link).query)
                   .get("subject", [""])[0]]
    assert about_event, links
    parts = urlsplit(about_event[0])
    assert parts.path == "info@koffie.example.nl"
    body = parse_qs(parts.query)["body"][0]
    assert "Beste Contact Koffiebranderij," in body and f"/events/{event.id}" in body
    assert coordinator.name in body
