"""Nobody but the author or the team changes a post or a board: every pinboard route,
generated from the URL map, tried by every role.

Every route of the blueprint is in exactly one class below; a new route that is in none
fails `test_every_route_is_classified`, so that its rule is decided (and tested) first.
Dragging a card sends the same request as the keyboard's move buttons (`pinboard.move`);
the live version check is a read (`pinboard.board_version`).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from hubsite.extensions import db
from hubsite.pinboard import following, posts
from hubsite.pinboard.access import Viewer, secret_hash
from hubsite.pinboard.models import Board, Comment, Follow, Post, Reaction, Report, Section
from hubsite.pinboard.together import add_comment
from tests.pinboard.conftest import with_visitor_secret

# Reads anyone who may see the board may do.
READ_FOR_ALL = {"pinboard.index", "pinboard.board", "pinboard.board_posts",
                "pinboard.board_version", "pinboard.post", "pinboard.print_board"}
# Reads for the team only.
READ_FOR_TEAM = {"pinboard.queue", "pinboard.hub_queue", "pinboard.export_csv"}
# Reads of one's own things, for anyone logged in ("Wat ik volg").
READ_FOR_ACCOUNTS = {"pinboard.following_list"}
# Changes anyone who may see a board may make (they add their own things, change nobody
# else's): posting, "handig", commenting, reporting, following.
OPEN_TO_EVERYONE = {"pinboard.new_post", "pinboard.react", "pinboard.comment",
                    "pinboard.report", "pinboard.follow"}
# Changes to what the secret link in the URL names (a follower's own follow: confirming
# it, unsubscribing); the GET shows a button, only the POST changes. Without the right
# link they change nothing (test below).
TOKEN_ROUTES = {"pinboard.confirm_follow", "pinboard.unsubscribe"}
# Changes to one post (or comment) that its author (a browser or an account) and the team
# may make.
AUTHOR_OR_TEAM = {"pinboard.edit_post", "pinboard.delete_post", "pinboard.set_state",
                  "pinboard.match", "pinboard.unmatch", "pinboard.move",
                  "pinboard.delete_comment"}
# Changes only the team makes: moderation, sections, settings, new and reused boards.
TEAM_ONLY = {"pinboard.moderate", "pinboard.moderate_comment", "pinboard.add_section",
             "pinboard.rename_section", "pinboard.move_section", "pinboard.remove_section",
             "pinboard.settings", "pinboard.reuse", "pinboard.new_board"}
CLASSES = (READ_FOR_ALL, READ_FOR_TEAM, READ_FOR_ACCOUNTS, OPEN_TO_EVERYONE, TOKEN_ROUTES,
           AUTHOR_OR_TEAM, TEAM_ONLY)

# Who may not change someone else's post, and who may.
OUTSIDERS = ("visitor", "other_browser", "stranger", "other_hub_host")
AUTHORS = ("author_account", "author_browser")
TEAM = ("host", "coordinator")
AUTHOR_BROWSER = "de-browser-van-de-schrijver"


def _endpoints(app, method: str | None = None) -> list[str]:
    return sorted({rule.endpoint for rule in app.url_map.iter_rules()
                   if rule.endpoint.startswith("pinboard.")
                   and (method is None or method in rule.methods)})


def test_every_route_is_classified(app):
    every = set(_endpoints(app))
    classified = set().union(*CLASSES)
    assert every - classified == set(), "a pinboard route without an access rule"
    assert classified - every == set(), "a rule for a route that is gone"
    assert sum(len(c) for c in CLASSES) == len(classified), "a route in two classes"
    # Every route that changes something is a POST; no GET changes anything.
    changing = OPEN_TO_EVERYONE | TOKEN_ROUTES | AUTHOR_OR_TEAM | TEAM_ONLY
    assert set(_endpoints(app, "POST")) == changing
    assert len(changing) >= 20


def _snapshot() -> tuple:
    db.session.expire_all()
    rows = [
        db.session.execute(sa.select(Post.id, Post.title, Post.kind, Post.rank, Post.section_id,
                                     Post.status, Post.state, Post.match_id, Post.pinned,
                                     Post.comments_closed, Post.moderation_note)).all(),
        db.session.execute(sa.select(Section.id, Section.name, Section.rank)).all(),
        db.session.execute(sa.select(Board.id, Board.title, Board.layout, Board.who_may_post,
                                     Board.moderation, Board.description)).all(),
        db.session.execute(sa.select(Comment.id, Comment.status, Comment.body)).all(),
    ]
    db.session.commit()
    return tuple(sorted(r) for r in rows)


@pytest.fixture
def scene(board, make_user, host, coordinator, other_host):
    """A vraag by its author (an account, or a browser) with a comment of theirs and a held
    comment, an aanbod to match it with and one already matched, on the hub's board."""
    def make(author_kind: str = "author_account") -> dict:
        author = make_user(name="Schrijver", email="schrijver@example.nl")
        by = {"author": author} if author_kind == "author_account" else \
            {"visitor": AUTHOR_BROWSER}
        viewer = Viewer(author) if author_kind == "author_account" else \
            Viewer(None, secret_hash(AUTHOR_BROWSER))
        post = posts.create_post(db.session, board, viewer, board.sections[0],
                                 display_name="Schrijver", kind="vraag", title="De vraag")
        offer = posts.create_post(db.session, board, Viewer(host), board.sections[1],
                                  kind="aanbod", title="Een aanbod")
        matched = posts.create_post(db.session, board, Viewer(host), board.sections[1],
                                    kind="aanbod", title="Al gematcht")
        for made in (post, offer, matched):
            made.status = "published"
        db.session.flush()
        comment = add_comment(db.session, post, viewer, "Eerste reactie",
                              display_name="Schrijver")
        held = add_comment(db.session, post, Viewer(None, secret_hash("iemand")), "Wacht",
                           display_name="Iemand")
        held.status = "held"
        db.session.commit()
        return {"board": board, "post": post, "offer": offer, "matched": matched,
                "comment": comment, "held": held, "by": by, "author": author}

    return make


