"""Issue 8's journey: from the home page, find this week's workshop in one hub, book it as a
guest and put it in a calendar, in at most five clicks or taps on a 360 px phone.

Each step is counted; typing in a field is not a step. The same journey works with
JavaScript off, and by keyboard alone with the focus visible and never lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from hubsite.agenda.services import create_event
from hubsite.extensions import db
from tests.bookings.conftest import days_ahead

PHONE = {"width": 360, "height": 740}
MAX_STEPS = 5


@pytest.fixture
def this_weeks_workshop(hub, make_activity_type, make_hub):
    """A workshop in Hub Almelo two days from now that needs booking, among other things."""
    workshop = make_activity_type("workshop", "Workshop", "Workshop")
    talk = make_activity_type("gastles", "Gastles", "Guest lecture")
    make_hub(slug="utrecht", name="Hub Utrecht", city="Utrecht")
    start = days_ahead(2)
    event = create_event(db.session, hub, workshop, "Workshop pitchen", start,
                         start.replace(hour=16), status="published", booking_required=True,
                         capacity=12)
    create_event(db.session, hub, talk, "Gastles boekhouden", days_ahead(3),
                 days_ahead(3).replace(hour=16), status="published")
    db.session.commit()
    return event


class Steps:
    """Counts the clicks and taps of a journey, and checks the focus after each."""

    def __init__(self, page: Page, by_keyboard: bool = False) -> None:
        self.page = page
        self.by_keyboard = by_keyboard
        self.count = 0

    def take(self, target: Locator) -> None:
        self.count += 1
        if self.by_keyboard:
            target.focus()
            expect(target).to_be_focused()
            self.page.keyboard.press("Enter")
        else:
            target.click()
        self.page.wait_for_load_state()
        # An htmx swap has settled (and moved the focus) before the next step.
        self.page.wait_for_function(
            "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")
        if self.by_keyboard:
            # The focus is somewhere a person can see, never dropped back on <body>.
            expect(self.page.locator("body")).not_to_be_focused()


def _journey(page: Page, steps: Steps, fill: Callable[[Page], None]) -> None:
    page.goto("/")
    steps.take(page.get_by_role("link", name="Hub Almelo").first)
    expect(page.get_by_role("heading", level=1, name="Hub Almelo")).to_be_visible()
    steps.take(page.get_by_role("link", name="Workshop pitchen").first)
    expect(page.get_by_role("heading", level=1, name="Workshop pitchen")).to_be_visible()
    steps.take(page.locator(".event-cta").get_by_role("link", name=re.compile("^Reserveer")))
    fill(page)
    page.wait_for_timeout(2100)  # a form sent sooner is taken for a bot
    steps.take(page.get_by_role("button", name=re.compile("^Reserveer")).last)
    expect(page.get_by_text("Zet in mijn agenda").first).to_be_visible()
    with page.expect_download() as download:
        steps.take(page.get_by_role("link", name="Agenda-bestand (.ics)").first)
    assert download.value.suggested_filename.endswith(".ics")
    assert steps.count <= MAX_STEPS


def _fill_guest(page: Page) -> None:
    page.get_by_label("Naam").fill("Sanne de Vries")
    page.get_by_label("E-mailadres").fill("sanne@example.nl")


def test_in_five_taps_on_a_phone_with_javascript(page, this_weeks_workshop):
    page.set_viewport_size(PHONE)
    steps = Steps(page)

    _journey(page, steps, _fill_guest)

    expect(page.locator("#messages")).to_contain_text("Je reservering is bevestigd.")


def test_in_five_steps_by_keyboard_with_the_focus_never_lost(page, this_weeks_workshop):
    page.set_viewport_size(PHONE)
    steps = Steps(page, by_keyboard=True)

    def fill(page: Page) -> None:
        # The booking form opened in place with the focus in its first field.
        expect(page.get_by_label("Naam")).to_be_focused()
        page.keyboard.type("Sanne de Vries")
        page.keyboard.press("Tab")
        expect(page.get_by_label("E-mailadres")).to_be_focused()
        page.keyboard.type("sanne@example.nl")

    _journey(page, steps, fill)
    # After booking, the focus went to the confirmation (and from there to its .ics link).
    expect(page.locator(".notice--success").first).to_contain_text("Je reservering is bevestigd.")


def test_in_five_steps_without_javascript(browser, live_server, app, this_weeks_workshop):
    context = browser.new_context(base_url=live_server, locale="nl-NL", viewport=PHONE,
                                  java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    try:
        _journey(page, Steps(page), _fill_guest)
        expect(page.get_by_text("Je reservering is bevestigd").first).to_be_visible()
    finally:
        context.close()
