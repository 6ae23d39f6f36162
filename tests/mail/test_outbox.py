"""The outbox delivers mail over SMTP, retries when the server is down, and sends once."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
import time
from datetime import timedelta
from email.message import EmailMessage

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from hubsite.bookings.views import form_stamp
from hubsite.extensions import db
from hubsite.mail import background_sender
from hubsite.mail.models import OutboxMessage
from hubsite.mail.services import (
    Attachment,
    build_email,
    queue_mail,
    retry_delay,
    retry_failed,
    send_pending,
)
from hubsite.timeutil import utcnow
from tests.conftest import mail_messages

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.recipients.append(list(envelope.rcpt_tos))
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


class SmtpServer:
    """A real SMTP server on loopback that can be stopped and started again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.inbox = Inbox()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def down_server():
    """An SMTP server that is not running yet (its port is closed)."""
    server = SmtpServer()
    yield server
    server.stop()


def smtp_config(app, server: SmtpServer) -> dict:
    return {**app.config, "MAIL_BACKEND": "smtp", "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": server.port}


def queue(recipient: str = "gast@example.nl", subject: str = "Je reservering",
          attachment: Attachment | None = None) -> OutboxMessage:
    message = queue_mail(db.session, recipient, subject, "Tot dinsdag!\n", attachment)
    db.session.commit()
    return message


def outbox() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def test_queued_mail_is_delivered_with_its_attachment(app, smtp_server):
    queue(attachment=Attachment("open-inloop.ics", "text/calendar", ICS))

    assert send_pending(db.session, smtp_config(app, smtp_server)) == (1, 0)

    [received] = smtp_server.inbox.messages
    assert smtp_server.inbox.recipients == [["gast@example.nl"]]
    assert received["Subject"] == "Je reservering"
    assert received["To"] == "gast@example.nl"
    assert "noreply@ruimtevoorondernemendheid.nl" in received["From"]
    assert received.get_body(preferencelist=("plain",)).get_content().strip() == "Tot dinsdag!"
    [attachment] = list(received.iter_attachments())
    assert attachment.get_filename() == "open-inloop.ics"
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_payload(decode=True) == ICS
    [message] = outbox()
    assert message.sent_at is not None and message.attempts == 1


def test_mail_waits_in_the_outbox_while_the_server_is_down(app, down_server):
    queue()
    before = utcnow()

    assert send_pending(db.session, smtp_config(app, down_server)) == (0, 1)

    [message] = outbox()
    assert message.sent_at is None and message.failed_at is None
    assert message.attempts == 1
    assert message.next_attempt_at >= before + retry_delay(1)
    assert "Connection" in message.last_error or "refused" in message.last_error
    assert send_pending(db.session, smtp_config(app, down_server)) == (0, 0), "not due yet"
    assert outbox()[0].attempts == 1


def test_waiting_mail_is_sent_exactly_once_when_the_server_is_back(app, down_server):
    queue(recipient="een@example.nl")
    queue(recipient="twee@example.nl")
    config = smtp_config(app, down_server)
    send_pending(db.session, config)

    down_server.start()
    db.session.execute(sa.update(OutboxMessage).values(next_attempt_at=utcnow()))
    db.session.commit()
    first = send_pending(db.session, config)
    second = send_pending(db.session, config)

    assert (first, second) == ((2, 0), (0, 0))
    assert sorted(down_server.inbox.recipients) == [["een@example.nl"], ["twee@example.nl"]]
    assert all(m.sent_at is not None and m.attempts == 2 for m in outbox())


def test_two_senders_at_the_same_time_send_each_message_once(app, smtp_server):
    for n in range(12):
        queue(recipient=f"gast{n}@example.nl")
    config = smtp_config(app, smtp_server)
    results: list[tuple[int, int]] = []

    def sender() -> None:
        with app.app_context():  # a session (and connection) of its own
            results.append(send_pending(db.session, config))
            db.session.remove()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    received = sorted(r for [r] in smtp_server.inbox.recipients)
    assert received == sorted(f"gast{n}@example.nl" for n in range(12))
    assert sum(sent for sent, _ in results) == 12


