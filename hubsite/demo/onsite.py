"""Demo screen links: every hub gets the link for its screen by the door."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hubsite.hubs.models import Hub
from hubsite.onsite import screens
from hubsite.urls import absolute_url


def seed(session: Session) -> str:
    """Make the screen link of every hub that has none; name the first hub's link."""
    added = 0
    hubs = list(session.scalars(sa.select(Hub).order_by(Hub.id)))
    for hub in hubs:
        if screens.screen_of(session, hub) is None:
            screens.renew_link(session, hub)
            added += 1
    line = f"onsite: {added} screen links added"
    first = screens.screen_of(session, hubs[0]) if hubs else None
    if first is not None:
        line += f"; {hubs[0].name}'s screen: " + absolute_url(
            "onsite.screen", slug=hubs[0].slug, secret=first.secret)
    return line
