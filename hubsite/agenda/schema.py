"""An activity as schema.org data (JSON-LD), so search engines show its dates.

Each coming date is an `Event` of its own (schema.org has no recurring event that
search engines read), with its status: cancelled, moved (with the start it had), or
as planned. Offers (free, seats left) come from whoever fills the item slot
`occurrence.offer`, as JSON objects; the agenda does not know about booking.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from hubsite.agenda.models import Event, Occurrence
from hubsite.timeutil import to_local
from hubsite.urls import absolute_url

SCHEMA = "https://schema.org/"
# Enough dates for a search result; a weekly activity lists its next half year.
MAX_DATES = 26


def event_status(occurrence: Occurrence) -> str:
    """EventCancelled, EventRescheduled (moved) or EventScheduled."""
    if occurrence.is_cancelled:
        return SCHEMA + "EventCancelled"
    if occurrence.is_moved:
        return SCHEMA + "EventRescheduled"
    return SCHEMA + "EventScheduled"


def place(occurrence: Occurrence) -> dict[str, Any]:
    """Where a date takes place: the hub (and room), or the address the activity gives."""
    hub = occurrence.event.hub
    if occurrence.address:
        address: dict[str, Any] = {"@type": "PostalAddress", "streetAddress": occurrence.address,
                                   "addressCountry": "NL"}
        name = occurrence.address
    else:
        address = {"@type": "PostalAddress", "streetAddress": hub.address,
                   "postalCode": hub.postcode, "addressLocality": hub.city,
                   "addressCountry": "NL"}
        name = f"{hub.name}, {occurrence.room}" if occurrence.room else hub.name
    return {"@type": "Place", "name": name, "address": address}


def event_data(event: Event, occurrences: Sequence[Occurrence], offers: Mapping[int, str],
               image_url: str | None = None) -> list[dict[str, Any]]:
    """The schema.org `Event` of each of the (coming) dates given, at most MAX_DATES."""
    url = absolute_url("agenda.detail", event_id=event.id)
    organizer = {"@type": "Organization", "name": event.hub.name,
                 "url": absolute_url("hubs.detail", slug=event.hub.slug)}
    online = {"@type": "VirtualLocation", "url": event.online_url} if event.online_url else None
    found = []
    for occurrence in occurrences[:MAX_DATES]:
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": occurrence.title,
            "url": url,
            "startDate": to_local(occurrence.starts_at).isoformat(),
            "endDate": to_local(occurrence.ends_at).isoformat(),
            "eventStatus": SCHEMA + "EventCancelled" if event.is_cancelled
            else event_status(occurrence),
            "eventAttendanceMode": SCHEMA + ("MixedEventAttendanceMode" if online
                                             else "OfflineEventAttendanceMode"),
            "location": [place(occurrence), online] if online else place(occurrence),
            "organizer": organizer,
            "isAccessibleForFree": True,
        }
        if event.summary:
            data["description"] = event.summary
        if occurrence.is_moved:
            data["previousStartDate"] = to_local(occurrence.original_start).isoformat()
        if image_url:
            data["image"] = [image_url]
        if occurrence.id in offers:
            data["offers"] = json.loads(str(offers[occurrence.id]))
        found.append(data)
    return found
