"""What the agenda does when something it links to changes elsewhere: when two records of
one organisation are merged, its activities follow the record that stays."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hubsite.agenda.models import Event
from hubsite.organisations.models import Organisation
from hubsite.organisations.signals import organisations_merged


def _organisations_merged(source: Organisation, session: Session, target: Organisation,
                          **_kwargs) -> None:
    session.execute(sa.update(Event).where(Event.organisation_id == source.id)
                    .values(organisation_id=target.id))


def init_app() -> None:
    """Connect the receivers (blinker keeps one connection per function)."""
    organisations_merged.connect(_organisations_merged)
