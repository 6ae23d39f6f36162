"""Forms for site administration."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Regexp

from hubsite.forms import BaseForm


class ActivityTypeForm(BaseForm):
    name_nl = StringField(_l("Naam (Nederlands)"), validators=[DataRequired(_l("Vul een naam in.")), Length(max=80)])
    name_en = StringField(_l("Naam (Engels)"), validators=[DataRequired(_l("Vul een naam in.")), Length(max=80)])
    slug = StringField(
        _l("Korte naam in de link"),
        validators=[DataRequired(_l("Vul een korte naam in.")), Length(max=60),
                    Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                           message=_l("Gebruik alleen kleine letters, cijfers en streepjes."))],
    )
