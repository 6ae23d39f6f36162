"""Jinja filters and globals: dates in Dutch format (from `hubsite.dates`), text helpers."""

from __future__ import annotations

from flask import Flask
from markupsafe import Markup

from hubsite.dates import iso_datetime, local_date, local_datetime, local_time
from hubsite.i18n import current_language
from hubsite.slots import init_app as init_slots


def nl2br(text: str) -> Markup:
    """Line breaks of plain user text as `<br>`, the text itself escaped."""
    escaped = Markup.escape(text)
    return Markup("<br>\n").join(escaped.split("\n"))


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        local_date=local_date,
        local_time=local_time,
        local_datetime=local_datetime,
        iso_datetime=iso_datetime,
        nl2br=nl2br,
    )
    app.jinja_env.globals.update(
        current_language=current_language,
    )
    init_slots(app)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
