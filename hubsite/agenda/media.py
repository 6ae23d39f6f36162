"""Who may see an activity's picture: as public as the activity (a draft's: its hub team)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hubsite.agenda.models import STATUS_DRAFT, Event
from hubsite.hubs.permissions import is_hub_team
from hubsite.media.models import Image
from hubsite.media.services import Visibility, register_image_owner


def picture_visibility(session: Session, image: Image, user: Any) -> Visibility | None:
    """Public when an activity shown to everyone uses it; else only for the team of its hub."""
    events = session.scalars(sa.select(Event).where(Event.image_id == image.id)).all()
    if not events:
        return None
    if any(event.status != STATUS_DRAFT for event in events):
        return Visibility.PUBLIC
    if any(is_hub_team(user, event.hub) for event in events):
        return Visibility.PRIVATE
    return Visibility.HIDDEN


def register() -> None:
    """Tell media that the agenda owns the pictures of activities (when its blueprint is registered)."""
    register_image_owner("agenda", picture_visibility)
