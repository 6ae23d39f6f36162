"""A pinboard open in several browsers on two separate servers stays current.

Two gunicorn processes with sync workers serve the site on the suite's database (the
SQLite file, or PostgreSQL when TEST_DATABASE_URL is set) and, when Redis runs on
127.0.0.1:6379, share it for the version check, as production does (the journey runs
once through Redis and once through the database alone). Each browser
context talks to one server only, so whatever reaches it was written by the other
process and found through the database (or Redis): nothing is shared in a process.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa
from playwright.sync_api import expect

from hubsite.extensions import db
from hubsite.hubs.models import ROLE_HOST
from hubsite.pinboard import boards, posts
from hubsite.pinboard.access import Viewer, secret_hash
from hubsite.pinboard.media import VISITOR_COOKIE
from hubsite.pinboard.models import MODERATE_ALL, MODERATE_NONE, PUBLISHED, Board, Post
from tests.browser.conftest import WIDTHS, assert_no_axe_violations
from tests.browser.test_journeys import log_in
from tests.servers import Server

LIVE_WITHIN = 3.0  # seconds: the promise
REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture(params=["redis", "database"])
def shared_redis(request, app) -> str:
    """The servers' version check through Redis (skipped when it does not run here), or
    through the database alone."""
    url = ""
    if request.param == "redis":
        try:
            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
        except redis.RedisError as error:
            pytest.skip(f"Redis is not reachable on 127.0.0.1:6379 ({error})")
        url = REDIS_URL
    app.config["REDIS_URL"] = url  # what this test writes is mirrored too
    return url


@pytest.fixture
def two_servers(app, database_url: str, tmp_path: Path, shared_redis: str) -> Iterator[list[Server]]:
    started: list[Server] = []
    try:
        for n in range(2):
            started.append(Server(database_url, tmp_path / f"server-{n}", workers=2, threads=1,
                                  REDIS_URL=shared_redis, PINBOARD_MIN_FORM_SECONDS="0"))
        yield started
    finally:
        for server in started:
            server.stop()


@pytest.fixture
def open_tab(browser) -> Iterator:
    """`open_tab(server)`: a new browser (own cookies) on one server, Dutch, 1280 px."""
    contexts = []
    errors: list[str] = []

    def open_on(server: Server):
        context = browser.new_context(base_url=server.base, locale="nl-NL",
                                      viewport={"width": WIDTHS["desktop"], "height": 900})
        context.set_default_timeout(10_000)
        contexts.append(context)
        tab = context.new_page()
        tab.on("pageerror", lambda error: errors.append(f"page error: {error}"))
        tab.on("console", lambda m: errors.append(m.text)
               if "Content Security Policy" in m.text else None)
        return tab

    yield open_on
    for context in contexts:
        context.close()
    assert errors == []


@pytest.fixture
def live_board(make_hub, make_user):
    """A hub's board that publishes at once, with a host; a unique slug per run, so that
    runs sharing one Redis never see each other's versions."""
    hub = make_hub(slug=f"live-{uuid.uuid4().hex[:8]}", name="Hub Live")
    host = make_user(hub=hub, role=ROLE_HOST, name="Aylin Host")
    board = boards.ensure_hub_board(db.session, hub)
    board.moderation = MODERATE_NONE
    db.session.commit()
    return board, host


@pytest.fixture
def board(hub) -> Board:
    made = boards.ensure_hub_board(db.session, hub)
    db.session.commit()
    return made


def add_post(board: Board, title: str, author=None, visitor: str | None = None) -> Post:
    """A published post on the board's first section, by an account or a browser secret."""
    post = posts.create_post(db.session, board, Viewer(author, secret_hash(visitor)),
                             board.sections[0], display_name="Bezoeker", kind="vraag",
                             title=title)
    post.status = PUBLISHED
    db.session.commit()
    return post


def post_as_visitor(tab, title: str) -> None:
    tab.get_by_text("Nieuw bericht", exact=True).click()
    form = tab.locator("#post-form form")
    form.get_by_label("Titel", exact=True).fill(title)
    form.get_by_label("Je naam").fill("Noor")
    form.get_by_role("button", name="Plaatsen").click()
    expect(tab.locator("#board-posts")).to_contain_text(title)


def post_id(title: str) -> int:
    found = db.session.scalar(sa.select(Post.id).where(Post.title == title))
    db.session.commit()  # no read transaction left open while the servers write
    return found


