"""A bot trap for forms anyone may send, without a CAPTCHA: a field people leave empty,
and a signed moment the form was shown (a bot sends it at once).

Part of the shared layer. A form that uses it has a `website` field (hidden from
people, also from screen readers) and a hidden `started` field holding `form_stamp`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from hubsite import page_cache

FORM_MAX_AGE = 24 * 3600


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def form_stamp(value: Any, salt: str) -> str:
    """The signed moment a form about `value` was shown."""
    return _serializer(salt).dumps(value)


def stamp_hole(salt: str) -> str:
    """Where a page kept for every visitor (`page_cache.kept_with_holes`) has its form's
    stamp: filled in per answer, since a stamp of the moment the page was rendered would
    let a bot send it at once."""
    return f"hubsiteFormStampHole-{salt}"


def form_stamp_or_hole(value: Any, salt: str) -> str:
    """`form_stamp`, or its hole in a page being kept with holes."""
    return stamp_hole(salt) if page_cache.keeping() else form_stamp(value, salt)


def bot_problem(form: Any, value: Any, salt: str, min_seconds: float,
                other_value_message: str | None = None) -> str | None:
    """Why a form looks sent by a bot: the trap field filled in, a missing or foreign
    stamp, or sent sooner than `min_seconds` after it was shown."""
    if (form.website.data or "").strip():
        return _("Dit formulier kon niet worden verstuurd. Laat het veld ‘Laat dit veld leeg’ "
                 "leeg en probeer het opnieuw.")
    try:
        stamped, signed_at = _serializer(salt).loads(
            form.started.data or "", max_age=FORM_MAX_AGE, return_timestamp=True)
    except SignatureExpired:
        return _("Het formulier stond te lang open. Controleer je gegevens en verstuur het "
                 "opnieuw.")
    except BadSignature:
        return _("Het formulier is niet compleet. Laad de pagina opnieuw en probeer het nog eens.")
    if stamped != value:
        return other_value_message or _("Het formulier hoort ergens anders bij. Laad de pagina "
                                        "opnieuw.")
    elapsed = (datetime.now(signed_at.tzinfo) - signed_at).total_seconds()
    if elapsed < min_seconds:
        return _("Dat ging wel erg snel. Controleer je gegevens en verstuur het formulier "
                 "nog een keer.")
    return None
