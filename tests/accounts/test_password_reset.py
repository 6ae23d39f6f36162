"""Choosing a new password through the link in an e-mail."""

import time

from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from hubsite.accounts.services import user_for_reset_token
from hubsite.extensions import db
from tests.conftest import PASSWORD, links_in, mail_messages, mail_text

SENT = "Als er een account bij dit e-mailadres hoort, hebben we een link gestuurd"
LINK_DEAD = "Deze link is verlopen of al gebruikt. Vraag een nieuwe aan."
NEW_PASSWORD = "een heel nieuw wachtwoord"


def ask_for_link(app, client, email: str) -> str:
    """Ask for a reset link and return the path of the link in the mail."""
    response = client.form("/wachtwoord-vergeten", {"email": email}, follow_redirects=True)
    assert SENT in response.get_data(as_text=True)
    [message] = mail_messages(app)
    assert message["To"] == email
    [link] = [link for link in links_in(mail_text(message)) if "/wachtwoord-herstellen/" in link]
    assert link.startswith("http://hubsite.test/")
    return link.removeprefix("http://hubsite.test")


def choose_password(client, path: str, password: str = NEW_PASSWORD):
    return client.form(path, {"password": password, "confirm": password})


def can_log_in(app, email: str, password: str) -> bool:
    """Whether the log-in form accepts these credentials (in a browser of its own)."""
    response = app.test_client().form("/inloggen", {"email": email, "password": password})
    return response.status_code == 302


def test_the_link_in_the_mail_lets_the_person_choose_a_new_password(app, client, host):
    path = ask_for_link(app, client, "host@example.nl")

    assert "Kies een nieuw wachtwoord" in client.get(path).get_data(as_text=True)
    response = choose_password(client, path)

    assert response.status_code == 302
    assert response.headers["Location"] == "/account"
    client.form("/uitloggen")
    assert can_log_in(app, "host@example.nl", NEW_PASSWORD)
    assert not can_log_in(app, "host@example.nl", PASSWORD)


def test_a_reset_link_confirms_an_unconfirmed_account(app, client, make_user):
    make_user(email="nieuw@example.nl", email_confirmed_at=None)
    path = ask_for_link(app, client, "nieuw@example.nl")

    response = choose_password(client, path)

    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    client.form("/uitloggen")
    assert can_log_in(app, "nieuw@example.nl", NEW_PASSWORD), "the mailed link proved the address"


def test_a_new_password_ends_the_sessions_that_began_before(app, client, host):
    other_device = app.test_client()
    other_device.login(host)
    path = ask_for_link(app, client, "host@example.nl")

    choose_password(client, path)

    assert other_device.get("/account").status_code == 302
    assert client.get("/account").status_code == 200


def test_the_link_works_once(app, client, host):
    path = ask_for_link(app, client, "host@example.nl")
    choose_password(client, path)
    client.form("/uitloggen")

    again = client.get(path)

    assert again.status_code == 400
    assert LINK_DEAD in again.get_data(as_text=True)
    assert choose_password(client, path, "nog een ander wachtwoord").status_code == 400
    assert can_log_in(app, "host@example.nl", NEW_PASSWORD)


def test_an_expired_link_is_refused(app, client, host):
    class SignedAnHourAndMoreAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - app.config["PASSWORD_RESET_SECONDS"] - 60

    serializer = URLSafeTimedSerializer(app.secret_key, salt="password-reset",
                                        signer=SignedAnHourAndMoreAgo)
    token = serializer.dumps({"id": host.id, "h": host.password_hash[-16:]})
    assert user_for_reset_token(db.session, token, app.secret_key, 10**6) == host, "only old"

    response = client.get(f"/wachtwoord-herstellen/{token}")

    assert response.status_code == 400
    assert LINK_DEAD in response.get_data(as_text=True)


def test_a_made_up_link_is_refused_and_changes_nothing(app, client, host):
    hash_before = host.password_hash

    response = choose_password(client, "/wachtwoord-herstellen/eyJpZCI6MX0.made-up")

    assert response.status_code == 400
    assert LINK_DEAD in response.get_data(as_text=True)
    db.session.refresh(host)
    assert host.password_hash == hash_before


def test_an_unknown_address_gets_the_same_answer_and_no_mail(app, client):
    response = client.form("/wachtwoord-vergeten", {"email": "niemand@example.nl"},
                           follow_redirects=True)

    assert SENT in response.get_data(as_text=True)
    assert mail_messages(app) == []


def test_the_new_password_must_be_strong_and_typed_twice(app, client, host):
    path = ask_for_link(app, client, "host@example.nl")

    weak = choose_password(client, path, "kort")
    different = client.form(path, {"password": NEW_PASSWORD, "confirm": "iets anders"})

    assert weak.status_code == different.status_code == 422
    assert "minstens 10 tekens" in weak.get_data(as_text=True)
    assert "De wachtwoorden zijn niet gelijk." in different.get_data(as_text=True)
    assert can_log_in(app, "host@example.nl", PASSWORD)
