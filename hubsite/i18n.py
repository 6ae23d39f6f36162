"""Language choice: Dutch by default, English complete, the choice remembered."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request
from flask_babel import get_locale
from flask_login import current_user

from hubsite.extensions import babel

LOCALE_COOKIE = "taal"


def select_locale() -> str:
    """The language of this request: cookie, then account, then Dutch.

    Outside a request (the CLI, a mail sender, a service called from a test)
    there is no cookie or visitor, so the default language holds.
    """
    supported = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = request.cookies.get(LOCALE_COOKIE)
    if chosen in supported:
        return chosen
    # Without a session cookie there is no account to ask: calendar clients polling
    # feeds then cost no user query.
    has_session = current_app.config["SESSION_COOKIE_NAME"] in request.cookies
    if has_session and current_user.is_authenticated and current_user.locale in supported:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    return str(get_locale() or "nl")


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(app.root_path) + "/translations",
    )
