"""A host tells a project in Chromium: deelprojecten and tips added, edited and moved in
place with htmx, the same without JavaScript, and the page passes axe-core."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from hubsite.extensions import db
from hubsite.projects import services
from tests.browser.conftest import WIDTHS, assert_no_axe_violations
from tests.browser.test_journeys import log_in


def _project(hub):
    project = services.create_project(db.session, hub, "Speelhuis voor de basisschool",
                                      status="lopend", what="Een speelhuis voor het plein.")
    db.session.commit()
    return project


def test_a_host_adds_deelprojecten_and_tips_in_place(page, hub, host, console):
    project = _project(hub)
    log_in(page, "host@example.nl")
    expect(page.get_by_text("Je bent ingelogd.")).to_be_visible()
    page.goto(f"/projects/{project.id}/bewerken")

    section = page.locator("#subprojects")
    section.get_by_label("Titel van het deelproject").fill("Ontwerp en bouw")
    section.get_by_label("Wat deden de studenten?").fill("Tekenen en timmeren")
    section.get_by_role("button", name="Toevoegen").click()
    expect(page.locator("#subprojects .edit-list__item")).to_have_count(1)
    page.locator("#subprojects").get_by_label("Titel van het deelproject").fill("Afwerking")
    page.locator("#subprojects").get_by_role("button", name="Toevoegen").click()
    expect(page.locator("#subprojects .edit-list__item")).to_have_count(2)
    assert page.url.endswith("/bewerken")  # no page load: htmx swapped the section

    page.get_by_role("button", name="Omhoog: Afwerking").click()
    expect(page.locator("#subprojects .edit-list__item").first).to_contain_text("Afwerking")

    page.locator("#subprojects").get_by_role("link", name=re.compile("Bewerken.*Afwerking")).click()
    editing = page.locator("#subprojects .edit-list__item--editing")
    editing.get_by_label("Titel van het deelproject").fill("Schilderen in schoolkleuren")
    editing.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#subprojects")).to_contain_text("Schilderen in schoolkleuren")

    lessons = page.locator("#lessons")
    lessons.get_by_label("Soort").select_option("valkuil")
    lessons.get_by_label("Tekst").fill("Transport is een project op zich")
    lessons.get_by_role("button", name="Toevoegen").click()
    expect(page.locator("#lessons .lessons__group--valkuil")).to_contain_text("Transport")

    files = page.locator("#attachments")
    files.get_by_label("Bestand", exact=True).set_input_files(
        files=[{"name": "draaiboek.pdf", "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n%%EOF\n"}])
    files.get_by_label("Beschrijving").fill("Het draaiboek")
    files.get_by_role("button", name="Toevoegen").click()
    expect(page.locator("#attachments .edit-list__item")).to_contain_text("draaiboek.pdf")
    assert page.url.endswith("/bewerken")

    assert console.problems() == []
    page.locator("#lessons").get_by_role("button", name="Toevoegen").click()  # empty text
    expect(page.locator("#lessons .error")).to_be_visible()

    assert_no_axe_violations(page)
    page.goto(f"/projects/{project.id}")
    expect(page.locator(".subproject").first).to_contain_text("Schilderen in schoolkleuren")
    assert_no_axe_violations(page)
    # Only the browser's own note about the 422 of the empty tip.
    assert all("422" in problem for problem in console.problems())


def test_telling_a_project_works_without_javascript(browser, live_server, hub, host):
    project = _project(hub)
    context = browser.new_context(base_url=live_server, locale="nl-NL",
                                  java_script_enabled=False,
                                  viewport={"width": WIDTHS["phone"], "height": 800})
    try:
        plain = context.new_page()
        log_in(plain, "host@example.nl")
        plain.goto(f"/projects/{project.id}/bewerken")
        plain.locator("#subprojects").get_by_label("Titel van het deelproject").fill("Bouwen")
        plain.locator("#subprojects").get_by_role("button", name="Toevoegen").click()
        expect(plain.locator("#subprojects .edit-list__item")).to_have_count(1)
        plain.locator("#subprojects").get_by_role("link", name="Verwijderen").click()
        expect(plain.get_by_role("heading", name="Weet je het zeker?")).to_be_visible()
        plain.get_by_role("button", name="Verwijderen").click()
        expect(plain.locator("#subprojects .edit-list__item")).to_have_count(0)
    finally:
        context.close()
