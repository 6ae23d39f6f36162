"""Booking mail: confirmation with .ics and personal link, waiting list, promotion,
changes by the hub; all through the outbox, so a mail server that is down loses nothing."""

from __future__ import annotations

from datetime import timedelta
from email.headerregistry import Address
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa
from babel.dates import format_date
from icalendar import Calendar

from hubsite.agenda import services as agenda
from hubsite.agenda import signals
from hubsite.bookings import queries, seating
from hubsite.bookings.views import form_stamp
from hubsite.extensions import db
from hubsite.mail import background_sender
from hubsite.mail.models import OutboxMessage
from hubsite.mail.services import send_pending
from hubsite.timeutil import to_local, utcnow
from tests.conftest import links_in, mail_messages, mail_text
from tests.mail.test_outbox import SmtpServer


def deliver(app) -> None:
    send_pending(db.session, app.config)


def guest_form(occurrence, **fields) -> dict:
    data = {"name": "Sanne de Vries", "email": "sanne@example.nl", "seats": "1",
            "website": "", "started": form_stamp(occurrence.id)}
    data.update(fields)
    return data


def calendar_part(message):
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return part


def calendar_of(message) -> Calendar:
    return Calendar.from_ical(calendar_part(message).get_payload(decode=True))


def mail_html(message) -> str:
    """The HTML body of a message."""
    return message.get_body(preferencelist=("html",)).get_content()


def to(app, address: str) -> list:
    return [m for m in mail_messages(app) if m["To"] == address]


def test_the_confirmation_has_the_date_in_dutch_the_address_link_and_ics(app, client,
                                                                         occurrence):
    client.form(f"/datums/{occurrence.id}/reserveren", guest_form(occurrence))
    [message] = mail_messages(app)
    body = mail_text(message)
    start = to_local(occurrence.starts_at)
    assert message["To"] == "sanne@example.nl"
    assert message["Subject"] == (
        f"Bevestiging: Rondleiding door de hub op {format_date(start, 'd MMM y', locale='nl')}")
    assert format_date(start, "EEEE d MMMM y", locale="nl") in body
    assert f"{start:%H:%M}–" in body
    assert "Sluiskade 5, 7607 AA Almelo" in body
    booking = queries.booking_by_token(db.session, links_in(body)[0].rsplit("/", 1)[1])
    assert booking is not None and booking.email == "sanne@example.nl"
    assert links_in(body)[0] == f"http://hubsite.test/bookings/{booking.token}"
    [vevent] = calendar_of(message).walk("VEVENT")
    assert vevent["SUMMARY"] == "Rondleiding door de hub"
    assert vevent.decoded("DTSTART") == start


def test_bookings_succeed_while_the_mail_server_is_down_and_mail_follows_once(app, client,
                                                                              occurrence):
    server = SmtpServer()  # not started: its port is closed
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port)
    for n in range(3):
        response = client.form(f"/datums/{occurrence.id}/reserveren",
                               guest_form(occurrence, email=f"gast{n}@example.nl"))
        assert response.status_code == 303
    assert background_sender.wait_until_idle()  # it tried each one after its request
    assert seating.seats_taken(db.session, occurrence.id) == 3
    waiting = db.session.scalars(sa.select(OutboxMessage)).all()
    assert len(waiting) == 3
    assert all(m.sent_at is None and m.attempts == 1 for m in waiting)

    server.start()
    try:
        # The back-off has passed; `flask send-mail` (or its --loop) runs again.
        db.session.execute(sa.update(OutboxMessage).values(next_attempt_at=utcnow()))
        db.session.commit()
        result = app.test_cli_runner().invoke(args=["send-mail"])
        assert "sent 3, failed 0" in result.output
        assert app.test_cli_runner().invoke(args=["send-mail"]).output.startswith("sent 0")
        assert sorted(m["To"] for m in server.inbox.messages) == [
            "gast0@example.nl", "gast1@example.nl", "gast2@example.nl"]
        calendar_of(server.inbox.messages[0])  # the .ics survived the wait
    finally:
        server.stop()


