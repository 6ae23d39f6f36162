"""The pinboard in a real browser: what people type never runs, and the board works by
keyboard alone and without JavaScript.

The XSS check turns the page's Content-Security-Policy off (`bypass_csp`), so that it
proves the markup itself is harmless; the policy is a second wall, not the only one.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from hubsite.extensions import db
from hubsite.pinboard import boards, moderation, together
from hubsite.pinboard.access import Viewer, secret_hash
from hubsite.pinboard.models import MODERATE_NONE, Post
from tests.browser.conftest import WIDTHS, assert_no_axe_violations
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


# -- By keyboard alone, and without JavaScript ------------------------------------------------


def tab_to(tab, target, limit: int = 250) -> None:
    """Press Tab (as a keyboard user does) until `target` has the focus; fails when it never
    gets it, i.e. when it cannot be reached by keyboard."""
    handle = target.element_handle()
    for _ in range(limit):
        if tab.evaluate("(el) => el === document.activeElement", handle):
            return
        tab.keyboard.press("Tab")
    raise AssertionError(f"{target} cannot be reached with Tab")


@pytest.fixture
def open_board(live_app, hub, host):
    """The hub's board, publishing at once, with someone else's post to report (the bot
    trap's "sent too fast" is off: a test types faster than a person)."""
    was = live_app.config["PINBOARD_MIN_FORM_SECONDS"]
    live_app.config["PINBOARD_MIN_FORM_SECONDS"] = 0
    board = boards.ensure_hub_board(db.session, hub)
    board.moderation = MODERATE_NONE
    other = Post(board=board, section=board.sections[1], rank="m", kind="aanbod",
                 title="Gratis laptops", author_name=host.name, author_id=host.id)
    db.session.add(other)
    db.session.commit()
    yield board, other
    live_app.config["PINBOARD_MIN_FORM_SECONDS"] = was


def _reports() -> list[str]:
    from hubsite.pinboard.models import Report  # noqa: PLC0415  (only here)
    reasons = list(db.session.scalars(sa.select(Report.reason)))
    db.session.commit()
    return reasons


def test_a_visitor_posts_moves_and_reports_by_keyboard_alone(page, open_board):
    board, other = open_board
    page.goto(f"/boards/{board.slug}")

    # Posting: open the form, type, send; all with Tab, Enter and typing.
    tab_to(page, page.get_by_text("Nieuw bericht", exact=True))
    page.keyboard.press("Enter")
    form = page.locator("#post-form form")
    tab_to(page, form.get_by_label("Titel", exact=True))
    page.keyboard.type("Wie helpt met een logo?")
    tab_to(page, form.get_by_label("Tekst"))
    page.keyboard.type("Voor onze **open inloop**.")
    tab_to(page, form.get_by_label("Je naam"))
    page.keyboard.type("Noor")
    tab_to(page, form.get_by_role("button", name="Plaatsen"))
    page.keyboard.press("Enter")
    expect(page.locator("#messages")).to_contain_text("Je bericht staat op het prikbord.")
    card = page.locator("article.pin", has_text="Wie helpt met een logo?")
    expect(card).to_be_visible()
    mine = int(card.get_attribute("data-id"))

    # Moving: the card's own controls, the section chosen with the arrow keys.
    vraag, aanbod = board.sections[0], board.sections[1]
    expect(page.locator(f"#pins-{vraag.id} #post-{mine}")).to_be_visible()
    choose = page.locator(f"#move-{mine}")
    tab_to(page, choose)
    page.keyboard.press("ArrowDown")
    expect(choose).to_have_value(str(aanbod.id))
    page.keyboard.press("Tab")
    expect(page.locator(f"#post-{mine} .pin__move").get_by_role(
        "button", name="Verplaats")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#messages")).to_contain_text("Verplaatst naar Aanbod, positie")
    expect(page.locator(f"#pins-{aanbod.id} #post-{mine}")).to_be_visible()
    assert db.session.get(Post, mine).section_id == aanbod.id
    db.session.commit()

    # Reporting someone else's post: to its page, open "Melden", type, send.
    tab_to(page, page.locator(f"#post-{other.id}-title a"))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Gratis laptops")
    tab_to(page, page.get_by_text("Melden bij het hubteam"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_label("Waarom meld je dit bericht?"))
    page.keyboard.type("Dit lijkt op oplichting.")
    tab_to(page, page.locator("#report").get_by_role("button", name="Melden"))
    page.keyboard.press("Enter")
    expect(page.locator("#messages")).to_contain_text("Het hubteam bekijkt je melding")
    assert _reports() == ["Dit lijkt op oplichting."]


def test_a_visitor_posts_moves_and_reports_without_javascript(browser, live_server, app,
                                                             open_board):
    board, other = open_board
    context = browser.new_context(base_url=live_server, locale="nl-NL",
                                  java_script_enabled=False)
    context.set_default_timeout(10_000)
    try:
        tab = context.new_page()
        tab.goto(f"/boards/{board.slug}")
        tab.get_by_text("Nieuw bericht", exact=True).click()
        form = tab.locator("#post-form form")
        form.get_by_label("Titel", exact=True).fill("Wie filmt onze opening?")
        form.get_by_label("Tekst").fill("Op vrijdag, met een drone.")
        # A mistake first (no name): the page that comes back keeps what was typed.
        form.get_by_role("button", name="Plaatsen").click()
        form = tab.locator("#post-form form")
        expect(form.locator("#display_name-error")).to_be_visible()
        expect(form.get_by_label("Titel", exact=True)).to_have_value("Wie filmt onze opening?")
        expect(form.get_by_label("Tekst")).to_have_value("Op vrijdag, met een drone.")
        form.get_by_label("Je naam").fill("Noor")
        form.get_by_role("button", name="Plaatsen").click()
        expect(tab.locator("#messages")).to_contain_text("Je bericht staat op het prikbord.")
        mine = int(tab.locator("article.pin", has_text="Wie filmt onze opening?")
                   .get_attribute("data-id"))

        controls = tab.locator(f"#post-{mine} .pin__move")
        controls.get_by_label("Naar kolom").select_option(label="Aanbod")
        controls.get_by_role("button", name="Verplaats").click()
        expect(tab.locator("#messages")).to_contain_text("Verplaatst naar Aanbod, positie")
        expect(tab.locator(f"#pins-{board.sections[1].id} #post-{mine}")).to_be_visible()

        tab.locator(f"#post-{other.id}-title a").click()
        tab.get_by_text("Melden bij het hubteam").click()
        tab.get_by_label("Waarom meld je dit bericht?").fill("Spam.")
        tab.locator("#report").get_by_role("button", name="Melden").click()
        expect(tab.locator("#messages")).to_contain_text("Het hubteam bekijkt je melding")
        assert _reports() == ["Spam."]
        assert db.session.get(Post, mine).section_id == board.sections[1].id
        db.session.commit()
    finally:
        context.close()


# -- Accessibility of each layout -------------------------------------------------------------


@pytest.fixture
def busy_board(hub, host, make_user):
    """A board as it is in use: every kind, states, a match, a pinned and a held post,
    comments, reactions, a link, every colour."""
    from hubsite.pinboard import posts  # noqa: PLC0415
    board = boards.ensure_hub_board(db.session, hub)
    board.description = "Vraag en aanbod van de hub: **zet het hier**."
    student = make_user(name="Sanne Student", email="sanne@example.nl")
    made = []
    for n, (kind, title, colour) in enumerate([
            ("vraag", "Wie filmt de opening van onze nieuwe vestiging?", "geel"),
            ("aanbod", "Workshop podcasten door team Mediavormgeving", "groen"),
            ("idee", "Open inloop op vrijdagmiddag met soep", "blauw"),
            ("vraag", "Ideeën voor een levendige binnenstad?", "roze"),
            ("nieuws", "De hub is vernieuwd", "paars"),
            ("oproep", "Wie helpt met de markt op zaterdag?", "wit")]):
        post = posts.create_post(db.session, board, Viewer(student if n % 2 else host),
                                 board.sections[n % len(board.sections)], kind=kind,
                                 title=title, body="Korte uitleg met **vet** en een lijstje:\n\n- een\n- twee",
                                 colour=colour, link_url="https://example.org/info" if n == 1 else "",
                                 link_title="Meer informatie" if n == 1 else "")
        post.status = "published"
        made.append(post)
    made[0].pinned = True
    db.session.flush()
    posts.match_posts(db.session, made[0], made[1], Viewer(host))
    together.add_comment(db.session, made[0], Viewer(student), "Wij kunnen dat doen!")
    together.toggle_reaction(db.session, made[1], Viewer(host))
    db.session.commit()
    return board, student


@pytest.mark.parametrize("width", sorted(WIDTHS.values()))
@pytest.mark.parametrize("layout", ["wall", "columns", "stream"])
def test_each_layout_has_no_axe_violations(page, busy_board, layout, width):
    board, student = busy_board
    board.layout = layout
    db.session.commit()
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, student.email)
    expect(page.locator(".account-nav")).to_contain_text(student.name)
    page.goto(f"/boards/{board.slug}")
    expect(page.locator("#board-posts")).to_contain_text("Workshop podcasten")
    assert_no_axe_violations(page)
    page.get_by_text("Nieuw bericht", exact=True).click()  # the open post form too
    assert_no_axe_violations(page)


def test_the_teams_board_post_and_queue_have_no_axe_violations(page, busy_board, host):
    """The team sees more: move controls on every card, moderation, the post's actions."""
    board, _ = busy_board
    page.set_viewport_size({"width": WIDTHS["phone"], "height": 900})
    log_in(page, host.email)
    expect(page.locator(".account-nav")).to_contain_text(host.name)
    first = db.session.scalar(sa.select(Post.id).where(Post.pinned.is_(True)))
    db.session.commit()
    for url in (f"/boards/{board.slug}", f"/berichten/{first}", f"/boards/{board.slug}/moderatie",
                f"/boards/{board.slug}/instellingen", "/boards"):
        page.goto(url)
        assert_no_axe_violations(page)
