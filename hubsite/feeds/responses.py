"""Feed responses done the HTTP way: validators first, 304 when nothing changed, cache by ETag.

The validators themselves are `hubsite.http_cache`'s; this module says what a
feed's ETag is made of, and how a feed is cached and named.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from functools import lru_cache

from flask import Response, current_app, request
from flask_babel import force_locale
from werkzeug.http import parse_accept_header

from hubsite import compression, data_version, http_cache
from hubsite.feeds.cache import feed_cache, piece_store
from hubsite.feeds.ical import CalendarMeta
from hubsite.feeds.services import FeedState, FeedWindow, feed_window

CONTENT_TYPE = "text/calendar; charset=utf-8"
# Raise when the bytes a feed is built into change for the same data.
FORMAT_VERSION = "2"  # 2: VTIMEZONE written by icalendar


def site_locale() -> str:
    """The site's default language, in which every feed answers whatever the visitor chose:
    a feed URL is shared and subscribed to, and must give everyone the same calendar."""
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def current_window() -> FeedWindow:
    """Today's feed window, with the limits from the settings."""
    config = current_app.config
    return feed_window(past_days=config["FEED_PAST_DAYS"],
                       cancelled_days=config["FEED_CANCELLED_DAYS"])


def calendar_meta(name: str, description: str = "") -> CalendarMeta:
    """What a feed says about itself, with the refresh hint from the settings."""
    refresh = timedelta(minutes=current_app.config["FEED_REFRESH_MINUTES"])
    return CalendarMeta(name=name, description=description, refresh=refresh)


def make_etag(parts: tuple[object, ...], state: FeedState) -> str:
    """A strong validator naming the feed's exact content: what it is, and its data state."""
    config = current_app.config
    return http_cache.make_etag(FORMAT_VERSION, config["BASE_URL"], config["FEED_PAST_DAYS"],
                                config["FEED_CANCELLED_DAYS"], parts, state.key())


def last_modified(state: FeedState, floor: datetime | None) -> datetime | None:
    """The newest of the data's last change and `floor` (when the feed's date limits last
    moved), stored (naive UTC)."""
    stamps = [stamp for stamp in (state.last_change, floor) if stamp is not None]
    return max(stamps) if stamps else None


# The kinds of data a public feed shows (`hubsite.data_version`): activities and their
# dates and types, and the hubs that name their places.
PUBLIC_FEED_KINDS = ("agenda", "hubs")


def public_feed_validators(parts: tuple[object, ...],
                           floor: datetime | None) -> tuple[str, datetime | None]:
    """A public feed's ETag and Last-Modified, from the data's version: one key look-up.

    `parts` name the feed (the path and its query: what it shows); `floor` is when its date
    limits last moved (local midnight). The same parts and versions give the same bytes.
    """
    config = current_app.config
    versions = data_version.current(*PUBLIC_FEED_KINDS)
    etag = http_cache.make_etag(FORMAT_VERSION, config["BASE_URL"], config["CACHE_NAMESPACE"],
                                config["FEED_PAST_DAYS"], config["FEED_CANCELLED_DAYS"], parts,
                                versions, floor)
    stamps = [stamp for stamp in (data_version.last_change(versions), floor) if stamp]
    return etag, max(stamps) if stamps else None


def accepts_gzip() -> bool:
    """Whether the client takes a gzip-compressed body (as every calendar client does)."""
    return _takes_gzip(request.headers.get("Accept-Encoding", ""))


@lru_cache(maxsize=64)
def _takes_gzip(accept_encoding: str) -> bool:
    # Clients send a handful of distinct headers: each is parsed once, not on every poll.
    return parse_accept_header(accept_encoding)["gzip"] > 0


