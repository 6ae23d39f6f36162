"""Feed responses done the HTTP way: validators first, 304 when nothing changed, cache by ETag.

The validators themselves are `hubsite.http_cache`'s; this module says what a
feed's ETag is made of, and how a feed is cached and named.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import datetime

from flask import Response, current_app

from hubsite import http_cache
from hubsite.feeds.cache import feed_cache
from hubsite.feeds.services import FeedState

CONTENT_TYPE = "text/calendar; charset=utf-8"
# Raise when the bytes a feed is built into change for the same data.
FORMAT_VERSION = "2"  # 2: VTIMEZONE written by icalendar


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


def _headers(response: Response, private: bool, filename: str | None) -> Response:
    max_age = current_app.config["FEED_MAX_AGE"]
    # Calendar clients poll; a short max-age spares repeat downloads, and after it
    # they revalidate with the ETag (a 304 costs one small query).
    response.cache_control.max_age = max_age
    if private:
        response.cache_control.private = True
        response.headers["X-Robots-Tag"] = "noindex"
    else:
        response.cache_control.public = True
    if filename:
        # `ics_filename` gives only a-z, 0-9, "-" and ".ics": nothing to quote or escape.
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def ics_filename(title: str, fallback: str) -> str:
    """`open-inloop.ics`: the title in plain ASCII, for a download's file name."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].strip("-")
    return f"{slug or fallback}.ics"
