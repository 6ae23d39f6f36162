"""The second step before a destructive action, for a browser without JavaScript.

A destructive action is a POST form marked `data-confirm` (static/js/confirm.js asks in a
`<dialog>` first). Without JavaScript that form is not shown; a link to the same URL with
GET stands in its place (`confirm_fallback` in templates/macros/confirm.html), and the
view answers that GET with `confirmation_page`: the question and the real POST form, with
its CSRF token. The POST itself is unchanged, so the route keeps its CSRF check and its
authorisation; a view calls `confirmation_page` only after its own authorisation check,
and a GET never changes anything.
"""

from __future__ import annotations

from flask import Response
from flask_babel import gettext as _

from hubsite.rendering import render


def confirmation_page(*, message: str, button: str, action: str, back: str,
                      fields: dict[str, str] | None = None, title: str | None = None,
                      context: str | None = None) -> Response:
    """The page that asks "Weet je het zeker?" before POSTing `fields` to `action`.

    `button` is the label of the danger button (the same as on the first step), `back`
    the page "Terug" returns to, `context` a line above the heading (the activity, the hub).
    """
    response = render("confirm.html", message=message, button=button, action=action,
                      back=back, fields=fields or {}, title=title or _("Weet je het zeker?"),
                      context=context)
    response.headers["Cache-Control"] = "private, no-store"
    return response
