"""A hub screen's version: it goes up after every change to what the screen shows.

The screen shows a hub's activities and their dates, the seats booked on them and the
posts on the hub's boards. After each flush, the rows of those kinds that were added,
changed or removed name what they belong to (a hub, an activity, a date, a board); after
the commit, one short statement of its own raises the version of the screens of those
hubs and the new versions go to the Redis mirror (`hubsite.live`).

Raising it after the commit, not in the writer's transaction, keeps the hub screen's row
out of the locks a booking takes (seats are counted under a lock on the date): a screen
never makes a booking wait or deadlock. What is lost by it (the process dying between
the two) the screen catches up at its next regular full refresh.

Time changes the screen too (what is "now" moves on): that the screen knows itself,
from the moment its content goes stale (`data-screen-stale-at`).
"""

from __future__ import annotations

import logging
from itertools import chain
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy.orm import Session

from hubsite.agenda.models import Event, Occurrence
from hubsite.bookings.models import Booking
from hubsite.extensions import db
from hubsite.hubs.models import Hub
from hubsite.live import VersionMirror, version_mirror
from hubsite.onsite.models import HubScreen
from hubsite.pinboard.models import Board, Post

log = logging.getLogger(__name__)

TOUCHED = "onsite.live.touched"  # session.info: what this transaction changed, by kind
_screens = HubScreen.__table__


def mirror_key(slug: str, secret: str) -> str:
    return f"screen:{slug}:{secret}"


def _loaded(obj: Any, name: str) -> Any:
    """An attribute as the session holds it (a deleted row cannot be loaded again)."""
    return sa.inspect(obj).dict.get(name)


def _note_changes(session: Session, flush_context: Any) -> None:
    touched = session.info.setdefault(TOUCHED, {"hubs": set(), "events": set(),
                                                 "occurrences": set(), "boards": set()})
    for obj in chain(session.new, session.dirty, session.deleted):
        if obj in session.dirty and not session.is_modified(obj, include_collections=False):
            continue
        if isinstance(obj, Hub):
            touched["hubs"].add(_loaded(obj, "id"))
        elif isinstance(obj, Event):
            touched["hubs"].add(_loaded(obj, "hub_id"))
        elif isinstance(obj, Occurrence):
            touched["events"].add(_loaded(obj, "event_id"))
        elif isinstance(obj, Booking):
            touched["occurrences"].add(_loaded(obj, "occurrence_id"))
        elif isinstance(obj, Post):
            touched["boards"].add(_loaded(obj, "board_id"))
        elif isinstance(obj, Board):
            touched["boards"].add(_loaded(obj, "id"))


def _hubs_where(touched: dict[str, set[int]]) -> sa.ColumnElement[bool] | None:
    """Which screens a transaction's changes reach, as a condition on hub_screens."""
    ids = {kind: sorted(i for i in values if i is not None) for kind, values in touched.items()}
    reach = []
    if ids["hubs"]:
        reach.append(_screens.c.hub_id.in_(ids["hubs"]))
    if ids["events"]:
        reach.append(_screens.c.hub_id.in_(
            sa.select(Event.hub_id).where(Event.id.in_(ids["events"]))))
    if ids["occurrences"]:
        reach.append(_screens.c.hub_id.in_(
            sa.select(Event.hub_id).join(Occurrence, Occurrence.event_id == Event.id)
            .where(Occurrence.id.in_(ids["occurrences"]))))
    if ids["boards"]:
        reach.append(_screens.c.hub_id.in_(
            sa.select(Board.hub_id).where(Board.id.in_(ids["boards"]),
                                          Board.hub_id.is_not(None))))
    return sa.or_(*reach) if reach else None


def _raise_after_commit(session: Session) -> None:
    touched = session.info.pop(TOUCHED, None)
    if not touched or not has_app_context():
        return
    where = _hubs_where(touched)
    if where is None:
        return
    mirror = version_mirror(current_app)
    try:
        with db.engine.begin() as connection:
            rows = connection.execute(
                sa.update(_screens).where(where).values(version=_screens.c.version + 1)
                .returning(_screens.c.hub_id, _screens.c.secret, _screens.c.version)).all()
            slugs = dict(connection.execute(
                sa.select(Hub.id, Hub.slug).where(Hub.id.in_([row.hub_id for row in rows])))
                .all()) if rows and mirror is not None else {}
    except sa.exc.SQLAlchemyError as error:  # the change itself is saved: never fail it
        log.warning("hub screen versions not raised: %s", error)
        return
    for row in rows:
        if row.hub_id in slugs:
            mirror.raise_to(mirror_key(slugs[row.hub_id], row.secret), row.version)


def _forget(session: Session, *args: Any) -> None:
    session.info.pop(TOUCHED, None)


def connect() -> None:
    """Listen to every session once (the app factory may run many times in tests)."""
    if not sa.event.contains(Session, "after_flush", _note_changes):
        sa.event.listen(Session, "after_flush", _note_changes)
        sa.event.listen(Session, "after_commit", _raise_after_commit)
        sa.event.listen(Session, "after_rollback", _forget)


def screen_version(session: Session, mirror: VersionMirror | None, slug: str, secret: str,
                   known: int | None = None) -> int | None:
    """The version of the screen behind this link (None: no such screen, or a renewed
    link), from the mirror when it holds at least what the asker has seen."""
    key = mirror_key(slug, secret)
    if mirror is not None:
        held = mirror.get(key)
        if held is not None and (known is None or held >= known):
            return held
    version = session.scalar(
        sa.select(HubScreen.version).join(Hub, Hub.id == HubScreen.hub_id)
        .where(HubScreen.secret == secret, Hub.slug == slug))
    if version is not None and mirror is not None:
        mirror.raise_to(key, version)
    return version
