"""Making an account through the form."""

import sqlalchemy as sa

from hubsite.accounts.models import User
from hubsite.extensions import db
from tests.conftest import field_error


def register(client, **fields):
    data = {"name": "Noor Nieuw", "email": "noor@example.nl", "password": "een lange zin hier"}
    data.update(fields)
    return client.form("/registreren", data)


def users_with_email(email: str) -> int:
    return db.session.scalar(sa.select(sa.func.count()).where(User.email == email))


def test_registering_makes_the_account_and_logs_in(client):
    response = register(client)

    assert response.status_code == 302
    page = client.get("/account").get_data(as_text=True)
    assert "Mijn account" in page
    assert "Noor Nieuw" in page
    assert users_with_email("noor@example.nl") == 1


def test_registering_keeps_the_email_address_in_lower_case(client):
    register(client, email="Noor@Example.NL")

    assert users_with_email("noor@example.nl") == 1


def test_a_taken_email_address_is_refused_next_to_the_field(client, visitor):
    response = register(client, email="Bezoeker@example.nl")

    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "email") == (
        "Er bestaat al een account met dit e-mailadres. "
        "Log in of vraag een nieuw wachtwoord aan."
    )
    assert users_with_email("bezoeker@example.nl") == 1


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
