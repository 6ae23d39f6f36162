"""Searching the project archive in Chromium: a Dutch word in another form, ticking a
facet (counts and results change in place, the URL is pushed, the focus stays on the box),
the back button restoring the earlier search, the phone's Filter button, and the same
search with JavaScript off."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from hubsite.extensions import db
from tests.browser.conftest import assert_no_axe_violations
from tests.projects.sample import add_sample_archive

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def sample(hub, other_hub):
    projects = add_sample_archive(db.session, [hub, other_hub], copies=2)
    db.session.commit()
    return projects


def card_titles(page) -> list[str]:
    return page.locator(".project-card__title").all_inner_texts()


def test_search_tick_a_facet_and_go_back(page, sample):
    page.goto("/projects")
    expect(page.locator("#archive-results-title")).to_have_text("20 projecten")

    search = page.get_by_role("searchbox", name="Zoek in alle projecten")
    search.fill("gastvrij")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/projects\?q=gastvrij$"))
    titles = card_titles(page)
    assert titles[0].startswith("Gastvrijheid in het Stadscafé")   # the title match first
    assert any(t.startswith("Huisstijl voor de bakker") for t in titles)  # a tip
    expect(page.locator(".project-card mark").first).to_be_visible()
    before = page.locator("#archive-results-title").inner_text()

    overheid = page.locator("#facet-kind-overheid")
    count = int(overheid.locator("xpath=..").locator(".facet__count").inner_text().split()[0])
    overheid.check()
    expect(page).to_have_url(re.compile(r"/projects\?q=gastvrij&kind=overheid$"))
    expect(page.locator("#archive-results-title")).to_contain_text(
        f"{count} project")
    assert page.locator(".project-card").count() == count
    assert page.evaluate("() => document.activeElement.id") == "facet-kind-overheid"
    expect(page.locator(".chip--remove", has_text="Overheid")).to_be_visible()
    expect(page.locator("#messages .announcement")).to_contain_text(f"{count} project")

    page.go_back()
    expect(page).to_have_url(re.compile(r"/projects\?q=gastvrij$"))
    expect(page.locator("#archive-results-title")).to_have_text(before)
    expect(page.locator("#facet-kind-overheid")).not_to_be_checked()
    assert_no_axe_violations(page)


def test_removing_a_chip_and_sorting_by_most_reused(page, sample):
    page.goto("/projects?q=studenten&tag=horeca")
    page.locator(".chip--remove", has_text="horeca").click()
    expect(page).to_have_url(re.compile(r"/projects\?q=studenten$"))
    expect(page.locator("#archive-results-title")).to_be_focused()

    page.get_by_label("Sorteer").select_option("most_reused")
    expect(page).to_have_url(re.compile(r"sort=most_reused"))
    expect(page.locator(".project-card").first.locator(".project-card__reused")).to_be_visible()


def test_on_a_phone_the_results_come_first_and_filter_opens_the_facets(page, sample):
    page.set_viewport_size(PHONE)
    page.goto("/projects?q=studenten")
    expect(page.locator(".project-card").first).to_be_visible()
    facet = page.locator("#facet-hub-almelo")
    expect(facet).to_be_hidden()
    page.locator("#archive-panel > summary").click()
    expect(facet).to_be_visible()
    facet.check()
    expect(page).to_have_url(re.compile(r"hub=almelo"))
    expect(page.locator("#archive-panel")).to_have_attribute("open", "")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_axe_violations(page)


@pytest.fixture
def page_without_js(browser, live_server, app):
    context = browser.new_context(base_url=live_server, locale="nl-NL",
                                  java_script_enabled=False)
    tab = context.new_page()
    yield tab
    context.close()


def test_without_javascript_searching_and_filtering_work(page_without_js, sample):
    page = page_without_js
    page.goto("/projects")
    page.get_by_role("searchbox", name="Zoek in alle projecten").fill("gastvrij")
    page.get_by_role("button", name="Zoeken").click()
    expect(page).to_have_url(re.compile(r"/projects\?q=gastvrij$"))
    assert card_titles(page)[0].startswith("Gastvrijheid in het Stadscafé")

    page.locator("#facet-kind-overheid").check()
    page.get_by_role("button", name="Toon projecten").click()
    expect(page).to_have_url(re.compile(r"/projects\?q=gastvrij&kind=overheid$"))
    expect(page.locator(".chip--remove", has_text="Overheid")).to_be_visible()


def test_typing_searches_as_you_go_and_the_focus_stays_in_the_field(page, sample):
    page.goto("/projects")
    search = page.get_by_role("searchbox", name="Zoek in alle projecten")
    search.click()
    search.press_sequentially("fietsen", delay=30)
    expect(page).to_have_url(re.compile(r"/projects\?q=fietsen$"))
    expect(page.locator(".project-card").first).to_contain_text("Fiets")
    expect(search).to_be_focused()


def test_choosing_an_order_keeps_the_focus_on_the_choice(page, sample):
    page.goto("/projects?q=studenten")
    page.get_by_label("Sorteer").focus()
    page.get_by_label("Sorteer").select_option("newest")
    expect(page).to_have_url(re.compile(r"sort=newest"))
    expect(page.get_by_label("Sorteer")).to_be_focused()
