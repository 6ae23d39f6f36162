"""Nobody but the author or the team changes a post or a board: every changing pinboard
route, generated from the URL map, tried by every role that may not."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from hubsite.extensions import db
from hubsite.pinboard.access import Viewer
from hubsite.pinboard.models import Board, Comment, Post, Section
from hubsite.pinboard.together import add_comment
from tests.pinboard.conftest import with_visitor_secret

# Routes anyone who may see a board may use (they change nobody else's things).
OPEN_TO_EVERYONE = {"pinboard.new_post", "pinboard.react", "pinboard.comment",
                    "pinboard.report"}
# Who may do the rest: the post's author (a browser or an account) or the team.
AUTHOR_ROUTES = {"pinboard.edit_post", "pinboard.delete_post", "pinboard.set_state",
                 "pinboard.match", "pinboard.unmatch", "pinboard.move",
                 "pinboard.delete_comment"}
ROLES = ("anonymous", "other_browser", "stranger", "other_hub_host")


def _changing_endpoints(app) -> list[str]:
    return sorted({rule.endpoint for rule in app.url_map.iter_rules()
                   if rule.endpoint.startswith("pinboard.") and "POST" in rule.methods
                   and rule.endpoint not in OPEN_TO_EVERYONE})


def test_every_changing_route_is_covered(app):
    assert len(_changing_endpoints(app)) >= 15


def _snapshot() -> tuple:
    posts = db.session.execute(sa.select(Post.id, Post.title, Post.rank, Post.section_id,
                                         Post.status, Post.state, Post.match_id,
                                         Post.pinned)).all()
    sections = db.session.execute(sa.select(Section.id, Section.name, Section.rank)).all()
    boards = db.session.execute(sa.select(Board.id, Board.title, Board.layout)).all()
    comments = db.session.execute(sa.select(Comment.id, Comment.status)).all()
    return sorted(posts), sorted(sections), sorted(boards), sorted(comments)


@pytest.mark.parametrize("role", ROLES)
def test_no_one_else_changes_anything(app, client, board, make_post, make_user, other_host,
                                      role):
    author = make_user(name="Schrijver")
    post = make_post(author=author, kind="vraag")
    offer = make_post(author=author, kind="aanbod", section_index=1, title="Aanbod")
    comment = add_comment(db.session, post, Viewer(author), "Eerste reactie")
    db.session.commit()
    section = board.sections[0]
    values = {"slug": board.slug, "post_id": post.id, "comment_id": comment.id,
              "section_id": section.id}
    form = {"title": "Overgenomen", "kind": "idee", "state": "afgerond", "match": offer.id,
            "richting": "omlaag", "section": board.sections[1].id, "action": "delete",
            "name": "Weg", "move_to": board.sections[1].id, "layout": "stream",
            "who_may_post": "team", "moderation": "all", "description": "", "hub": board.hub.slug}
    if role == "other_browser":
        with_visitor_secret(client, "someone-elses-browser")
    elif role == "stranger":
        client.login(make_user(name="Vreemde"))
    elif role == "other_hub_host":
        client.login(other_host)
    before = _snapshot()
    for endpoint in _changing_endpoints(app):
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
        url = app.url_map.bind("hubsite.test").build(
            endpoint, {name: values[name] for name in rule.arguments})
        response = client.form(url, form)
        assert response.status_code in (302, 401, 403, 404), (endpoint, response.status_code)
        if response.status_code == 302:
            assert "/inloggen" in response.location, endpoint
        assert _snapshot() == before, endpoint


def test_the_author_and_the_team_may(client, board, make_post, host, make_user):
    author = make_user(name="Schrijver")
    post = make_post(author=author)
    client.login(author)
    assert client.form(f"/berichten/{post.id}/verplaatsen", {"richting": "omlaag"}).status_code == 303
    client.login(host)
    assert client.form(f"/berichten/{post.id}/stand", {"state": "in_gesprek"}).status_code == 303
    assert db.session.get(Post, post.id).state == "in_gesprek"


def test_the_htmx_refusal_goes_to_the_message_region(hx, board, make_post, visitor, host):
    post = make_post(author=host)
    hx.login(visitor)
    response = hx.form(f"/berichten/{post.id}/verwijderen")
    assert response.status_code == 403 and response.headers["HX-Retarget"] == "#messages"
