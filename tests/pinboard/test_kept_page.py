"""A board page for visitors with nothing of their own on it is rendered once per version of
the data and kept, with holes for what belongs to one answer: the CSRF token of the
visitor's session and the moment the post form was shown."""

from __future__ import annotations

import re

import flask
import sqlalchemy as sa

from hubsite import antibot
from hubsite.extensions import db
from hubsite.page_cache import CSRF_HOLE
from hubsite.pinboard.models import HELD, Post, Reaction
from hubsite.pinboard.views import FORM_SALT, STAMP_HOLE
from tests.conftest import counted_queries, rendered_templates
from tests.pinboard.conftest import post_data


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _stamp(page: str) -> str:
    return re.search(r'name="started" type="hidden" value="([^"]+)"', page).group(1)



def test_every_visitor_gets_the_kept_page_with_a_token_of_their_own(app, board, make_post,
                                                                    visitor):
    post = make_post(author=visitor, title="Wie filmt de opening?")
    first, second = app.test_client(), app.test_client()
    one = first.get(f"/boards/{board.slug}")
    with rendered_templates(app) as seen, counted_queries() as queries:
        two = second.get(f"/boards/{board.slug}")
    assert seen == []  # not rendered again
    # The data's versions (no Redis here) and the board's id for the form's stamp: the
    # board, its hub and sections are not loaded for a kept page.
    assert len(queries) <= 2, queries
    pages = [one.get_data(as_text=True), two.get_data(as_text=True)]
    for page, response in zip(pages, (one, two), strict=True):
        assert "Wie filmt de opening?" in page
        assert CSRF_HOLE not in page and STAMP_HOLE not in page
        assert response.headers["Cache-Control"] == "private, no-cache"
        assert response.headers.get("Set-Cookie")  # the session the token belongs to
    assert _token(pages[0]) != _token(pages[1])

    # Each visitor's token works for them: both react from their own page.
    for client, page in zip((first, second), pages, strict=True):
        # Requests here share the test's app context (and `g`); in a server each has its own.
        flask.g.pop("new_visitor_secret", None)
        response = client.post(f"/berichten/{post.id}/handig",
                               data={"csrf_token": _token(page), "terug": "bord"})
        assert response.status_code in (200, 303)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Reaction)) == 2


def test_the_form_on_a_kept_page_is_stamped_when_it_is_shown(app, board, monkeypatch):
    app.config["PINBOARD_MIN_FORM_SECONDS"] = 5
    app.test_client().get(f"/boards/{board.slug}")  # kept at this moment
    later = 1_000  # seconds after it was kept; the copy is still the same one
    clock = __import__("time").time
    monkeypatch.setattr("itsdangerous.timed.time", type("Clock", (), {
        "time": staticmethod(lambda: clock() + later)}))
    client = app.test_client()
    page = client.get(f"/boards/{board.slug}").get_data(as_text=True)
    _, shown = antibot._serializer(FORM_SALT).loads(_stamp(page), return_timestamp=True)
    assert shown.timestamp() >= clock() + later - 2

    # Sent at once, it is taken for a bot, as on a page rendered for this visitor alone.
    response = client.post(f"/boards/{board.slug}/berichten", data=post_data(
        section=board.sections[0].id, display_name="Snel", started=_stamp(page),
        csrf_token=_token(page)))
    assert response.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Post)) == 0


def test_a_new_post_shows_at_once_on_the_kept_page(app, board, make_post, visitor):
    client = app.test_client()
    client.get(f"/boards/{board.slug}")
    make_post(author=visitor, title="Net geplaatst")
    assert "Net geplaatst" in client.get(f"/boards/{board.slug}").get_data(as_text=True)
    posts = client.get(f"/boards/{board.slug}/berichten", headers={"HX-Request": "true"})
    assert "Net geplaatst" in posts.get_data(as_text=True)


def test_what_is_ones_own_never_comes_from_the_kept_page(app, client, board, make_post, host):
    make_post(visitor="browser-a", status=HELD, title="Wacht nog")
    stranger = app.test_client()
    assert "Wacht nog" not in stranger.get(f"/boards/{board.slug}").get_data(as_text=True)

    author = app.test_client()
    author.set_cookie("prikbord", "browser-a")
    page = author.get(f"/boards/{board.slug}").get_data(as_text=True)
    assert "Wacht nog" in page and "Wacht op controle" in page

    client.login(host)
    page = client.get(f"/boards/{board.slug}").get_data(as_text=True)
    assert "Wacht nog" in page and "Moderatie" in page
    assert "Wacht nog" not in stranger.get(f"/boards/{board.slug}").get_data(as_text=True)


def test_an_unknown_board_is_not_found_for_every_visitor(app, board):
    """The kept page is looked up before the board is loaded: an address without a board
    is still a 404, and nothing is kept for it."""
    for _ in range(2):
        assert app.test_client().get("/boards/bestaat-niet").status_code == 404
        assert app.test_client().get("/boards/bestaat-niet/berichten").status_code == 404
    assert app.test_client().get(f"/boards/{board.slug}").status_code == 200
