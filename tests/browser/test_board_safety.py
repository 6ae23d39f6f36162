"""The pinboard in a real browser: what people type never runs, and the board works by
keyboard alone and without JavaScript.

The XSS check turns the page's Content-Security-Policy off (`bypass_csp`), so that it
proves the markup itself is harmless; the policy is a second wall, not the only one.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from hubsite.extensions import db
from hubsite.pinboard import boards, moderation, together
from hubsite.pinboard.access import Viewer, secret_hash
from hubsite.pinboard.models import MODERATE_NONE, Post
from tests.browser.conftest import WIDTHS
from tests.browser.test_journeys import log_in
from tests.pinboard.test_xss import link_for
from tests.test_markup import XSS_PAYLOADS

# Every event that could run an inline handler a payload smuggled in, fired on every element.
FIRE_HANDLERS = """() => {
    for (const el of document.querySelectorAll("main *")) {
        for (const type of ["mouseover", "mouseenter", "focus", "click", "load", "error",
                            "toggle", "animationstart", "begin", "pointerdown"]) {
            if (type === "click" && el.closest("a[href], button, form, summary, label")) continue;
            try { el.dispatchEvent(new Event(type)); } catch (e) {}
        }
    }
}"""


@pytest.fixture
def xss_board(hub, host):
    """Every payload in every text field, on one board of the hub: the board's title and
    description, a section, a post (title, text, link, link title, picture description,
    author's name), a hidden post's note, a comment with its writer's name and a report on
    one shared post; each payload also titles and describes a board of its own."""
    board = boards.ensure_hub_board(db.session, hub)
    boards.update_board(db.session, board, XSS_PAYLOADS[0], "\n\n".join(XSS_PAYLOADS),
                        moderation=MODERATE_NONE)
    shared = Post(board=board, section=board.sections[0], rank="a", kind="vraag",
                  title="Gedeeld bericht", author_name="Noor", state="open")
    db.session.add(shared)
    for n, payload in enumerate(XSS_PAYLOADS):
        section = boards.add_section(db.session, board, payload[:80])
        db.session.add(Post(board=board, section=section, rank=f"m{n:03}", kind="aanbod",
                            title=payload[:140], body=payload, link_url=link_for(payload),
                            link_title=payload[:140], image_alt=payload[:300],
                            author_name=payload[:80], state="open"))
        hidden = Post(board=board, section=section, rank=f"n{n:03}", kind="idee",
                      title=payload[:140], body=payload, author_name=host.name,
                      author_id=host.id)
        db.session.add(hidden)
        db.session.flush()
        moderation.moderate_post(db.session, hidden, Viewer(host), "hide", payload[:500])
        together.add_comment(db.session, shared, Viewer(None, secret_hash(f"b{n}")), payload,
                             display_name=payload[:80])
        together.report_post(db.session, shared, Viewer(None, secret_hash(f"b{n}")), payload)
        boards.create_board(db.session, payload[:120], hub=hub, description=payload)
    db.session.commit()
    return board, shared


def test_no_payload_runs_or_opens_a_dialog_on_any_pinboard_page(browser, live_server, app,
                                                                xss_board, host):
    board, shared = xss_board
    context = browser.new_context(base_url=live_server, locale="nl-NL", bypass_csp=True,
                                  viewport={"width": WIDTHS["desktop"], "height": 900})
    context.set_default_timeout(15_000)
    dialogs: list[str] = []
    elsewhere: list[str] = []
    forbidden: list[str] = []
    own_host = urlsplit(live_server).netloc
    try:
        tab = context.new_page()
        tab.on("dialog", lambda d: (dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))

        def watch(request) -> None:
            parts = urlsplit(request.url)
            if parts.scheme in ("http", "https") and parts.netloc != own_host:
                elsewhere.append(request.url)
            if parts.path in ("/uitloggen", "/boards/nieuw") and request.method == "POST" \
                    or parts.path == "/uitloggen":
                forbidden.append(request.url)

        tab.on("request", watch)
        log_in(tab, host.email)
        expect(tab.locator(".account-nav")).to_contain_text(host.name)

        pages = [(layout, f"/boards/{board.slug}") for layout in ("wall", "columns", "stream")]
        pages += [(None, url) for url in (
            f"/berichten/{shared.id}", f"/boards/{board.slug}/moderatie",
            f"/hubs/{board.hub.slug}/prikbord/moderatie", "/boards",
            f"/hubs/{board.hub.slug}", "/", f"/boards/{board.slug}/afdrukken")]
        for layout, url in pages:
            if layout:
                board.layout = layout
                db.session.commit()
            tab.goto(url)
            tab.evaluate(FIRE_HANDLERS)
            tab.wait_for_timeout(300)  # an animation, a failed image, a meta refresh
            assert urlsplit(tab.url).path == urlsplit(url).path, (url, tab.url)
            ran = tab.evaluate("() => window.__xss")
            assert ran is None, (url, layout, ran)
            assert dialogs == [], (url, layout, dialogs)
            expect(tab.locator("main")).to_be_visible()  # no style slipped in to hide it
        assert elsewhere == [] and forbidden == []
        # The payloads were really on the pages, shown as text.
        tab.goto(f"/boards/{board.slug}")
        expect(tab.locator("main")).to_contain_text("{{7*7}}")
        expect(tab.locator("main")).to_contain_text("<script>alert(1)</script>")
    finally:
        context.close()