def test_the_waiting_list_mail_then_the_promotion_mail(app, book, occurrence):
    confirmed = [book() for _ in range(10)]
    waiting = book(name="Wachter", email="wachter@example.nl")
    seating.cancel(db.session, confirmed[0])
    db.session.commit()
    deliver(app)
    to_waiter = [m for m in mail_messages(app) if m["To"] == "wachter@example.nl"]
    assert [m["Subject"].split(":")[0] for m in to_waiter] == [
        "Wachtlijst", "Er is een plaats vrij"]
    assert "plaats 1" in mail_text(to_waiter[0])
    assert f"/bookings/{waiting.token}" in mail_text(to_waiter[1])
    calendar_of(to_waiter[1])
    cancelled = [m for m in mail_messages(app) if m["To"] == confirmed[0].email]
    assert cancelled[-1]["Subject"].startswith("Geannuleerd")


def test_a_cancelled_date_mails_everyone_booked(app, book, occurrence):
    kept, waiting, gone = book(), book(), book()
    seating.cancel(db.session, gone, notify=False)
    waiting.status = "waitlisted"
    db.session.commit()
    deliver(app)
    before = len(mail_messages(app))
    occurrence.status = "cancelled"
    occurrence.note = "De hub is die dag gesloten."
    signals.occurrence_cancelled.send(occurrence, session=db.session)
    db.session.commit()
    deliver(app)
    new = mail_messages(app)[before:]
    assert sorted(m["To"] for m in new) == sorted([kept.email, waiting.email])
    assert all(m["Subject"].startswith("Gaat niet door") for m in new)
    assert "De hub is die dag gesloten." in mail_text(new[0])


def test_a_moved_date_mails_the_old_and_new_time_with_a_new_ics(app, book, occurrence):
    booking = book()
    deliver(app)
    before = len(mail_messages(app))
    previous_start, previous_end = occurrence.starts_at, occurrence.ends_at
    occurrence.starts_at += timedelta(days=1, hours=1)
    occurrence.ends_at += timedelta(days=1, hours=1)
    signals.occurrence_moved.send(occurrence, session=db.session,
                                  previous_start=previous_start, previous_end=previous_end)
    db.session.commit()
    deliver(app)
    [message] = mail_messages(app)[before:]
    body = mail_text(message)
    assert message["To"] == booking.email
    assert message["Subject"].startswith("Nieuwe tijd")
    assert format_date(to_local(previous_start), "EEEE d MMMM y", locale="nl") in body
    assert format_date(to_local(occurrence.starts_at), "EEEE d MMMM y", locale="nl") in body
    assert calendar_of(message).walk("VEVENT")[0].decoded("DTSTART") == to_local(
        occurrence.starts_at)


def test_a_cancelled_activity_mails_everyone_booked_for_its_coming_dates(app, book, bookable):
    booking = book()
    deliver(app)
    before = len(mail_messages(app))
    bookable.status = "cancelled"
    signals.event_cancelled.send(bookable, session=db.session)
    db.session.commit()
    deliver(app)
    [message] = mail_messages(app)[before:]
    assert message["To"] == booking.email and message["Subject"].startswith("Gaat niet door")


def test_mail_goes_out_in_the_bookers_language(app, book, occurrence):
    book(locale="en")
    deliver(app)
    [message] = mail_messages(app)
    start = to_local(occurrence.starts_at)
    assert format_date(start, "EEEE d MMMM y", locale="en") in mail_text(message)


def test_the_agendas_own_changes_reach_everyone_booked(app, book, bookable, occurrence):
    booking = book()
    deliver(app)
    before = len(mail_messages(app))
    start = to_local(occurrence.starts_at) + timedelta(days=2)
    agenda.move_occurrence(db.session, occurrence, start.replace(tzinfo=None),
                           (start + timedelta(hours=2)).replace(tzinfo=None))
    db.session.commit()
    agenda.cancel_occurrence(db.session, occurrence, note="Studiedag")
    db.session.commit()
    deliver(app)
    subjects = [m["Subject"].split(":")[0] for m in mail_messages(app)[before:]
                if m["To"] == booking.email]
    assert subjects == ["Nieuwe tijd", "Gaat niet door"]