def drag(tab, handle, target, height: float = 0.5) -> None:
    """Drag with the mouse, in small steps, as a person does (both ends on screen), to
    `target` (at `height` of it from its top), once the cards can be dragged (SortableJS
    loads after the page)."""
    tab.wait_for_function("""() => window.Sortable && Array.from(
        document.querySelectorAll("ol.pins[data-section]")).every((l) => Sortable.get(l))""")
    target.scroll_into_view_if_needed()
    handle.scroll_into_view_if_needed()
    start, end = handle.bounding_box(), target.bounding_box()
    tab.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    tab.mouse.down()
    tab.mouse.move(start["x"] + 10, start["y"] + 10, steps=5)
    x, y = end["x"] + end["width"] / 2, end["y"] + end["height"] * height
    tab.mouse.move(x, y, steps=20)
    # SortableJS reads where the pointer is every 50 ms while dragging: hold still a
    # moment before letting go, as a hand does.
    tab.wait_for_timeout(200)
    tab.mouse.up()


def test_a_board_stays_current_across_two_servers(two_servers, open_tab, live_board):
    board, host = live_board
    server_a, server_b = two_servers
    url = f"/boards/{board.slug}"
    vraag, aanbod = board.sections[0].id, board.sections[1].id
    db.session.commit()

    visitor = open_tab(server_a)
    visitor.goto(url)
    host_tab = open_tab(server_b)
    log_in(host_tab, host.email)
    expect(host_tab.locator(".account-nav")).to_contain_text(host.name)
    host_tab.goto(url)

    # The host starts writing a post on server B and is still typing.
    host_tab.get_by_text("Nieuw bericht", exact=True).click()
    typing = host_tab.locator("#post-form form").get_by_label("Titel", exact=True)
    typing.press_sequentially("Workshop podcasten")

    # A visitor posts on server A: it appears on B within 3 s, without a reload,
    # and what the host typed and where the host types stay as they were.
    host_tab.evaluate("window.notReloaded = true")
    post_as_visitor(visitor, "Wie filmt onze opening?")
    posted = time.monotonic()
    expect(host_tab.locator("#board-posts")).to_contain_text(
        "Wie filmt onze opening?", timeout=LIVE_WITHIN * 1000)
    assert time.monotonic() - posted <= LIVE_WITHIN
    assert host_tab.evaluate("window.notReloaded === true")
    expect(typing).to_have_value("Workshop podcasten")
    expect(typing).to_be_focused()
    host_tab.keyboard.type(" en bewerken")
    expect(typing).to_have_value("Workshop podcasten en bewerken")

    # The host drags the post to Aanbod; the visitor on A sees it move within 3 s.
    moved_id = post_id("Wie filmt onze opening?")
    expect(visitor.locator(f"#pins-{vraag} #pin-{moved_id}")).to_be_visible()
    drag(host_tab, host_tab.locator(f"#pin-{moved_id} .pin__drag"),
         host_tab.locator(f"#pins-{aanbod}"))
    expect(host_tab.locator(f"#pins-{aanbod} #pin-{moved_id}")).to_be_visible()
    expect(host_tab.locator("#messages")).to_contain_text("Verplaatst naar Aanbod, positie 1 van 1")
    dropped = time.monotonic()
    expect(visitor.locator(f"#pins-{aanbod} #pin-{moved_id}")).to_be_visible(
        timeout=LIVE_WITHIN * 1000)
    assert time.monotonic() - dropped <= LIVE_WITHIN
    expect(visitor.locator(f"#pins-{vraag} #pin-{moved_id}")).to_have_count(0)
    assert db.session.get(Post, moved_id).section_id == aanbod
    db.session.commit()

    # With moderation on, a new post stays away from others until the host approves it.
    db.session.get(Board, board.id).moderation = MODERATE_ALL
    db.session.commit()
    onlooker = open_tab(server_a)
    onlooker.goto(url)
    with onlooker.expect_response(lambda r: r.url.endswith(f"{url}/berichten"),
                                  timeout=LIVE_WITHIN * 1000 + 2000):
        post_as_visitor(visitor, "Een held bericht")  # the onlooker's board noticed a change
    expect(visitor.locator("#board-posts")).to_contain_text("Wacht op controle")
    expect(onlooker.locator("#board-posts")).not_to_contain_text("Een held bericht")

    host_tab.goto(f"{url}/moderatie")
    host_tab.get_by_role("button", name="Goedkeuren").click()
    expect(host_tab.locator("#messages")).to_contain_text("Goedgekeurd")
    approved = time.monotonic()
    expect(onlooker.locator("#board-posts")).to_contain_text(
        "Een held bericht", timeout=LIVE_WITHIN * 1000)
    assert time.monotonic() - approved <= LIVE_WITHIN


