"""Version keys for pages that others change while they are open ("anything new?").

A live page (a pinboard; later the hub screen) keeps a counter in its database row
that goes up in the same transaction as every change to what it shows. Open copies
ask every few seconds whether the counter moved. That check has to cost almost
nothing on gunicorn sync workers spread over several servers, so nothing lives in a
process and no request waits: the counter is mirrored in Redis (when `REDIS_URL` is
set) and a check is one key read; without Redis it is one indexed read of the row.

The mirror only ever moves a key up (`raise_to`, one Lua script run atomically by
Redis): two commits that mirror out of order, or a check that fills a missing key
from an older read, can never move it back. Keys expire after `TTL` seconds, so a
mirror write lost while Redis was away heals by itself from the database. A Redis
that is down costs speed, never an answer: every call falls back to "not known".

This module imports no capability.
"""

from __future__ import annotations

import logging

import redis
from flask import Flask, current_app

log = logging.getLogger(__name__)

KEY_PREFIX = "hubsite:live:"
TTL = 300

# KEYS[1]: the key; ARGV[1]: the version; ARGV[2]: seconds to keep it. Sets the key
# only when the version is higher than what it holds, and returns what it holds now.
_RAISE_TO = """
local held = tonumber(redis.call('GET', KEYS[1]) or '-1')
local wanted = tonumber(ARGV[1])
if wanted > held then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  return wanted
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return held
"""


class VersionMirror:
    """The versions of live pages in Redis, shared by every worker and server."""

    def __init__(self, url: str, ttl: int = TTL) -> None:
        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._raise = self._redis.register_script(_RAISE_TO)
        self.ttl = ttl

    def get(self, key: str) -> int | None:
        """The version held for `key`, or None (not held, or Redis unreachable)."""
        try:
            value = self._redis.get(KEY_PREFIX + key)
        except redis.RedisError as error:
            log.warning("live version mirror unavailable: %s", error)
            return None
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def get_many(self, keys: list[str]) -> list[int | None] | None:
        """The versions held for `keys` (None for each one not held), in one round trip;
        None when Redis is unreachable."""
        try:
            values = self._redis.mget([KEY_PREFIX + key for key in keys])
        except redis.RedisError as error:
            log.warning("live version mirror unavailable: %s", error)
            return None
        found: list[int | None] = []
        for value in values:
            try:
                found.append(int(value) if value is not None else None)
            except (TypeError, ValueError):
                found.append(None)
        return found

    def raise_to(self, key: str, version: int) -> None:
        """Hold at least `version` for `key` (a lower version leaves it as it is)."""
        try:
            self._raise(keys=[KEY_PREFIX + key], args=[int(version), self.ttl])
        except redis.RedisError as error:
            log.warning("live version mirror unavailable: %s", error)

    def forget(self, key: str) -> None:
        """Drop `key` (the next check reads the database again)."""
        try:
            self._redis.delete(KEY_PREFIX + key)
        except redis.RedisError as error:
            log.warning("live version mirror unavailable: %s", error)


def version_mirror(app: Flask | None = None) -> VersionMirror | None:
    """The app's mirror when `REDIS_URL` is set, else None (made on first use)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    url = app.config.get("REDIS_URL")
    if not url:
        return None
    mirror = app.extensions.get("live.versions")
    if mirror is None:
        mirror = app.extensions["live.versions"] = VersionMirror(url)
    return mirror
