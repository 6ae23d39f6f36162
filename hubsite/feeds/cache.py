"""A cache of built feeds, keyed by their validator (the ETag).

A key names the exact content it was built from (the rows' count and latest
change, the filters, the hubs and types, the site address), so an entry can
never be stale: when the data changes the key changes, and old entries simply
expire. That is what lets several workers share one Redis cache, or each keep
its own copy in memory, without ever serving an outdated feed.
"""

from __future__ import annotations

from flask import Flask, current_app

from hubsite import caching
from hubsite.caching import ByteCache, MemoryCache, TieredCache

FeedCache = ByteCache
KEY_PREFIX = "hubsite:feed:"
BLOCK_PREFIX = "hubsite:feed-block:"


class RedisCache(caching.RedisCache):
    """Feeds shared by every worker. A Redis that is down costs speed, never an answer."""

    label = "feed cache"

    def __init__(self, url: str, ttl: int = caching.DEFAULT_TTL, prefix: str = KEY_PREFIX
                 ) -> None:
        super().__init__(url, ttl, prefix)


def feed_cache(app: Flask | None = None) -> FeedCache:
    """The app's cache of whole feeds (compressed): a few in this process, in front of Redis
    when `REDIS_URL` is set (made on first use)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    cache = app.extensions.get("feeds.cache")
    if cache is None:
        url = app.config["REDIS_URL"]
        near = MemoryCache(max_entries=64, max_bytes=16 * 1024 * 1024)
        cache = TieredCache(near, RedisCache(url)) if url else near
        app.extensions["feeds.cache"] = cache
    return cache


def piece_store(app: Flask | None = None) -> FeedCache:
    """The app's compressed pieces of feeds (`hubsite.compression`), keyed by their
    content: in this process only (a worker that lacks one compresses it once)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    store = app.extensions.get("feeds.pieces")
    if store is None:
        store = MemoryCache(max_entries=20_000, max_bytes=8 * 1024 * 1024)
        app.extensions["feeds.pieces"] = store
    return store


def block_store(app: Flask | None = None) -> FeedCache:
    """The app's cache of serialised activities (`hubsite.feeds.ical.Block`), keyed by their
    rows: in this process, in front of Redis when `REDIS_URL` is set."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    store = app.extensions.get("feeds.blocks")
    if store is None:
        url = app.config["REDIS_URL"]
        near = MemoryCache(max_entries=50_000, max_bytes=16 * 1024 * 1024)
        store = TieredCache(near, RedisCache(url, prefix=BLOCK_PREFIX)) if url else near
        app.extensions["feeds.blocks"] = store
    return store
