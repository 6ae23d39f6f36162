"""The bot trap of the guest booking form, without a CAPTCHA: a field people leave
empty, and a signed moment the form was shown (a bot sends it at once)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

FORM_STAMP_SALT = "booking-form-started"


FORM_MAX_AGE = 24 * 3600


def _stamp_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=FORM_STAMP_SALT)


def form_stamp(occurrence_id: int) -> str:
    """The signed moment a booking form was shown, for the "filled in too fast" check."""
    return _stamp_serializer().dumps(occurrence_id)


def bot_problem(form: Any, occurrence_id: int) -> str | None:
    """Why a guest form looks sent by a bot: the hidden field filled in, or sent too fast."""
    if (form.website.data or "").strip():
        return _("Dit formulier kon niet worden verstuurd. Laat het veld ‘Laat dit veld leeg’ "
                 "leeg en probeer het opnieuw.")
    try:
        value, signed_at = _stamp_serializer().loads(
            form.started.data or "", max_age=FORM_MAX_AGE, return_timestamp=True)
    except SignatureExpired:
        return _("Het formulier stond te lang open. Controleer je gegevens en verstuur het "
                 "opnieuw.")
    except BadSignature:
        return _("Het formulier is niet compleet. Laad de pagina opnieuw en probeer het nog eens.")
    if value != occurrence_id:
        return _("Het formulier hoort bij een andere datum. Laad de pagina opnieuw.")
    elapsed = (datetime.now(signed_at.tzinfo) - signed_at).total_seconds()
    if elapsed < current_app.config["BOOKING_MIN_FORM_SECONDS"]:
        return _("Dat ging wel erg snel. Controleer je gegevens en verstuur het formulier "
                 "nog een keer.")
    return None
