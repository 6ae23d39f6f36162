"""Error pages in the site's style, for pages and for htmx requests."""

from __future__ import annotations

from flask import Flask
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from hubsite.extensions import db
from hubsite.rendering import render

MESSAGES = {
    400: lambda: _("Het verzoek kon niet worden verwerkt. Controleer wat je invulde en probeer het opnieuw."),
    403: lambda: _("Je hebt geen toegang tot deze pagina."),
    404: lambda: _("Deze pagina bestaat niet (meer). Misschien is de link verouderd."),
    405: lambda: _("Deze actie kan zo niet worden uitgevoerd."),
    413: lambda: _("Het bestand is te groot."),
    429: lambda: _("Te veel pogingen achter elkaar. Wacht even en probeer het dan opnieuw."),
    500: lambda: _("Er ging bij ons iets mis. Probeer het later opnieuw."),
}

TITLES = {
    400: lambda: _("Ongeldig verzoek"),
    403: lambda: _("Geen toegang"),
    404: lambda: _("Niet gevonden"),
    405: lambda: _("Niet toegestaan"),
    413: lambda: _("Te groot"),
    429: lambda: _("Even geduld"),
    500: lambda: _("Er ging iets mis"),
}


def render_error(code: int, message: str | None = None):
    title = TITLES.get(code, TITLES[400])()
    text = message or MESSAGES.get(code, MESSAGES[400])()
    return render("errors/error.html", block="content", status=code, code=code, title=title,
                  message=text)


def handle_http_error(error: HTTPException):
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


def handle_csrf_error(error: CSRFError):
    return render_error(
        400,
        _("Het formulier is verlopen of niet compleet. Laad de pagina opnieuw en probeer het nog eens."),
    )


def handle_server_error(error: Exception):
    db.session.rollback()
    return render_error(500)


def handle_unauthorized(error: HTTPException):
    from hubsite.accounts.views import redirect_to_login

    return redirect_to_login()


def init_app(app: Flask) -> None:
    app.register_error_handler(401, handle_unauthorized)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_server_error)
