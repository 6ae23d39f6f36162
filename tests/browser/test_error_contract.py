"""A refused htmx action says why in the message region and leaves the page as it was.

The contract itself is in hubsite/rendering.py; tests/test_errors.py checks each status
without a browser. These check that htmx (with static/js/site.js) really shows it.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from hubsite.bookings import seating
from hubsite.extensions import db
from tests.bookings.conftest import days_ahead
from tests.browser.conftest import assert_no_axe_violations
from tests.browser.test_journeys import log_in


def test_a_refused_check_in_says_why_and_keeps_the_row(page, make_event, hub, host):
    event = make_event(hub, starts_at=days_ahead(1), booking_required=True, capacity=10)
    occurrence = event.occurrences[0]
    guest = seating.book(db.session, occurrence.id, name="Gijs Gast", email="gijs@example.nl",
                          by_host=True, notify=False)
    db.session.commit()
    log_in(page, "host@example.nl")
    expect(page.get_by_text("Je bent ingelogd.")).to_be_visible()
    page.goto(f"/datums/{occurrence.id}/deelnemers")
    guest.status = "cancelled"  # meanwhile, elsewhere
    db.session.commit()

    row = page.locator(f"#booking-{guest.id}")
    row.get_by_role("button", name=re.compile(r"^Aanwezig\W+Gijs Gast$")).click()

    messages = page.locator("#messages")
    expect(messages).to_have_text("Alleen bevestigde reserveringen kun je afvinken.")
    expect(row).to_contain_text("Gijs Gast")
    expect(row.get_by_role("button", name=re.compile("^Aanwezig"))).to_be_visible()
    expect(page.get_by_role("heading", level=1)).not_to_have_text(re.compile("Ongeldig"))
    assert_no_axe_violations(page)


def test_a_refused_cancel_through_the_personal_link_says_why(page, make_event, hub):
    event = make_event(hub, starts_at=days_ahead(3), booking_required=True, capacity=10)
    occurrence = event.occurrences[0]
    booking = seating.book(db.session, occurrence.id, name="Sanne", email="sanne@example.nl",
                            notify=False)
    db.session.commit()
    page.goto(f"/bookings/{booking.token}")
    occurrence.starts_at = occurrence.starts_at.replace(year=2000)  # it began meanwhile
    occurrence.ends_at = occurrence.starts_at
    db.session.commit()

    page.get_by_role("button", name="Annuleer mijn reservering").click()
    page.get_by_role("dialog").get_by_role("button", name="Annuleer mijn reservering").click()

    expect(page.locator("#messages")).to_have_text(
        "Deze datum is al begonnen; annuleren kan niet meer.")
    expect(page.locator("#booking-manage")).to_contain_text("Je reservering is bevestigd")


def test_an_expired_booking_form_says_so_and_keeps_what_was_typed(page, make_event, hub):
    event = make_event(hub, starts_at=days_ahead(9), booking_required=True, capacity=10)
    occurrence = event.occurrences[0]
    page.goto(f"/events/{event.id}")
    item = page.locator(f"#booking-date-{occurrence.id}")
    item.get_by_role("link", name=re.compile("^Reserveer")).click()
    item.get_by_label("Naam").fill("Sanne de Vries")
    item.get_by_label("E-mailadres").fill("sanne@example.nl")
    item.locator("input[name=csrf_token]").evaluate("input => input.value = 'verlopen'")

    item.get_by_role("button", name="Reserveer").click()

    expect(page.locator("#messages")).to_contain_text("Het formulier is verlopen")
    expect(item.get_by_label("Naam")).to_have_value("Sanne de Vries")
    assert page.url.endswith(f"/events/{event.id}")


def test_the_next_request_clears_an_earlier_refusal(page, make_event, hub):
    event = make_event(hub, starts_at=days_ahead(9), booking_required=True, capacity=10)
    occurrence = event.occurrences[0]
    page.goto(f"/events/{event.id}")
    item = page.locator(f"#booking-date-{occurrence.id}")
    item.get_by_role("link", name=re.compile("^Reserveer")).click()
    token = item.locator("input[name=csrf_token]")
    real = token.input_value()
    token.evaluate("input => input.value = 'verlopen'")
    item.get_by_label("Naam").fill("Sanne de Vries")
    item.get_by_label("E-mailadres").fill("sanne@example.nl")
    item.get_by_role("button", name="Reserveer").click()
    expect(page.locator("#messages")).to_contain_text("Het formulier is verlopen")

    token.evaluate("(input, value) => input.value = value", real)
    page.wait_for_timeout(2100)  # a person takes a moment; faster is taken for a bot
    item.get_by_role("button", name="Reserveer").click()

    expect(item).to_contain_text("Je reservering is bevestigd.")
    expect(page.locator("#messages")).to_have_text("")
