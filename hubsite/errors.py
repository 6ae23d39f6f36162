"""Error answers in the site's style: the error page, or a message for an htmx request.

How a failed request reaches the person is decided once, in `hubsite.rendering`
(its docstring has the htmx error contract); this module only supplies the message per
status and registers the handlers. A 401 is the log-in's business: accounts registers
its own handler (`hubsite.accounts.views.init_login`).
"""

from __future__ import annotations

from flask import Flask, Response
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from hubsite.extensions import db
from hubsite.rendering import STATUS_TITLES, refuse

MESSAGES = {
    400: lambda: _("Het verzoek kon niet worden verwerkt. Controleer wat je invulde en probeer het opnieuw."),
    403: lambda: _("Je hebt geen toegang tot deze pagina."),
    404: lambda: _("Deze pagina bestaat niet (meer). Misschien is de link verouderd."),
    405: lambda: _("Deze actie kan zo niet worden uitgevoerd."),
    413: lambda: _("Het bestand is te groot."),
    429: lambda: _("Te veel pogingen achter elkaar. Wacht even en probeer het dan opnieuw."),
    500: lambda: _("Er ging bij ons iets mis. Probeer het later opnieuw."),
}


def render_error(code: int, message: str | None = None) -> Response:
    """The answer for an error `code`: the error page, or for htmx a message (see rendering)."""
    known = code if code in MESSAGES else 400
    return refuse(message or MESSAGES[known](), status=code, title=STATUS_TITLES[known]())


def handle_http_error(error: HTTPException) -> Response:
    code = error.code or 500
    if code >= 500:
        return render_error(500)
    description = None
    if code == 400 and error.description and not error.description.startswith("The browser"):
        description = error.description
    response = render_error(code, description)
    if code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def handle_csrf_error(error: CSRFError) -> Response:
    return render_error(
        400,
        _("Het formulier is verlopen of niet compleet. Laad de pagina opnieuw en probeer het nog eens."),
    )


def handle_server_error(error: Exception) -> Response:
    db.session.rollback()
    return render_error(500)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_server_error)
