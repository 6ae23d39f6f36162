"""The booking part of an activity page (bookings fills the slot `event.main`)."""

from __future__ import annotations

import re

import pytest

from hubsite import slots
from hubsite.agenda.recurrence import Recurrence
from hubsite.bookings import hosts, seating
from hubsite.extensions import db
from tests.bookings.conftest import days_ahead
from tests.conftest import counted_queries


def event_page(client, event) -> str:
    response = client.get(f"/events/{event.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_each_date_shows_seats_left_and_a_button_for_guests(client, bookable, book):
    book(seats=3)
    page = event_page(client, bookable)
    assert 'aria-labelledby="booking-title"' in page
    assert "Nog 7 plaatsen vrij" in page
    item = re.search(r'<li id="booking-date-\d+".*?</li>', page, re.S).group(0)
    assert f'href="/datums/{bookable.occurrences[0].id}/reserveren"' in item
    assert 'hx-get=' in item and 'hx-swap="outerHTML"' in item


def test_a_logged_in_person_gets_a_one_click_form(client, visitor, bookable):
    client.login(visitor)
    page = event_page(client, bookable)
    assert f'action="/datums/{bookable.occurrences[0].id}/reserveren"' in page
    assert 'name="seats"' in page and 'name="email"' not in page


def test_my_own_booking_shows_instead_of_the_button(client, visitor, bookable, occurrence):
    client.login(visitor)
    client.form(f"/datums/{occurrence.id}/reserveren", {"seats": "2"})
    page = event_page(client, bookable)
    assert "Je hebt 2 plaatsen gereserveerd." in page


def item_of(page: str, occurrence) -> str:
    return re.search(rf'<li id="booking-date-{occurrence.id}".*?</li>', page, re.S).group(0)


def test_full_cancelled_and_closed_dates_say_so_without_a_button(client, make_event, hub):
    event = make_event(hub, starts_at=days_ahead(3), booking_required=True, capacity=1,
                       booking_waitlist=False, recurrence=Recurrence("DAILY", count=4))
    full, cancelled, closed, open_ = event.occurrences
    seating.book(db.session, full.id, name="A", email="a@example.nl")
    cancelled.status = "cancelled"
    hosts.set_booking_closed(closed, True)
    db.session.commit()
    page = event_page(client, event)
    for occurrence, text in ((full, "Vol"), (cancelled, "Gaat niet door"),
                             (closed, "Reserveren is gesloten")):
        item = item_of(page, occurrence)
        assert text in item
        assert "/reserveren" not in item
    assert "Nog 1 plaats vrij" in item_of(page, open_)
    assert "/reserveren" in item_of(page, open_)


def test_a_full_date_with_waiting_list_offers_it(client, bookable, book):
    for _ in range(10):
        book()
    assert "Vol: je kunt op de wachtlijst" in event_page(client, bookable)


def test_the_hub_team_gets_a_link_to_the_attendees(client, host, bookable):
    client.login(host)
    assert f"/events/{bookable.id}/reserveringen" in event_page(client, bookable)


def test_an_activity_without_booking_shows_no_booking_panel(client, make_event, hub):
    event = make_event(hub, starts_at=days_ahead(3))
    assert 'id="booking-title"' not in event_page(client, event)


@pytest.mark.parametrize("logged_in", [False, True])
def test_the_activity_page_with_its_slots_costs_the_same_queries_for_3_or_60_dates(
        client, make_event, hub, visitor, logged_in):
    def page_queries(weeks: int) -> int:
        event = make_event(hub, starts_at=days_ahead(3), booking_required=True, capacity=5,
                           recurrence=Recurrence("WEEKLY", count=weeks))
        for occurrence in event.occurrences:
            seating.book(db.session, occurrence.id, name="Gast", email="gast@example.nl",
                         notify=False)
        db.session.commit()
        with counted_queries() as statements:
            response = client.get(f"/events/{event.id}")
        assert response.status_code == 200 and "Reserveren" in response.get_data(as_text=True)
        return len(statements)

    if logged_in:
        client.login(visitor)
    assert page_queries(3) == page_queries(60)


def test_the_status_of_each_date_comes_from_bookings_in_one_query(app, client, bookable, book):
    for _ in range(10):
        book()
    with app.test_request_context(), counted_queries() as statements:
        statuses = slots.render_slot_items("occurrence.status", occurrences=bookable.occurrences)
    assert "Vol: je kunt op de wachtlijst" in statuses[bookable.occurrences[0].id]
    assert len([s for s in statements if "FROM bookings" in s]) == 1
