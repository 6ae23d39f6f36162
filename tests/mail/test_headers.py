"""A line break in an activity's title never breaks the mail about it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from hubsite.bookings.views import form_stamp
from hubsite.extensions import db
from hubsite.mail.models import OutboxMessage
from hubsite.mail.services import build_email, one_line, queue_mail, send_pending
from hubsite.timeutil import LOCAL_TZ
from tests.conftest import mail_messages
from tests.mail.test_outbox import SmtpServer


@pytest.fixture
def occurrence(app, make_event, hub):
    app.config["BOOKING_MIN_FORM_SECONDS"] = 0
    day = datetime.now(LOCAL_TZ).date() + timedelta(days=10)
    event = make_event(hub, starts_at=datetime(day.year, day.month, day.day, 14),
                       title="Rondleiding", booking_required=True, capacity=10)
    return event.occurrences[0]


@pytest.mark.parametrize("title", ["Rondleiding\r\nBcc: iedereen@example.nl", "Rond\rleiding",
                                   "Rond\nleiding\x1b"])
def test_a_booking_for_a_title_with_a_line_break_gets_its_confirmation(app, client, occurrence,
                                                                         title):
    # A hand-made request (or an old row) can put a line break in a title; the mail must
    # still go out, with the title on one line in its subject.
    occurrence.title_override = title
    db.session.commit()
    server = SmtpServer()
    server.start()
    try:
        app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port,
                          MAIL_SEND_AFTER_REQUEST=False)
        response = client.form(f"/datums/{occurrence.id}/reserveren", {
            "name": "Sanne", "email": "sanne@example.nl", "seats": "1", "website": "",
            "started": form_stamp(occurrence.id)})
        assert response.status_code == 303

        assert send_pending(db.session, app.config) == (1, 0)
    finally:
        server.stop()
    [received] = server.inbox.messages
    assert received["Subject"].startswith("Bevestiging: Rond")
    assert "\n" not in received["Subject"] and "\r" not in received["Subject"]
    assert received["Bcc"] is None
    assert server.inbox.recipients == [["sanne@example.nl"]]
    assert "Hallo Sanne" in received.get_body(preferencelist=("plain",)).get_content()


def test_a_subject_stored_with_a_line_break_is_sent_on_one_line(app):
    message = queue_mail(db.session, "gast@example.nl", "x", "Tekst\n")
    db.session.execute(sa.update(OutboxMessage).values(subject="Regel een\r\nBcc: x@example.nl"))
    db.session.commit()
    db.session.refresh(message)

    email = build_email(message, app.config["MAIL_FROM"])

    assert email["Subject"] == "Regel een Bcc: x@example.nl"


def test_one_line_collapses_control_characters():
    assert one_line(" Open\r\n\tinloop\x00 op dinsdag ") == "Open inloop op dinsdag"


def test_the_file_backend_writes_the_mail_too(app, client, occurrence):
    occurrence.title_override = "Rond\rleiding"
    db.session.commit()

    client.form(f"/datums/{occurrence.id}/reserveren", {
        "name": "Sanne", "email": "sanne@example.nl", "seats": "1", "website": "",
        "started": form_stamp(occurrence.id)})

    [message] = mail_messages(app)
    assert message["Subject"].startswith("Bevestiging: Rond leiding op ")


def test_a_list_mail_carries_a_one_click_unsubscribe(app):
    message = queue_mail(db.session, "iemand@example.nl", "Nieuw antwoord", "Tekst",
                         unsubscribe_url="https://hub.example.nl/afmelden/abc")
    db.session.commit()
    email = build_email(message, "Hub <hub@example.nl>")
    assert email["List-Unsubscribe"] == "<https://hub.example.nl/afmelden/abc>"
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_an_ordinary_mail_has_no_unsubscribe_header(app):
    message = queue_mail(db.session, "iemand@example.nl", "Je reservering", "Tekst")
    db.session.commit()
    assert build_email(message, "hub@example.nl")["List-Unsubscribe"] is None