def test_a_hidden_tab_stops_asking_and_a_shown_tab_asks_at_once(page, live_app, app, board):
    """Chromium without a window keeps every tab visible, so the tab is made hidden the
    way the page itself learns it: `document.hidden` and `visibilityState` say so and
    `visibilitychange` fires (what a browser does when the tab goes to the background)."""
    live_app.config["PINBOARD_LIVE_SECONDS"] = 1
    checks: list[float] = []
    page.on("request", lambda r: checks.append(time.monotonic())
            if r.url.endswith(f"/boards/{board.slug}/versie") else None)
    try:
        page.goto(f"/boards/{board.slug}")
        with page.expect_request(lambda r: r.url.endswith("/versie"), timeout=3000):
            pass  # it asks while shown

        page.evaluate("""() => {
            Object.defineProperty(document, "hidden", {configurable: true, get: () => true});
            Object.defineProperty(document, "visibilityState",
                                  {configurable: true, get: () => "hidden"});
            document.dispatchEvent(new Event("visibilitychange"));
        }""")
        page.wait_for_timeout(300)  # a check already on its way may still land
        asked_while_hidden = len(checks)
        page.wait_for_timeout(3500)
        assert len(checks) == asked_while_hidden  # three and a half intervals, no ask

        shown = time.monotonic()
        page.evaluate("""() => {
            Object.defineProperty(document, "hidden", {configurable: true, get: () => false});
            Object.defineProperty(document, "visibilityState",
                                  {configurable: true, get: () => "visible"});
            document.dispatchEvent(new Event("visibilitychange"));
        }""")
        page.wait_for_timeout(500)
        assert len(checks) > asked_while_hidden
        assert checks[asked_while_hidden] - shown < 0.5  # at once, not after an interval
    finally:
        live_app.config["PINBOARD_LIVE_SECONDS"] = 2


def test_a_live_update_keeps_the_focus_on_a_cards_move_control(page, live_app, app, board,
                                                               host):
    """A keyboard user on their card's controls stays there while another card arrives."""
    live_app.config["PINBOARD_LIVE_SECONDS"] = 0.5
    try:
        mine = add_post(board, "Mijn kaart", visitor="geheim")
        page.context.add_cookies([{"name": VISITOR_COOKIE, "value": "geheim",
                                   "url": live_app.config["BASE_URL"]}])
        page.goto(f"/boards/{board.slug}")
        choice = page.locator(f"#post-{mine.id} .pin__move select")
        choice.focus()

        add_post(board, "Nieuw van iemand anders", author=host)

        expect(page.locator("#board-posts")).to_contain_text("Nieuw van iemand anders")
        expect(choice).to_be_focused()
        expect(page.locator("#messages")).to_contain_text("Het prikbord is bijgewerkt.")
    finally:
        live_app.config["PINBOARD_LIVE_SECONDS"] = 2


def test_moving_by_keyboard_says_where_and_leaves_the_post_form_alone(page, live_app, app, board,
                                                                      host):
    """The keyboard buttons and dragging send the same request; the answer swaps only the
    posts region, so a half-written post stays as it was."""
    first = add_post(board, "Eerste kaart", author=host)
    add_post(board, "Tweede kaart", author=host)  # new posts go on top
    log_in(page, host.email)
    expect(page.locator(".account-nav")).to_contain_text(host.name)
    page.goto(f"/boards/{board.slug}")
    page.get_by_text("Nieuw bericht", exact=True).click()
    page.locator("#post-form form").get_by_label("Titel", exact=True).fill("Half af")

    page.locator(f"#post-{first.id} .pin__move").get_by_role("button", name="Omhoog").focus()
    page.keyboard.press("Enter")

    expect(page.locator("#messages")).to_contain_text("Verplaatst naar Vraag, positie 1 van 2")
    expect(page.locator("#board-posts .pin__title").first).to_have_text("Eerste kaart")
    expect(page.locator(f"#post-{first.id} .pin__move button[value=omlaag]")).to_be_focused()
    expect(page.locator("#post-form form").get_by_label("Titel", exact=True)).to_have_value(
        "Half af")
    assert_no_axe_violations(page)  # the drag handles and the live region included


def test_a_refused_drop_says_why_and_puts_the_cards_back(page, live_app, app, board, host):
    """Dropped above a card that someone else removed meanwhile: the move is refused with
    a message, and the cards are shown where they really are."""
    live_app.config["PINBOARD_LIVE_SECONDS"] = 60  # no live update comes in between
    board.layout = "columns"  # side by side: the sections keep their place during a drag
    db.session.commit()
    try:
        dragged = add_post(board, "Gesleepte kaart", author=host)
        gone = posts.create_post(db.session, board, Viewer(host), board.sections[1],
                                 kind="aanbod", title="Verdwijnt zo")
        db.session.commit()
        gone_id = gone.id
        log_in(page, host.email)
        expect(page.locator(".account-nav")).to_contain_text(host.name)
        page.goto(f"/boards/{board.slug}")

        db.session.delete(gone)  # someone else removes it
        db.session.commit()
        drag(page, page.locator(f"#pin-{dragged.id} .pin__drag"), page.locator(f"#pin-{gone_id}"),
             height=0.2)  # onto its upper part: above it

        expect(page.locator("#messages")).to_contain_text("intussen veranderd")
        expect(page.locator(f"#pin-{gone_id}")).to_have_count(0)
        expect(page.locator(f"#pins-{board.sections[0].id} #pin-{dragged.id}")).to_be_visible()
    finally:
        live_app.config["PINBOARD_LIVE_SECONDS"] = 2


