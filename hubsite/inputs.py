"""One guard for every request: no control characters in query parameters or raw form fields.

PostgreSQL refuses text with a NUL in it (and SQLite stores it, which is no better);
a URL parameter or a form field read straight from `request.form` never needs a
control character. The guard answers 400 with a message before a view runs. Text
fields of the site's forms (hubsite.forms.BaseForm) are left to the form, which
puts its message next to the field; line breaks in query parameters are refused too.

Integer URL parts go through `BoundedIntConverter`, registered as the app's `int`
converter: a number beyond what an integer column holds matches no route (404)
instead of reaching the database.
"""

from __future__ import annotations

import re

from flask import Flask, abort, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

from hubsite.forms import INT32_MAX, TEXT_FIELD_NAMES

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
ID_PATTERN = re.compile(r"[0-9]{1,10}")


class BoundedIntConverter(IntegerConverter):
    """`<int:id>` that matches only what a 32-bit signed integer column can hold."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002 (werkzeug's name)
        kwargs.setdefault("max", INT32_MAX)
        super().__init__(map, *args, **kwargs)


def form_id(name: str) -> int | None:
    """The id of a record sent in the form field `name`: a whole number that an integer
    column can hold, or None for anything else (empty, "abc", "²", 10**20), so that no
    lookup with it reaches the database and fails there."""
    value = (request.form.get(name) or "").strip()
    if not ID_PATTERN.fullmatch(value):
        return None
    number = int(value)
    return number if number <= INT32_MAX else None


def _form_checks_itself(key: str) -> bool:
    # Forms with a prefix send "prefix-field"; field names never contain "-".
    return key.rpartition("-")[2] in TEXT_FIELD_NAMES


def refuse_control_characters() -> None:
    """Before every request: 400 for a control character in a query parameter or raw form
    field (404 in the path: no page has one in its address)."""
    if CONTROL_CHARACTERS.search(request.path):
        abort(404)
    for key, value in request.args.items(multi=True):
        if CONTROL_CHARACTERS.search(key) or CONTROL_CHARACTERS.search(value):
            abort(400, _("Het adres bevat een teken dat hier niet kan (een stuurteken). "
                         "Controleer de link en probeer het opnieuw."))
    if request.method in ("GET", "HEAD", "OPTIONS") or not request.form:
        return
    for key, value in request.form.items(multi=True):
        if CONTROL_CHARACTERS.search(key) or (
                not _form_checks_itself(key) and CONTROL_CHARACTERS.search(value)):
            abort(400, _("Het formulier bevat een teken dat hier niet kan (een stuurteken). "
                         "Laad de pagina opnieuw en probeer het nog eens."))


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedIntConverter
    app.before_request(refuse_control_characters)
