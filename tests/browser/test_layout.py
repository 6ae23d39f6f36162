"""Every page type fits a 360 px phone: no sideways scrolling, nothing cut off.

Each page is loaded as the role that sees it, with content that is long where real content
is long (a long organisation name, a long e-mail address, a table of dates), and fails if
the page is wider than the viewport, if any element's right edge passes the viewport, or if
a link or button is cut off inside a box that scrolls sideways (a table may scroll; a tab
may not hide). `make shots` takes pictures of the same pages for people to look at.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from hubsite.agenda.recurrence import Recurrence
from hubsite.bookings import seating
from hubsite.extensions import db
from hubsite.hubs.models import ROLE_COORDINATOR, ROLE_HOST
from tests.browser.conftest import assert_no_axe_violations
from tests.browser.test_journeys import log_in
from tests.conftest import next_week

PHONE = {"width": 360, "height": 740}

# What overflows, as a list of readable descriptions (empty when the page fits).
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  const describe = (el) => {
    const text = (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40);
    return `<${el.tagName.toLowerCase()}${el.className ? ` class="${el.className}"` : ""}> "${text}"`;
  };
  if (document.documentElement.scrollWidth > width) {
    problems.push(`the page is ${document.documentElement.scrollWidth} px wide`);
  }
  const scroller = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible") return p;
    }
    return null;
  };
  for (const el of document.body.querySelectorAll("*")) {
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || style.position === "fixed") continue;
    const clip = scroller(el);
    if (clip) {
      // Inside a box that scrolls sideways: a table may scroll, a control elsewhere may not
      // hide beyond the box's edge (the "Archief" tab did). The main menu scrolls sideways
      // on purpose (test_the_main_menu_scrolls_to_every_entry_on_a_phone).
      const edge = clip.getBoundingClientRect().right;
      if (!clip.closest(".table-scroll, .nav") && el.matches("a, button, input, select, summary")
          && box.right > edge + 1) {
        problems.push(`${describe(el)} is cut off at ${Math.round(edge)} px`);
      }
      continue;
    }
    if (box.right > width + 1) {
      problems.push(`${describe(el)} ends at ${Math.round(box.right)} px`);
      continue;
    }
    // Nor does text stick out of its card or panel.
    const card = el.parentElement && el.parentElement.closest(".card, .panel");
    if (card && box.right > card.getBoundingClientRect().right + 1) {
      problems.push(`${describe(el)} sticks out of its card`);
    }
  }
  return problems.slice(0, 10);
}"""


@pytest.fixture
def site(make_hub, make_user, make_event, make_organisation, make_activity_type):
    """A small site whose texts are as long as real ones get; the ids of its pages."""
    hub = make_hub(slug="almelo", name="Hub Almelo", city="Almelo",
                   tagline="Werkplaats in de binnenstad",
                   about="Studenten, ondernemers en de gemeente werken hier samen aan echte "
                         "vragen.", email="hub.almelo@example.nl")
    make_user(hub, ROLE_HOST, email="host@example.nl", name="Aylin Yılmaz")
    make_user(hub, ROLE_COORDINATOR, email="begeleider@example.nl", name="Mark Jansen")
    make_user(email="admin@example.nl", name="Sanne de Vries (beheer)", is_admin=True)
    make_user(email="bezoeker@example.nl", name="Fatima El Amrani")
    make_organisation(name="Ondernemersvereniging Almelo", city="Almelo",
                      description="Vereniging van ondernemers in de binnenstad van Almelo.")
    make_organisation(name="Gemeente Almelo", kind="overheid", city="Almelo",
                      description="Gemeente die zichzelf een mbo-stad noemt.")
    workshop = make_activity_type("co-creatie", "Co-creatiesessie", "Co-creation session")
    event = make_event(hub, activity_type=workshop, booking_required=True, capacity=12,
                       title="Co-creatiesessie: vragen uit de binnenstad van Almelo",
                       summary="Ondernemers brengen een vraag mee; studenten denken mee.",
                       recurrence=Recurrence("WEEKLY", count=4))
    past = next_week() - timedelta(days=21)
    make_event(hub, starts_at=past, title="Bedrijfsbezoek bij de installatiebranche")
    occurrence = event.occurrences[0]
    booking = seating.book(db.session, occurrence.id, name="Noor Visser-van den Broek",
                           email="noor.visser-vandenbroek@gemeente-almelo.example.nl",
                           organisation="Gemeente Almelo, afdeling Economische Zaken",
                           remark="Ik neem twee collega's mee.", notify=False)
    db.session.commit()
    return {"event": event.id, "occurrence": occurrence.id, "token": booking.token}


