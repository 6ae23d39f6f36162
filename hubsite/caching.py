"""Caches of bytes by key: bounded in this process, shared in Redis, or both in tiers.

Keys must name their content exactly (a validator, a hash of the rows), so that an
entry can never be stale: when the data changes the key changes, and old entries
simply expire. A Redis that is down costs speed, never an answer.

This module imports no capability.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Protocol

import redis

log = logging.getLogger(__name__)

DEFAULT_TTL = 24 * 3600


class ByteCache(Protocol):
    def get(self, key: str) -> bytes | None: ...

    def set(self, key: str, body: bytes) -> None: ...

    def get_many(self, keys: Sequence[str]) -> list[bytes | None]: ...

    def set_many(self, entries: dict[str, bytes]) -> None: ...


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

    def get_many(self, keys: Sequence[str]) -> list[bytes | None]:
        return [self.get(key) for key in keys]

    def set_many(self, entries: dict[str, bytes]) -> None:
        for key, body in entries.items():
            self.set(key, body)


class RedisCache:
    """Entries shared by every worker. A Redis that is down costs speed, never an answer."""

    label = "cache"

    def __init__(self, url: str, ttl: int = DEFAULT_TTL, prefix: str = "hubsite:cache:") -> None:
        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._error = redis.RedisError
        self.ttl = ttl
        self.prefix = prefix

    def get(self, key: str) -> bytes | None:
        try:
            value = self._redis.get(self.prefix + key)
        except self._error as error:
            log.warning("%s unavailable: %s", self.label, error)
            return None
        return value if isinstance(value, bytes) else None

    def set(self, key: str, body: bytes) -> None:
        try:
            self._redis.set(self.prefix + key, body, ex=self.ttl)
        except self._error as error:
            log.warning("%s unavailable: %s", self.label, error)

    def get_many(self, keys: Sequence[str]) -> list[bytes | None]:
        if not keys:
            return []
        try:
            values = self._redis.mget([self.prefix + key for key in keys])
        except self._error as error:
            log.warning("%s unavailable: %s", self.label, error)
            return [None] * len(keys)
        return [value if isinstance(value, bytes) else None for value in values]

    def set_many(self, entries: dict[str, bytes]) -> None:
        try:
            with self._redis.pipeline(transaction=False) as pipe:
                for key, body in entries.items():
                    pipe.set(self.prefix + key, body, ex=self.ttl)
                pipe.execute()
        except self._error as error:
            log.warning("%s unavailable: %s", self.label, error)


class TieredCache:
    """A bounded cache in this process in front of a shared one: a worker serves what it
    served before without a round trip, and what another worker built with one."""

    def __init__(self, near: MemoryCache, far: ByteCache) -> None:
        self.near = near
        self.far = far

    def get(self, key: str) -> bytes | None:
        body = self.near.get(key)
        if body is None:
            body = self.far.get(key)
            if body is not None:
                self.near.set(key, body)
        return body

    def set(self, key: str, body: bytes) -> None:
        self.near.set(key, body)
        self.far.set(key, body)

    def get_many(self, keys: Sequence[str]) -> list[bytes | None]:
        found = self.near.get_many(keys)
        missing = [i for i, body in enumerate(found) if body is None]
        if missing:
            for i, body in zip(missing, self.far.get_many([keys[i] for i in missing]),
                               strict=True):
                if body is not None:
                    found[i] = body
                    self.near.set(keys[i], body)
        return found

    def set_many(self, entries: dict[str, bytes]) -> None:
        self.near.set_many(entries)
        self.far.set_many(entries)


