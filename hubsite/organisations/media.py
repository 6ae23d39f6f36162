"""Who may see an organisation's logo: everyone (it is on the public page)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hubsite.media.models import Image
from hubsite.media.services import Visibility, register_image_owner
from hubsite.organisations.models import Organisation


def logo_visibility(session: Session, image: Image, user: Any) -> Visibility | None:
    """Public when an organisation uses it as its logo; not ours otherwise."""
    used = session.scalar(sa.select(Organisation.id).where(Organisation.logo_id == image.id)
                          .limit(1))
    return Visibility.PUBLIC if used is not None else None


def register() -> None:
    """Tell media that organisations own their logos (when the blueprint is registered)."""
    register_image_owner("organisations", logo_visibility)
