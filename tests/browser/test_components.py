"""The shared components look as their names say, and destructive actions ask first."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from hubsite.bookings import seating
from hubsite.extensions import db
from tests.bookings.conftest import days_ahead
from tests.browser.test_journeys import log_in

DANGER_RED = "rgb(185, 28, 28)"  # --error
WHITE = "rgb(255, 255, 255)"


def booked(make_event, hub):
    event = make_event(hub, starts_at=days_ahead(5), title="Rondleiding door de hub",
                       booking_required=True, capacity=10)
    occurrence = event.occurrences[0]
    booking = seating.book(db.session, occurrence.id, name="Sanne", email="sanne@example.nl",
                           notify=False)
    db.session.commit()
    return occurrence, booking


def background(locator) -> str:
    return locator.evaluate("el => getComputedStyle(el).backgroundColor")


def test_a_destructive_button_does_not_look_like_the_main_action(page, make_event, hub, host):
    """`button.button` once outranked the modifiers: every <button> was filled green."""
    occurrence, booking = booked(make_event, hub)
    page.goto(f"/bookings/{booking.token}")

    assert background(page.get_by_role("button", name="Annuleer mijn reservering")) == DANGER_RED
    assert background(page.get_by_role("button", name="Verwijder mijn gegevens")) == WHITE

    log_in(page, host.email)
    expect(page.get_by_text("Je bent ingelogd.")).to_be_visible()
    page.goto(f"/datums/{occurrence.id}/deelnemers")
    assert background(page.get_by_role("button", name="Reserveren nu sluiten")) == WHITE
    assert background(page.get_by_role("link", name="Download als CSV")) == WHITE


def test_cancelling_asks_in_a_dialog_and_back_changes_nothing(page, make_event, hub):
    _, booking = booked(make_event, hub)
    page.goto(f"/bookings/{booking.token}")
    cancel = page.get_by_role("button", name="Annuleer mijn reservering")

    cancel.click()
    dialog = page.get_by_role("dialog", name="Weet je het zeker?")
    expect(dialog).to_contain_text("Je reservering voor “Rondleiding door de hub” wordt geannuleerd.")
    expect(dialog.get_by_role("button", name="Terug")).to_be_focused()
    dialog.get_by_role("button", name="Terug").click()

    expect(dialog).to_be_hidden()
    expect(cancel).to_be_focused()
    db.session.expire_all()
    assert booking.status == "confirmed"

    cancel.click()
    dialog.get_by_role("button", name="Annuleer mijn reservering").click()
    status = page.locator("#booking-manage [role=status]")
    expect(status).to_contain_text("Je reservering is geannuleerd.")
    expect(status.get_by_role("link", name=re.compile("^Opnieuw reserveren"))).to_be_visible()
    db.session.expire_all()
    assert booking.status == "cancelled"


def test_without_javascript_a_page_asks_instead(browser, live_server, make_event, hub):
    _, booking = booked(make_event, hub)
    context = browser.new_context(base_url=live_server, locale="nl-NL",
                                  java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"/bookings/{booking.token}")

    expect(tab.get_by_role("button", name="Annuleer mijn reservering")).to_be_hidden()
    tab.get_by_role("link", name="Annuleer mijn reservering").click()
    expect(tab.get_by_role("heading", name="Weet je het zeker?")).to_be_visible()
    tab.get_by_role("button", name="Annuleer mijn reservering").click()

    status = tab.locator("#booking-manage [role=status]")
    expect(status).to_contain_text("Je reservering is geannuleerd.")
    expect(status.get_by_role("link", name=re.compile("^Opnieuw reserveren"))).to_be_visible()
    context.close()
