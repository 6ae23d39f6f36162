"""Which study programmes a partner organisation is interested in."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hubsite.organisations.models import Organisation
from hubsite.partners.models import organisation_programmes
from hubsite.projects.models import Programme


def all_programmes(session: Session) -> list[Programme]:
    """Every programme, by name and level (the choices)."""
    return list(session.scalars(sa.select(Programme).order_by(Programme.name, Programme.level)))


def programmes_of(session: Session, organisation: Organisation) -> list[Programme]:
    """The programmes the organisation is interested in (one query)."""
    return list(session.scalars(
        sa.select(Programme).join(organisation_programmes,
                                  organisation_programmes.c.programme_id == Programme.id)
        .where(organisation_programmes.c.organisation_id == organisation.id)
        .order_by(Programme.name, Programme.level)))


def set_programmes(session: Session, organisation: Organisation, programme_ids: list[int]) -> None:
    """Make these (existing) programmes the organisation's interests. Flushes."""
    known = {p.id for p in all_programmes(session)}
    session.execute(sa.delete(organisation_programmes).where(
        organisation_programmes.c.organisation_id == organisation.id))
    wanted = sorted(set(programme_ids) & known)
    if wanted:
        session.execute(sa.insert(organisation_programmes), [
            {"organisation_id": organisation.id, "programme_id": pid} for pid in wanted])
    session.flush()


def move_programmes(session: Session, source: Organisation, target: Organisation) -> None:
    """On a merge: the target gets the source's programmes it did not have yet."""
    have = set(session.scalars(sa.select(organisation_programmes.c.programme_id).where(
        organisation_programmes.c.organisation_id == target.id)))
    moving = [pid for pid in session.scalars(sa.select(organisation_programmes.c.programme_id)
                                             .where(organisation_programmes.c.organisation_id == source.id))
              if pid not in have]
    if moving:
        session.execute(sa.insert(organisation_programmes), [
            {"organisation_id": target.id, "programme_id": pid} for pid in moving])
    session.execute(sa.delete(organisation_programmes).where(
        organisation_programmes.c.organisation_id == source.id))