def test_a_message_another_sender_is_sending_is_left_alone(app, smtp_server):
    message = queue()
    message.claimed_until = utcnow() + timedelta(minutes=1)
    db.session.commit()

    assert send_pending(db.session, smtp_config(app, smtp_server)) == (0, 0)
    assert smtp_server.inbox.messages == []

    message.claimed_until = utcnow() - timedelta(seconds=1)  # that sender died
    db.session.commit()
    assert send_pending(db.session, smtp_config(app, smtp_server)) == (1, 0)


def test_after_the_last_attempt_a_message_is_given_up(app, down_server):
    queue()
    config = {**smtp_config(app, down_server), "MAIL_MAX_ATTEMPTS": 2}
    for _ in range(3):
        db.session.execute(sa.update(OutboxMessage).values(next_attempt_at=utcnow()))
        db.session.commit()
        send_pending(db.session, config)

    [message] = outbox()
    assert message.attempts == 2
    assert message.failed_at is not None and message.sent_at is None


def test_a_message_that_cannot_be_sent_does_not_hold_up_the_others(app, smtp_server):
    # A subject is put on one line; an address with a line break cannot be mended.
    broken = queue(recipient="gast@example.nl\nBcc: iedereen@example.nl")
    queue(recipient="gewoon@example.nl")

    assert send_pending(db.session, smtp_config(app, smtp_server)) == (1, 1)

    assert smtp_server.inbox.recipients == [["gewoon@example.nl"]]
    db.session.refresh(broken)
    assert broken.failed_at is not None and broken.sent_at is None
    assert "ValueError" in broken.last_error


def test_the_wait_between_attempts_grows_to_twelve_hours_at_most():
    delays = [retry_delay(n) for n in (1, 2, 3, 5, 9, 11, 50)]

    assert delays == [timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10),
                      timedelta(hours=1), timedelta(hours=12), timedelta(hours=12),
                      timedelta(hours=12)]


def test_a_two_day_outage_loses_no_mail(app, down_server):
    """Attempt after attempt while the server is down: the last comes more than 48 hours
    after the first, and mail whose server is back by then is still delivered."""
    config = smtp_config(app, down_server)
    queue()
    first = utcnow()
    attempt_times = []
    now = first
    while True:
        assert send_pending(db.session, config, now=now) == (0, 1)
        attempt_times.append(now)
        [message] = outbox()
        if message.failed_at is not None:
            break
        now = message.next_attempt_at
        assert send_pending(db.session, config, now=now - timedelta(seconds=1)) == (0, 0), (
            "not before its time")

    assert len(attempt_times) == app.config["MAIL_MAX_ATTEMPTS"] == 12
    assert attempt_times[-1] - first >= timedelta(hours=48)
    assert attempt_times[-2] - first < timedelta(hours=48), "and then it gives up"


def test_mail_is_delivered_when_the_server_returns_within_two_days(app, down_server):
    config = smtp_config(app, down_server)
    queue()
    now = utcnow()
    for _ in range(10):  # down for about 40 hours
        send_pending(db.session, config, now=now)
        now = outbox()[0].next_attempt_at

    down_server.start()

    assert send_pending(db.session, config, now=now) == (1, 0)
    assert down_server.inbox.recipients == [["gast@example.nl"]]


