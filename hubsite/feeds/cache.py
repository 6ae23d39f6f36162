"""A cache of built feeds, keyed by their validator (the ETag).

A key names the exact content it was built from (the rows' count and latest
change, the filters, the hubs and types, the site address), so an entry can
never be stale: when the data changes the key changes, and old entries simply
expire. That is what lets several workers share one Redis cache, or each keep
its own copy in memory, without ever serving an outdated feed.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from typing import Protocol

import redis
from flask import Flask, current_app

log = logging.getLogger(__name__)

KEY_PREFIX = "hubsite:feed:"
DEFAULT_TTL = 24 * 3600


class FeedCache(Protocol):
    def get(self, key: str) -> bytes | None: ...

    def set(self, key: str, body: bytes) -> None: ...


class MemoryCache:
    """Least-recently-used entries in this process, bounded in number and in bytes."""

    def __init__(self, max_entries: int = 256, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            body = self._entries.get(key)
            if body is not None:
                self._entries.move_to_end(key)
            return body

    def set(self, key: str, body: bytes) -> None:
        if len(body) > self.max_bytes:
            return
        with self._lock:
            previous = self._entries.pop(key, None)
            if previous is not None:
                self._size -= len(previous)
            self._entries[key] = body
            self._size += len(body)
            while len(self._entries) > self.max_entries or self._size > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped)


class RedisCache:
    """Entries shared by every worker. A Redis that is down costs speed, never an answer."""

    def __init__(self, url: str, ttl: int = DEFAULT_TTL) -> None:
        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._error = redis.RedisError
        self.ttl = ttl

    def get(self, key: str) -> bytes | None:
        try:
            value = self._redis.get(KEY_PREFIX + key)
        except self._error as error:
            log.warning("feed cache unavailable: %s", error)
            return None
        return value if isinstance(value, bytes) else None

    def set(self, key: str, body: bytes) -> None:
        try:
            self._redis.set(KEY_PREFIX + key, body, ex=self.ttl)
        except self._error as error:
            log.warning("feed cache unavailable: %s", error)


def feed_cache(app: Flask | None = None) -> FeedCache:
    """The app's feed cache: Redis when `REDIS_URL` is set, else memory (made on first use)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    cache = app.extensions.get("feeds.cache")
    if cache is None:
        url = app.config["REDIS_URL"]
        cache = RedisCache(url) if url else MemoryCache()
        app.extensions["feeds.cache"] = cache
    return cache
