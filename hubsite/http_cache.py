"""HTTP validators for any view: an ETag from what the answer is made of, Last-Modified, 304.

A view that can say cheaply what its answer depends on (a version key, a
count and a latest change) answers a repeat request without building it:

    etag = make_etag("board", board.id, state.key())
    if is_fresh(etag, state.last_change):
        return not_modified(etag, state.last_change)
    response = make_response(render(...))
    return set_validators(response, etag, state.last_change)

Times are stored values (naive UTC, see `hubsite.timeutil`). This module
imports no capability.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from flask import Request, Response, request
from werkzeug.http import quote_etag

from hubsite.timeutil import to_utc

# Validators only make sense for reads: a write with a stale If-None-Match is the
# caller's business (412), never a 304.
_SAFE_METHODS = frozenset({"GET", "HEAD"})


def make_etag(*parts: object) -> str:
    """A strong validator naming the answer's exact content, from the parts it is built from.

    Give every value the bytes depend on (the data's state, the filters, the
    settings and format that shape the output): equal parts, equal ETag.
    """
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def http_time(stored: datetime | None) -> datetime | None:
    """A stored (naive UTC) time as HTTP carries it: aware UTC, whole seconds."""
    return None if stored is None else to_utc(stored).replace(microsecond=0)


def is_fresh(etag: str, last_modified: datetime | None = None,
             req: Request | None = None) -> bool:
    """Whether the client's copy is current, for a GET or HEAD.

    If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2), compared
    weakly as a 304 allows; `last_modified` is a stored (naive UTC) time.
    """
    req = req if req is not None else request
    if req.method not in _SAFE_METHODS:
        return False
    if req.if_none_match:
        return req.if_none_match.contains_weak(etag)
    since = req.if_modified_since
    modified = http_time(last_modified)
    return bool(since and modified and modified <= since)


def set_validators(response: Response, etag: str,
                   last_modified: datetime | None = None) -> Response:
    """Put the ETag and (when known) Last-Modified on `response`; returns it."""
    response.set_etag(etag)
    modified = http_time(last_modified)
    if modified is not None:
        response.last_modified = modified
    return response


def not_modified(etag: str, last_modified: datetime | None = None,
                 headers: dict[str, str] | None = None) -> Response:
    """The empty 304 answer, carrying the ETag the client should keep (and `headers`).

    Built with its headers in one go, the cheapest answer there is (and the most asked).
    `last_modified` is not written: werkzeug drops entity headers such as Last-Modified
    from every 304 it sends.
    """
    return Response(status=304, headers={"ETag": quote_etag(etag), **(headers or {})})
