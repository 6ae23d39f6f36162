"""Logging out ends the session on the server: a copied cookie opens nothing afterwards."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from hubsite.accounts.models import LoginSession
from hubsite.accounts.services import password_reset_token
from hubsite.extensions import db
from hubsite.timeutil import utcnow
from tests.conftest import PASSWORD, Client

REMEMBER = "remember_token"


def log_in(app, remember: bool = False):
    app.test_client_class = Client
    client = app.test_client()
    data = {"email": "host@example.nl", "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    assert client.form("/inloggen", data).status_code == 302
    return client


def copy_of(client, *names: str):
    """Another browser holding copies of these cookies (say, stolen before logging out)."""
    thief = client.application.test_client()
    for name in names:
        cookie = client.get_cookie(name)
        assert cookie is not None, f"no {name} cookie"
        thief.set_cookie(name, cookie.value)
    return thief


def opens_the_account_page(client) -> bool:
    return client.get("/account").status_code == 200


def test_a_session_cookie_copied_before_logging_out_no_longer_works(app, host):
    client = log_in(app)
    thief = copy_of(client, "session")
    assert opens_the_account_page(thief), "the copy works while the session lasts"

    client.form("/uitloggen")

    assert not opens_the_account_page(client)
    assert not opens_the_account_page(thief)


def test_a_remember_me_cookie_copied_before_logging_out_no_longer_works(app, host):
    client = log_in(app, remember=True)
    thief = copy_of(client, REMEMBER)
    assert opens_the_account_page(copy_of(client, REMEMBER)), "the cookie alone logs in"

    client.form("/uitloggen")

    assert not opens_the_account_page(thief)


def test_logging_out_ends_only_that_device(app, host):
    laptop, phone = log_in(app), log_in(app)

    laptop.form("/uitloggen")

    assert opens_the_account_page(phone)


def test_log_out_everywhere_ends_every_session(app, host):
    laptop, phone = log_in(app), log_in(app, remember=True)
    remembered = copy_of(phone, REMEMBER)

    response = laptop.form("/account/overal-uitloggen", follow_redirects=True)

    assert "Je bent uitgelogd op al je apparaten." in response.get_data(as_text=True)
    assert not opens_the_account_page(laptop)
    assert not opens_the_account_page(phone)
    assert not opens_the_account_page(remembered)
    assert opens_the_account_page(log_in(app)), "logging in again works"


def test_the_account_page_offers_log_out_everywhere(client, host):
    client.login(host)

    page = client.get("/account").get_data(as_text=True)

    assert 'action="/account/overal-uitloggen"' in page
    assert "Uitloggen op alle apparaten" in page


def test_log_out_everywhere_is_a_post_with_a_csrf_token(app, client, host):
    client.login(host)

    assert client.get("/account/overal-uitloggen").status_code == 405
    assert client.post("/account/overal-uitloggen").status_code == 400
    assert opens_the_account_page(client)


def test_changing_the_email_address_ends_other_sessions_but_not_this_one(app, client, host):
    other = log_in(app, remember=True)
    client.login(host)

    client.form("/account/e-mail", {"email-email": "nieuw@example.nl",
                                    "email-current_password": PASSWORD})

    assert opens_the_account_page(client)
    assert not opens_the_account_page(other)
    other.delete_cookie("session")
    assert not opens_the_account_page(other), "remember-me is void too"


def test_resetting_the_password_ends_every_other_session(app, client, host):

    other = log_in(app)
    token = password_reset_token(host, app.config["SECRET_KEY"])

    client.form(f"/wachtwoord-herstellen/{token}", {"password": "een heel nieuw wachtwoord",
                                                    "confirm": "een heel nieuw wachtwoord"})

    assert opens_the_account_page(client)
    assert not opens_the_account_page(other)


def test_deleting_the_account_ends_its_sessions(app, client, host):
    other = log_in(app)
    client.login(host)

    client.form("/account/verwijderen", {"delete-current_password": PASSWORD,
                                         "delete-confirm": "y"})

    assert not opens_the_account_page(other)
    assert db.session.scalar(sa.select(sa.func.count(LoginSession.id))) == 0


def test_a_made_up_session_opens_nothing(app, host):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = f"{host.id}:made-up-token"

    assert not opens_the_account_page(client)


def test_a_session_records_when_it_was_last_used(app, host):


    client = log_in(app)
    an_hour_ago = utcnow() - timedelta(hours=1)
    db.session.execute(sa.update(LoginSession).values(last_seen_at=an_hour_ago))
    db.session.commit()

    client.get("/account")

    db.session.expire_all()
    assert db.session.scalar(sa.select(LoginSession.last_seen_at)) > an_hour_ago
