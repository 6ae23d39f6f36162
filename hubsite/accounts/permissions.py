"""Who may do what: log-in and admin checks, used in every view that changes something.

Who is on a hub team is for hubs to say (`hubsite.hubs.permissions`).
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import abort, request, url_for
from flask_login import current_user


def require(allowed: bool) -> None:
    """Stop with 401 (log in first) or 403 (not yours) unless `allowed`."""
    if allowed:
        return
    if not current_user.is_authenticated:
        abort(401)
    abort(403)


def admin_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        require(current_user.is_authenticated and current_user.is_admin)
        return view(*args, **kwargs)

    return wrapper


def login_url_for_current_page() -> str:
    """The log-in page, with `next` set to the page to come back to afterwards.

    That is the page the person is looking at: for an htmx request the one in the
    address bar (HX-Current-URL), for a form post the one it was sent from (Referer),
    not the URL the request went to, which may answer POST only or be a fragment.
    A boosted link (hx-boost) is a navigation: the page it asked for is the one to
    come back to.
    """
    htmx = request.htmx  # type: ignore[attr-defined]
    navigating = bool(htmx) and htmx.boosted and request.method == "GET"
    shown = htmx.current_url if htmx and not navigating else None
    if shown is None and request.method != "GET":
        shown = request.referrer
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    if shown:
        parts = urlsplit(shown)
        if parts.netloc == request.host:
            target = parts.path + (f"?{parts.query}" if parts.query else "")
    return url_for("accounts.login", next=target)
