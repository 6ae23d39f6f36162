"""Pages for visitors who are not logged in: validated by the data's version, rendered once.

Most visitors are not logged in, and what they see of a page depends only on the
site's data, the language, the address (path and query) and, for htmx, which part was
asked for. So such a page gets an ETag made from exactly those (the data's version is
one key look-up, `hubsite.data_version`) and a 304 costs no query; the rendered page is
kept under that ETag (in this process, in front of Redis), so a page that did not change
is rendered once, not once per visitor; and it says `Cache-Control: public` with a short
`s-maxage`, so a reverse proxy may keep it too (browsers revalidate each time, so a
visitor who logs in never sees the anonymous copy).

Never kept: a page for someone logged in, or whose session holds anything but a CSRF
secret (a flash message, a form's state); a page whose rendering put a CSRF token in it
(a form that changes something: it belongs to one session), touched the session or set
a cookie; anything but a 200. Such a page is rendered as before.

A page still changes with time on its own ("upcoming" moves on): the key holds the
current `PAGE_TIME_BUCKET` seconds, so a kept page lives at most that long.

A page with forms for visitors (a pinboard, where anyone may post and react) cannot be
shared whole: its CSRF token belongs to one session. `kept_with_holes` keeps it rendered
with holes where the token (and whatever else belongs to one answer, such as the moment
a form was shown) goes, and fills them in for each answer, which is then private. It is
kept under the same key as a public page, so it is rendered once per data version.

This module imports no capability.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Mapping
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import Flask, Response, current_app, g, request, session
from flask_wtf.csrf import generate_csrf

from hubsite import data_version, http_cache
from hubsite.caching import ByteCache, MemoryCache, RedisCache, TieredCache

P = ParamSpec("P")
F = TypeVar("F")

# Where a kept page's CSRF token goes (letters only: no escaping changes it).
CSRF_HOLE = "hubsiteCsrfHole"
_KEEPING = "page_cache.keeping"

# Raise when the way a page is kept changes.
FORMAT = "1"
# What a session may hold for its page to count as anonymous.
_ANONYMOUS_SESSION_KEYS = frozenset({"csrf_token", "_fresh"})
_KEPT_HEADERS = ("Content-Type", "Content-Language")


def anonymous_request() -> bool:
    """Whether this is a read by someone not logged in, with nothing of their own in the
    session (cookies only; the session is only opened when its cookie was sent)."""
    config = current_app.config
    if request.method not in ("GET", "HEAD"):
        return False
    if config["REMEMBER_COOKIE_NAME"] in request.cookies:
        return False
    if config["SESSION_COOKIE_NAME"] in request.cookies:
        return set(session.keys()) <= _ANONYMOUS_SESSION_KEYS
    return True


def page_etag(kinds: Iterable[str] | None = None) -> str:
    """The validator of an anonymous page: what it shows, how, and the data's version
    (of the `kinds` of data it shows; all of them unless told)."""
    config = current_app.config
    language = request.cookies.get("taal")
    if language not in config["LANGUAGES"]:
        language = config["BABEL_DEFAULT_LOCALE"]
    # htmx's request headers, named as `request.headers` names them; read from the environ
    # directly, which spares parsing every header on every request (304s included).
    htmx = sorted((key[5:].replace("_", "-").title(), value)
                  for key, value in request.environ.items() if key.startswith("HTTP_HX_"))
    bucket = int(time.time() // config["PAGE_TIME_BUCKET"])
    return http_cache.make_etag(
        FORMAT, config["BASE_URL"], config["CACHE_NAMESPACE"], request.method == "HEAD",
        request.path, sorted(request.args.items(multi=True)), language, htmx, bucket,
        data_version.current(*(data_version.all_kinds() if kinds is None else kinds)))


def page_cache(app: Flask | None = None) -> ByteCache:
    """The app's kept pages: a bounded number in this process, in front of Redis."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    cache = app.extensions.get("pages.cache")
    if cache is None:
        near = MemoryCache(max_entries=512, max_bytes=16 * 1024 * 1024)
        url = app.config["REDIS_URL"]
        cache = TieredCache(near, RedisCache(url, ttl=3600, prefix="hubsite:page:")) \
            if url else near
        app.extensions["pages.cache"] = cache
    return cache


def _cache_control() -> str:
    # Browsers ask again (a 304, cheap) every time; a shared cache may keep it a while.
    return f"public, max-age=0, s-maxage={current_app.config['PAGE_CACHE_SECONDS']}"


