"""Partner organisations of the three O's: ondernemers, onderwijs, overheid."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from hubsite.extensions import db

KIND_BUSINESS = "ondernemers"
KIND_EDUCATION = "onderwijs"
KIND_GOVERNMENT = "overheid"
ORGANISATION_KINDS = (KIND_BUSINESS, KIND_EDUCATION, KIND_GOVERNMENT)


class Organisation(db.Model):
    """A company, school or government body that works with the hubs."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    name: Mapped[str] = mapped_column(sa.String(160))
    kind: Mapped[str] = mapped_column(sa.String(20))
    city: Mapped[str] = mapped_column(sa.String(80), default="")
    website: Mapped[str] = mapped_column(sa.String(300), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