# -- HTML beside the text, from the hub, answers to the hub team ---------------------


def test_the_confirmation_is_text_with_the_same_content_as_html_beside_it(app, book,
                                                                          occurrence):
    booking = book(email="sanne@example.nl")
    deliver(app)
    [message] = mail_messages(app)
    [alternative] = [p for p in message.walk() if p.get_content_type() == "multipart/alternative"]
    # The HTML travels with its picture (the check-in QR code) as multipart/related.
    plain, related = alternative.iter_parts()
    assert (plain.get_content_type(), related.get_content_type()) == ("text/plain",
                                                                      "multipart/related")
    assert [p.get_content_type() for p in related.iter_parts()] == ["text/html", "image/png"]
    html, text = mail_html(message), mail_text(message)
    manage = f"http://hubsite.test/bookings/{booking.token}"
    date = format_date(to_local(occurrence.starts_at), "EEEE d MMMM y", locale="nl")
    for shown in ("Je reservering is bevestigd. Tot dan!", date, "Sluiskade 5, 7607 AA Almelo",
                  manage, "Zet in mijn agenda"):
        assert shown in text
        assert shown in html
    assert '<html lang="nl">' in html
    assert f'href="{manage}"' in html


def test_every_booking_mail_comes_from_the_hub_and_replies_go_to_the_hub_team(
        app, book, hub, occurrence):
    hub.email = "almelo@hubs.example"
    db.session.commit()
    book(email="sanne@example.nl")
    deliver(app)
    [message] = mail_messages(app)
    [sender] = message["From"].addresses
    assert sender.display_name == "Hub Almelo via Ruimte voor ondernemendheid"
    assert sender.addr_spec == "noreply@ruimtevoorondernemendheid.nl"  # MAIL_FROM's address
    assert message["Reply-To"].addresses == (Address("Hub Almelo", addr_spec="almelo@hubs.example"),)
    assert "almelo@hubs.example" in mail_text(message)


def test_a_hub_name_with_accents_and_a_comma_is_encoded_in_the_sender(app, book, hub):
    hub.name = "Hub Café, Almelo"
    db.session.commit()
    book()
    deliver(app)
    [path] = Path(app.config["MAIL_FILE_DIR"]).glob("*.eml")
    raw = path.read_bytes()
    from_line = next(line for line in raw.split(b"\n") if line.startswith(b"From:"))
    assert b"Caf\xc3\xa9" not in from_line  # encoded, not raw UTF-8
    [message] = mail_messages(app)
    assert message["From"].addresses[0].display_name == (
        "Hub Café, Almelo via Ruimte voor ondernemendheid")


def test_a_hub_without_an_address_sends_no_reply_to(app, book, hub):
    hub.email = ""
    db.session.commit()
    book()
    deliver(app)
    [message] = mail_messages(app)
    assert message["Reply-To"] is None


def test_the_mail_names_the_organising_partner(app, book, bookable, make_organisation):
    bookable.organisation = make_organisation(name="ROC van Twente")
    db.session.commit()
    book()
    deliver(app)
    [message] = mail_messages(app)
    assert "Georganiseerd door: ROC van Twente" in mail_text(message)
    assert "ROC van Twente" in mail_html(message)


def test_an_english_booker_gets_the_whole_mail_in_english(app, book, hub, occurrence):
    hub.email = "almelo@hubs.example"
    db.session.commit()
    book(locale="en")
    deliver(app)
    [message] = mail_messages(app)
    assert message["Subject"].startswith("Confirmation: Rondleiding door de hub on ")
    for body in (mail_text(message), mail_html(message)):
        assert "Your booking is confirmed. See you then!" in body
        assert "Add to my calendar" in body
        assert "Calendar file (.ics)" in body
        assert "Questions? Reply to this e-mail" in body
        assert "Je reservering" not in body and "Vragen?" not in body
    assert '<html lang="en">' in mail_html(message)