class TestGivenUpMail:
    """Mail given up is sent again on request, still once."""

    def give_up(self, app, server, n: int = 1) -> list[OutboxMessage]:
        config = {**smtp_config(app, server), "MAIL_MAX_ATTEMPTS": 1}
        for k in range(n):
            queue(recipient=f"gast{k}@example.nl")
        send_pending(db.session, config)
        given_up = outbox()
        assert all(m.failed_at is not None for m in given_up)
        return given_up

    def test_retry_failed_sends_them_once(self, app, down_server):
        self.give_up(app, down_server, 2)
        down_server.start()

        retried = retry_failed(db.session)
        db.session.commit()
        again = retry_failed(db.session)

        assert len(retried) == 2 and again == []
        assert send_pending(db.session, smtp_config(app, down_server)) == (2, 0)
        assert send_pending(db.session, smtp_config(app, down_server)) == (0, 0)
        assert sorted(r for [r] in down_server.inbox.recipients) == [
            "gast0@example.nl", "gast1@example.nl"]

    def test_a_sent_message_is_never_retried(self, app, smtp_server):
        message = queue()
        send_pending(db.session, smtp_config(app, smtp_server))
        message.failed_at = utcnow()  # even if marked so by mistake
        db.session.commit()

        assert retry_failed(db.session) == []

    def test_the_command_option(self, app, runner, down_server):
        self.give_up(app, down_server, 2)
        down_server.start()
        app.config.update(smtp_config(app, down_server))

        result = runner.invoke(args=["send-mail", "--retry-failed"])

        assert result.exit_code == 0, result.output
        assert result.output.splitlines() == ["retrying 2 given-up messages", "sent 2, failed 0"]
        assert runner.invoke(args=["send-mail", "--retry-failed"]).output.splitlines() == [
            "retrying 0 given-up messages", "sent 0, failed 0"]
        assert len(down_server.inbox.messages) == 2

    def test_without_the_option_given_up_mail_stays(self, app, runner, down_server):
        self.give_up(app, down_server)
        down_server.start()
        app.config.update(smtp_config(app, down_server))

        assert runner.invoke(args=["send-mail"]).output.strip() == "sent 0, failed 0"


def test_every_attempt_carries_the_same_message_id(app):
    first, second = queue(), queue()

    once = build_email(first, app.config["MAIL_FROM"])["Message-ID"]
    again = build_email(first, app.config["MAIL_FROM"])["Message-ID"]

    assert once == again
    assert once != build_email(second, app.config["MAIL_FROM"])["Message-ID"]
    assert once.endswith("@ruimtevoorondernemendheid.nl>")


def test_mail_of_a_rolled_back_change_is_never_sent(app, smtp_server):
    queue_mail(db.session, "gast@example.nl", "Bevestiging", "Tekst\n")
    db.session.rollback()

    assert outbox() == []
    assert send_pending(db.session, smtp_config(app, smtp_server)) == (0, 0)


def test_the_send_mail_command_sends_the_outbox(app, runner, smtp_server):
    app.config.update(smtp_config(app, smtp_server))
    queue()

    result = runner.invoke(args=["send-mail"])

    assert result.exit_code == 0, result.output
    assert result.output.strip() == "sent 1, failed 0"
    assert len(smtp_server.inbox.messages) == 1


def test_the_send_mail_command_reports_failures(app, runner, down_server):
    app.config.update(smtp_config(app, down_server))
    queue()

    result = runner.invoke(args=["send-mail"])

    assert result.output.strip() == "sent 0, failed 1"
    assert outbox()[0].sent_at is None


def test_the_file_backend_writes_a_readable_message(app, runner):
    queue(subject="Je reservering voor de rondleiding")

    runner.invoke(args=["send-mail"])

    [message] = mail_messages(app)
    assert message["Subject"] == "Je reservering voor de rondleiding"


