"""Fixtures for the pinboard: a hub's board, posts by people and by visitors."""

from __future__ import annotations

import re

import pytest

from hubsite.extensions import db
from hubsite.pinboard import boards, posts
from hubsite.pinboard.access import Viewer, secret_hash
from hubsite.pinboard.media import VISITOR_COOKIE
from hubsite.pinboard.models import Board, Post


@pytest.fixture(autouse=True)
def _no_form_delay(app):
    # The bot trap's "sent too fast" check is tested on its own (test_safety.py).
    app.config["PINBOARD_MIN_FORM_SECONDS"] = 0


@pytest.fixture
def board(hub) -> Board:
    """The hub's own board (made when the hub was; the fixture hub is made directly)."""
    made = boards.ensure_hub_board(db.session, hub)
    db.session.commit()
    return made


@pytest.fixture
def make_post(board):
    """`make_post(author=user)` or `make_post(visitor="secret")`; published unless said."""
    def make(author=None, visitor: str | None = None, on: Board | None = None,
             section_index: int = 0, status: str = "published", pinned: bool = False,
             **values) -> Post:
        target = on or board
        values.setdefault("kind", "vraag")
        values.setdefault("title", "Wie filmt onze opening?")
        viewer = Viewer(author, secret_hash(visitor)) if author else Viewer(None,
                                                                            secret_hash(visitor))
        post = posts.create_post(db.session, target, viewer, target.sections[section_index],
                                 display_name="" if author else "Bezoeker", **values)
        post.status, post.pinned = status, pinned
        db.session.commit()
        return post

    return make


def with_visitor_secret(client, secret: str) -> None:
    """Give the test browser a visitor's cookie."""
    client.set_cookie(VISITOR_COOKIE, secret)


def form_values(page: str) -> dict[str, str]:
    """The hidden bot-trap stamp of the post form on a page."""
    found = re.search(r'name="started" type="hidden" value="([^"]+)"', page) or \
        re.search(r'name="started" value="([^"]+)"', page)
    return {"started": found.group(1)} if found else {}


def post_data(**values) -> dict:
    data = {"kind": "vraag", "title": "Wie helpt met een logo?", "body": "Graag **snel**.",
            "colour": "geel", "link_url": "", "link_title": "", "image_alt": "",
            "website": ""}
    data.update(values)
    return data
