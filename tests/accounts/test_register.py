"""Making an account through the form, confirmed through a link in the mail.

The form never tells whether an address already has an account: a new and a taken
address get the same answer, and the owner of a taken one gets a mail instead.
"""

import time

import pytest
import sqlalchemy as sa
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from hubsite.accounts.models import User
from hubsite.extensions import db
from tests.conftest import (
    PASSWORD,
    field_error,
    links_in,
    mail_messages,
    mail_text,
    without_tokens,
)

NEW_PASSWORD = "een lange zin hier"
LINK_DEAD = "Deze bevestigingslink is verlopen of al gebruikt."


def register(client, **fields):
    data = {"name": "Noor Nieuw", "email": "noor@example.nl", "password": NEW_PASSWORD}
    data.update(fields)
    return client.form("/registreren", data)


def users_with_email(email: str) -> int:
    return db.session.scalar(sa.select(sa.func.count()).where(User.email == email))


def user_with_email(email: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(User).where(User.email == email))


def messages_to(app, address: str):
    return [m for m in mail_messages(app) if m["To"] == address]


def confirmation_path(app, address: str) -> str:
    """The path of the confirmation link in the (only) mail to `address`."""
    [message] = messages_to(app, address)
    [link] = [url for url in links_in(mail_text(message)) if "/registreren/bevestigen/" in url]
    assert link.startswith("http://hubsite.test/")
    return link.removeprefix("http://hubsite.test")


def is_logged_in(client) -> bool:
    return client.get("/account").status_code == 200


def comparable(page: str, address: str) -> str:
    """A page without what must differ between two answers: the address and CSRF tokens."""
    return without_tokens(page.replace(address, "ADRES"))


@pytest.fixture
def unconfirmed(make_user):
    return make_user(email="nog@example.nl", name="Nog Niet", email_confirmed_at=None)


@pytest.mark.parametrize("taken", ["bezoeker@example.nl", "nog@example.nl"],
                         ids=["confirmed", "unconfirmed"])
def test_a_new_and_a_taken_address_get_the_same_answer(app, client, visitor, unconfirmed,
                                                      taken):
    new_client, taken_client = client, app.test_client()

    new = register(new_client, email="noor@example.nl")
    old = register(taken_client, email=taken)

    assert new.status_code == old.status_code == 303
    assert new.headers["Location"] == old.headers["Location"]
    assert sorted(new.headers.keys()) == sorted(old.headers.keys())
    new_page = new_client.get(new.headers["Location"]).get_data(as_text=True)
    old_page = taken_client.get(old.headers["Location"]).get_data(as_text=True)
    assert "Kijk in je mail" in new_page
    assert "noor@example.nl" in new_page and taken in old_page
    assert comparable(new_page, "noor@example.nl") == comparable(old_page, taken)
    for client in (new_client, taken_client):
        with client.session_transaction() as session:
            assert "_user_id" not in session
        assert not is_logged_in(client)


def test_a_new_address_gets_an_unconfirmed_account_and_a_mail_with_a_link(app, client):
    register(client)

    user = user_with_email("noor@example.nl")
    assert user is not None and user.name == "Noor Nieuw"
    assert user.email_confirmed_at is None
    [message] = mail_messages(app)
    assert message["To"] == "noor@example.nl"
    assert message["Subject"] == "Bevestig je e-mailadres"
    assert "Noor Nieuw" in mail_text(message)
    assert confirmation_path(app, "noor@example.nl")


def test_the_link_confirms_the_address_and_logs_in(app, client):
    register(client)
    path = confirmation_path(app, "noor@example.nl")

    page = client.get(path)
    assert page.status_code == 200
    assert "Bevestig je e-mailadres" in page.get_data(as_text=True)
    assert not is_logged_in(client), "opening the link alone changes nothing"
    response = client.form(path, {"password": NEW_PASSWORD})

    assert response.status_code == 302
    assert response.headers["Location"] == "/account"
    account = client.get("/account").get_data(as_text=True)
    assert "Welkom, Noor Nieuw! Je e-mailadres is bevestigd." in account
    assert user_with_email("noor@example.nl").email_confirmed_at is not None
    client.form("/uitloggen")
    assert app.test_client().form(
        "/inloggen", {"email": "noor@example.nl", "password": NEW_PASSWORD}).status_code == 302


def test_a_used_link_gets_a_clear_page_with_a_way_to_ask_for_a_new_one(app, client):
    register(client)
    path = confirmation_path(app, "noor@example.nl")
    client.form(path, {"password": NEW_PASSWORD})
    client.form("/uitloggen")

    again = client.get(path)
    posted = client.form(path, {"password": NEW_PASSWORD})

    assert again.status_code == posted.status_code == 400
    page = again.get_data(as_text=True)
    assert LINK_DEAD in page
    assert 'action="/registreren/nieuwe-link"' in page
    assert not is_logged_in(client)