def _act_as(client, role: str, scene: dict, users: dict) -> None:
    if role == "other_browser":
        with_visitor_secret(client, "someone-elses-browser")
    elif role == "author_browser":
        with_visitor_secret(client, AUTHOR_BROWSER)
    elif role == "author_account":
        client.login(scene["author"])
    elif role in users:
        client.login(users[role])


def _request(app, client, endpoint: str, scene: dict):
    """Send `endpoint` with values that would change something if allowed."""
    board, post = scene["board"], scene["post"]
    comment = scene["held"] if endpoint == "pinboard.moderate_comment" else scene["comment"]
    values = {"slug": board.slug, "post_id": post.id, "comment_id": comment.id,
              "section_id": board.sections[0].id}
    form = {"title": "Overgenomen", "kind": "idee", "state": "afgerond",
            "match": scene["offer"].id, "richting": "omlaag", "section": board.sections[1].id,
            "action": "pin" if endpoint == "pinboard.moderate" else "delete",
            "name": "Weg", "move_to": board.sections[1].id, "layout": "stream",
            "who_may_post": "team", "moderation": "all", "description": "Anders",
            "hub": board.hub.slug, "colour": "wit", "email": "iemand@example.nl"}
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    url = app.url_map.bind("hubsite.test").build(
        endpoint, {name: values[name] for name in rule.arguments})
    return client.form(url, form)


def _refused(response, endpoint: str) -> None:
    assert response.status_code in (302, 401, 403, 404), (endpoint, response.status_code)
    if response.status_code == 302:
        assert "/inloggen" in response.location, endpoint


@pytest.fixture
def users(make_user, host, coordinator, other_host) -> dict:
    return {"stranger": make_user(name="Vreemde", email="vreemde@example.nl"),
            "other_hub_host": other_host, "host": host, "coordinator": coordinator}


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_change_nothing_of_anyone(app, client, scene, users, role):
    made = scene("author_browser" if role == "other_browser" else "author_account")
    posts.match_posts(db.session, made["post"], made["matched"], Viewer(users["host"]))
    db.session.commit()
    _act_as(client, role, made, users)
    before = _snapshot()
    for endpoint in sorted(AUTHOR_OR_TEAM | TEAM_ONLY):
        _refused(_request(app, client, endpoint, made), endpoint)
        assert _snapshot() == before, (role, endpoint)


@pytest.mark.parametrize("role", AUTHORS)
def test_the_author_may_not_do_what_only_the_team_does(app, client, scene, users, role):
    made = scene(role)
    _act_as(client, role, made, users)
    before = _snapshot()
    for endpoint in sorted(TEAM_ONLY):
        _refused(_request(app, client, endpoint, made), endpoint)
        assert _snapshot() == before, (role, endpoint)


@pytest.mark.parametrize("endpoint", sorted(AUTHOR_OR_TEAM))
@pytest.mark.parametrize("role", AUTHORS + TEAM)
def test_the_author_and_the_team_change_a_post(app, client, scene, users, role, endpoint):
    made = scene(role if role in AUTHORS else "author_account")
    if endpoint == "pinboard.unmatch":
        posts.match_posts(db.session, made["post"], made["matched"], Viewer(users["host"]))
        db.session.commit()
    _act_as(client, role, made, users)
    before = _snapshot()
    response = _request(app, client, endpoint, made)
    assert response.status_code == 303, (role, endpoint, response.status_code)
    assert _snapshot() != before, (role, endpoint)


@pytest.mark.parametrize("endpoint", sorted(TEAM_ONLY))
@pytest.mark.parametrize("role", TEAM)
def test_the_team_changes_the_board(app, client, scene, users, role, endpoint):
    made = scene()
    _act_as(client, role, made, users)
    before = _snapshot()
    response = _request(app, client, endpoint, made)
    assert response.status_code == 303, (role, endpoint, response.status_code)
    assert _snapshot() != before, (role, endpoint)


