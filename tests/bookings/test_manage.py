"""The confirmation and the personal page: "Zet in mijn agenda", the personal link,
cancelling after one question, and "Opnieuw reserveren" afterwards."""

from __future__ import annotations

import html
import re
from datetime import UTC
from urllib.parse import parse_qs, urlsplit

import sqlalchemy as sa
from icalendar import Calendar

from hubsite.bookings import hosts, seating
from hubsite.bookings.models import BOOKING_CANCELLED, BOOKING_CONFIRMED, Booking
from hubsite.bookings.views import form_stamp
from hubsite.extensions import db
from hubsite.timeutil import to_local


def hrefs(page: str) -> list[str]:
    return [html.unescape(href) for href in re.findall(r'href="([^"]+)"', page)]


def text(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)).strip()


def guest_booking(occurrence) -> dict:
    return {"name": "Sanne de Vries", "email": "sanne@example.nl", "seats": "1",
            "website": "", "started": form_stamp(occurrence.id)}


def assert_calendar_links_for(page: str, booking, occurrence) -> None:
    links = hrefs(page)
    assert "Zet in mijn agenda" in page
    assert f"http://hubsite.test/bookings/{booking.token}/agenda.ics" in links
    google = parse_qs(urlsplit(next(u for u in links if "calendar.google.com" in u)).query)
    start, end = to_local(occurrence.starts_at), to_local(occurrence.ends_at)
    assert google["dates"] == [f"{start:%Y%m%dT%H%M%S}/{end:%Y%m%dT%H%M%S}"]
    outlook = parse_qs(urlsplit(next(u for u in links if "outlook.live.com" in u)).query)
    assert outlook["startdt"] == [start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")]
    assert outlook["subject"] == [occurrence.title]


def test_the_inline_confirmation_offers_the_calendar_and_the_personal_link(hx, occurrence):
    page = hx.form(f"/datums/{occurrence.id}/reserveren",
                   guest_booking(occurrence)).get_data(as_text=True)
    booking = db.session.scalars(sa.select(Booking)).one()
    assert "Je reservering is bevestigd." in page
    assert f"/bookings/{booking.token}" in hrefs(page)
    assert_calendar_links_for(page, booking, occurrence)


def test_the_personal_page_offers_the_calendar_and_shows_its_own_link(client, book, occurrence):
    booking = book()
    page = client.get(f"/bookings/{booking.token}").get_data(as_text=True)
    assert_calendar_links_for(page, booking, occurrence)
    assert f"http://hubsite.test/bookings/{booking.token}" in text(page)
    download = client.get(f"/bookings/{booking.token}/agenda.ics")
    assert download.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert Calendar.from_ical(download.data)["METHOD"] == "PUBLISH"


def test_a_cancelled_booking_offers_no_calendar(client, book):
    booking = book()
    seating.cancel(db.session, booking)
    db.session.commit()
    page = client.get(f"/bookings/{booking.token}").get_data(as_text=True)
    assert "Zet in mijn agenda" not in page
    assert "calendar.google.com" not in page


def test_the_cancel_button_asks_once_in_a_dialog_or_on_a_page(client, book):
    booking = book()
    page = client.get(f"/bookings/{booking.token}").get_data(as_text=True)
    [form] = re.findall(r'<form[^>]*annuleren[^>]*>', page)
    # With JavaScript the dialog asks; without, a link opens the question on its own page.
    assert 'data-confirm="Je reservering voor' in form and "js-only" in form
    assert f"/bookings/{booking.token}/annuleren" in hrefs(page)


def test_without_javascript_cancelling_takes_one_confirmation_step(client, book):
    booking = book()
    step = client.get(f"/bookings/{booking.token}/annuleren")
    page = step.get_data(as_text=True)
    assert step.status_code == 200
    assert "Weet je het zeker?" in page
    assert f"/bookings/{booking.token}" in hrefs(page)  # "Terug"
    assert step.headers["Cache-Control"] == "private, no-store"
    db.session.refresh(booking)
    assert booking.status == BOOKING_CONFIRMED  # nothing happened yet

    done = client.form(f"/bookings/{booking.token}/annuleren")
    assert done.status_code == 303
    db.session.refresh(booking)
    assert booking.status == BOOKING_CANCELLED


def test_after_cancelling_the_page_offers_to_book_again(client, hx, book, occurrence):
    booking = book()
    page = hx.form(f"/bookings/{booking.token}/annuleren",
                   {"confirmed": "1"}).get_data(as_text=True)
    assert "Je reservering is geannuleerd." in page
    assert "Opnieuw reserveren" in page
    assert f"/datums/{occurrence.id}/reserveren" in hrefs(page)
    again = client.get(f"/datums/{occurrence.id}/reserveren").get_data(as_text=True)
    assert 'name="email"' in again  # the form is there to book again


def test_no_book_again_when_the_date_can_no_longer_be_booked(client, book, occurrence):
    booking = book()
    seating.cancel(db.session, booking)
    hosts.set_booking_closed(occurrence, True)
    db.session.commit()
    page = client.get(f"/bookings/{booking.token}").get_data(as_text=True)
    assert "Je reservering is geannuleerd." in page
    assert "Opnieuw reserveren" not in page
