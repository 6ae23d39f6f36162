"""Account logic without requests: passwords, log-in, reset tokens."""

import pytest
import sqlalchemy as sa
from flask_babel import force_locale
from zxcvbn import zxcvbn

from hubsite.accounts import services
from hubsite.extensions import db
from hubsite.mail.models import OutboxMessage
from tests.conftest import PASSWORD

SECRET = "test-secret-key"


@pytest.mark.usefixtures("app")
class TestPasswordProblem:
    def test_a_long_sentence_is_good(self):
        assert services.password_problem("drie fietsen in de regen") is None

    def test_too_short(self):
        assert services.password_problem("abcdefghi") == (
            "Kies een wachtwoord van minstens 10 tekens.")

    def test_too_long(self):
        assert services.password_problem("abcd" * 51) == (
            "Kies een wachtwoord van hoogstens 200 tekens.")

    @pytest.mark.parametrize("password", ["Wachtwoord123", "aaaaaaaaaaaa", "abababababab"])
    def test_easy_to_guess(self, password):
        assert "te makkelijk te raden" in services.password_problem(password)

    def test_the_reason_is_zxcvbns_advice_in_dutch(self):
        problem = services.password_problem("aaaaaaaaaaaa")

        assert problem == ("Dit wachtwoord is te makkelijk te raden. Herhalingen zoals „aaa” "
                           "zijn makkelijk te raden. Voeg nog een of twee woorden toe; ongewone "
                           "woorden werken het best. Vermijd herhaalde woorden en tekens.")

    def test_and_in_english(self, app):

        with app.test_request_context(), force_locale("en"):
            problem = services.password_problem("qwertyuiop12")

        assert problem.startswith("This password is too easy to guess.")
        assert "commonly used password" in problem

    @pytest.mark.parametrize("password", ["qwertyuiop12", "Wachtwoord2026", "1234567890",
                                          "zomerzomerzomer", "P@ssw0rd12345", "01-01-1990x",
                                          "asdfghjkl;'", "Jansen Jansen", "drowssapdrowssap",
                                          "ABCDEFGHIJKL"])
    def test_every_piece_of_advice_is_translated(self, password):

        feedback = zxcvbn(password)["feedback"]

        for text in [feedback["warning"], *feedback["suggestions"]]:
            assert not text or text in services.ZXCVBN_FEEDBACK

    def test_a_common_password_with_a_digit_added_is_too_weak(self):
        assert "te makkelijk te raden" in services.password_problem("welkom12345")

    def test_containing_the_email_address(self):
        assert services.password_problem("ikbenfatima2026!", "Fatima@example.nl") == (
            "Je wachtwoord mag je e-mailadres niet bevatten.")


def test_authenticate_accepts_the_right_password_whatever_the_case_of_the_address(host):
    assert services.authenticate(db.session, "HOST@example.nl", PASSWORD) == host


def test_authenticate_refuses_a_wrong_password_and_an_unknown_address(host):
    assert services.authenticate(db.session, "host@example.nl", PASSWORD + "!") is None
    assert services.authenticate(db.session, "niemand@example.nl", PASSWORD) is None


def test_register_user_refuses_an_address_that_differs_only_in_case(visitor):
    with pytest.raises(services.AccountError, match="Er bestaat al een account"):
        services.register_user(db.session, "Iemand", "BEZOEKER@example.nl", PASSWORD)


@pytest.mark.parametrize("email", ["nieuw@example.nl", "bezoeker@example.nl", "nog@example.nl"],
                         ids=["new", "confirmed", "unconfirmed"])
def test_every_registration_hashes_the_password_once_and_queues_one_mail(
        app, monkeypatch, visitor, make_user, email):
    """The same work whether or not the address has an account, so that the time the
    answer takes does not tell (a test cannot time it reliably; it can count)."""

    make_user(email="nog@example.nl", email_confirmed_at=None)
    hashed = []
    real_hash = services.generate_password_hash
    monkeypatch.setattr(services, "generate_password_hash",
                        lambda password: hashed.append(password) or real_hash(password))

    with app.test_request_context():
        services.request_registration(
            db.session, "Iemand", email, "een lange zin hier", SECRET, locale="nl",
            confirm_url_for=lambda token: f"/bevestigen/{token}", confirm_seconds=3600,
            reset_url_for=lambda token: f"/herstellen/{token}", login_url="/inloggen")

    assert hashed == ["een lange zin hier"]
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 1


def test_authenticate_refuses_the_right_password_of_an_unconfirmed_account(make_user):
    make_user(email="nog@example.nl", email_confirmed_at=None)

    assert services.authenticate(db.session, "nog@example.nl", PASSWORD) is None


class TestResetToken:
    def test_it_leads_to_its_person(self, host):
        token = services.password_reset_token(host, SECRET)

        assert services.user_for_reset_token(db.session, token, SECRET, 3600) == host

    def test_it_stops_working_once_the_password_changes(self, host):
        token = services.password_reset_token(host, SECRET)
        host.set_password("een ander wachtwoord")
        db.session.flush()

        assert services.user_for_reset_token(db.session, token, SECRET, 3600) is None

    def test_it_is_refused_when_altered_or_signed_with_another_key(self, host):
        token = services.password_reset_token(host, SECRET)

        assert services.user_for_reset_token(db.session, token + "x", SECRET, 3600) is None
        assert services.user_for_reset_token(db.session, token, "another key", 3600) is None

    def test_it_is_refused_once_expired(self, host):
        token = services.password_reset_token(host, SECRET)

        assert services.user_for_reset_token(db.session, token, SECRET, -1) is None


def test_request_password_reset_queues_a_mail_only_for_an_existing_account(host):

    services.request_password_reset(db.session, "niemand@example.nl", SECRET, "/r/{}".format)
    services.request_password_reset(db.session, "host@example.nl", SECRET, "/r/{}".format)

    [message] = db.session.scalars(sa.select(OutboxMessage)).all()
    assert message.recipient == "host@example.nl"
    assert message.subject == "Kies een nieuw wachtwoord"
    assert "/r/" in message.body_text


def test_renew_calendar_token_gives_a_new_secret(visitor):
    old = visitor.calendar_token

    new = services.renew_calendar_token(visitor)

    assert new == visitor.calendar_token != old