def test_the_mail_and_its_links_put_exactly_the_booked_date_in_a_calendar(app, client, book,
                                                                         occurrence):
    booking = book()
    deliver(app)
    [message] = mail_messages(app)
    found = links_in(mail_text(message))
    google = parse_qs(urlsplit(next(u for u in found if "calendar.google.com" in u)).query)
    start, end = to_local(occurrence.starts_at), to_local(occurrence.ends_at)
    assert google["dates"] == [f"{start:%Y%m%dT%H%M%S}/{end:%Y%m%dT%H%M%S}"]
    assert google["text"] == ["Rondleiding door de hub"]
    assert booking.token not in google["details"][0]  # the personal link stays with the person
    outlook = parse_qs(urlsplit(next(u for u in found if "outlook.live.com" in u)).query)
    assert outlook["subject"] == ["Rondleiding door de hub"]
    ics = next(u for u in found if u.endswith("/agenda.ics"))
    download = client.get(urlsplit(ics).path)
    assert download.status_code == 200
    [vevent] = Calendar.from_ical(download.data).walk("VEVENT")
    assert vevent["UID"] == calendar_of(message).walk("VEVENT")[0]["UID"]


# -- The cancellation takes the entry out of the calendar ---------------------------------


def _cancel_by_person(booking, occurrence) -> None:
    seating.cancel(db.session, booking)


def _cancel_by_host(booking, occurrence) -> None:
    seating.cancel(db.session, booking, by_host=True)


def _cancel_the_date(booking, occurrence) -> None:
    agenda.cancel_occurrence(db.session, occurrence, note="Studiedag")


@pytest.mark.parametrize("cancel", [_cancel_by_person, _cancel_by_host, _cancel_the_date])
def test_the_cancellation_withdraws_the_confirmations_calendar_entry(app, book, occurrence,
                                                                     cancel):
    booking = book(email="sanne@example.nl")
    cancel(booking, occurrence)
    db.session.commit()
    deliver(app)
    confirmation, cancellation = to(app, "sanne@example.nl")

    assert calendar_part(confirmation).get_content_type() == "text/calendar"
    assert calendar_part(confirmation).get_params()[1:] == [("charset", "utf-8"),
                                                             ("method", "REQUEST")]
    assert calendar_part(cancellation).get_params()[1:] == [("charset", "utf-8"),
                                                             ("method", "CANCEL")]
    invited, withdrawn = calendar_of(confirmation), calendar_of(cancellation)
    assert invited["METHOD"] == "REQUEST" and withdrawn["METHOD"] == "CANCEL"
    [first], [second] = invited.walk("VEVENT"), withdrawn.walk("VEVENT")
    assert second["UID"] == first["UID"]
    assert second["SEQUENCE"] > first["SEQUENCE"]
    assert first["STATUS"] == "CONFIRMED" and second["STATUS"] == "CANCELLED"
    # iTIP wants the organiser and the attendee in both.
    assert str(second["ORGANIZER"]) == str(first["ORGANIZER"])
    assert str(second["ATTENDEE"]) == str(first["ATTENDEE"]) == "mailto:sanne@example.nl"
    assert "uit je agenda haalt" in mail_text(cancellation)


def test_leaving_the_waiting_list_sends_no_calendar_file(app, book, occurrence):
    for _ in range(10):
        book()
    waiting = book(email="wachter@example.nl")
    seating.cancel(db.session, waiting)
    db.session.commit()
    deliver(app)
    waitlisted, cancelled = to(app, "wachter@example.nl")
    for message in (waitlisted, cancelled):
        assert not [p for p in message.iter_attachments()
                    if p.get_content_type() == "text/calendar"]


def test_booking_again_after_cancelling_gets_an_entry_the_old_cancel_does_not_outrank(
        app, book, occurrence):
    first = book(email="sanne@example.nl")
    seating.cancel(db.session, first)
    db.session.commit()
    book(email="sanne@example.nl")
    deliver(app)
    confirmed, cancelled, again = to(app, "sanne@example.nl")
    assert again["Subject"].startswith("Bevestiging")
    assert (calendar_of(again).walk("VEVENT")[0]["UID"]
            != calendar_of(cancelled).walk("VEVENT")[0]["UID"])
