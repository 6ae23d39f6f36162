"""The attendee list at the door: search, one-tap check-in with undo, and giving someone
on the waiting list a seat by hand."""

from __future__ import annotations

import re

import pytest

from hubsite.bookings.models import Booking
from hubsite.extensions import db
from tests.bookings.conftest import days_ahead
from tests.conftest import mail_messages


@pytest.fixture
def small(make_event, hub):
    """A date with two seats."""
    event = make_event(hub, starts_at=days_ahead(5), booking_required=True, capacity=2,
                       booking_max_group=3)
    return event.occurrences[0]


def url(occurrence) -> str:
    return f"/datums/{occurrence.id}/deelnemers"


def names_listed(page: str) -> list[str]:
    return re.findall(r'<li id="booking-\d+" class="attendee[^"]*" data-name="([^"]+)"', page)


def test_search_with_q_lists_only_matching_names(client, host, occurrence, book):
    book(name="Sanne de Vries")
    book(name="Gijs Gast")
    book(name="Sanne Jansen")
    client.login(host)

    page = client.get(url(occurrence), query_string={"q": "sanne"}).get_data(as_text=True)

    assert names_listed(page) == ["Sanne de Vries", "Sanne Jansen"]
    assert "2 gevonden voor “sanne”" in page
    assert 'value="sanne"' in page
    assert "<dt>Bevestigd</dt><dd>3</dd>" in page, "the counts stay those of the whole date"


def test_search_matches_every_word_and_takes_percent_literally(client, host, occurrence, book):
    book(name="Sanne de Vries")
    book(name="Sanne Jansen")
    client.login(host)

    both_words = client.get(url(occurrence), query_string={"q": "vries sanne"})
    percent = client.get(url(occurrence), query_string={"q": "%"})

    assert names_listed(both_words.get_data(as_text=True)) == ["Sanne de Vries"]
    assert names_listed(percent.get_data(as_text=True)) == []


def test_the_search_box_filters_in_the_browser_too(client, host, occurrence, book):
    book(name="Sanne")
    client.login(host)

    page = client.get(url(occurrence)).get_data(as_text=True)

    assert re.search(r'<input type="search" id="attendee-q" name="q"[^>]*data-filter-rows="#attendees"',
                     page)


def test_one_tap_checks_in_and_the_row_offers_undo(hx, host, book):
    booking = book(name="Gijs Gast")
    hx.login(host)

    row = hx.form(f"/deelnemers/{booking.id}/aanwezig", {"status": "attended"}).get_data(
        as_text=True)

    assert re.search(r'aria-pressed="true">Aanwezig ✓<span class="visually-hidden">: Gijs Gast',
                     row)
    assert re.search(r'value="confirmed" class="link-button attendee__undo">Ongedaan maken', row)

    undone = hx.form(f"/deelnemers/{booking.id}/aanwezig", {"status": "confirmed"}).get_data(
        as_text=True)

    assert db.session.get(Booking, booking.id).status == "confirmed"
    assert 'aria-pressed="false">Aanwezig<span' in undone and "Ongedaan maken" not in undone
    assert "<dt>Aanwezig</dt><dd>0</dd>" in undone


def test_a_host_gives_a_waitlisted_booking_a_free_seat(app, client, host, small, book):
    book(small, name="Eerste")
    book(small, name="Tweede")
    waiting = book(small, name="Wachter", email="wachter@example.nl")
    assert waiting.status == "waitlisted"
    # A seat is free without anyone promoted yet (a host may also pick someone out of turn).
    small.capacity_override = 3
    db.session.commit()
    client.login(host)

    page = client.get(url(small)).get_data(as_text=True)
    assert 'Plaats geven<span class="visually-hidden">: Wachter' in page
    response = client.form(f"/deelnemers/{waiting.id}/plaats-geven")

    assert response.status_code == 303
    db.session.expire_all()
    assert waiting.status == "confirmed" and waiting.promoted_at is not None
    assert "Wachter heeft een plaats gekregen" in client.get(
        response.headers["Location"]).get_data(as_text=True)
    assert mail_messages(app)[-1]["To"] == "wachter@example.nl"


def test_promotion_is_refused_with_a_message_when_the_date_is_full(app, client, host, small,
                                                                   book):
    book(small, seats=2)
    waiting = book(small, name="Wachter")
    client.login(host)

    response = client.form(f"/deelnemers/{waiting.id}/plaats-geven")

    assert response.status_code == 409
    assert "Er is geen plaats vrij voor Wachter" in response.get_data(as_text=True)
    db.session.expire_all()
    assert waiting.status == "waitlisted"


def test_promotion_with_htmx_is_refused_in_the_message_region(hx, host, small, book):
    book(small, seats=2)
    waiting = book(small, name="Wachter")
    hx.login(host)

    response = hx.form(f"/deelnemers/{waiting.id}/plaats-geven")

    assert response.status_code == 409 and response.headers["HX-Retarget"] == "#messages"


def test_only_the_hub_team_promotes(client, other_host, small, book):
    book(small, seats=2)
    waiting = book(small, name="Wachter")
    client.login(other_host)

    assert client.form(f"/deelnemers/{waiting.id}/plaats-geven").status_code == 403
    assert client.post(f"/deelnemers/{waiting.id}/plaats-geven").status_code in (400, 403)


def test_promoting_a_confirmed_booking_is_refused(client, host, small, book):
    booking = book(small)
    client.login(host)

    assert client.form(f"/deelnemers/{booking.id}/plaats-geven").status_code == 409
