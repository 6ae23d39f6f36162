"""Collaboration in Chromium: a company responds to an offer without an account, and the
hub team finds the response in its inbox with the organisation matched; the year plan."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hubsite.collaboration import services
from hubsite.collaboration.models import AFTERNOON, KIND_GUEST_LESSON
from hubsite.extensions import db
from tests.browser.conftest import WIDTHS, assert_no_axe_violations
from tests.browser.test_journeys import log_in
from tests.conftest import mail_messages

PHONE = {"width": WIDTHS["phone"], "height": 800}


@pytest.fixture(autouse=True)
def _people_type_fast(live_app):
    """The test types in a blink; the "too fast" check belongs to the questions' tests."""
    before = live_app.config["QUESTION_MIN_FORM_SECONDS"]
    live_app.config["QUESTION_MIN_FORM_SECONDS"] = 0
    yield
    live_app.config["QUESTION_MIN_FORM_SECONDS"] = before


def test_a_company_responds_to_an_offer_and_the_team_finds_it_in_the_inbox(
        page, browser, live_server, live_app, hub, coordinator, make_organisation):
    known = make_organisation(name="Bakkerij Bolk")
    offer = services.save_offer(db.session, hub, None, services.OfferValues(
        kind=KIND_GUEST_LESSON, title="Gastles: zo start je een eigen zaak",
        what="Vertel studenten over jouw weg als ondernemer.", months=[10, 3],
        dayparts=[AFTERNOON], levels=["mbo-4"], contact_user_id=coordinator.id))
    db.session.commit()

    page.set_viewport_size(PHONE)
    page.goto("/samenwerken")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Gastles: zo start je een eigen zaak").click()
    expect(page.get_by_role("heading", name="Wat vraagt het van je als bedrijf?")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Ik doe mee").click()
    expect(page.locator("#organisation-error")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Organisatie").fill("bakkerij bolk")
    page.get_by_label("Contactpersoon").fill("Jan Bolk")
    page.get_by_label("E-mailadres").fill("jan.browser@bolk.example.nl")
    page.get_by_label("middag").check()
    before = len(mail_messages(live_app))  # other tests' mail shares the folder
    page.get_by_role("button", name="Ik doe mee").click()
    expect(page.get_by_role("heading", name="Dank je wel, je aanmelding is verstuurd")) \
        .to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert [m["To"] for m in mail_messages(live_app)[before:]] == ["jan.browser@bolk.example.nl"]

    team = browser.new_context(base_url=live_server, locale="nl-NL",
                               viewport={"width": WIDTHS["desktop"], "height": 900}).new_page()
    log_in(team, coordinator.email)
    expect(team.get_by_role("button", name="Uitloggen")).to_be_visible()
    team.goto(f"/hubs/{hub.slug}/vragen")
    row = team.locator(".inbox-row", has_text=f"Ik doe mee: {offer.title}")
    expect(row).to_contain_text("Aanmelding voor aanbod")
    expect(row.locator(".inbox-row__from")).to_have_text(known.name)
    row.get_by_role("link").first.click()
    expect(team.get_by_role("link", name=known.name)).to_be_visible()
    expect(team.get_by_text("jan.browser@bolk.example.nl")).to_be_visible()
    team.close()


def test_the_year_plan_reads_on_a_phone_and_on_a_desktop(page, hub):
    hub.region = "noord"
    db.session.commit()
    page.goto(f"/hubs/{hub.slug}/jaarplanning")
    expect(page.get_by_role("heading", name="Per maand")).to_be_visible()
    assert_no_axe_violations(page)
    page.set_viewport_size(PHONE)
    page.goto(f"/hubs/{hub.slug}/jaarplanning")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
