"""Forms of the partner file's involvement tools and the digest."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, IntegerField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from hubsite.forms import BaseForm
from hubsite.partners.involvement import MAX_STALE_MONTHS


class DigestRequestForm(BaseForm):
    """The public form on an organisation's page: send me the monthly digest."""

    email = EmailField(_l("Je e-mailadres"), validators=[
        DataRequired(_l("Vul je e-mailadres in.")),
        Email(_l("Dit is geen geldig e-mailadres."), check_deliverability=False),
        Length(max=254)])


class QuietForm(BaseForm):
    """How many months without contact count as quiet (a GET form: no CSRF)."""

    class Meta:
        csrf = False

    maanden = IntegerField(_l("Geen contact in (maanden)"), validators=[
        Optional(), NumberRange(1, MAX_STALE_MONTHS,
                                _l("Kies een aantal maanden van 1 tot en met %(max)s.",
                                   max=MAX_STALE_MONTHS))])
