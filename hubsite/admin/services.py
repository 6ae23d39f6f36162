"""Site administration as plain functions."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from hubsite.accounts.models import User
from hubsite.agenda.models import ActivityType


class AdminError(ValueError):
    """An administrative change that cannot be made; the message says why."""


def add_activity_type(session: Session, slug: str, name_nl: str, name_en: str) -> ActivityType:
    if session.scalar(sa.select(ActivityType.id).where(ActivityType.slug == slug)) is not None:
        raise AdminError(_("Er bestaat al een soort activiteit met deze korte naam."))
    activity_type = ActivityType(slug=slug, name_nl=name_nl.strip(), name_en=name_en.strip())
    session.add(activity_type)
    session.flush()
    return activity_type


def set_admin(session: Session, user: User, is_admin: bool, acting: User) -> None:
    """Grant or withdraw the site-admin role; an admin cannot demote themselves."""
    if user.id == acting.id and not is_admin:
        raise AdminError(_("Je kunt je eigen beheerdersrol niet intrekken."))
    user.is_admin = is_admin
    session.flush()
