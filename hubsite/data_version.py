"""The version of the site's data, so that a validator (ETag) costs one key look-up.

Each kind of data ("agenda", "hubs", "bookings", …) has a counter in the
`data_versions` table. A capability names which of its models make up a kind
(`track("agenda", Event, Occurrence)`); whenever a transaction changes a row of
those models (through the ORM, or an insert/update/delete statement run by the
session), the counter moves up in that same transaction, just before it commits.
After the commit the new value is mirrored in Redis (`hubsite.live.VersionMirror`,
which only ever moves a key up), so every worker on every server reads it with one
key look-up; without Redis, or when the key is missing, it is one indexed read.

A version is a number of microseconds since 1970 (the moment of the change, or one
more than the previous version if the clock is behind it): it only ever goes up, also
when the database is emptied and refilled, so a validator made from it never names
two different contents, and `last_change` can tell when the data last changed.

A view that shows nothing but data of some kinds, the same to everyone, derives its
ETag from `current(*kinds)` and answers 304 before it touches the database.

This module imports no capability.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import current_app, has_app_context, has_request_context, request
from sqlalchemy.orm import Mapped, Session, mapped_column

from hubsite.extensions import db
from hubsite.live import version_mirror

_PENDING = "data_version.pending"  # kinds changed in this transaction, not yet bumped
_BUMPED = "data_version.bumped"  # kind -> the version this transaction gave it

_MEMO = "hubsite.data_versions"  # the versions read during a request

_KIND_OF_TABLE: dict[str, str] = {}


class DataVersion(db.Model):
    """One counter per kind of data; see the module's docstring."""

    __tablename__ = "data_versions"

    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    version: Mapped[int] = mapped_column(sa.BigInteger, default=0)


def track(kind: str, *models: type) -> None:
    """Changes to rows of `models` move the version of `kind` up."""
    for model in models:
        _KIND_OF_TABLE[model.__table__.name] = kind  # type: ignore[attr-defined]


# Tables whose rows no page shows (mail waiting to go out); their changes move nothing.
_UNTRACKED_MODULES = frozenset({"mail"})


def track_everything() -> None:
    """Every other mapped table moves the version of the capability it belongs to
    (`hubsite.projects.models` -> "projects"): pages show a bit of everything."""
    for mapper in db.Model.registry.mappers:
        table = getattr(mapper.local_table, "name", "")
        parts = mapper.class_.__module__.split(".")
        kind = parts[1] if len(parts) > 2 else parts[-1]
        if table and table not in _KIND_OF_TABLE and table != DataVersion.__tablename__ \
                and kind not in _UNTRACKED_MODULES:
            _KIND_OF_TABLE[table] = kind
    for table in db.metadata.tables.values():  # association tables: their owners' kind
        if table.name not in _KIND_OF_TABLE:
            for key in table.foreign_keys:
                owner = _KIND_OF_TABLE.get(key.column.table.name)
                if owner is not None:
                    _KIND_OF_TABLE[table.name] = owner
                    break


def all_kinds() -> tuple[str, ...]:
    """Every kind of data tracked, in a fixed order."""
    return tuple(sorted(set(_KIND_OF_TABLE.values())))


def kinds_of(objects) -> set[str]:
    """The kinds of data the ORM `objects` belong to."""
    found = set()
    for obj in objects:
        kind = _KIND_OF_TABLE.get(getattr(type(obj), "__tablename__", ""))
        if kind is not None:
            found.add(kind)
    return found


def _now_us() -> int:
    return time.time_ns() // 1000


def _mirror_prefix() -> str:
    return f"data:{current_app.config.get('CACHE_NAMESPACE', '')}:"


def mirror_key(kind: str) -> str:
    return _mirror_prefix() + kind


# ------------------------------------------------------------------------------- writing


def _after_flush(session: Session, _context) -> None:
    changed = kinds_of(session.new) | kinds_of(session.deleted) | kinds_of(
        obj for obj in session.dirty if session.is_modified(obj))
    if changed:
        session.info.setdefault(_PENDING, set()).update(changed)


def _do_orm_execute(state) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    kind = _KIND_OF_TABLE.get(getattr(table, "name", ""))
    if kind is not None:
        state.session.info.setdefault(_PENDING, set()).add(kind)


def _before_commit(session: Session) -> None:
    session.flush()  # what the commit would flush, so its kinds are known
    pending = session.info.pop(_PENDING, set())
    if pending:
        bumped = session.info.setdefault(_BUMPED, {})
        connection = session.connection()
        for kind in sorted(pending):  # always the same order: no deadlock between two
            bumped[kind] = bump(connection, kind)


def bump(connection: sa.Connection, kind: str) -> int:
    """Move `kind`'s version up in the transaction of `connection`; returns the new one."""
    table = DataVersion.__table__
    now = _now_us()
    following = table.c.version + 1
    version = connection.execute(
        sa.update(table).where(table.c.name == kind)
        .values(version=sa.case((following > now, following), else_=now))
        .returning(table.c.version)).scalar()
    if version is None:
        connection.execute(sa.insert(table).values(name=kind, version=now))
        version = now
    return int(version)


def _after_commit(session: Session) -> None:
    bumped = session.info.pop(_BUMPED, None)
    if not bumped or not has_app_context():
        return
    mirror = version_mirror()
    if has_request_context():
        request.environ.pop(_MEMO, None)
    if mirror is not None:
        for kind, version in bumped.items():
            mirror.raise_to(mirror_key(kind), version)


def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_BUMPED, None)


def init_app() -> None:
    """Listen to every session (once per process), once every model is known."""
    track_everything()
    if not sa.event.contains(Session, "after_flush", _after_flush):
        sa.event.listen(Session, "after_flush", _after_flush)
        sa.event.listen(Session, "do_orm_execute", _do_orm_execute)
        sa.event.listen(Session, "before_commit", _before_commit)
        sa.event.listen(Session, "after_commit", _after_commit)
        sa.event.listen(Session, "after_rollback", _after_rollback)


# ------------------------------------------------------------------------------- reading


def current(*kinds: str) -> tuple[int, ...]:
    """The versions of `kinds`: one Redis look-up (remembered for the request), else one
    query (whose answer then fills Redis)."""
    # Remembered on the request itself (in tests, `g` outlives a request).
    if has_request_context():
        environ = request.environ
        memo: dict[str, int] = environ.get(_MEMO) or environ.setdefault(_MEMO, {})
    else:
        memo = {}
    missing = [kind for kind in kinds if kind not in memo]
    if missing:
        mirror = version_mirror()
        prefix = _mirror_prefix()
        found = mirror.get_many([prefix + kind for kind in missing]) if mirror else None
        if found is not None and None not in found:
            memo.update(zip(missing, found, strict=True))  # type: ignore[arg-type]
        else:
            rows = dict(db.session.execute(
                sa.select(DataVersion.name, DataVersion.version)
                .where(DataVersion.name.in_(missing))).all())
            for kind in missing:
                memo[kind] = int(rows.get(kind, 0))
                if mirror is not None:  # 0 too: "never changed" is worth knowing
                    mirror.raise_to(prefix + kind, memo[kind])
    return tuple(memo[kind] for kind in kinds)


def last_change(versions: tuple[int, ...]) -> datetime | None:
    """When the newest of `versions` was made (naive UTC, as stored times are)."""
    newest = max(versions, default=0)
    if newest <= 0:
        return None
    return datetime.fromtimestamp(newest / 1_000_000, UTC).replace(tzinfo=None)
