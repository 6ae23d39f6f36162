"""The person's own page: password, e-mail address, calendar link, deleting the account."""

import sqlalchemy as sa

from hubsite.accounts.models import User
from hubsite.extensions import db
from hubsite.hubs.models import HubMembership
from tests.conftest import PASSWORD, field_error

NOT_CURRENT = "Dit is niet je huidige wachtwoord."


def can_log_in(app, email: str, password: str) -> bool:
    response = app.test_client().form("/inloggen", {"email": email, "password": password})
    return response.status_code == 302


def test_the_account_page_shows_the_persons_hubs(client, host):
    client.login(host)

    page = client.get("/account").get_data(as_text=True)

    assert "Mijn hubs" in page
    assert 'href="/hubs/almelo">Hub Almelo</a>' in page


def test_changing_the_password(app, client, host):
    client.login(host)

    response = client.form("/account/wachtwoord", {
        "password-current_password": PASSWORD,
        "password-password": "mijn nieuwe wachtwoord",
        "password-confirm": "mijn nieuwe wachtwoord",
    })

    assert response.status_code == 302
    assert can_log_in(app, "host@example.nl", "mijn nieuwe wachtwoord")
    assert not can_log_in(app, "host@example.nl", PASSWORD)


def test_changing_the_password_ends_other_sessions_but_not_this_one(app, client, host):
    other_device = app.test_client()
    other_device.form("/inloggen", {"email": "host@example.nl", "password": PASSWORD,
                                    "remember": "y"})
    assert other_device.get("/account").status_code == 200
    client.login(host)

    client.form("/account/wachtwoord", {
        "password-current_password": PASSWORD,
        "password-password": "mijn nieuwe wachtwoord",
        "password-confirm": "mijn nieuwe wachtwoord",
    })

    assert client.get("/account").status_code == 200
    assert other_device.get("/account").status_code == 302, "logged out there"
    other_device.delete_cookie("session")
    assert other_device.get("/account").status_code == 302, "and remember-me is void too"


def test_changing_the_password_needs_the_current_one(app, client, host):
    client.login(host)

    response = client.form("/account/wachtwoord", {
        "password-current_password": "fout fout fout",
        "password-password": "mijn nieuwe wachtwoord",
        "password-confirm": "mijn nieuwe wachtwoord",
    })

    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "password-current_password") == NOT_CURRENT
    assert can_log_in(app, "host@example.nl", PASSWORD)


def test_changing_the_email_address(client, host):
    client.login(host)

    response = client.form("/account/e-mail", {
        "email-email": "Aylin@Example.nl", "email-current_password": PASSWORD})

    assert response.status_code == 302
    assert "Nu: aylin@example.nl" in client.get("/account").get_data(as_text=True)


def test_an_email_address_of_another_account_is_refused(client, host, visitor):
    client.login(host)

    response = client.form("/account/e-mail", {
        "email-email": "bezoeker@example.nl", "email-current_password": PASSWORD})

    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "email-email") == (
        "Er bestaat al een account met dit e-mailadres.")
    db.session.refresh(host)
    assert host.email == "host@example.nl"


def test_changing_the_email_address_needs_the_password(client, host):
    client.login(host)

    response = client.form("/account/e-mail", {
        "email-email": "ander@example.nl", "email-current_password": "fout fout fout"})

    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "email-current_password") == NOT_CURRENT
    db.session.refresh(host)
    assert host.email == "host@example.nl"


def test_renewing_the_calendar_link_changes_it(client, host):
    client.login(host)
    old_token = host.calendar_token

    response = client.form("/account/agenda-link")

    assert response.status_code == 302
    db.session.refresh(host)
    assert host.calendar_token != old_token
    assert len(host.calendar_token) >= 40


def test_changing_the_language_of_the_account(client, visitor):
    client.login(visitor)

    response = client.form("/account/profiel",
                           {"profile-name": "Fatima B.", "profile-locale": "en"})

    assert response.status_code == 302
    page = client.get("/account").get_data(as_text=True)
    assert '<html lang="en">' in page and "Fatima B." in page


def test_deleting_the_account_removes_it_and_its_team_roles(app, client, host):
    client.login(host)
    host_id = host.id

    response = client.form("/account/verwijderen", {
        "delete-current_password": PASSWORD, "delete-confirm": "y"})

    assert response.status_code == 302
    assert client.get("/account").status_code == 302, "logged out"
    db.session.expire_all()
    assert db.session.get(User, host_id) is None
    assert db.session.scalars(
        sa.select(HubMembership).where(HubMembership.user_id == host_id)).all() == []
    assert not can_log_in(app, "host@example.nl", PASSWORD)


def test_deleting_the_account_needs_the_password(client, host):
    client.login(host)

    response = client.form("/account/verwijderen", {
        "delete-current_password": "fout fout fout", "delete-confirm": "y"})

    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "delete-current_password") == NOT_CURRENT
    db.session.expire_all()
    assert db.session.get(User, host.id) is not None


def test_deleting_the_account_needs_the_confirmation(client, host):
    client.login(host)

    response = client.form("/account/verwijderen", {"delete-current_password": PASSWORD})

    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "delete-confirm") == (
        "Vink dit aan om te bevestigen.")
    db.session.expire_all()
    assert db.session.get(User, host.id) is not None
