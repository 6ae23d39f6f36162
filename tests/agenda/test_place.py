"""One text form of a place, whoever shows it: the feeds, the booking pages, the mails."""

from __future__ import annotations

from datetime import datetime

from hubsite.agenda.display import place_text
from hubsite.agenda.recurrence import Recurrence
from hubsite.bookings.notifications import place_of
from hubsite.extensions import db
from tests.feeds.helpers import vevents


def test_a_place_names_the_hub_the_room_and_the_hubs_address(hub, make_event):
    event = make_event(hub, starts_at=datetime(2027, 3, 2, 14), room="Lokaal 2")
    assert place_text(event) == "Hub Almelo, Lokaal 2, Sluiskade 5, 7607 AA Almelo"
    assert place_text(event, with_hub=False) == "Lokaal 2, Sluiskade 5, 7607 AA Almelo"


def test_an_address_of_its_own_replaces_the_hubs_and_empty_parts_drop_out(hub, make_event):
    event = make_event(hub, starts_at=datetime(2027, 3, 2, 14), room="  ",
                       address="Marktplein 1, Almelo")
    assert place_text(event) == "Hub Almelo, Marktplein 1, Almelo"


def test_a_date_with_another_room_is_there(hub, make_event):
    event = make_event(hub, starts_at=datetime(2027, 3, 2, 14), room="Kantine",
                       recurrence=Recurrence("WEEKLY", count=2))
    second = event.occurrences[1]
    second.room_override = "Zaal 3"
    db.session.commit()
    assert place_text(event.occurrences[0]) == "Hub Almelo, Kantine, Sluiskade 5, 7607 AA Almelo"
    assert place_text(second) == "Hub Almelo, Zaal 3, Sluiskade 5, 7607 AA Almelo"


def test_the_feed_and_the_booking_pages_say_the_same_place(client, hub, make_event):
    event = make_event(hub, starts_at=datetime(2027, 3, 2, 14), room="Lokaal 2")
    (vevent,) = vevents(client.get(f"/events/{event.id}.ics").data)
    occurrence = event.occurrences[0]
    assert str(vevent["LOCATION"]) == place_text(occurrence)
    assert str(vevent["LOCATION"]) == f"{hub.name}, {place_of(occurrence)}"