def test_an_expired_link_is_refused(app, client, unconfirmed):
    class SignedTooLongAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - app.config["EMAIL_CONFIRM_SECONDS"] - 60

    serializer = URLSafeTimedSerializer(app.secret_key, salt="email-confirm",
                                        signer=SignedTooLongAgo)
    token = serializer.dumps({"id": unconfirmed.id, "e": unconfirmed.email})

    response = client.form(f"/registreren/bevestigen/{token}")

    assert response.status_code == 400
    assert LINK_DEAD in response.get_data(as_text=True)
    assert user_with_email("nog@example.nl").email_confirmed_at is None
    assert not is_logged_in(client)


@pytest.mark.parametrize("token", ["eyJpZCI6MX0.made-up", "x" * 300])
def test_a_garbled_link_is_refused(app, client, unconfirmed, token):
    response = client.get(f"/registreren/bevestigen/{token}")

    assert response.status_code == 400
    assert LINK_DEAD in response.get_data(as_text=True)
    assert user_with_email("nog@example.nl").email_confirmed_at is None


def test_the_owner_of_a_taken_address_gets_a_mail_and_nothing_changes(app, client, visitor):
    hash_before = visitor.password_hash

    register(client, email="Bezoeker@example.nl", name="Iemand Anders")

    assert users_with_email("bezoeker@example.nl") == 1
    user = user_with_email("bezoeker@example.nl")
    assert user.password_hash == hash_before and user.name == "Fatima Bezoeker"
    [message] = mail_messages(app)
    assert message["To"] == "bezoeker@example.nl"
    text = mail_text(message)
    assert "Iemand (misschien jij) probeerde een account te maken" in text
    links = links_in(text)
    assert "http://hubsite.test/inloggen" in links
    [reset] = [url for url in links if "/wachtwoord-herstellen/" in url]
    assert client.get(reset.removeprefix("http://hubsite.test")).status_code == 200
    assert not any("/registreren/bevestigen/" in url for url in links)


def test_registering_an_unconfirmed_address_again_replaces_it_and_sends_a_new_link(
        app, client, unconfirmed):
    register(client, email="nog@example.nl", name="Nog Steeds", password="een ander lang zinnetje")

    assert users_with_email("nog@example.nl") == 1
    assert user_with_email("nog@example.nl").name == "Nog Steeds"
    client.form(confirmation_path(app, "nog@example.nl"), {"password": "een ander lang zinnetje"})
    assert is_logged_in(client)
    client.form("/uitloggen")
    assert app.test_client().form("/inloggen", {
        "email": "nog@example.nl", "password": "een ander lang zinnetje"}).status_code == 302


def test_a_link_from_someone_elses_registration_cannot_confirm_without_their_password(
        app, client):
    """A stranger registers the owner's address; the owner gets the mail and follows it.
    Without the stranger's password the owner cannot confirm the stranger's account, so
    the stranger never gets an account under the owner's address."""
    register(client, email="eigenaar@example.nl", name="Vreemde", password="het wachtwoord van een vreemde")
    path = confirmation_path(app, "eigenaar@example.nl")
    owner = app.test_client()

    refused = owner.form(path, {"password": "wat de eigenaar zou raden"})

    assert refused.status_code == 422
    assert "hoort niet bij deze aanvraag" in field_error(refused.get_data(as_text=True), "password")
    assert user_with_email("eigenaar@example.nl").email_confirmed_at is None
    assert not is_logged_in(owner)


def test_confirming_asks_for_the_password(app, client):
    register(client)

    response = client.form(confirmation_path(app, "noor@example.nl"), {"password": ""})

    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "password")
    assert not is_logged_in(client)


def test_a_new_link_can_be_asked_for_and_the_answer_says_nothing(app, client, unconfirmed,
                                                                 visitor):
    answers = [client.form("/registreren/nieuwe-link", {"email": email})
               for email in ("nog@example.nl", "bezoeker@example.nl", "niemand@example.nl")]

    assert {a.status_code for a in answers} == {302}
    assert {a.headers["Location"] for a in answers} == {"/inloggen"}
    [message] = mail_messages(app)
    assert message["To"] == "nog@example.nl"
    client.form(confirmation_path(app, "nog@example.nl"), {"password": PASSWORD})
    assert is_logged_in(client)


def test_registering_keeps_the_email_address_in_lower_case(client):
    register(client, email="Noor@Example.NL")

    assert users_with_email("noor@example.nl") == 1


def test_a_short_password_is_refused_with_what_to_change(client):
    response = register(client, password="kort")

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert field_error(page, "password") == "Kies een wachtwoord van minstens 10 tekens."
    assert 'aria-invalid="true"' in page
    assert users_with_email("noor@example.nl") == 0


def test_a_common_password_is_refused(client):
    response = register(client, password="wachtwoord123")

    assert response.status_code == 422
    assert "te makkelijk te raden" in field_error(response.get_data(as_text=True), "password")


def test_a_malformed_email_address_is_refused_next_to_the_field(client):
    response = register(client, email="noor-at-example")

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert field_error(page, "email") == "Dit is geen geldig e-mailadres."
    assert 'value="noor-at-example"' in page, "what was typed stays in the field"
    assert users_with_email("noor-at-example") == 0


def test_the_form_names_every_field(client):
    page = client.get("/registreren").get_data(as_text=True)

    for field in ("name", "email", "password"):
        assert f'<label for="{field}">' in page