def _public(response: Response, etag: str) -> Response:
    http_cache.set_validators(response, etag)
    response.headers["Cache-Control"] = _cache_control()
    response.vary.add("HX-Request")
    return response


def _public_not_modified(etag: str) -> Response:
    """The 304 for a kept page, with the headers `_public` gives its 200 (built in one go)."""
    return http_cache.not_modified(etag, headers={"Cache-Control": _cache_control(),
                                                  "Vary": "HX-Request"})


def _storable(response: Response) -> bool:
    return (response.status_code == 200 and not response.is_streamed
            and not response.direct_passthrough
            and "csrf_token" not in g and not session.modified
            and not response.headers.getlist("Set-Cookie")
            and not any(name.lower().startswith("hx-") for name, _ in response.headers))


def _dump(response: Response) -> bytes:
    head = {name: response.headers[name] for name in _KEPT_HEADERS if name in response.headers}
    return json.dumps(head).encode() + b"\n" + response.get_data()


def _load(raw: bytes) -> Response:
    head, _, body = raw.partition(b"\n")
    response = Response(body)
    for name, value in json.loads(head).items():
        response.headers[name] = value
    return response


def cached_for_anonymous(view: Callable[P, object]) -> Callable[P, Response]:
    """Answer a view's page for someone not logged in from its version (see the module)."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Response:
        if not current_app.config["PAGE_CACHE"] or not anonymous_request():
            return current_app.make_response(view(*args, **kwargs))
        etag = page_etag()
        if http_cache.is_fresh(etag):
            return _public_not_modified(etag)
        response, kept = _kept_or_rendered(etag, lambda: view(*args, **kwargs))
        return _public(response, etag) if kept else response

    return wrapper


def _kept_or_rendered(key: str, render: Callable[[], object]) -> tuple[Response, bool]:
    """The page kept under `key`, else the one `render()` gives, kept when it may be
    (`_storable`); and whether the answer is a kept page."""
    cache = page_cache()
    # A token made before (in this app context) would hide one the page puts in it.
    g.pop("csrf_token", None)
    raw = cache.get(key)
    if raw is not None:
        return _load(raw), True
    response = current_app.make_response(render())
    if not _storable(response):
        return response, False
    cache.set(key, _dump(response))
    return response, True


def keeping() -> bool:
    """Whether the page being rendered is kept with holes: a view then puts a hole where a
    value of this one answer goes (and makes its forms without a CSRF token of their own)."""
    return bool(g.get(_KEEPING))


def form(form_class: Callable[..., F]) -> F:
    """A new `form_class` for the page being rendered: in a page kept with holes it makes
    no CSRF token of its own (that would start a session); the template's `csrf_token()`
    puts the token's hole where it goes."""
    return form_class(meta={"csrf": False}) if keeping() else form_class()


def csrf_token() -> str:
    """The templates' `csrf_token()`: this session's token, or its hole in a kept page."""
    return CSRF_HOLE if keeping() else generate_csrf()


def kept_with_holes(render: Callable[[], object], holes: Mapping[str, Callable[[], str]],
                    *key: object, kinds: Iterable[str] | None = None) -> Response:
    """The page `render()` gives, for a visitor who is not logged in kept per data version
    (and `key`) with holes for the CSRF token and each of `holes`, filled in per answer.

    `holes` maps each placeholder the view puts in while `keeping()` to what gives its
    value now. `kinds` narrows the data versions the copy is kept by to those the page
    shows (all by default); what it shows of any other kind must then be in `key`.
    Anyone else gets the page rendered as it is.
    """
    if not current_app.config["PAGE_CACHE"] or not anonymous_request():
        return current_app.make_response(render())

    def render_with_holes() -> object:
        g.setdefault(_KEEPING, True)
        try:
            return render()
        finally:
            g.pop(_KEEPING, None)

    cache_key = "holes:" + http_cache.make_etag(page_etag(kinds), *key)
    response, _ = _kept_or_rendered(cache_key, render_with_holes)
    return _filled(response, holes)


def _filled(response: Response, holes: Mapping[str, Callable[[], str]]) -> Response:
    body = response.get_data()
    for hole, value in {CSRF_HOLE: generate_csrf, **holes}.items():
        if hole.encode() in body:
            body = body.replace(hole.encode(), value().encode())
    response.set_data(body)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def init_app(app: Flask) -> None:
    # After CSRFProtect, whose `csrf_token` (a global and a context processor's) this
    # replaces for the templates.
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.context_processor(lambda: {"csrf_token": csrf_token})
