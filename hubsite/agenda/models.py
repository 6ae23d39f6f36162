"""Agenda models. The foundation holds the activity types the sources name."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from hubsite.extensions import db


class ActivityType(db.Model):
    """A kind of activity: co-creatiesessie, training, open inloop, …"""

    __tablename__ = "activity_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name_nl: Mapped[str] = mapped_column(sa.String(80))
    name_en: Mapped[str] = mapped_column(sa.String(80))

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" else self.name_nl
