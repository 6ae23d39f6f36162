"""Fixtures for the hub screen and the posters."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from hubsite.extensions import db
from hubsite.onsite import screens
from hubsite.pinboard import boards, posts
from hubsite.pinboard.access import Viewer
from hubsite.timeutil import LOCAL_TZ


def local_in(minutes: int) -> datetime:
    """The local (Amsterdam) wall clock `minutes` from now, whole minutes."""
    moment = datetime.now(LOCAL_TZ) + timedelta(minutes=minutes)
    return moment.replace(tzinfo=None, second=0, microsecond=0)


@pytest.fixture
def hub_screen(hub):
    """The hub's screen with its first secret link."""
    screen, _old = screens.renew_link(db.session, hub)
    db.session.commit()
    return screen


@pytest.fixture
def board(hub):
    made = boards.ensure_hub_board(db.session, hub)
    db.session.commit()
    return made


@pytest.fixture
def make_post(board, host):
    def make(**values):
        values.setdefault("kind", "idee")
        values.setdefault("title", "Een idee")
        post = posts.create_post(db.session, board, Viewer(host, None), board.sections[0], **values)
        db.session.commit()
        return post

    return make
