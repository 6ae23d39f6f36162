"""Who may see a hub's picture: everyone (a hub's page is public)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hubsite.hubs.models import Hub
from hubsite.media.models import Image
from hubsite.media.services import Visibility, register_image_owner


def picture_visibility(session: Session, image: Image, user: Any) -> Visibility | None:
    """Public when a hub uses it; not ours otherwise."""
    used = session.scalar(sa.select(Hub.id).where(Hub.image_id == image.id).limit(1))
    return Visibility.PUBLIC if used is not None else None


def register() -> None:
    """Tell media that hubs own the pictures of hubs (when the blueprint is registered)."""
    register_image_owner("hubs", picture_visibility)