def serve_public_feed(
    parts: tuple[object, ...],
    build: Callable[[], bytes | Sequence[bytes]],
    *,
    floor: datetime | None = None,
    filename: Callable[[], str] | None = None,
) -> Response:
    """Answer a public feed: 304 when the client's copy is current, else the cached body,
    else the body `build` makes. Neither the 304 nor a cached feed runs a query.

    A feed is compressed once, when it is built, and kept so; the plain bytes are made
    (and kept) only for a client that does not take gzip. The two are two representations:
    each has its own ETag, and every answer says it varies with Accept-Encoding.

    The version is read before the rows, so a body is never older than its ETag says (a
    change in between makes it newer, and the next request gets a new ETag).

    `build` and `filename` run in the site's language (`site_locale`); a 304, which shows
    no text, does without switching it (calendar clients poll: most answers are 304s).
    """
    etag, modified = public_feed_validators(parts, floor)
    gzipped = accepts_gzip()
    tagged = f"{etag}-gzip" if gzipped else etag
    if http_cache.is_fresh(tagged, modified):
        return http_cache.not_modified(tagged, headers={
            "Cache-Control": _cache_control(False), "Vary": "Accept-Encoding"})
    cache = feed_cache()
    key = f"{etag}:{'gzip' if gzipped else 'plain'}"
    body = cache.get(key)
    name = cache.get(f"{etag}:filename") if filename else None
    if body is None and not gzipped:
        compressed = cache.get(f"{etag}:gzip")
        if compressed is not None:
            body = gzip.decompress(compressed)
            cache.set(key, body)
    if body is None or (filename and name is None):
        with force_locale(site_locale()):
            built = build()
            if filename:
                name = filename().encode()
        # A feed built in pieces is compressed piece by piece, each kept: after one change
        # only the piece that holds it is compressed again.
        plain = built if isinstance(built, bytes) else b"".join(built)
        compressed = gzip.compress(plain, compresslevel=compression.LEVEL, mtime=0) \
            if isinstance(built, bytes) else compression.gzip_pieces(built, piece_store())
        cache.set(f"{etag}:gzip", compressed)
        if not gzipped:
            cache.set(key, plain)
        body = compressed if gzipped else plain
        if name is not None:
            cache.set(f"{etag}:filename", name)
    response = Response(body, status=200, content_type=CONTENT_TYPE)
    if gzipped:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    http_cache.set_validators(response, tagged, modified)
    return _headers(response, False, name.decode() if name else None)


def serve_feed(
    parts: tuple[object, ...],
    state: FeedState,
    build: Callable[[], tuple[bytes, FeedState]],
    *,
    floor: datetime | None = None,
    private: bool = False,
    filename: str | None = None,
) -> Response:
    """Answer a feed request: 304 if the client's copy is current, else the cached or built body.

    `state` comes from the cheap aggregate query; `build` loads the rows and
    returns the body with the state of the rows it was built from. If data
    changed in between, the response is labelled (and cached) with the state
    it was really built from.
    """
    etag = make_etag(parts, state)
    modified = last_modified(state, floor)
    if http_cache.is_fresh(etag, modified):
        return _headers(http_cache.not_modified(etag, modified), private, filename)
    cache = feed_cache()
    body = cache.get(etag)
    if body is None:
        body, built_state = build()
        if built_state != state:
            etag = make_etag(parts, built_state)
            modified = last_modified(built_state, floor)
        cache.set(etag, body)
    response = Response(body, status=200, content_type=CONTENT_TYPE)
    return _headers(http_cache.set_validators(response, etag, modified), private, filename)


def _cache_control(private: bool) -> str:
    # Calendar clients poll; a short max-age spares repeat downloads, and after it
    # they revalidate with the ETag (a 304 needs no query).
    return f"max-age={current_app.config['FEED_MAX_AGE']}, {'private' if private else 'public'}"


def _headers(response: Response, private: bool, filename: str | None) -> Response:
    response.headers["Cache-Control"] = _cache_control(private)
    if private:
        response.headers["X-Robots-Tag"] = "noindex"
    if filename:
        # `ics_filename` gives only a-z, 0-9, "-" and ".ics": nothing to quote or escape.
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def ics_filename(title: str, fallback: str) -> str:
    """`open-inloop.ics`: the title in plain ASCII, for a download's file name."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].strip("-")
    return f"{slug or fallback}.ics"
