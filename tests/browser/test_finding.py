"""Finding an activity in Chromium, and where the focus goes after each htmx swap:
the agenda at 360 px and 1280×800, the result count said aloud, booking and cancelling
by keyboard without the focus dropping to the page's start."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.bookings.conftest import days_ahead
from tests.browser.conftest import assert_no_axe_violations

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}

ACTIVE = "() => document.activeElement"


def active_id(page) -> str:
    return page.evaluate("() => document.activeElement.id")


def active_text(page) -> str:
    return page.evaluate("() => document.activeElement.textContent.trim()")


@pytest.fixture
def agenda(hub, other_hub, make_event, make_activity_type):
    """A dozen activity types (a long filter panel) and a few activities in two hubs."""
    types = [make_activity_type(f"soort-{n}", f"Soort {n}", f"Kind {n}") for n in range(12)]
    for n in range(6):
        make_event(hub if n % 2 else other_hub, starts_at=days_ahead(1 + n),
                   activity_type=types[n], title=f"Co-creatiesessie: vragen uit de wijk {n}",
                   booking_required=n == 1, capacity=8)
    return types


def test_on_a_phone_the_results_come_first_and_filter_opens_the_panel(page, agenda):
    page.set_viewport_size(PHONE)
    page.goto("/agenda")
    first = page.locator(".occ").first
    expect(first).to_be_visible()
    # Not just its edge: the first result's title is in the first screen.
    title = first.locator(".occ__title").bounding_box()
    assert title["y"] + title["height"] <= PHONE["height"]
    search = page.get_by_role("searchbox", name="Zoeken")
    expect(search).to_be_hidden()
    page.get_by_text("Filter", exact=True).click()
    expect(search).to_be_visible()
    expect(page.get_by_role("button", name="Toon activiteiten")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


def test_at_1280_by_800_the_submit_button_of_the_panel_is_in_view(page, agenda):
    page.set_viewport_size(DESKTOP)
    page.goto("/agenda")
    submit = page.get_by_role("button", name="Toon activiteiten")
    expect(submit).to_be_in_viewport()
    expect(page.get_by_label("Soort 11")).to_be_attached()
    page.mouse.wheel(0, 300)
    expect(submit).to_be_in_viewport()
    box = submit.bounding_box()
    assert box["y"] + box["height"] <= DESKTOP["height"]


def test_after_a_filter_change_focus_is_on_the_count_and_it_is_announced(page, agenda, hub):
    page.set_viewport_size(DESKTOP)
    page.goto("/agenda")
    expect(page.locator("#agenda-results-title")).to_have_text("6 activiteiten")

    # Ticking a box keeps the focus there (more boxes may follow); the count is said.
    page.get_by_label(hub.name).check()
    expect(page.locator("#agenda-results-title")).to_have_text("3 activiteiten")
    expect(page.locator("#messages")).to_contain_text("3 activiteiten")
    assert page.evaluate("() => document.activeElement.name") == "hub"

    # Asking for the results puts the focus on what came back.
    page.get_by_role("searchbox", name="Zoeken").fill("wijk 1")
    page.get_by_role("button", name="Toon activiteiten").click()
    expect(page.locator("#agenda-results-title")).to_have_text("1 activiteit")
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.id === 'agenda-results-title'")
    expect(page.locator("#messages")).to_contain_text("1 activiteit")
    assert "q=wijk+1" in page.url and "from=" not in page.url


def test_a_filter_chip_removes_its_filter_and_focuses_the_results(page, agenda, hub):
    page.set_viewport_size(DESKTOP)
    page.goto(f"/agenda?hub={hub.slug}")
    page.get_by_role("link", name=f"Verwijder filter {hub.name}").click()
    expect(page.locator("#agenda-results-title")).to_have_text("6 activiteiten")
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.id === 'agenda-results-title'")
    assert not page.get_by_label(hub.name).is_checked()


def test_the_skip_link_shows_on_focus_and_goes_to_the_results(page, agenda):
    page.set_viewport_size(PHONE)
    page.goto("/agenda")
    skip = page.get_by_role("link", name="Naar de resultaten")
    assert skip.bounding_box()["x"] < 0  # out of sight
    skip.focus()
    box = skip.bounding_box()
    assert 0 <= box["x"] < PHONE["width"]
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#agenda-results$"))


def test_week_view_breaks_no_word_in_the_middle(page, agenda):
    page.set_viewport_size(DESKTOP)
    page.goto("/agenda?view=week&from=" + days_ahead(1).date().isoformat())
    page.locator(".week .occ__title").first.wait_for()
    broken = page.evaluate("""() => {
        const broken = [];
        for (const title of document.querySelectorAll('.week .occ__title a')) {
            const text = title.firstChild;
            const words = text.textContent.matchAll(/[^\\s-]+/g);
            for (const word of words) {
                const range = document.createRange();
                range.setStart(text, word.index);
                range.setEnd(text, word.index + word[0].length);
                const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                if (lines.size > 1) broken.push(word[0]);
            }
        }
        return broken;
    }""")
    assert broken == []


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["360", "1280"])
def test_the_agenda_has_no_axe_violations(page, agenda, size):
    page.set_viewport_size(size)
    page.goto("/agenda")
    assert_no_axe_violations(page)
    page.goto("/agenda?hub=almelo&from=" + days_ahead(1).date().isoformat())
    assert_no_axe_violations(page)


def test_booking_by_keyboard_keeps_the_focus_where_the_person_is(page, make_event, hub):
    event = make_event(hub, starts_at=days_ahead(9), title="Rondleiding",
                       booking_required=True, capacity=10)
    occurrence = event.occurrences[0]
    page.set_viewport_size(PHONE)
    page.goto(f"/events/{event.id}")
    item = page.locator(f"#booking-date-{occurrence.id}")
    item.get_by_role("link", name=re.compile("^Reserveer")).focus()
    page.keyboard.press("Enter")

    # The form opened: the focus is in its first field.
    expect(item.get_by_label("Naam")).to_be_focused()

    # A mistake: the summary has the focus, and its link leads to the field.
    page.keyboard.type("Sanne")
    item.get_by_label("E-mailadres").fill("geen-adres")
    page.wait_for_timeout(2100)  # faster is taken for a bot
    item.get_by_role("button", name="Reserveer").press("Enter")
    summary = item.locator(".error-summary h2")
    expect(summary).to_be_focused()
    expect(summary).to_have_text("Er ging iets mis bij 1 veld")
    item.locator(".error-summary a").click()
    expect(item.get_by_label("E-mailadres")).to_be_focused()

    # Booked: the confirmation has the focus and is said.
    page.keyboard.press("Control+A")
    page.keyboard.type("sanne.focus@example.nl")
    page.wait_for_timeout(2100)
    item.get_by_role("button", name="Reserveer").press("Enter")
    confirmation = item.locator(".notice--success")
    expect(confirmation).to_contain_text("Je reservering is bevestigd.")
    expect(confirmation).to_be_focused()
    expect(page.locator("#messages")).to_contain_text("Je reservering is bevestigd.")

    # Cancelling on the personal page: a dialog asks, with the focus on "Terug"; Tab
    # reaches the danger button, and after the swap the new state has the focus.
    confirmation.get_by_role("link", name="Bekijk of annuleer je reservering").press("Enter")
    # The personal page comes in place (hx-boost); once it has settled, the focus is at
    # its main region, where a keyboard user starts from.
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'main'"
                           " && !document.body.classList.contains('htmx-settling')")
    page.get_by_role("button", name="Annuleer mijn reservering").press("Enter")
    dialog = page.get_by_role("dialog", name="Weet je het zeker?")
    expect(dialog.get_by_role("button", name="Terug")).to_be_focused()
    page.keyboard.press("Tab")
    expect(dialog.get_by_role("button", name="Annuleer mijn reservering")).to_be_focused()
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    status = page.locator("#booking-manage [role=status]")
    expect(status).to_contain_text("Je reservering is geannuleerd.")
    expect(status).to_be_focused()
    expect(page.locator("#messages")).to_contain_text("Je reservering is geannuleerd.")


def test_without_javascript_a_failed_form_focuses_its_error_summary(browser, live_server,
                                                                      app, host):
    context = browser.new_context(base_url=live_server, locale="nl-NL",
                                  java_script_enabled=False, viewport=DESKTOP)
    tab = context.new_page()
    try:
        tab.goto("/inloggen")
        tab.get_by_label("E-mailadres").fill("host@example.nl")
        tab.get_by_role("button", name="Inloggen").click()
        summary = tab.locator(".error-summary h2")
        expect(summary).to_be_focused()
        # The filter panel is open, and a sent form lands on a tidy URL.
        tab.goto("/agenda")
        expect(tab.get_by_role("searchbox", name="Zoeken")).to_be_visible()
        tab.get_by_role("button", name="Toon activiteiten").click()
        assert tab.url == f"{live_server}/agenda"
    finally:
        context.close()


def test_the_month_grid_shows_whole_titles(page, agenda):
    page.set_viewport_size(DESKTOP)
    page.goto("/agenda?view=month&from=" + days_ahead(1).date().isoformat())
    page.locator(".mini a").first.wait_for()
    cut = page.evaluate("""() => [...document.querySelectorAll('.mini a')]
        .filter(a => a.scrollWidth > a.clientWidth + 1 || getComputedStyle(a).textOverflow === 'ellipsis')
        .map(a => a.textContent.trim())""")
    assert cut == []
