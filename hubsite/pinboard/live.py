"""Live boards: a board's version goes up with every change to what it shows.

One place does it for every service, the CLI and the demo data: after each flush,
the posts, sections, comments and reactions that were added, changed or removed
(and a board's own settings) name the boards they belong to, and one
`UPDATE boards SET version = version + 1 ... RETURNING` raises them in the same
transaction. On PostgreSQL that row lock orders concurrent writers on a board, so
each commit leaves a higher version than the one before. After the commit the new
versions go to the Redis mirror (`hubsite.live`), where an open board's check
finds them with one key read.

The version says only "something changed": what a viewer then sees (a held post
for its author and the team only) comes from the board's posts region, rendered
for that viewer.
"""

from __future__ import annotations

from itertools import chain
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from hubsite.live import VersionMirror, version_mirror
from hubsite.pinboard.models import Board, Comment, Post, Reaction, Section

PENDING = "pinboard.live.versions"  # session.info: {slug: version} raised, not yet committed
_boards = Board.__table__


def mirror_key(slug: str) -> str:
    return f"board:{slug}"


def _loaded(obj: Any, name: str) -> Any:
    """An attribute as the session holds it (a deleted row cannot be loaded again)."""
    return sa.inspect(obj).dict.get(name)


def _touched(session: Session) -> tuple[set[int], set[int]]:
    """The boards (by id, and by the posts of comments and reactions) this flush changed."""
    board_ids: set[int] = set()
    post_ids: set[int] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        if obj in session.dirty and not session.is_modified(obj, include_collections=False):
            continue
        if isinstance(obj, Board):
            if obj not in session.new:  # nobody has a new board open yet
                board_ids.add(_loaded(obj, "id"))
        elif isinstance(obj, Post | Section):
            board_ids.add(_loaded(obj, "board_id"))
        elif isinstance(obj, Comment | Reaction):
            post_ids.add(_loaded(obj, "post_id"))
    board_ids.discard(None)  # type: ignore[arg-type]
    post_ids.discard(None)  # type: ignore[arg-type]
    return board_ids, post_ids


def _raise_versions(session: Session, flush_context: Any) -> None:
    board_ids, post_ids = _touched(session)
    if not board_ids and not post_ids:
        return
    where = _boards.c.id.in_(sorted(board_ids))
    if post_ids:
        where = sa.or_(where, _boards.c.id.in_(
            sa.select(Post.board_id).where(Post.id.in_(sorted(post_ids)))))
    rows = session.connection().execute(
        sa.update(_boards).where(where).values(version=_boards.c.version + 1)
        .returning(_boards.c.id, _boards.c.slug, _boards.c.version)).all()
    pending = session.info.setdefault(PENDING, {})
    for row in rows:
        pending[row.slug] = row.version
        # A board this session holds shows the new version without another query.
        loaded = session.identity_map.get(session.identity_key(Board, row.id))
        if loaded is not None:
            set_committed_value(loaded, "version", row.version)


def _mirror_committed(session: Session) -> None:
    pending = session.info.pop(PENDING, None)
    if not pending or not has_app_context():
        return
    mirror = version_mirror(current_app)
    if mirror is not None:
        for slug, version in pending.items():
            mirror.raise_to(mirror_key(slug), version)


def _forget_rolled_back(session: Session, *args: Any) -> None:
    session.info.pop(PENDING, None)


def connect() -> None:
    """Listen to every session once (the app factory may run many times in tests)."""
    if not sa.event.contains(Session, "after_flush", _raise_versions):
        sa.event.listen(Session, "after_flush", _raise_versions)
        sa.event.listen(Session, "after_commit", _mirror_committed)
        sa.event.listen(Session, "after_rollback", _forget_rolled_back)


def board_version(session: Session, mirror: VersionMirror | None, slug: str,
                  known: int | None = None) -> int | None:
    """The board's version (None: no such board), from the mirror when it holds it.

    A mirror that holds less than the version the asker already saw has missed a
    write (Redis was away): then the database answers and the mirror catches up.
    """
    if mirror is not None:
        held = mirror.get(mirror_key(slug))
        if held is not None and (known is None or held >= known):
            return held
    version = session.scalar(sa.select(Board.version).where(Board.slug == slug))
    if version is not None and mirror is not None:
        mirror.raise_to(mirror_key(slug), version)
    return version
