"""Destructive booking actions ask first, also without JavaScript (hubsite/confirming.py).

The first step is a GET of the action's own URL: it only asks, with the real POST form;
the POST itself keeps its CSRF check and its authorisation.
"""

from __future__ import annotations

import re

from hubsite.extensions import db


def posted_fields(page: str) -> dict[str, str]:
    """The hidden fields of the form on a confirmation page."""
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))


def test_cancelling_through_the_personal_link_asks_first(client, book):
    booking = book()

    page = client.get(f"/bookings/{booking.token}/annuleren")

    assert page.status_code == 200
    assert "Weet je het zeker?" in page.text
    assert "Je reservering voor “Rondleiding door de hub” wordt geannuleerd." in page.text
    assert f'action="/bookings/{booking.token}/annuleren"' in page.text
    assert "csrf_token" in posted_fields(page.text)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    db.session.expire_all()
    assert booking.status == "confirmed"


def test_the_question_leads_to_the_real_cancel(client, book):
    booking = book()
    page = client.get(f"/bookings/{booking.token}/annuleren")

    response = client.post(f"/bookings/{booking.token}/annuleren", data=posted_fields(page.text))

    assert response.status_code == 303
    db.session.expire_all()
    assert booking.status == "cancelled"


def test_the_manage_page_without_javascript_links_to_the_question(client, book):
    booking = book()

    page = client.get(f"/bookings/{booking.token}").text

    assert (f'<noscript><a class="button button--danger" href="/bookings/{booking.token}/annuleren">'
            "Annuleer mijn reservering</a></noscript>") in page
    assert 'data-confirm="Je reservering voor' in page


def test_closing_booking_asks_the_team_first_and_nobody_else(client, host, visitor, occurrence):
    client.login(visitor)
    assert client.get(f"/datums/{occurrence.id}/sluiten").status_code == 403

    client.login(host)
    page = client.get(f"/datums/{occurrence.id}/sluiten")

    assert "Weet je het zeker?" in page.text
    assert posted_fields(page.text)["action"] == "close"
    db.session.expire_all()
    assert occurrence.bookings_closed_at is None


def test_a_host_cancelling_a_booking_is_asked_first(client, host, other_host, book):
    booking = book(name="Sanne de Vries")
    client.login(other_host)
    assert client.get(f"/deelnemers/{booking.id}/annuleren").status_code == 403

    client.login(host)
    page = client.get(f"/deelnemers/{booking.id}/annuleren")

    assert "De reservering van Sanne de Vries wordt geannuleerd." in page.text
    db.session.expire_all()
    assert booking.status == "confirmed"


def test_forgetting_one_s_data_asks_first(client, book):
    booking = book()

    page = client.get(f"/bookings/{booking.token}/verwijderen")

    assert "Deze link werkt daarna niet meer." in page.text
    db.session.expire_all()
    assert booking.name
