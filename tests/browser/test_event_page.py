"""The activity page and the trust pages in Chromium: no horizontal scroll at 360 px, no
axe-core violations, the JSON-LD data block allowed by the CSP, the booking bar on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hubsite.agenda.recurrence import Recurrence
from tests.bookings.conftest import days_ahead
from tests.browser.conftest import WIDTHS, assert_no_axe_violations


@pytest.mark.parametrize("width", [360, WIDTHS["desktop"]])
def test_the_activity_page_reads_well_and_keeps_to_the_csp(page, make_event, hub, console,
                                                           width):
    event = make_event(hub, starts_at=days_ahead(4), title="Co-creatiesessie in de binnenstad",
                       booking_required=True, capacity=12,
                       recurrence=Recurrence("WEEKLY", count=3))
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"/events/{event.id}")
    cta = page.locator(".event-cta__button")
    expect(cta).to_be_in_viewport()  # the booking action is above the fold
    bar = page.locator(".book-bar")
    if width == 360:
        expect(bar).to_be_visible()
    else:
        expect(bar).to_be_hidden()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert page.locator('script[type="application/ld+json"]').count() == 1
    assert_no_axe_violations(page)
    assert console.csp_violations() == [] and console.problems() == []


def test_reserveer_at_the_top_opens_the_form_of_the_next_date(page, make_event, hub):
    event = make_event(hub, starts_at=days_ahead(4), booking_required=True, capacity=12)
    occurrence = event.occurrences[0]
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"/events/{event.id}")
    page.locator(".event-cta__button").click()
    item = page.locator(f"#booking-date-{occurrence.id}")
    expect(item.get_by_label("Naam")).to_be_visible()
    expect(item.get_by_role("link", name="Wat we bewaren en hoe lang")).to_be_visible()


@pytest.mark.parametrize("url", ["/privacy", "/toegankelijkheid", "/hubs/{slug}/contact"])
def test_the_trust_pages_have_no_violations_at_360_px(page, hub, url):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(url.format(slug=hub.slug))
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert_no_axe_violations(page)
