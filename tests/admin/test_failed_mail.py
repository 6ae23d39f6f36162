"""Site admins see the mail that was given up, with its error, and can send it again."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from hubsite.extensions import db
from hubsite.mail.models import OutboxMessage
from hubsite.mail.services import queue_mail
from hubsite.timeutil import utcnow
from tests.conftest import mail_messages


@pytest.fixture
def given_up(app):
    message = queue_mail(db.session, "gast@example.nl", "Bevestiging: Rondleiding", "Tekst\n")
    message.attempts = 12
    message.failed_at = utcnow()
    message.last_error = "ConnectionRefusedError: [Errno 111] Connection refused"
    db.session.commit()
    return message


def test_an_admin_sees_it_with_its_error_and_address(client, admin, given_up):
    client.login(admin)

    page = client.get("/beheer").get_data(as_text=True)

    assert "Mail die niet verstuurd kon worden" in page
    assert "gast@example.nl" in page
    assert "Bevestiging: Rondleiding" in page
    assert "ConnectionRefusedError: [Errno 111] Connection refused" in page
    assert "12 pogingen" in page
    assert f'action="/beheer/mail/{given_up.id}/opnieuw"' in page


def test_without_given_up_mail_there_is_no_such_section(client, admin):
    client.login(admin)

    assert "Mail die niet verstuurd kon worden" not in client.get("/beheer").get_data(as_text=True)


@pytest.mark.parametrize("person", ["coordinator", "host", "visitor"])
def test_nobody_else_sees_it_or_sends_it(client, request, person, given_up):
    client.login(request.getfixturevalue(person))

    for url in ["/beheer", "/account", "/"]:
        assert "gast@example.nl" not in client.get(url).get_data(as_text=True)
    assert client.form(f"/beheer/mail/{given_up.id}/opnieuw").status_code == 403
    db.session.expire_all()
    assert db.session.get(OutboxMessage, given_up.id).failed_at is not None


def test_send_again_delivers_it_once(app, client, admin, given_up):
    client.login(admin)

    response = client.form(f"/beheer/mail/{given_up.id}/opnieuw", follow_redirects=True)
    again = client.form(f"/beheer/mail/{given_up.id}/opnieuw", follow_redirects=True)

    assert "Het bericht wordt opnieuw verstuurd." in response.get_data(as_text=True)
    assert "al verstuurd" in again.get_data(as_text=True)
    assert [m["Subject"] for m in mail_messages(app)] == ["Bevestiging: Rondleiding"]
    db.session.expire_all()
    message = db.session.get(OutboxMessage, given_up.id)
    assert message.sent_at is not None and message.failed_at is None
    assert "Mail die niet verstuurd kon worden" not in client.get("/beheer").get_data(as_text=True)


def test_send_again_needs_a_csrf_token(client, admin, given_up):
    client.login(admin)

    assert client.post(f"/beheer/mail/{given_up.id}/opnieuw").status_code == 400
    assert db.session.scalar(sa.select(OutboxMessage.failed_at)) is not None
