"""Booking in Chromium on a phone: as a guest, through the mail's link, and cancelling."""

from __future__ import annotations

import re

from icalendar import Calendar
from playwright.sync_api import expect

from hubsite.bookings import seating
from hubsite.extensions import db
from tests.bookings.conftest import days_ahead
from tests.browser.conftest import WIDTHS, assert_no_axe_violations
from tests.browser.test_journeys import log_in
from tests.conftest import links_in, mail_messages, mail_text

PHONE = {"width": WIDTHS["phone"], "height": 800}


def messages_to(app, address: str):
    return [m for m in mail_messages(app) if m["To"] == address]


def test_a_guest_books_on_a_phone_then_cancels_through_the_mailed_link(
        page, live_app, make_event, hub, console):
    event = make_event(hub, starts_at=days_ahead(9), title="Rondleiding door de hub",
                       booking_required=True, capacity=10)
    occurrence = event.occurrences[0]
    page.set_viewport_size(PHONE)

    page.goto(f"/events/{event.id}")
    booking = page.locator(f"#booking-date-{occurrence.id}")
    expect(booking).to_contain_text("Nog 10 plaatsen vrij")
    assert_no_axe_violations(page)

    # htmx opens the form in place of the button.
    booking.get_by_role("link", name=re.compile("^Reserveer")).click()
    expect(booking.get_by_label("Naam")).to_be_visible()
    assert page.url.endswith(f"/events/{event.id}")
    assert_no_axe_violations(page)
    booking.get_by_label("Naam").fill("Sanne de Vries")
    booking.get_by_label("E-mailadres").fill("sanne.browser@example.nl")
    booking.get_by_label("Organisatie of school (niet verplicht)").fill("ROC van Twente")
    page.wait_for_timeout(2100)  # a person takes a moment; faster is taken for a bot
    booking.get_by_role("button", name="Reserveer").click()

    expect(booking).to_contain_text("Je reservering is bevestigd.")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_axe_violations(page)

    [mail] = messages_to(live_app, "sanne.browser@example.nl")
    [ics] = [p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar"]
    vevent = Calendar.from_ical(ics.get_payload(decode=True)).walk("VEVENT")[0]
    assert vevent["SUMMARY"] == "Rondleiding door de hub"
    [link] = [url for url in links_in(mail_text(mail))
              if "/bookings/" in url and not url.endswith(".ics")]

    page.goto(link)
    expect(page.get_by_role("heading", name="Je reservering")).to_be_visible()
    expect(page.get_by_text("Sanne de Vries")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Annuleer mijn reservering").click()
    page.get_by_role("dialog").get_by_role("button", name="Annuleer mijn reservering").click()
    # On the page (the screen reader's announcement repeats it in the live region).
    manage = page.locator("#booking-manage")
    expect(manage.get_by_text("Je reservering is geannuleerd.")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Opnieuw reserveren"))).to_be_visible()
    assert_no_axe_violations(page)

    db.session.expire_all()
    assert seating.seats_taken(db.session, occurrence.id) == 0
    page.goto(f"/events/{event.id}")
    expect(page.locator(f"#booking-date-{occurrence.id}")).to_contain_text(
        "Nog 10 plaatsen vrij")
    assert console.problems() == []


def test_a_mistake_in_the_booking_form_is_shown_next_to_the_field(page, make_event, hub):
    event = make_event(hub, starts_at=days_ahead(9), booking_required=True, capacity=10)
    occurrence = event.occurrences[0]
    page.set_viewport_size(PHONE)
    page.goto(f"/datums/{occurrence.id}/reserveren")
    page.get_by_label("Naam").fill("Sanne")
    page.get_by_label("E-mailadres").fill("geen-adres")
    page.wait_for_timeout(2100)
    page.get_by_role("button", name="Reserveer").click()
    email = page.get_by_label("E-mailadres")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#email-error")).to_contain_text("geen geldig e-mailadres")
    expect(page.get_by_label("Naam")).to_have_value("Sanne")
    assert_no_axe_violations(page)


def test_check_in_at_the_door_on_a_phone(page, make_event, hub, host):
    event = make_event(hub, starts_at=days_ahead(1), booking_required=True, capacity=10)
    occurrence = event.occurrences[0]
    guest = seating.book(db.session, occurrence.id, name="Gijs Gast", email="gijs@example.nl",
                          seats=2, by_host=True, notify=False)
    db.session.commit()
    page.set_viewport_size(PHONE)
    log_in(page, "host@example.nl")
    expect(page.get_by_text("Je bent ingelogd.")).to_be_visible()
    page.goto(f"/datums/{occurrence.id}/deelnemers")
    assert_no_axe_violations(page)
    row = page.locator(f"#booking-{guest.id}")
    present = re.compile(r"^Aanwezig\W+Gijs Gast$")
    row.get_by_role("button", name=present).click()
    expect(row.get_by_role("button", name=present)).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#booking-counts div", has_text="Aanwezig")).to_have_text(
        re.compile(r"Aanwezig\s*1"))
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Alle datums en instellingen van deze activiteit").click()
    expect(page.get_by_role("heading", name="Instellingen")).to_be_visible()
    assert_no_axe_violations(page)


def test_a_logged_in_visitor_books_with_one_click_and_finds_it_on_the_account_page(
        page, make_event, hub, visitor):
    event = make_event(hub, starts_at=days_ahead(4), title="Open inloop", booking_required=True,
                       capacity=1)
    occurrence = event.occurrences[0]
    log_in(page, visitor.email)
    expect(page.get_by_text("Je bent ingelogd.")).to_be_visible()
    page.set_viewport_size(PHONE)
    page.goto(f"/events/{event.id}")
    item = page.locator(f"#booking-date-{occurrence.id}")
    item.get_by_role("button", name=re.compile("^Reserveer")).click()
    expect(item).to_contain_text("Je reservering is bevestigd.")
    expect(item).to_contain_text("Vol")
    page.goto("/account")
    expect(page.get_by_role("heading", name="Mijn reserveringen")).to_be_visible()
    expect(page.get_by_role("link", name="Open inloop")).to_be_visible()
    assert_no_axe_violations(page)


def test_the_personal_page_keeps_its_styles_after_boosted_navigation_from_the_confirmation(
        page, live_app, make_event, hub, console):
    event = make_event(hub, starts_at=days_ahead(9), title="Rondleiding door de hub",
                       booking_required=True, capacity=10)
    occurrence = event.occurrences[0]
    page.set_viewport_size(PHONE)
    page.goto(f"/events/{event.id}")
    booking = page.locator(f"#booking-date-{occurrence.id}")
    booking.get_by_role("link", name=re.compile("^Reserveer")).click()
    booking.get_by_label("Naam").fill("Sanne de Vries")
    booking.get_by_label("E-mailadres").fill("sanne.boost@example.nl")
    page.wait_for_timeout(2100)  # a person takes a moment; faster is taken for a bot
    booking.get_by_role("button", name="Reserveer").click()
    expect(booking).to_contain_text("Je reservering is bevestigd.")
    expect(booking.get_by_role("heading", name="Zet in mijn agenda")).to_be_visible()
    expect(booking.get_by_role("link", name="Google Agenda")).to_be_visible()

    # hx-boost swaps the body: no new page load, so only the head's sheets can style it.
    page.evaluate("() => { window.stillTheSamePage = true }")
    booking.get_by_role("link", name="Bekijk of annuleer je reservering").click()
    expect(page.get_by_role("heading", name="Je reservering")).to_be_visible()
    assert "/bookings/" in page.url
    assert page.evaluate("() => window.stillTheSamePage") is True
    # The facts use the shared .facts component (site.css); the rest is bookings.css.
    facts = page.locator(".booking-manage .facts")
    assert facts.evaluate("el => getComputedStyle(el).display") == "grid"
    link = page.locator(".booking-link")
    assert link.evaluate("el => getComputedStyle(el).overflowWrap") == "anywhere"
    calendar = page.locator(".booking-calendar__links")
    assert calendar.evaluate("el => getComputedStyle(el).display") == "flex"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert console.problems() == []
