"""The `flask create-admin` command."""

import sqlalchemy as sa

from hubsite.accounts.models import User
from hubsite.extensions import db


def admin_flag(email: str) -> bool | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(User.is_admin).where(User.email == email))


def test_create_admin_makes_a_new_admin(runner):
    result = runner.invoke(args=["create-admin", "--email", "Baas@Example.nl", "--name", "Baas",
                                 "--password", "een sterk wachtwoord"])

    assert result.exit_code == 0, result.output
    assert "baas@example.nl is now a site admin." in result.output
    assert admin_flag("baas@example.nl") is True


def test_create_admin_makes_a_confirmed_account_that_can_log_in(app, runner, client):
    runner.invoke(args=["create-admin", "--email", "baas@example.nl", "--name", "Baas",
                        "--password", "een sterk wachtwoord"])

    db.session.expire_all()
    assert db.session.scalar(sa.select(User.email_confirmed_at)) is not None
    response = client.form("/inloggen", {"email": "baas@example.nl",
                                         "password": "een sterk wachtwoord"})
    assert response.status_code == 302


def test_create_admin_on_an_unconfirmed_account_sets_its_password_and_confirms_it(
        runner, client, make_user):
    make_user(email="baas@example.nl", email_confirmed_at=None)

    result = runner.invoke(args=["create-admin", "--email", "baas@example.nl", "--name", "x",
                                 "--password", "een sterk wachtwoord"])

    assert result.exit_code == 0, result.output
    assert admin_flag("baas@example.nl") is True
    response = client.form("/inloggen", {"email": "baas@example.nl",
                                         "password": "een sterk wachtwoord"})
    assert response.status_code == 302, "the password chosen through the site was replaced"


def test_create_admin_promotes_an_existing_account(runner, visitor):
    result = runner.invoke(args=["create-admin", "--email", "bezoeker@example.nl", "--name", "x",
                                 "--password", "x"])

    assert result.exit_code == 0, result.output
    assert admin_flag("bezoeker@example.nl") is True


def test_create_admin_refuses_a_weak_password_with_the_reason(runner):
    result = runner.invoke(args=["create-admin", "--email", "baas@example.nl", "--name", "Baas",
                                 "--password", "kort"])

    assert result.exit_code == 2
    assert "Kies een wachtwoord van minstens 10 tekens." in result.output
    assert admin_flag("baas@example.nl") is None
