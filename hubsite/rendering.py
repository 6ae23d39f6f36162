"""The one place that decides between a full page and an htmx fragment, and how a
refused htmx request reaches the person.

Pages and fragments
    `render(template, block=...)` renders the whole page, or only `block` for an htmx
    request that swaps a region (`wants_fragment()`); a boosted link or form, and a
    history restore, get the whole page. Every answer carries `Vary: HX-Request`.

The htmx error contract
    A request made by htmx that fails shows its message to the person; it is never
    dropped silently and never swaps an error page in place of the element it aimed at.

    * A form with mistakes answers **422** and re-renders itself in place, with each
      message next to its field (`render(..., status=422)`; htmx is configured in
      base.html's `htmx-config` to swap 422 like a success).
    * Anything else that is refused — **400** (an expired form, a failed CSRF check),
      **403**, **404**, **409**, **413**, **429**, a refusal of a small action such as a
      check-in (any 4xx), and **500** — answers its status with a small message fragment
      and the headers `HX-Retarget: #messages`, `HX-Reswap: innerHTML` and
      `HX-Push-Url: false`: the message replaces what the page's message region
      (`<div id="messages" role="status">` in base.html) shows, and the element that
      made the request stays as it was. static/js/site.js swaps every error response
      that carries `HX-Retarget` (htmx does not swap 4xx/5xx by itself), and writes a
      general message into the region when an error comes without one (a proxy's 502,
      a lost connection). A view refuses with `refuse(message, status)`; the error
      handlers in hubsite/errors.py use the same function for `abort()`, CSRF failures
      and rate limits.
    * A boosted page load (`hx-boost`) that fails gets the whole error page, which
      site.js swaps in, as a browser without htmx would show it; so does a request
      without JavaScript.
    * **401** on an htmx request answers `HX-Redirect` to the log-in page
      (`htmx_redirect`), so the log-in page is loaded whole instead of into a fragment.
"""

from __future__ import annotations

from typing import Any

from flask import Response, make_response, render_template, request
from flask_babel import gettext as _
from jinja2_fragments.flask import render_block

MESSAGE_REGION = "#messages"

# The heading of the error page per status, when a refusal is shown as a page.
STATUS_TITLES = {
    400: lambda: _("Ongeldig verzoek"),
    403: lambda: _("Geen toegang"),
    404: lambda: _("Niet gevonden"),
    405: lambda: _("Niet toegestaan"),
    413: lambda: _("Te groot"),
    429: lambda: _("Even geduld"),
    500: lambda: _("Er ging iets mis"),
}


def wants_fragment() -> bool:
    """True for an htmx request that swaps a region (not a boosted page load)."""
    htmx = request.htmx  # type: ignore[attr-defined]
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render(
    template: str, block: str | None = None, status: int = 200, **context: Any
) -> Response:
    """Render `template`; for an htmx request aimed at a region, only `block`.

    Full page and fragment come from one template, so a URL pushed into the
    browser history still gives the whole page when loaded directly.
    """
    if block and wants_fragment():
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response


def refuse(message: str, status: int = 409, title: str | None = None) -> Response:
    """Refuse a request with `status`, showing `message` to the person.

    For an htmx request that swaps a region, the message goes to the page's message
    region and the element the request aimed at stays as it was; otherwise (no
    JavaScript, a boosted page load) the error page shows it, under `title` or the
    status's usual heading. Use `abort(refuse(...))` where a return does not reach.
    """
    if wants_fragment():
        response = make_response(
            render_template("errors/_message.html", message=message, status=status), status)
        response.headers["HX-Retarget"] = MESSAGE_REGION
        response.headers["HX-Reswap"] = "innerHTML"
        response.headers["HX-Push-Url"] = "false"
        response.vary.add("HX-Request")
        return response
    if title is None:
        title = STATUS_TITLES.get(status, STATUS_TITLES[500 if status >= 500 else 400])()
    return render("errors/error.html", status=status, code=status, title=title, message=message)


def htmx_redirect(url: str, status: int = 200) -> Response:
    """Send htmx to `url` with a full page load (`HX-Redirect`) instead of a swap.

    For the log-in page after a 401: redirecting the request itself would swap the
    log-in page into the fragment that asked.
    """
    response = make_response("", status)
    response.headers["HX-Redirect"] = url
    return response
