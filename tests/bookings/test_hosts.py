"""The hub team: booking settings, the attendee list at the door, check-in, CSV, messages."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
import sqlalchemy as sa

from hubsite.bookings import hosts, seating
from hubsite.bookings.models import Booking
from hubsite.extensions import db
from hubsite.mail.services import send_pending
from hubsite.timeutil import to_local
from tests.conftest import field_error, mail_messages, mail_text


def attendees_url(occurrence) -> str:
    return f"/datums/{occurrence.id}/deelnemers"


def test_anonymous_visitors_are_sent_to_log_in(client, occurrence, bookable):
    for url in (attendees_url(occurrence), attendees_url(occurrence) + ".csv",
                f"/events/{bookable.id}/reserveringen"):
        response = client.get(url)
        assert response.status_code == 302 and "/inloggen" in response.headers["Location"]


def test_other_people_cannot_see_guest_data(client, occurrence, bookable, book, other_host,
                                            visitor):
    book(name="Geheime Gast", email="geheim@example.nl")
    for person in (other_host, visitor):
        client.login(person)
        for url in (attendees_url(occurrence), attendees_url(occurrence) + ".csv",
                    f"/events/{bookable.id}/reserveringen"):
            response = client.get(url)
            assert response.status_code == 403
            assert "geheim@example.nl" not in response.get_data(as_text=True)


def test_other_people_cannot_change_bookings(client, occurrence, book, other_host):
    booking = book()
    client.login(other_host)
    assert client.form(f"/deelnemers/{booking.id}/aanwezig",
                       {"status": "attended"}).status_code == 403
    assert client.form(f"/deelnemers/{booking.id}/annuleren").status_code == 403
    assert client.form(f"/datums/{occurrence.id}/sluiten").status_code == 403
    assert client.form(f"/datums/{occurrence.id}/toevoegen",
                       {"add-name": "X", "add-seats": "1"}).status_code == 403
    assert booking.status == "confirmed"


def test_the_attendee_list_shows_counts_and_people(client, host, occurrence, book):
    confirmed = [book(organisation="ROC van Twente") for _ in range(3)]
    seating.cancel(db.session, confirmed[0])
    hosts.check_in(db.session, confirmed[1], "attended")
    db.session.commit()
    client.login(host)
    page = client.get(attendees_url(occurrence)).get_data(as_text=True)
    assert confirmed[2].email in page and "ROC van Twente" in page
    counts = seating.counts_by_date(db.session, [occurrence.id])[occurrence.id]
    assert counts.bookings == {"confirmed": 1, "waitlisted": 0, "cancelled": 1,
                               "attended": 1, "no_show": 0}
    assert "<dt>Bevestigd</dt><dd>1</dd>" in page
    assert "<dt>Geannuleerd</dt><dd>1</dd>" in page
    assert "<dt>Aanwezig</dt><dd>1</dd>" in page


def test_check_in_with_htmx_swaps_the_row_and_the_counts(hx, host, book):
    booking = book()
    hx.login(host)
    response = hx.form(f"/deelnemers/{booking.id}/aanwezig", {"status": "attended"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.lstrip().startswith(f'<li id="booking-{booking.id}"')
    assert 'aria-pressed="true"' in page
    assert 'id="booking-counts" class="booking-counts" hx-swap-oob="true"' in page
    assert "<dt>Aanwezig</dt><dd>1</dd>" in page
    assert db.session.get(Booking, booking.id).status == "attended"


def test_check_in_without_javascript_returns_to_the_list(client, host, occurrence, book):
    booking = book()
    client.login(host)
    response = client.form(f"/deelnemers/{booking.id}/aanwezig", {"status": "no_show"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(
        f"{attendees_url(occurrence)}#booking-{booking.id}")
    assert booking.status == "no_show"


def test_an_unknown_check_in_choice_is_a_422(client, host, book):
    booking = book()
    client.login(host)
    assert client.form(f"/deelnemers/{booking.id}/aanwezig",
                       {"status": "weg"}).status_code == 422


def test_the_csv_export_has_the_agreed_columns(client, host, occurrence, book):
    book(name="Ann", email="ann@example.nl", organisation="=HYPERLINK(1)", seats=3)
    waiting_for = [book() for _ in range(7)]
    late = book(name="Bo", email="bo@example.nl")
    hosts.check_in(db.session, waiting_for[0], "attended")
    hosts.check_in(db.session, waiting_for[1], "no_show")
    seating.cancel(db.session, waiting_for[2])
    db.session.commit()
    client.login(host)
    response = client.get(attendees_url(occurrence) + ".csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert list(rows[0])[:6] == ["name", "email", "organisation", "seats", "status",
                                 "booked_at"]
    assert rows[0]["name"] == "Ann" and rows[0]["seats"] == "3"
    assert rows[0]["organisation"] == "'=HYPERLINK(1)"  # not a formula in a spreadsheet
    assert {row["status"] for row in rows} == {"confirmed", "attended", "no_show",
                                               "cancelled"}
    assert late.status == "confirmed"  # the cancellation freed a seat
    assert datetime.fromisoformat(rows[0]["booked_at"]).utcoffset() is not None


def test_the_csv_escapes_a_formula_after_spaces_or_a_tab(client, host, occurrence, book):
    book(name=" =1+1", email="ann@example.nl", organisation="  @SUM(A1)", remark="\t=cmd")
    client.login(host)
    response = client.get(attendees_url(occurrence) + ".csv")
    row = next(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    for column, typed in (("name", "=1+1"), ("organisation", "@SUM(A1)"), ("remark", "=cmd")):
        assert row[column].startswith("'") and typed in row[column], (column, row[column])


def test_the_csv_lists_waitlisted(client, host, occurrence, book):
    for _ in range(11):
        book()
    client.login(host)
    rows = list(csv.DictReader(io.StringIO(
        client.get(attendees_url(occurrence) + ".csv").get_data(as_text=True))))
    assert [row["status"] for row in rows].count("waitlisted") == 1


def test_hosts_add_a_booking_by_hand_even_when_closed(client, host, occurrence):
    hosts.set_booking_closed(occurrence, True)
    db.session.commit()
    client.login(host)
    response = client.form(f"/datums/{occurrence.id}/toevoegen", {
        "add-name": "Meester Bram", "add-email": "", "add-organisation": "Basisschool De Es",
        "add-seats": "8", "add-remark": "Belde op maandag"})
    assert response.status_code == 303
    booking = db.session.scalars(sa.select(Booking)).one()
    assert (booking.name, booking.seats, booking.added_by_host, booking.status) == (
        "Meester Bram", 8, True, "confirmed")


def test_a_hand_added_booking_with_bad_seats_gets_a_message(client, host, occurrence):
    client.login(host)
    response = client.form(f"/datums/{occurrence.id}/toevoegen",
                           {"add-name": "X", "add-seats": "11"})
    assert response.status_code == 422
    assert "10 plaatsen" in field_error(response.get_data(as_text=True), "add-seats")


def test_hosts_close_and_reopen_booking_for_a_date(client, host, occurrence):
    client.login(host)
    client.form(f"/datums/{occurrence.id}/sluiten", {"action": "close"})
    assert occurrence.bookings_closed_at is not None
    page = client.get(f"/datums/{occurrence.id}/reserveren").get_data(as_text=True)
    assert "Reserveren is gesloten" in page and 'name="email"' not in page
    client.form(f"/datums/{occurrence.id}/sluiten", {"action": "open"})
    assert occurrence.bookings_closed_at is None


def test_hosts_message_everyone_booked(app, client, host, occurrence, book):
    people = [book() for _ in range(2)]
    seating.cancel(db.session, book())
    db.session.commit()
    send_pending(db.session, app.config)
    before = len(mail_messages(app))
    client.login(host)
    response = client.form(f"/datums/{occurrence.id}/bericht", {
        "message-message": "De ingang is aan de achterkant.\nNeem een laptop mee."})
    assert response.status_code == 303
    new = mail_messages(app)[before:]
    assert sorted(m["To"] for m in new) == sorted(p.email for p in people)
    assert "De ingang is aan de achterkant." in mail_text(new[0])
    assert "Aylin Host" in mail_text(new[0])


def test_an_empty_message_gets_a_message(client, host, occurrence):
    client.login(host)
    response = client.form(f"/datums/{occurrence.id}/bericht", {"message-message": " "})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "message-message")


def test_one_date_gets_its_own_number_of_seats(client, host, occurrence, book):
    for _ in range(11):
        book()
    client.login(host)
    response = client.form(f"/datums/{occurrence.id}/plaatsen", {"capacity-capacity": "11"})
    assert response.status_code == 303
    assert occurrence.capacity == 11
    assert seating.seats_taken(db.session, occurrence.id) == 11


def test_the_settings_page_saves_and_promotes(client, host, bookable, occurrence, book):
    for _ in range(12):
        book()
    client.login(host)
    page = client.get(f"/events/{bookable.id}/reserveringen").get_data(as_text=True)
    assert "Komende datums" in page and "10 / 10" in page
    response = client.form(f"/events/{bookable.id}/reserveringen", {
        "booking_required": "y", "capacity": "12", "max_group": "8", "waitlist": "y",
        "opens_days": "30", "closes_hours": "2"})
    assert response.status_code == 303
    assert (bookable.capacity, bookable.booking_max_group, bookable.booking_opens_days,
            bookable.booking_closes_hours, bookable.booking_waitlist) == (12, 8, 30, 2, True)
    assert seating.seats_taken(db.session, occurrence.id) == 12


@pytest.mark.parametrize(("field", "value"), [("capacity", "0"), ("max_group", "-1"),
                                              ("closes_hours", "x"), ("opens_days", "-3")])
def test_bad_settings_get_a_message_and_422(client, host, bookable, field, value):
    client.login(host)
    data = {"booking_required": "y", "capacity": "10", "max_group": "1", "waitlist": "y",
            "opens_days": "", "closes_hours": "0", field: value}
    response = client.form(f"/events/{bookable.id}/reserveringen", data)
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), field)


def test_a_host_cancels_a_booking_and_the_person_is_told(app, client, host, book):
    booking = book()
    client.login(host)
    assert client.form(f"/deelnemers/{booking.id}/annuleren").status_code == 303
    assert booking.status == "cancelled"
    assert mail_messages(app)[-1]["Subject"].startswith("Je reservering is geannuleerd")


def _activity_form(event, **changes) -> dict:
    """The activity edit form as the page fills it in for `event`, with `changes`."""
    start = to_local(event.starts_at)
    data = {"activity_type": str(event.activity_type_id), "title": event.title,
            "date": start.date().isoformat(), "start_time": start.strftime("%H:%M"),
            "end_time": to_local(event.ends_at).strftime("%H:%M"), "repeat": "",
            "interval": "1", "monthly_by": "date", "ends": "count", "organisation": "",
            "booking_required": "y", "capacity": str(event.capacity)}
    data.update(changes)
    return data


def test_more_seats_through_the_activity_form_promote_the_waiting_list_in_order(
        app, client, host, bookable, occurrence, book):
    for _ in range(10):
        book()
    first, second, third = book(name="Eerste"), book(name="Tweede"), book(name="Derde")
    assert {first.status, second.status, third.status} == {"waitlisted"}
    client.login(host)

    response = client.form(f"/events/{bookable.id}/bewerken", _activity_form(bookable, capacity="12"))

    assert response.status_code == 302
    db.session.expire_all()
    assert (first.status, second.status, third.status) == ("confirmed", "confirmed", "waitlisted")
    assert seating.seats_taken(db.session, occurrence.id) == 12
    promoted_mail = [m for m in mail_messages(app) if m["To"] in (first.email, second.email)
                     and "plaats" in m["Subject"].lower()]
    assert len(promoted_mail) == 2


def test_an_activity_edit_that_keeps_the_seats_promotes_nobody(client, host, bookable, book):
    for _ in range(10):
        book()
    waiting = book()
    client.login(host)

    client.form(f"/events/{bookable.id}/bewerken", _activity_form(bookable, title="Nieuwe titel"))

    db.session.expire_all()
    assert bookable.title == "Nieuwe titel" and waiting.status == "waitlisted"