def test_without_javascript_the_buttons_move_a_card_and_nothing_asks(browser, live_server, app,
                                                                     board, host):
    """JavaScript off: no drag handle shows, nothing polls, the move form posts and the page
    that comes back says where the card went."""
    card = add_post(board, "Kaart zonder script", author=host)
    context = browser.new_context(base_url=live_server, locale="nl-NL",
                                  java_script_enabled=False)
    try:
        tab = context.new_page()
        asked: list[str] = []
        tab.on("request", lambda r: asked.append(r.url) if "/versie" in r.url else None)
        log_in(tab, host.email)
        expect(tab.locator(".account-nav")).to_contain_text(host.name)
        tab.goto(f"/boards/{board.slug}")
        expect(tab.locator(".pin__drag")).to_be_hidden()

        controls = tab.locator(f"#post-{card.id} .pin__move")
        controls.get_by_label("Naar kolom").select_option(label="Aanbod")
        controls.get_by_role("button", name="Verplaats").click()

        expect(tab.locator("#messages")).to_contain_text("Verplaatst naar Aanbod, positie 1 van 1")
        expect(tab.locator(f"#pins-{board.sections[1].id} #post-{card.id}")).to_be_visible()
        tab.wait_for_timeout(2500)  # longer than an interval
        assert asked == []
    finally:
        context.close()


def add_posts(board: Board, count: int, author) -> list[int]:
    """`count` published posts on the board's first section; their ids in the board's order."""
    for n in range(count):
        posts.create_post(db.session, board, Viewer(author), board.sections[0], kind="vraag",
                          title=f"Kaart {n}").status = PUBLISHED
    db.session.commit()
    return list(db.session.scalars(sa.select(Post.id).where(
        Post.section_id == board.sections[0].id).order_by(Post.rank, Post.id)))


def test_more_shows_the_next_cards_in_place_with_the_focus_on_the_first(page, live_app, app,
                                                                        board, host):
    """A long column: "Meer tonen" brings the next cards under the ones shown, the focus
    goes to the first new one, and the address keeps them for a reload."""
    order = add_posts(board, posts.BOARD_PAGE + 4, host)
    page.goto(f"/boards/{board.slug}")
    column = page.locator(f"#pins-{board.sections[0].id} > li")
    expect(column).to_have_count(posts.BOARD_PAGE)
    more = page.get_by_role("link", name="Meer tonen in Vraag")
    expect(page.locator(".board-more")).to_contain_text("Nog 4 berichten")
    more.focus()
    page.keyboard.press("Enter")

    expect(column).to_have_count(posts.BOARD_PAGE + 4)
    expect(page.locator(f"#post-{order[posts.BOARD_PAGE]} .pin__title a")).to_be_focused()
    expect(page).to_have_url(re.compile(rf"/boards/{board.slug}\?aantal={2 * posts.BOARD_PAGE}$"))
    expect(page.locator(".board-more")).to_have_count(0)
    page.reload()
    expect(column).to_have_count(posts.BOARD_PAGE + 4)
    assert_no_axe_violations(page)


def test_a_card_dragged_to_the_end_of_a_long_column_stays_there(page, live_app, app, board,
                                                                host):
    """The last card shown is not the column's last: a card dropped under it goes just
    there, not below every card not shown."""
    live_app.config["PINBOARD_LIVE_SECONDS"] = 60  # no live update comes in between
    board.layout = "columns"
    db.session.commit()
    try:
        order = add_posts(board, posts.BOARD_PAGE + 2, host)
        log_in(page, host.email)
        expect(page.locator(".account-nav")).to_contain_text(host.name)
        page.goto(f"/boards/{board.slug}")
        dragged = order[posts.BOARD_PAGE - 2]  # under the last card shown
        drag(page, page.locator(f"#pin-{dragged} .pin__drag"),
             page.locator(f"#pin-{order[posts.BOARD_PAGE - 1]}"), height=0.9)

        expect(page.locator("#messages")).to_contain_text(
            f"positie {posts.BOARD_PAGE} van {posts.BOARD_PAGE + 2}")
        expect(page.locator(f"#pins-{board.sections[0].id} > li").last).to_have_id(
            f"pin-{dragged}")
    finally:
        live_app.config["PINBOARD_LIVE_SECONDS"] = 2
