"""The bot trap of the guest booking form (the shared trap of `hubsite.antibot`, per date)."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext as _

from hubsite import antibot

FORM_STAMP_SALT = "booking-form-started"


def form_stamp(occurrence_id: int) -> str:
    """The signed moment a booking form was shown, for the "filled in too fast" check."""
    return antibot.form_stamp(occurrence_id, FORM_STAMP_SALT)


# Where a booking form kept for every visitor has its stamp (`page_cache.kept_with_holes`).
STAMP_HOLE = antibot.stamp_hole(FORM_STAMP_SALT)


def form_stamp_or_hole(occurrence_id: int) -> str:
    """`form_stamp`, or its hole in a booking form being kept for every visitor."""
    return antibot.form_stamp_or_hole(occurrence_id, FORM_STAMP_SALT)


def bot_problem(form: Any, occurrence_id: int) -> str | None:
    """Why a guest form looks sent by a bot: the hidden field filled in, or sent too fast."""
    return antibot.bot_problem(
        form, occurrence_id, FORM_STAMP_SALT, current_app.config["BOOKING_MIN_FORM_SECONDS"],
        _("Het formulier hoort bij een andere datum. Laad de pagina opnieuw."))
