"""The activity page: the top (what, when, where, the action), dates listed once, sharing,
the link preview and the schema.org data search engines read."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

from hubsite.agenda import services
from hubsite.agenda.models import STATUS_DRAFT
from hubsite.agenda.recurrence import Recurrence
from hubsite.bookings import seating
from hubsite.extensions import db
from hubsite.timeutil import LOCAL_TZ


def days_ahead(days: int, hour: int = 14) -> datetime:
    today = datetime.now(LOCAL_TZ).date() + timedelta(days=days)
    return datetime(today.year, today.month, today.day, hour)


def page_of(client, event) -> str:
    response = client.get(f"/events/{event.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def json_ld(page: str) -> list[dict]:
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(block)
    return data if isinstance(data, list) else [data]


def hero(page: str) -> str:
    return re.search(r'<header class="event-hero">.*?</header>', page, re.S).group(0)


def test_the_top_says_what_when_where_and_offers_to_book_the_next_date(client, make_event, hub):
    event = make_event(hub, starts_at=days_ahead(5), title="Co-creatiesessie", room="Werkplaats",
                       booking_required=True, capacity=8)
    top = hero(page_of(client, event))
    assert "<h1>Co-creatiesessie</h1>" in top
    assert f'datetime="{event.occurrences[0].starts_at:%Y-%m-%d}' in top
    assert "Werkplaats" in top and hub.full_address in top
    link = re.search(r'<a class="button[^"]*event-cta__button"[^>]*>', top).group(0)
    assert f'hx-target="#booking-date-{event.occurrences[0].id}"' in link
    assert "Nog 8 plaatsen vrij" in top
    assert 'class="book-bar"' in top  # the bar that keeps "Reserveer" at hand on a phone


def test_an_activity_without_booking_says_so_at_the_top_and_has_no_booking_bar(
        client, make_event, hub):
    page = page_of(client, make_event(hub, starts_at=days_ahead(5)))
    assert "Gratis, zonder reserveren" in hero(page)
    assert "book-bar" not in page and "event-cta" not in page


def test_a_full_activity_offers_no_booking_bar(client, make_event, hub):
    event = make_event(hub, starts_at=days_ahead(5), booking_required=True, capacity=1,
                       booking_waitlist=False)
    seating.book(db.session, event.occurrences[0].id, name="A", email="a@example.nl",
                 notify=False)
    db.session.commit()
    page = page_of(client, event)
    assert "Vol" in hero(page)
    assert 'class="book-bar"' not in page


def test_the_dates_of_a_bookable_activity_are_listed_once_with_their_availability(
        client, make_event, hub):
    event = make_event(hub, starts_at=days_ahead(3), booking_required=True, capacity=5,
                       recurrence=Recurrence("WEEKLY", count=3))
    services.cancel_occurrence(db.session, event.occurrences[1])
    db.session.commit()
    page = page_of(client, event)
    assert "Komende datums" not in page
    for occurrence in event.occurrences:
        assert page.count(f'id="booking-date-{occurrence.id}"') == 1
    assert page.count("Nog 5 plaatsen vrij") >= 2 and "Gaat niet door" in page


def test_a_moved_date_says_so_in_its_booking_item(client, make_event, hub):
    event = make_event(hub, starts_at=days_ahead(3), booking_required=True, capacity=5)
    [occurrence] = event.occurrences
    services.move_occurrence(db.session, occurrence, days_ahead(4), days_ahead(4, 16))
    db.session.commit()
    item = re.search(rf'<li id="booking-date-{occurrence.id}".*?</li>', page_of(client, event),
                     re.S).group(0)
    assert "Verplaatst" in item


def test_and_n_more_dates_leaves_out_cancelled_dates(client, make_event, hub):
    event = make_event(hub, starts_at=days_ahead(3), recurrence=Recurrence("WEEKLY", count=5))
    for occurrence in event.occurrences[1:3]:
        services.cancel_occurrence(db.session, occurrence)
    db.session.commit()
    top = hero(page_of(client, event))
    assert "en nog 2 datums" in top


def test_the_next_date_skips_a_cancelled_first_date(client, make_event, hub):
    event = make_event(hub, starts_at=days_ahead(3), recurrence=Recurrence("WEEKLY", count=2))
    services.cancel_occurrence(db.session, event.occurrences[0])
    db.session.commit()
    top = hero(page_of(client, event))
    assert f'datetime="{event.occurrences[1].starts_at:%Y-%m-%d}' in top
    assert "en nog" not in top


def test_the_place_links_to_openstreetmap(client, make_event, hub):
    page = page_of(client, make_event(hub, starts_at=days_ahead(3)))
    assert 'class="map-link" href="https://www.openstreetmap.org/search?query=Sluiskade' in page


def test_a_published_activity_can_be_shared(client, make_event, hub):
    event = make_event(hub, starts_at=days_ahead(3), title="Pitchen")
    page = page_of(client, event)
    assert 'href="https://wa.me/?text=Pitchen' in page
    assert "mailto:?subject=Pitchen" in page
    assert f'data-share-url="http://hubsite.test/events/{event.id}"' in page


def test_a_draft_offers_no_sharing_and_is_kept_out_of_search_engines(
        client, make_event, hub, host):
    event = make_event(hub, starts_at=days_ahead(3), status=STATUS_DRAFT)
    client.login(host)
    page = page_of(client, event)
    assert 'id="share-title"' not in page and "wa.me" not in page
    assert '<meta name="robots" content="noindex">' in page


def test_the_hub_team_keeps_its_tools(client, make_event, hub, host):
    event = make_event(hub, starts_at=days_ahead(3))
    client.login(host)
    page = page_of(client, event)
    for url in (f"/events/{event.id}/bewerken", f"/events/{event.id}/datums/nieuw",
                f"/events/{event.id}/dupliceer", f"/events/{event.id}/annuleren",
                f"/events/{event.id}/datums/{event.occurrences[0].id}/wijzigen"):
        assert f'href="{url}"' in page


def test_the_head_has_a_canonical_url_and_open_graph_tags(client, make_event, hub):
    event = make_event(hub, starts_at=days_ahead(3), title="Pitchen", summary="Leer pitchen.")
    page = page_of(client, event)
    head = page.split("</head>")[0]
    url = f"http://hubsite.test/events/{event.id}"
    assert f'<link rel="canonical" href="{url}">' in head
    assert '<meta property="og:title" content="Pitchen">' in head
    assert '<meta property="og:description" content="Leer pitchen.">' in head
    assert f'<meta property="og:url" content="{url}">' in head
    assert '<meta name="twitter:card"' in head


# --------------------------------------------------------------------------- schema.org


def test_each_date_is_a_schema_org_event_with_place_organiser_and_offer(
        client, make_event, hub):
    event = make_event(hub, starts_at=days_ahead(3), title="Rondleiding", room="Lokaal 2",
                       booking_required=True, capacity=1, booking_waitlist=True,
                       recurrence=Recurrence("WEEKLY", count=2))
    seating.book(db.session, event.occurrences[0].id, name="A", email="a@example.nl",
                 notify=False)
    db.session.commit()
    first, second = json_ld(page_of(client, event))
    assert first["@context"] == "https://schema.org" and first["@type"] == "Event"
    assert first["name"] == "Rondleiding"
    assert first["eventStatus"] == "https://schema.org/EventScheduled"
    start = datetime.fromisoformat(first["startDate"])
    assert first["startDate"] == days_ahead(3).replace(tzinfo=LOCAL_TZ).isoformat()
    assert start.utcoffset() is not None  # ISO 8601 with the offset of Amsterdam
    assert first["location"]["@type"] == "Place"
    assert first["location"]["address"] == {
        "@type": "PostalAddress", "streetAddress": "Sluiskade 5", "postalCode": "7607 AA",
        "addressLocality": "Almelo", "addressCountry": "NL"}
    assert first["organizer"] == {"@type": "Organization", "name": hub.name,
                                  "url": f"http://hubsite.test/hubs/{hub.slug}"}
    assert first["offers"]["availability"] == "https://schema.org/SoldOut"  # full
    assert second["offers"]["availability"] == "https://schema.org/InStock"
    assert first["offers"]["price"] == "0"


def test_a_cancelled_date_is_event_cancelled(client, make_event, hub):
    event = make_event(hub, starts_at=days_ahead(3), recurrence=Recurrence("WEEKLY", count=2))
    services.cancel_occurrence(db.session, event.occurrences[0])
    db.session.commit()
    first, second = json_ld(page_of(client, event))
    assert first["@type"] == "Event"
    assert first["eventStatus"] == "https://schema.org/EventCancelled"
    assert second["eventStatus"] == "https://schema.org/EventScheduled"


def test_a_moved_date_is_event_rescheduled_with_its_old_start(client, make_event, hub):
    event = make_event(hub, starts_at=days_ahead(3))
    [occurrence] = event.occurrences
    services.move_occurrence(db.session, occurrence, days_ahead(4, 15), days_ahead(4, 17))
    db.session.commit()
    [data] = json_ld(page_of(client, event))
    assert data["eventStatus"] == "https://schema.org/EventRescheduled"
    assert datetime.fromisoformat(data["startDate"]) == days_ahead(4, 15).replace(tzinfo=LOCAL_TZ)
    assert datetime.fromisoformat(data["previousStartDate"]) == \
        days_ahead(3).replace(tzinfo=LOCAL_TZ)


def test_a_cancelled_activity_has_every_date_cancelled(client, make_event, hub):
    event = make_event(hub, starts_at=days_ahead(3), recurrence=Recurrence("WEEKLY", count=2))
    services.cancel_event(db.session, event)
    db.session.commit()
    statuses = {data["eventStatus"] for data in json_ld(page_of(client, event))}
    assert statuses == {"https://schema.org/EventCancelled"}


def test_an_activity_without_booking_has_no_offer_but_is_free(client, make_event, hub):
    [data] = json_ld(page_of(client, make_event(hub, starts_at=days_ahead(3))))
    assert "offers" not in data and data["isAccessibleForFree"] is True


def test_the_json_ld_cannot_close_its_script_element(client, make_event, hub):
    event = make_event(hub, starts_at=days_ahead(3), title="</script><script>alert(1)</script>")
    page = page_of(client, event)
    assert "</script><script>alert(1)" not in page
    [data] = json_ld(page)
    assert data["name"] == "</script><script>alert(1)</script>"
