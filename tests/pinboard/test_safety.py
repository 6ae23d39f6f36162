"""The bot trap and the rate limits of posting and commenting."""

from __future__ import annotations

import re

import sqlalchemy as sa

from hubsite.accounts.models import User
from hubsite.extensions import db
from hubsite.pinboard.models import Post
from tests.pinboard.conftest import post_data


def _stamp(client, board) -> str:
    page = client.get(f"/boards/{board.slug}").get_data(as_text=True)
    return re.search(r'name="started" type="hidden" value="([^"]+)"', page).group(1)


def _post(client, board, **values):
    data = post_data(display_name="Noor", section=board.sections[0].id,
                     started=_stamp(client, board))
    data.update(values)
    return client.form(f"/boards/{board.slug}/berichten", data)


def test_a_visitor_post_with_the_trap_field_filled_is_refused(client, board):
    response = _post(client, board, website="http://spam.example")
    assert response.status_code == 422
    assert "Laat dit veld leeg" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Post)) == 0


def test_a_visitor_post_sent_at_once_is_refused(app, client, board):
    app.config["PINBOARD_MIN_FORM_SECONDS"] = 60
    response = _post(client, board)
    assert response.status_code == 422 and "erg snel" in response.get_data(as_text=True)


def test_a_visitor_post_without_the_stamp_is_refused(client, board):
    assert _post(client, board, started="").status_code == 422


def test_a_visitor_post_with_the_stamp_goes_through(client, board):
    assert _post(client, board).status_code == 303


def test_posting_is_rate_limited_per_address(make_app, board):
    limited = make_app(RATELIMIT_ENABLED=True, PINBOARD_RATE_LIMIT="2 per minute",
                       PINBOARD_MIN_FORM_SECONDS=0)
    with limited.app_context():
        statuses = [_post(limited.test_client(), board).status_code for _ in range(3)]
    assert statuses == [303, 303, 429]


def test_posting_is_rate_limited_per_account(make_app, board, visitor):
    limited = make_app(RATELIMIT_ENABLED=True, PINBOARD_AUTHOR_RATE_LIMIT="2 per minute",
                       PINBOARD_MIN_FORM_SECONDS=0)
    with limited.app_context():
        client = limited.test_client()
        client.login(db.session.get(User, visitor.id))
        statuses = [client.form(f"/boards/{board.slug}/berichten",
                                post_data(section=board.sections[0].id)).status_code
                    for _ in range(3)]
    assert statuses == [303, 303, 429]
