"""The open agenda in Chromium: a host plans a weekly activity across the end of summer
time, cancels one date and moves another; visitors find exactly those dates, with and
without JavaScript."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from playwright.sync_api import expect

from hubsite.agenda import services
from hubsite.agenda.recurrence import Recurrence
from hubsite.extensions import db
from tests.browser.conftest import WIDTHS, assert_no_axe_violations
from tests.conftest import PASSWORD

# The Tuesdays from 12 October 2027; summer time ends on Sunday 31 October.
EXPECTED = [
    ("2027-10-12T14:00+02:00", False),
    ("2027-10-19T14:00+02:00", False),
    ("2027-10-26T14:00+02:00", True),  # cancelled
    ("2027-11-04T10:00+01:00", False),  # moved from Tuesday 2 November
    ("2027-11-09T14:00+01:00", False),
]


def log_in(page, email: str) -> None:
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("Je bent ingelogd.")).to_be_visible()


@pytest.fixture
def agenda_setting(hub, other_hub, host, make_activity_type, make_event):
    """Two hubs, two types, and activities the filters must leave out."""
    inloop = make_activity_type("open-inloop", "Open inloop", "Drop-in hours")
    gastles = make_activity_type("gastles", "Gastles", "Guest lecture")
    make_event(other_hub, starts_at=datetime(2027, 10, 13, 14), activity_type=inloop,
               title="Inloop in Utrecht")
    make_event(hub, starts_at=datetime(2027, 10, 14, 10), activity_type=gastles,
               title="Gastles in Almelo")
    return inloop, gastles


def plan_the_series(page) -> None:
    """The host creates the weekly activity, cancels 26 October and moves 2 November."""
    log_in(page, "host@example.nl")
    page.goto("/hubs/almelo")
    page.get_by_role("link", name="Nieuwe activiteit").click()

    page.get_by_label("Soort activiteit").select_option(label="Open inloop")
    page.get_by_label("Titel").fill("Open inloop op dinsdag")
    page.get_by_label("Korte samenvatting").fill("Loop binnen met je vraag voor studenten.")
    page.get_by_label("Datum", exact=True).fill("2027-10-12")
    page.get_by_label("Begintijd").fill("14:00")
    page.get_by_label("Eindtijd", exact=True).fill("16:00")
    page.get_by_label("Herhaling").select_option(label="Wekelijks")
    page.get_by_label("dinsdag").check()
    page.get_by_label("een aantal keer").check()
    page.get_by_label("Aantal keer", exact=True).fill("5")
    page.get_by_role("button", name="Publiceren").click()

    expect(page.get_by_text("De activiteit is gepubliceerd.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open inloop op dinsdag")
    expect(page.locator(".dates__item")).to_have_count(5)

    page.get_by_role("link", name="Annuleer 26 oktober 2027").click()
    page.get_by_label("Reden").fill("Studiedag")
    page.get_by_role("button", name="Ja, annuleer deze datum").click()
    expect(page.get_by_text("De datum 26 oktober is geannuleerd.")).to_be_visible()

    page.get_by_role("link", name="Wijzig 2 november 2027").click()
    page.get_by_label("Alleen deze datum").check()
    page.get_by_label("Datum", exact=True).fill("2027-11-04")
    page.get_by_label("Begintijd").fill("10:00")
    page.get_by_label("Eindtijd").fill("12:00")
    page.get_by_role("button", name="Wijziging opslaan").click()
    expect(page.get_by_text("De datum is gewijzigd.")).to_be_visible()


def shown_dates(page) -> list[tuple[str, bool]]:
    """(start as in <time datetime>, marked cancelled) for every date in the results."""
    items = page.locator("#agenda-results .occ")
    found = []
    for n in range(items.count()):
        item = items.nth(n)
        start = item.locator("time").first.get_attribute("datetime")
        cancelled = "occ--cancelled" in (item.get_attribute("class") or "")
        if cancelled:
            expect(item.get_by_text("Geannuleerd")).to_be_visible()
        expect(item.get_by_role("link")).to_have_text("Open inloop op dinsdag")
        found.append((start, cancelled))
    return found


def test_host_plans_a_series_and_visitors_filter_the_agenda(page, browser, live_server,
                                                            agenda_setting, console):
    plan_the_series(page)
    page.get_by_role("button", name="Uitloggen").click()

    # A visitor, JavaScript on: the filters update the results in place and the URL.
    page.goto("/agenda")
    expect(page.locator("#agenda-results .occ")).to_have_count(7)
    page.get_by_label("Hub Almelo").check()
    expect(page).to_have_url(re.compile(r"hub=almelo"))
    page.get_by_label("Open inloop").check()
    expect(page).to_have_url(re.compile(r"hub=almelo.*type=open-inloop"))
    expect(page.locator("#agenda-results .occ")).to_have_count(5)
    assert shown_dates(page) == EXPECTED
    expect(page.locator("#agenda-results").get_by_text("14:00").first).to_be_visible()
    assert console.problems() == []

    # The same with JavaScript off: the form is an ordinary GET form.
    context = browser.new_context(base_url=live_server, locale="nl-NL",
                                  java_script_enabled=False,
                                  viewport={"width": WIDTHS["phone"], "height": 800})
    try:
        plain = context.new_page()
        plain.goto("/agenda")
        expect(plain.get_by_label("Hub Almelo")).to_be_visible()  # the panel is open
        plain.get_by_label("Hub Almelo").check()
        plain.get_by_label("Open inloop").check()
        plain.get_by_role("button", name="Toon activiteiten").click()
        expect(plain).to_have_url(re.compile(r"/agenda\?hub=almelo&type=open-inloop$"))
        assert shown_dates(plain) == EXPECTED

        plain.goto("/agenda?view=week&from=2027-10-26&hub=almelo&type=open-inloop")
        week = plain.locator("#agenda-results .occ")
        expect(week).to_have_count(1)
        expect(week.first).to_contain_text("Geannuleerd")
    finally:
        context.close()


def test_agenda_pages_have_no_axe_violations(page, agenda_setting, make_event, hub, host):
    inloop, _ = agenda_setting
    event = make_event(hub, starts_at=datetime(2027, 10, 12, 14), activity_type=inloop,
                       recurrence=Recurrence("WEEKLY", count=5), title="Open inloop",
                       summary="Kom langs", description="**Welkom** bij de hub.",
                       audience="mbo,bedrijven", accessibility="Drempelvrij",
                       booking_required=True, capacity=20)
    services.cancel_occurrence(db.session, event.occurrences[2], now=datetime(2027, 1, 1))
    db.session.commit()
    pages = ["/agenda", "/agenda?view=week&from=2027-10-26", "/agenda?view=month&from=2027-10-01",
             "/agenda?view=past", "/agenda?hub=utrecht&type=gastles", f"/events/{event.id}"]
    for width in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": 900})
        for url in pages:
            page.goto(url)
            assert_no_axe_violations(page)
    log_in(page, "host@example.nl")
    for url in (f"/events/{event.id}", f"/events/{event.id}/bewerken",
                f"/events/{event.id}/datums/{event.occurrences[1].id}/wijzigen",
                "/hubs/almelo/activiteiten/nieuw"):
        page.goto(url)
        assert_no_axe_violations(page)
