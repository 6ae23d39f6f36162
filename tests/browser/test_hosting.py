"""The hub team in Chromium: the attendee list on a 360 px phone (compact rows, search,
one-tap check-in with undo), and the activity form's repeat preview."""

from __future__ import annotations

import re
import time

from playwright.sync_api import expect

from hubsite.agenda import views as agenda_views
from hubsite.bookings import seating
from hubsite.extensions import db
from tests.bookings.conftest import days_ahead
from tests.browser.conftest import assert_no_axe_violations
from tests.browser.test_journeys import log_in

PHONE_360 = {"width": 360, "height": 740}
NAMES = ("Sanne de Vries", "Gijs Gast", "Fatima el Amrani", "Daan Jansen",
         "Noor van den Berg-Hoogendoorn", "Mehmet Yilmaz")


def test_the_attendee_list_on_a_360_px_phone(page, make_event, hub, host, console):
    event = make_event(hub, starts_at=days_ahead(1), booking_required=True, capacity=20,
                       booking_max_group=4)
    occurrence = event.occurrences[0]
    bookings = [seating.book(db.session, occurrence.id, name=name,
                             email=f"gast{n}@example.nl", organisation="ROC van Twente",
                             seats=2 if n == 1 else 1, by_host=True, notify=False)
                for n, name in enumerate(NAMES)]
    db.session.commit()
    page.set_viewport_size(PHONE_360)
    log_in(page, "host@example.nl")
    expect(page.get_by_text("Je bent ingelogd.")).to_be_visible()
    page.goto(f"/datums/{occurrence.id}/deelnemers")

    heights = page.locator("#attendees .attendee").evaluate_all(
        "rows => rows.map(row => row.getBoundingClientRect().height)")
    assert len(heights) == len(NAMES)
    assert all(50 <= h <= 70 for h in heights), f"rows of about 60 px, not {heights}"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert_no_axe_violations(page)

    # Search: the rows filter as you type.
    page.get_by_label("Zoek op naam").fill("sanne")
    expect(page.locator("#attendees .attendee:visible")).to_have_count(1)
    expect(page.locator("#attendee-search-status")).to_have_text("1 gevonden")
    page.get_by_label("Zoek op naam").fill("")
    expect(page.locator("#attendees .attendee:visible")).to_have_count(len(NAMES))

    # One tap checks in; the row offers undo.
    gijs = page.locator(f"#booking-{bookings[1].id}")
    gijs.get_by_role("button", name=re.compile(r"^Aanwezig\W+Gijs Gast$")).click()
    # What the eye sees is "Aanwezig ✓ — Ongedaan maken" (screen readers hear the name too).
    expect(gijs.locator(".attendee__checkin")).to_have_text(
        re.compile(r"^\s*Aanwezig ✓: Gijs Gast\s*—\s*Ongedaan maken: Gijs Gast\s*$"))
    expect(page.locator("#booking-counts div", has_text="Aanwezig")).to_have_text(
        re.compile(r"Aanwezig\s*1"))
    gijs.get_by_role("button", name=re.compile(r"^Ongedaan maken\W+Gijs Gast$")).click()
    expect(gijs.get_by_role("button", name=re.compile(r"^Aanwezig\W+Gijs Gast$"))
           ).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#booking-counts div", has_text="Aanwezig")).to_have_text(
        re.compile(r"Aanwezig\s*0"))
    db.session.expire_all()
    assert bookings[1].status == "confirmed"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert console.problems() == []


def test_the_repeat_preview_follows_the_form(page, hub, host, make_activity_type):
    make_activity_type()
    page.set_viewport_size(PHONE_360)
    log_in(page, "host@example.nl")
    expect(page.get_by_text("Je bent ingelogd.")).to_be_visible()
    page.goto(f"/hubs/{hub.slug}/activiteiten/nieuw")

    page.get_by_label("Datum", exact=True).fill(days_ahead(14).date().isoformat())
    page.get_by_label("Herhaling").select_option("WEEKLY")
    preview = page.locator("#repeat-preview")
    expect(preview).to_have_text(re.compile(r"^Elke \w+ om 14:00, 5 keer, t/m "))
    expect(page.get_by_label("Tot en met", exact=True)).to_be_hidden()
    page.get_by_label("tot en met een datum").check()
    expect(page.get_by_label("Aantal keer", exact=True)).to_be_hidden()
    expect(page.get_by_label("Tot en met", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Voorbeeld")).to_be_hidden()


def test_changes_while_the_preview_is_on_its_way_leave_no_errors(page, hub, host,
                                                                  make_activity_type,
                                                                  console, monkeypatch):
    """A change while the last preview is still underway once aborted that request, and
    htmx reports every aborted request as an error in the console."""
    make_activity_type()
    words = agenda_views._repeat_text

    def slowly(form):  # a slow connection: the answer comes after the next change
        time.sleep(.4)
        return words(form)

    monkeypatch.setattr(agenda_views, "_repeat_text", slowly)
    log_in(page, "host@example.nl")
    expect(page.get_by_text("Je bent ingelogd.")).to_be_visible()
    page.goto(f"/hubs/{hub.slug}/activiteiten/nieuw")

    page.get_by_label("Datum", exact=True).fill(days_ahead(14).date().isoformat())
    page.get_by_label("Herhaling").select_option("WEEKLY")
    page.get_by_label("Aantal keer", exact=True).fill("3")
    page.get_by_label("Titel").focus()
    expect(page.locator("#repeat-preview")).to_have_text(
        re.compile(r"^Elke \w+ om 14:00, 3 keer, t/m "), timeout=5000)
    page.wait_for_timeout(500)  # nothing later overwrites it
    expect(page.locator("#repeat-preview")).to_have_text(re.compile(r", 3 keer, "))
    assert console.problems() == []