class SilentServer:
    """A server on loopback that accepts connections and never says a word."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:  # closed
                return
            self.connections.append(connection)

    def close(self) -> None:
        self.listener.close()
        for connection in self.connections:
            connection.close()
        self.thread.join(timeout=5)


def wait_for_the_background_sender() -> None:
    assert background_sender.wait_until_idle(timeout=20)


class TestAfterTheRequest:
    """Mail a request queues is handed to a background sender once the request has committed."""

    def test_it_is_delivered_straight_after(self, app, client, host, smtp_server):
        app.config.update(smtp_config(app, smtp_server))

        client.form("/wachtwoord-vergeten", {"email": "host@example.nl"})
        wait_for_the_background_sender()

        [received] = smtp_server.inbox.messages
        assert received["Subject"] == "Kies een nieuw wachtwoord"
        assert outbox()[0].sent_at is not None

    def test_a_server_that_is_down_does_not_break_the_request(self, app, client, host,
                                                                down_server):
        app.config.update(smtp_config(app, down_server))

        response = client.form("/wachtwoord-vergeten", {"email": "host@example.nl"})
        wait_for_the_background_sender()

        assert response.status_code == 302
        [message] = outbox()
        assert message.sent_at is None and message.attempts == 1

    def test_a_server_that_never_answers_does_not_hold_up_the_booking(self, app, client,
                                                                       make_event, hub):
        app.config["BOOKING_MIN_FORM_SECONDS"] = 0
        event = make_event(hub, starts_at=utcnow().replace(tzinfo=None) + timedelta(days=10),
                           booking_required=True, capacity=10)
        occurrence = event.occurrences[0]
        silent = SilentServer()
        app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=silent.port,
                          MAIL_TIMEOUT=10)
        try:
            started = time.monotonic()
            response = client.form(f"/datums/{occurrence.id}/reserveren", {
                "name": "Sanne", "email": "sanne@example.nl", "seats": "1", "website": "",
                "started": form_stamp(occurrence.id)})
            answered_in = time.monotonic() - started

            assert response.status_code == 303
            # Not a speed test: with the 10 s SMTP timeout, waiting for the server at all
            # would take 10 s.
            assert answered_in < 3
            assert outbox()[0].sent_at is None
        finally:
            silent.close()  # the background sender's attempt fails now
        wait_for_the_background_sender()
        [message] = outbox()
        assert message.sent_at is None and message.attempts == 1

        server = SmtpServer()
        server.port = silent.port
        server.start()
        try:
            db.session.execute(sa.update(OutboxMessage).values(next_attempt_at=utcnow()))
            db.session.commit()
            assert app.test_cli_runner().invoke(args=["send-mail"]).output.strip() == (
                "sent 1, failed 0")
            assert app.test_cli_runner().invoke(args=["send-mail"]).output.strip() == (
                "sent 0, failed 0")
        finally:
            server.stop()
        assert server.inbox.recipients == [["sanne@example.nl"]]
        assert server.inbox.messages[0]["Subject"].startswith("Bevestiging: ")

    def test_it_can_be_left_to_the_sender(self, app, client, host, smtp_server):
        app.config.update(smtp_config(app, smtp_server), MAIL_SEND_AFTER_REQUEST=False)

        client.form("/wachtwoord-vergeten", {"email": "host@example.nl"})
        wait_for_the_background_sender()

        assert smtp_server.inbox.messages == []
        assert send_pending(db.session, app.config) == (1, 0)

    def test_the_file_backend_writes_at_once(self, app, client, host):
        client.form("/wachtwoord-vergeten", {"email": "host@example.nl"})

        [message] = mail_messages(app)
        assert message["Subject"] == "Kies een nieuw wachtwoord"


class FailingQuit(Inbox):
    """Accepts the message, then answers QUIT with an error."""

    async def handle_QUIT(self, server, session, envelope) -> str:
        return "421 Service shutting down"


def test_a_message_the_server_accepted_is_not_sent_again_when_quit_fails(app):
    server = SmtpServer()
    server.inbox = FailingQuit()
    server.start()
    try:
        queue(subject="Eenmaal")
        assert send_pending(db.session, smtp_config(app, server)) == (1, 0)
        assert send_pending(db.session, smtp_config(app, server)) == (0, 0)
    finally:
        server.stop()
    assert [m["Subject"] for m in server.inbox.messages] == ["Eenmaal"]
    assert outbox()[0].sent_at is not None
