"""Hub logic as plain functions."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session, selectinload

from hubsite.accounts.models import HubMembership
from hubsite.hubs.models import Hub

HUB_FIELDS = ("name", "slug", "city", "tagline", "about", "address", "postcode",
              "opening_hours", "email")


class HubError(ValueError):
    """A hub change that cannot be made; the message says why."""


def hub_by_slug(session: Session, slug: str) -> Hub | None:
    return session.scalar(
        sa.select(Hub).where(Hub.slug == slug)
        .options(selectinload(Hub.memberships).selectinload(HubMembership.user))
    )


def all_hubs(session: Session) -> list[Hub]:
    return list(session.scalars(sa.select(Hub).order_by(Hub.name)))


def save_hub(session: Session, hub: Hub | None, **values: str) -> Hub:
    """Create a hub (hub None) or update one; slugs stay unique."""
    slug = values["slug"]
    taken = session.scalar(sa.select(Hub.id).where(Hub.slug == slug))
    if taken is not None and (hub is None or taken != hub.id):
        raise HubError(_("Deze korte naam is al in gebruik door een andere hub."))
    if hub is None:
        hub = Hub()
        session.add(hub)
    for field in HUB_FIELDS:
        if field in values:
            setattr(hub, field, (values[field] or "").strip())
    session.flush()
    return hub