@pytest.mark.parametrize("role", OUTSIDERS + AUTHORS)
def test_team_pages_are_closed_to_everyone_else(app, client, scene, users, role):
    made = scene(role if role in AUTHORS else "author_account")
    _act_as(client, role, made, users)
    board = made["board"]
    for url in (f"/boards/{board.slug}/moderatie", f"/hubs/{board.hub.slug}/prikbord/moderatie",
                f"/boards/{board.slug}/export.csv", f"/boards/{board.slug}/instellingen",
                f"/boards/{board.slug}/hergebruiken", f"/boards/nieuw?hub={board.hub.slug}"):
        _refused(client.get(url), url)


@pytest.mark.parametrize("role", TEAM)
def test_team_pages_open_for_the_team(app, client, scene, users, role):
    made = scene()
    _act_as(client, role, made, users)
    board = made["board"]
    for url in (f"/boards/{board.slug}/moderatie", f"/hubs/{board.hub.slug}/prikbord/moderatie",
                f"/boards/{board.slug}/export.csv", f"/boards/{board.slug}/instellingen",
                f"/boards/{board.slug}/hergebruiken", f"/boards/nieuw?hub={board.hub.slug}"):
        assert client.get(url).status_code == 200, url


def test_a_held_post_is_seen_only_by_its_author_and_the_team(app, client, scene, users):
    made = scene("author_browser")
    made["post"].status = "held"
    db.session.commit()
    url = f"/berichten/{made['post'].id}"
    for role, status in (("visitor", 404), ("other_browser", 404), ("stranger", 404),
                         ("other_hub_host", 404), ("author_browser", 200), ("host", 200),
                         ("coordinator", 200)):
        browser = app.test_client()  # a browser of its own per role (the Client class)
        _act_as(browser, role, made, users)
        assert browser.get(url).status_code == status, role


def test_the_htmx_refusal_goes_to_the_message_region(hx, board, make_post, visitor, host):
    post = make_post(author=host)
    hx.login(visitor)
    response = hx.form(f"/berichten/{post.id}/verwijderen")
    assert response.status_code == 403 and response.headers["HX-Retarget"] == "#messages"


def test_open_routes_add_only_the_senders_own_things(app, client, scene, users):
    """Posting, "handig", commenting and reporting by a visitor change nothing that was."""
    made = scene()
    client.get(f"/boards/{made['board'].slug}")
    before = _snapshot()
    reactions = db.session.scalar(sa.select(sa.func.count()).select_from(Reaction))
    reports = db.session.scalar(sa.select(sa.func.count()).select_from(Report))
    for endpoint in sorted(OPEN_TO_EVERYONE):
        response = _request(app, client, endpoint, made)
        assert response.status_code in (303, 422), (endpoint, response.status_code)
    after = _snapshot()
    for old, new in zip(before, after, strict=True):
        assert set(old) <= set(new)  # nothing that was there changed or went
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Reaction)) >= reactions
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)) >= reports


def _follows() -> list:
    return sorted(db.session.execute(sa.select(Follow.id, Follow.user_id, Follow.email,
                                               Follow.confirmed_at)).all())


@pytest.mark.parametrize("token", ["nonsense", "a" * 43, "WzEsICJ4Il0.bad-signature"])
def test_a_wrong_link_confirms_and_stops_nothing(app, client, scene, users, token):
    made = scene()
    following.request_follow(db.session, made["post"], "iemand@example.nl", "nl")
    following.follow_as_user(db.session, made["post"], users["stranger"])
    db.session.commit()
    before = _follows()
    for endpoint in sorted(TOKEN_ROUTES):
        url = app.url_map.bind("hubsite.test").build(endpoint, {"token": token})
        assert client.get(url).status_code == 404, endpoint
        assert client.form(url).status_code == 404, endpoint
        assert client.post(url).status_code in (400, 404), endpoint
    assert _follows() == before


@pytest.mark.parametrize("role", OUTSIDERS + AUTHORS + TEAM)
def test_following_changes_only_ones_own_follow(app, client, scene, users, role):
    made = scene(role if role in AUTHORS else "author_account")
    following.follow_as_user(db.session, made["post"], made["author"]) \
        if role != "author_account" else None
    following.follow_as_user(db.session, made["post"], users["stranger"]) \
        if role != "stranger" else None
    db.session.commit()
    before = _follows()
    _act_as(client, role, made, users)
    for wanted in ("1", "0"):
        response = client.form(f"/berichten/{made['post'].id}/volgen", {"volgen": wanted})
        assert response.status_code in (303, 422), (role, response.status_code)
    assert _follows() == before  # a visitor's 422 (no address) or their own on and off