# (page name, role that sees it or None, path with {event}, {occurrence}, {token})
PAGES = [
    ("home", None, "/"),
    ("agenda list", None, "/agenda"),
    ("agenda week", None, "/agenda?view=week"),
    ("agenda month", None, "/agenda?view=month"),
    ("agenda archive", None, "/agenda?view=past"),
    ("activity", None, "/events/{event}"),
    ("hub", None, "/hubs/almelo"),
    ("hubs", None, "/hubs"),
    ("organisations", None, "/organisaties"),
    ("log-in", None, "/inloggen"),
    ("register", None, "/registreren"),
    ("booking", None, "/datums/{occurrence}/reserveren"),
    ("booking manage", None, "/bookings/{token}"),
    ("confirmation step", None, "/bookings/{token}/annuleren"),
    ("error", None, "/bestaat-niet"),
    ("account", "bezoeker@example.nl", "/account"),
    ("activity as host", "host@example.nl", "/events/{event}"),
    ("attendee list", "host@example.nl", "/datums/{occurrence}/deelnemers"),
    ("booking settings", "host@example.nl", "/events/{event}/reserveringen"),
    ("activity form", "host@example.nl", "/hubs/almelo/activiteiten/nieuw"),
    ("hub team", "begeleider@example.nl", "/hubs/almelo/team"),
    ("admin", "admin@example.nl", "/beheer"),
    ("my hub", "host@example.nl", "/hubs/almelo/beheer"),
    ("hub contact", None, "/hubs/almelo/contact"),
    ("privacy", None, "/privacy"),
    ("accessibility", None, "/toegankelijkheid"),
]
DESKTOP = {"width": 1280, "height": 800}


@pytest.mark.parametrize(("name", "role", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_the_page_fits_a_360_px_phone(page, site, name, role, path):
    page.set_viewport_size(PHONE)
    if role:
        log_in(page, role)
        expect(page.get_by_text("Je bent ingelogd.")).to_be_visible()

    page.goto(path.format(**site))

    assert page.evaluate(OVERFLOW_JS) == [], f"{name} ({path}) does not fit 360 px"


@pytest.mark.parametrize(("name", "role", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_the_page_has_no_axe_violations_at_360_and_1280_px(page, site, name, role, path):
    if role:
        log_in(page, role)
        expect(page.get_by_text("Je bent ingelogd.")).to_be_visible()
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        page.goto(path.format(**site))
        assert_no_axe_violations(page)


def test_the_booking_manage_page_gives_its_values_room(page, site):
    """The values of one's booking read as lines, not one word per line (a long label
    such as "Organisatie of school" once took most of the width)."""
    page.set_viewport_size(PHONE)
    page.goto(f"/bookings/{site['token']}")

    widths = page.locator("#booking-manage dd").evaluate_all(
        "values => values.map(dd => dd.getBoundingClientRect().width)")

    assert widths and min(widths) >= 250, widths


def test_forgot_password_is_a_big_enough_target(page):
    page.set_viewport_size(PHONE)
    page.goto("/inloggen")

    box = page.get_by_role("link", name="Wachtwoord vergeten?").bounding_box()

    assert box["width"] >= 24 and box["height"] >= 24, box


def test_copy_buttons_show_only_when_javascript_runs(browser, live_server, site):
    """Without JavaScript a copy button cannot copy, so it is not shown; the link can
    still be selected in its read-only field."""
    shown = {}
    for javascript in (True, False):
        context = browser.new_context(base_url=live_server, locale="nl-NL",
                                      java_script_enabled=javascript)
        tab = context.new_page()
        tab.goto(f"/events/{site['event']}")
        buttons = tab.locator("[data-copy]")
        assert buttons.count() > 0
        shown[javascript] = buttons.evaluate_all(
            "buttons => buttons.map(b => getComputedStyle(b).display !== 'none')")
        expect(tab.locator("input[readonly]").first).to_be_editable(editable=False)
        context.close()

    assert all(shown[True]) and not any(shown[False]), shown


@pytest.mark.parametrize("path", ["/agenda", "/organisaties", "/boards"])
def test_the_main_menu_shows_where_you_are_and_reaches_every_entry_on_a_phone(page, site,
                                                                               path):
    page.set_viewport_size(PHONE)
    page.goto(path)
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    current = menu.locator("[aria-current=page]")
    expect(current).to_be_in_viewport(ratio=0.95)
    # One row: the page's heading starts within the first 200 px of a 740 px screen.
    assert page.locator("main h1").first.bounding_box()["y"] < 200
    edge = menu.bounding_box()
    for link in menu.get_by_role("link").all():
        link.scroll_into_view_if_needed()
        box = link.bounding_box()
        assert edge["x"] - 1 <= box["x"] and box["x"] + box["width"] <= edge["x"] + edge["width"] + 1
