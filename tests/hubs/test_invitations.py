"""Coordinators invite people to their hub team by e-mail."""

import pytest
import sqlalchemy as sa

from hubsite.accounts.models import User
from hubsite.extensions import db
from hubsite.hubs.models import ROLE_COORDINATOR, ROLE_HOST, Invitation
from hubsite.hubs.permissions import role_in
from tests.conftest import PASSWORD, links_in, mail_messages, mail_text


def invite(client, email: str = "nieuw@example.nl", role: str = "host", slug: str = "almelo"):
    return client.form(f"/hubs/{slug}/team", {"email": email, "role": role})


def invitation_link(app) -> str:
    """The path of the invitation link in the (only) mail sent."""
    [message] = mail_messages(app)
    [link] = [link for link in links_in(mail_text(message)) if "/uitnodiging/" in link]
    return link.removeprefix(app.config["BASE_URL"])


def user(email: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(User).where(User.email == email))


def test_an_invited_newcomer_makes_an_account_and_joins_the_team(app, client, coordinator, hub):
    client.login(coordinator)

    response = invite(client)

    assert response.status_code == 302
    [message] = mail_messages(app)
    assert message["To"] == "nieuw@example.nl"
    assert message["Subject"] == "Uitnodiging voor het team van Hub Almelo"
    assert "Mark Begeleider nodigt je uit om als host mee te doen" in mail_text(message)

    newcomer = app.test_client()
    path = invitation_link(app)
    page = newcomer.get(path).get_data(as_text=True)
    assert "Word lid van het team van Hub Almelo" in page
    response = newcomer.form(path, {"name": "Sam Nieuw", "password": "een sterk wachtwoord"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/hubs/almelo"
    sam = user("nieuw@example.nl")
    assert sam.name == "Sam Nieuw"
    assert role_in(sam, hub) == ROLE_HOST
    team_page = newcomer.get("/hubs/almelo").get_data(as_text=True)
    assert "Sam Nieuw" in team_page, "on the hub's team"
    assert newcomer.get("/account").status_code == 200, "and logged in"


def test_an_account_made_through_an_invitation_is_confirmed(app, client, coordinator):
    client.login(coordinator)
    invite(client)
    newcomer = app.test_client()
    path = invitation_link(app)

    newcomer.form(path, {"name": "Sam Nieuw", "password": "een sterk wachtwoord"})
    newcomer.form("/uitloggen")

    assert user("nieuw@example.nl").email_confirmed_at is not None
    log_in = newcomer.form("/inloggen", {"email": "nieuw@example.nl",
                                         "password": "een sterk wachtwoord"})
    assert log_in.status_code == 302, "the invitation proved the address"


def test_an_invitation_works_once(app, client, coordinator):
    client.login(coordinator)
    invite(client)
    path = invitation_link(app)
    app.test_client().form(path, {"name": "Sam Nieuw", "password": "een sterk wachtwoord"})

    again = app.test_client().get(path)

    assert again.status_code == 404
    assert "Deze uitnodiging werkt niet meer" in again.get_data(as_text=True)


def test_an_invitation_can_make_a_coordinator(app, client, coordinator, hub):
    client.login(coordinator)
    invite(client, role="coordinator")

    app.test_client().form(invitation_link(app), {"name": "Bo", "password": "een sterk wachtwoord"})

    assert role_in(user("nieuw@example.nl"), hub) == ROLE_COORDINATOR


def test_a_newcomer_needs_a_name_and_a_strong_password(app, client, coordinator):
    client.login(coordinator)
    invite(client)

    response = app.test_client().form(invitation_link(app), {"name": "", "password": "kort"})

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Vul je naam in." in page and "minstens 10 tekens" in page
    assert user("nieuw@example.nl") is None


def test_someone_with_an_account_logs_in_to_accept(app, client, coordinator, visitor, hub):
    client.login(coordinator)
    invite(client, email="bezoeker@example.nl")
    path = invitation_link(app)
    guest = app.test_client()

    response = guest.form(path)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inloggen?next=/uitnodiging/")
    assert role_in(visitor, hub) is None
    guest.login(visitor)
    assert guest.form(path).status_code == 302
    assert role_in(user("bezoeker@example.nl"), hub) == ROLE_HOST


def test_a_team_member_cannot_be_invited_again(app, client, coordinator, host):
    client.login(coordinator)

    response = invite(client, email="host@example.nl")

    assert response.status_code == 422
    assert "hoort al bij het team" in response.get_data(as_text=True)
    assert mail_messages(app) == []


@pytest.mark.parametrize("person", ["host", "visitor", "other_host"])
def test_only_coordinators_can_invite(request, app, client, hub, person):
    client.login(request.getfixturevalue(person))

    assert client.get("/hubs/almelo/team").status_code == 403
    assert invite(client).status_code == 403
    assert db.session.scalars(sa.select(Invitation)).all() == []
    assert mail_messages(app) == []


def test_a_coordinator_cannot_invite_to_another_hub(client, coordinator, other_hub):
    client.login(coordinator)

    assert invite(client, slug="utrecht").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, hub):
    response = invite(client)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inloggen")


def test_a_coordinator_who_invited_someone_can_still_delete_their_account(
        app, client, coordinator):
    client.login(coordinator)
    invite(client)

    response = client.form("/account/verwijderen", {
        "delete-current_password": PASSWORD, "delete-confirm": "y"})

    assert response.status_code == 302
    assert user("begeleider@example.nl") is None
    [invitation] = db.session.scalars(sa.select(Invitation)).all()
    assert invitation.invited_by_id is None


def test_an_invitation_for_someone_else_cannot_be_taken_by_a_logged_in_person(
        app, client, coordinator, visitor, hub):
    client.login(coordinator)
    invite(client)  # addressed to nieuw@example.nl
    other = app.test_client()
    other.login(visitor)

    response = other.form(invitation_link(app))

    assert response.status_code == 403
    assert "Deze uitnodiging is voor nieuw@example.nl." in response.get_data(as_text=True)
    assert role_in(user("bezoeker@example.nl"), hub) is None
