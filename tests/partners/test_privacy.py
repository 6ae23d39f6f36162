"""The partner file's private part never reaches a visitor, on any route of the URL map.

A partner is seeded with distinctive contact persons, phone numbers, e-mail addresses, a
contact log, a status, notes and a digest subscription, and linked to everything that can
show an organisation: an activity and its date, a booking, a project (as client and as
partner, with a deelproject), a question, the hub's board, a logo. Then *every* GET route
of the app is fetched — each URL argument filled from that seed, so no route is skipped —
as a visitor and as someone logged in without a team, together with the searches, the
filters, the feeds and the exports. None of the private strings may appear.

(tests/organisations/test_access.py covers the routes whose arguments are a slug, an
activity and a token; this test fills every argument and fails when a new route's
argument is unknown, so the next route cannot slip past it.)
"""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from hubsite.bookings.models import Booking
from hubsite.collaboration import services as collaboration
from hubsite.extensions import db
from hubsite.media.services import store_image
from hubsite.onsite.screens import renew_link
from hubsite.organisations.models import Organisation
from hubsite.organisations.services import add_contact, add_log_entry
from hubsite.pinboard import boards, posts
from hubsite.pinboard.posts import Viewer
from hubsite.projects import services as projects
from hubsite.questions import services as questions
from tests.projects.conftest import png_bytes

EMAIL = "wilhelmina.vertrouwelijk@geheimpartner.example.nl"
SECOND_EMAIL = "tweede.contact@geheimpartner.example.nl"
PHONE = "+31 6 9137 2846"
SECOND_PHONE = "0546-918273"
NAME = "Wilhelmina Vertrouwelijk"
ROLE = "hoofd verborgen zaken"
LOG = "Belde over de vertrouwelijke begroting van 2027"
SECOND_LOG = "Bezocht op de besloten directiedag"
LIMITATION = "Nooit op woensdagen, zegt de directie"
OFFERS_NOTE = "Rondleiding door het geheime lab"
THEME = "kwantumbakkerij"
KVK = "91827364"
# The status shows as its label (the value "slapend" can be part of a URL a page echoes).
STATUS_LABELS = ("Slapend", "slapend)", "Dormant")

SECRETS = (EMAIL, SECOND_EMAIL, PHONE, SECOND_PHONE, NAME, ROLE, LOG, SECOND_LOG, LIMITATION,
           OFFERS_NOTE, THEME, KVK, "geheimpartner", *STATUS_LABELS)

# Searches, filters and views that the URL map does not spell out.
EXTRA_URLS = (
    "/organisaties?q=Kwantum", "/organisaties?status=slapend", "/organisaties?kind=ondernemers",
    "/agenda?q=Kwantum", "/agenda?view=week", "/agenda?view=month", "/agenda.ics?q=Kwantum",
    "/projects?q=Kwantum", "/projects?q=brood", "/organisaties/export.csv",
    "/organisaties/export.xlsx", "/sitemap.xml", "/?q=Kwantum",
)


@pytest.fixture
def seeded(app, hub, coordinator, visitor, make_event, make_user):
    """The partner with its private data, and one of everything that can link to it."""
    logo = store_image(db.session, png_bytes())
    partner = Organisation(
        slug="kwantum-bakkerij", name="Kwantum Bakkerij", kind="ondernemers", city="Almelo",
        website="https://www.kwantum.example.org", description="Brood uit de toekomst.",
        kvk_number=KVK, status="slapend", offers="bedrijfsbezoek,gastles",
        offers_note=OFFERS_NOTE, limitations=LIMITATION, themes=THEME, logo=logo)
    partner.hubs = [hub]
    db.session.add(partner)
    db.session.flush()
    contact = add_contact(db.session, partner, NAME, ROLE, EMAIL, PHONE, hub, True)
    add_contact(db.session, partner, "Tweede Contactpersoon", "", SECOND_EMAIL, SECOND_PHONE)
    add_log_entry(db.session, partner, coordinator, date(2026, 11, 2), LOG)
    add_log_entry(db.session, partner, coordinator, date(2026, 10, 2), SECOND_LOG)

    event = make_event(hub, title="Open dag bij de bakker", organisation_id=partner.id,
                       booking_required=True, capacity=20)
    occurrence = event.occurrences[0]
    booking = Booking(occurrence=occurrence, name="Gast Gastmans", email="gast@example.org",
                      organisation="Kwantum Bakkerij")
    db.session.add(booking)

    project = projects.create_project(db.session, hub, "Brood voor de buurt", status="afgerond",
                                      client_id=partner.id, what="Een **broodproject**.")
    project_partner = projects.add_partner(db.session, project, partner, "Leverde deeg")
    programme = projects.find_or_add_programme(db.session, "Bakker", "mbo-2")
    subproject = projects.add_subproject(db.session, project, "Deeg", "Kneden", programme.id)
    project.programmes.append(programme)

    question = questions.submit_question(db.session, questions.Asked(
        organisation_name="Kwantum Bakkerij", contact_name="Vraag Steller",
        email="vraag@example.org", phone="", title="Een broodvraag", what="Wie bakt mee?",
        hub=hub))
    question.organisation_id = partner.id

    offer = collaboration.save_offer(db.session, hub, None, collaboration.OfferValues(
        kind="gastles", title="Gastles bakken", what="Vertel over brood.", dayparts_needed=1,
        people="Eén bakker", place="In de hub", material="", months=[10], dayparts=["middag"],
        levels=["mbo-2"]))
    response = collaboration.respond(db.session, offer, collaboration.Response(
        organisation_name="Kwantum Bakkerij", contact_name=NAME, email=EMAIL, phone=PHONE,
        dayparts=("middag",), message=LOG))

    screen, _old = renew_link(db.session, hub)

    board = boards.ensure_hub_board(db.session, hub)
    post = posts.create_post(db.session, board, Viewer(visitor, None), board.sections[0],
                             display_name="", kind="vraag", title="Wie kent Kwantum Bakkerij?")
    db.session.commit()
    return {
        "hub": hub, "partner": partner, "contact": contact, "event": event,
        "occurrence": occurrence, "booking": booking, "project": project,
        "project_partner": project_partner, "subproject": subproject, "question": question,
        "board": board, "post": post, "logo": logo, "user": visitor, "offer": offer,
        "response": response, "screen": screen,
    }


