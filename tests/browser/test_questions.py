"""A question from outside in Chromium: asked on a phone, followed through the mailed link,
a question back and an answer, accepted as a project; and the same without JavaScript."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from hubsite.extensions import db
from hubsite.projects.models import Project
from tests.browser.conftest import WIDTHS, assert_no_axe_violations
from tests.browser.test_journeys import log_in
from tests.conftest import links_in, mail_messages, mail_text

PHONE = {"width": WIDTHS["phone"], "height": 800}


@pytest.fixture(autouse=True)
def _people_type_fast(live_app):
    """The test types in a blink; the "too fast" check has its own test."""
    before = live_app.config["QUESTION_MIN_FORM_SECONDS"]
    live_app.config["QUESTION_MIN_FORM_SECONDS"] = 0
    yield
    live_app.config["QUESTION_MIN_FORM_SECONDS"] = before


def _private_link(app, address: str) -> str:
    [link] = [u for u in links_in(mail_text([m for m in mail_messages(app)
                                             if m["To"] == address][-1])) if "/vragen/" in u]
    return link


def _logged_in(page, email: str) -> None:
    log_in(page, email)
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def _ask(page, email: str) -> None:
    page.goto("/vragen/nieuw")
    page.get_by_label("Organisatie").fill("Basisschool De Regenboog")
    page.get_by_label("Contactpersoon").fill("Ingrid Hofman")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Je vraag in een paar woorden").fill("Een speelhuis voor ons schoolplein")
    page.get_by_label("Wat wil je vragen?").fill("Een speelhuis dat studenten met ons bouwen.")
    page.get_by_label("Welke hub? (als je het weet)").select_option(label="Hub Almelo (Almelo)")
    page.get_by_label("Terugkerend (bijvoorbeeld elk jaar)").check()
    page.get_by_role("button", name="Verstuur je vraag").click()
    expect(page.get_by_role("heading", name="Dank je wel, je vraag is verstuurd!")).to_be_visible()


def test_a_school_asks_on_a_phone_and_the_question_becomes_a_project(
        page, browser, live_server, live_app, hub, coordinator):
    page.set_viewport_size(PHONE)
    page.goto("/vragen/nieuw")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Verstuur je vraag").click()
    expect(page.locator("#title-error")).to_have_text("Geef je vraag een korte titel.")
    assert_no_axe_violations(page)
    _ask(page, "ingrid.browser@example.nl")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_axe_violations(page)
    link = _private_link(live_app, "ingrid.browser@example.nl")

    team = browser.new_context(base_url=live_server, locale="nl-NL",
                               viewport={"width": WIDTHS["desktop"], "height": 900}).new_page()
    _logged_in(team, coordinator.email)
    team.goto(f"/hubs/{hub.slug}/vragen")
    assert_no_axe_violations(team)
    team.get_by_role("link", name="Een speelhuis voor ons schoolplein").click()
    expect(team.get_by_text("ingrid.browser@example.nl")).to_be_visible()
    team.get_by_text("Meer informatie vragen").click()
    team.get_by_label("Wat wil je de vrager vragen?").fill("Hoe groot is de plek?")
    team.get_by_role("button", name="Verstuur", exact=True).click()
    expect(team.locator(".conversation")).to_contain_text("Hoe groot is de plek?")
    assert_no_axe_violations(team)

    page.goto(link)
    expect(page.get_by_text("Hoe groot is de plek?")).to_be_visible()
    page.get_by_label("Je antwoord").fill("Vier bij vijf meter.")
    page.get_by_role("button", name="Verstuur je antwoord").click()
    expect(page.get_by_text("Dank je wel, je antwoord is verstuurd naar het team.")).to_be_visible()
    assert_no_axe_violations(page)

    team.reload()
    team.get_by_text("Aannemen als project").click()
    team.get_by_role("button", name="Aannemen", exact=True).click()
    expect(team.get_by_text("Deze vraag is een project geworden.")).to_be_visible()
    project = db.session.scalar(sa.select(Project))
    assert project.client.name == "Basisschool De Regenboog" and project.status == "aanvraag"
    team.context.close()


def test_without_javascript_asking_and_answering_work(browser, live_server, live_app, app, hub,
                                                      host):
    context = browser.new_context(base_url=live_server, locale="nl-NL",
                                  java_script_enabled=False)
    page = context.new_page()
    _ask(page, "zonder.js@example.nl")
    team = browser.new_context(base_url=live_server, locale="nl-NL",
                               java_script_enabled=False).new_page()
    _logged_in(team, host.email)
    team.goto(f"/hubs/{hub.slug}/vragen")
    team.get_by_role("link", name="Een speelhuis voor ons schoolplein").click()
    team.get_by_text("Meer informatie vragen").click()
    team.get_by_label("Wat wil je de vrager vragen?").fill("Welke maat?")
    team.get_by_role("button", name="Verstuur", exact=True).click()
    expect(team.get_by_text("Je vraag is naar de vrager gestuurd.")).to_be_visible()
    page.goto(_private_link(live_app, "zonder.js@example.nl"))
    page.get_by_label("Je antwoord").fill("Groot genoeg.")
    page.get_by_role("button", name="Verstuur je antwoord").click()
    expect(page.get_by_text("Dank je wel, je antwoord is verstuurd naar het team.")).to_be_visible()
    context.close()
    team.context.close()
