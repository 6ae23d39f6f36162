"""Following a post in Chromium: a visitor follows by e-mail, confirms by the mailed link,
hears of an answer, and unsubscribes by the link in that mail."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from hubsite.extensions import db
from hubsite.mail.models import OutboxMessage
from hubsite.pinboard import boards, posts
from hubsite.pinboard.access import Viewer
from hubsite.pinboard.models import Follow
from tests.browser.conftest import WIDTHS, assert_no_axe_violations
from tests.browser.test_journeys import log_in
from tests.conftest import links_in, mail_messages, mail_text

GUEST = "volger.browser@example.nl"


def _outbox(address: str) -> list[OutboxMessage]:
    return list(db.session.scalars(sa.select(OutboxMessage)
                                   .where(OutboxMessage.recipient == address)
                                   .order_by(OutboxMessage.id)))


@pytest.fixture(autouse=True)
def _people_type_fast(live_app):
    """The test types in a blink; the "too fast" check has its own test."""
    before = live_app.config["PINBOARD_MIN_FORM_SECONDS"]
    live_app.config["PINBOARD_MIN_FORM_SECONDS"] = 0
    yield
    live_app.config["PINBOARD_MIN_FORM_SECONDS"] = before


def test_a_visitor_follows_confirms_and_unsubscribes(page, live_server, live_app, hub,
                                                     make_user):
    board = boards.ensure_hub_board(db.session, hub)
    author = make_user(name="Bedrijf Jansen")
    vraag = posts.create_post(db.session, board, Viewer(author), board.sections[0],
                              kind="vraag", title="Wie filmt onze opening?")
    db.session.commit()
    page.set_viewport_size({"width": WIDTHS["phone"], "height": 800})

    page.goto(f"/berichten/{vraag.id}")
    follow_panel = page.locator("#volgen")
    follow_panel.get_by_role("button", name="Volgen").click()
    expect(page.locator("#email-error")).to_contain_text("Vul je e-mailadres in.")
    assert_no_axe_violations(page)
    page.get_by_label("Je e-mailadres").fill(GUEST)
    follow_panel.get_by_role("button", name="Volgen").click()
    expect(page.locator("#messages")).to_contain_text("Bijna klaar")
    expect(page.get_by_label("Je e-mailadres")).to_have_value("")

    [confirmation] = [m for m in mail_messages(live_app) if m["To"] == GUEST]
    [link] = [u for u in links_in(mail_text(confirmation)) if "/volgen/bevestigen/" in u]
    page.goto(link)
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Ja, ik wil dit bericht volgen").click()
    expect(page.get_by_text("Bevestigd: je krijgt een mail")).to_be_visible()
    expect(page.get_by_role("heading", name="Wie filmt onze opening?")).to_be_visible()

    # Someone else answers, in a browser of their own.
    other = page.context.browser.new_context(base_url=live_server, locale="nl-NL").new_page()
    other.goto(f"/berichten/{vraag.id}")
    other.get_by_label("Je reactie").fill("Wij doen het!")
    other.get_by_label("Je naam").fill("Sanne")
    other.get_by_role("button", name="Reageren").click()
    expect(other.locator("#reacties")).to_contain_text("Wij doen het!")
    other.context.close()
    confirmation_row, answered = _outbox(GUEST)
    assert "Wij doen het!" in answered.body_text and answered.unsubscribe_url
    [unsubscribe] = [u for u in links_in(answered.body_text) if "/volgen/afmelden/" in u]
    assert unsubscribe == answered.unsubscribe_url

    page.goto(unsubscribe)
    expect(page.get_by_text("Wil je geen mail meer krijgen over ‘Wie filmt onze opening?’?"))\
        .to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Afmelden").click()
    expect(page.get_by_text("Je bent afgemeld")).to_be_visible()
    assert db.session.scalars(sa.select(Follow)).all() == []
    page.goto(unsubscribe)  # the link again: nothing left to do, and it says so
    expect(page.get_by_text("Je bent afgemeld")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= WIDTHS["phone"]


def test_a_person_follows_in_one_click_and_unfollows_from_what_i_follow(page, hub, make_user):
    board = boards.ensure_hub_board(db.session, hub)
    vraag = posts.create_post(db.session, board, Viewer(make_user()), board.sections[0],
                              kind="vraag", title="Wie maakt een logo?")
    person = make_user(name="Fenna Volger", email="fenna@example.nl")
    db.session.commit()
    log_in(page, person.email)
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()

    page.goto(f"/berichten/{vraag.id}")
    page.locator("#volgen").get_by_role("button", name="Volgen").click()
    expect(page.locator("#volgen")).to_contain_text("Je volgt dit bericht")
    # The keyboard keeps its place: the focus stays on the (new) button.
    expect(page.get_by_role("button", name="Niet meer volgen")).to_be_focused()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Wat ik volg").first.click()
    expect(page.get_by_role("heading", name="Wat ik volg")).to_be_visible()
    expect(page.get_by_role("link", name="Wie maakt een logo?")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Niet meer volgen").click()
    expect(page.get_by_text("Je volgt dit bericht niet meer.")).to_be_visible()
    expect(page.get_by_role("link", name="Wie maakt een logo?")).to_have_count(0)
    assert db.session.scalars(sa.select(Follow)).all() == []