def _argument(rule, name: str, seed: dict):
    """The value of one URL argument, taken from the seed (per blueprint where it differs)."""
    blueprint = rule.endpoint.partition(".")[0]
    if name == "slug":
        return {"organisations": seed["partner"].slug, "pinboard": seed["board"].slug,
                "partners": seed["partner"].slug}.get(blueprint, seed["hub"].slug)
    if name == "token":
        return {"bookings": seed["booking"].token,
                "questions": seed["question"].token,
                "collaboration": seed["response"].token}.get(blueprint, "onbekend-token")
    if name == "extension":
        return "webp" if blueprint == "media" else "csv"
    simple = {
        "event_id": seed["event"].id, "occurrence_id": seed["occurrence"].id,
        "booking_id": seed["booking"].id, "post_id": seed["post"].id,
        "user_id": seed["user"].id, "image_id": seed["logo"].id, "width": 320,
        "question_id": seed["question"].id, "attachment_id": 1,
        "project_id": seed["project"].id, "item_id": seed["subproject"].id,
        "kind": "deelprojecten", "partner_id": seed["project_partner"].id,
        "contact_id": seed["contact"].id, "offer_id": seed["offer"].id,
        "secret": seed["screen"].secret,
    }
    if name not in simple:
        raise LookupError(f"{rule.rule}: no seeded value for <{name}>; add one to this test")
    return simple[name]


def every_get_url(app, seed: dict) -> list[str]:
    """One URL for every GET route of the URL map (static files aside)."""
    adapter = app.url_map.bind("hubsite.test")
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        values = {name: _argument(rule, name, seed) for name in rule.arguments}
        urls.append(adapter.build(rule.endpoint, values))
    for extension in ("csv", "xlsx"):
        urls.append(adapter.build("organisations.export", {"extension": extension}))
    return sorted(set(urls))


def _text(response) -> str:
    if response.mimetype.startswith(("text", "application/xml", "application/json")) \
            or "calendar" in response.mimetype:
        return response.get_data(as_text=True)
    return response.data.decode("latin-1")  # spreadsheets, pictures: the bytes as they are


@pytest.mark.parametrize(("role", "locale"), [("anonymous", "nl"), ("account_without_team", "nl"),
                                              ("account_without_team", "en")])
def test_contact_data_log_and_status_never_reach_a_visitor_on_any_route(
        app, client, seeded, role, locale):
    if role == "account_without_team":
        client.login(seeded["user"])
    client.set_cookie("taal", locale)
    urls = every_get_url(app, seeded) + list(EXTRA_URLS)
    assert len(urls) > 90  # the whole URL map, not a handful
    fetched_ok = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        body = _text(response)
        for secret in SECRETS:
            assert secret not in body, (url, secret)
        fetched_ok += response.status_code == 200
    # The public pages did answer, and showed the organisation itself.
    assert fetched_ok > 25
    page = client.get(f"/organisaties/{seeded['partner'].slug}").get_data(as_text=True)
    assert "Kwantum Bakkerij" in page


def test_htmx_fragments_of_public_pages_hide_the_file_too(app, hx, seeded):
    for url in ("/organisaties", "/organisaties?q=Kwantum", f"/organisaties/{seeded['partner'].slug}",
                "/agenda", "/projects?q=brood", f"/projects/{seeded['project'].id}",
                f"/events/{seeded['event'].id}", f"/hubs/{seeded['hub'].slug}"):
        response = hx.get(url)
        assert response.status_code < 500, url
        body = response.get_data(as_text=True)
        for secret in SECRETS:
            assert secret not in body, (url, secret)


@pytest.mark.parametrize("query", ["Wilhelmina", "vertrouwelijke", KVK, "kwantumbakkerij",
                                   "geheimpartner", "directiedag"])
def test_searching_for_private_data_finds_nothing(client, seeded, visitor, query):
    """A search must not give the file away by what it finds (the query itself is echoed)."""
    client.login(visitor)
    for url in (f"/organisaties?q={query}", f"/projects?q={query}", f"/agenda?q={query}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Kwantum Bakkerij" not in response.get_data(as_text=True), url
        assert f"/organisaties/{seeded['partner'].slug}" not in response.get_data(as_text=True)


def test_the_seed_is_really_private_data_a_hub_team_does_see(client, seeded, coordinator):
    """Guards the test above: the strings it looks for are on the team's page."""
    client.login(coordinator)
    page = client.get(f"/organisaties/{seeded['partner'].slug}").get_data(as_text=True)
    for secret in (EMAIL, PHONE, NAME, LOG, LIMITATION, "Slapend"):
        assert secret in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking)) == 1
