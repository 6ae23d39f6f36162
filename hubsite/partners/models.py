"""The study programmes a partner organisation is interested in (for teams only)."""

from __future__ import annotations

import sqlalchemy as sa

from hubsite.extensions import db

organisation_programmes = sa.Table(
    "organisation_programmes", db.metadata,
    sa.Column("organisation_id", sa.ForeignKey("organisations.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("programme_id", sa.ForeignKey("programmes.id", ondelete="CASCADE"),
              primary_key=True, index=True),
)
