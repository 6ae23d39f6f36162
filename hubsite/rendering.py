"""The one place that decides between a full page and an htmx fragment."""

from __future__ import annotations

from typing import Any

from flask import Response, make_response, render_template, request, url_for
from jinja2_fragments.flask import render_block


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


def htmx_redirect(endpoint: str, **values: Any) -> Response:
    """A redirect that htmx follows with a full page load instead of a swap."""
    response = make_response("", 204)
    response.headers["HX-Redirect"] = url_for(endpoint, **values)
    return response
