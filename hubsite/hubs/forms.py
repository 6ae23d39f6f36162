"""Forms for hubs and their teams."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from hubsite.accounts.forms import EMAIL
from hubsite.forms import BaseForm
from hubsite.holiday_calendar import REGION_LABELS


class RegionField(SelectField):
    """The school holiday region; a value that is not one gets a Dutch message."""

    def pre_validate(self, form) -> None:
        if (self.data or "") not in {str(choice.value) for choice in self.choices}:
            raise ValidationError(_l("Kies een van de regio's uit de lijst."))


class HubForm(BaseForm):
    name = StringField(
        _l("Naam"), validators=[DataRequired(_l("Vul een naam in.")), Length(max=120)]
    )
    slug = StringField(
        _l("Korte naam in de link"),
        description=_l("Kleine letters, cijfers en streepjes, bijvoorbeeld hub-almelo."),
        validators=[
            DataRequired(_l("Vul een korte naam in.")),
            Length(max=80),
            Regexp(
                r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                message=_l("Gebruik alleen kleine letters, cijfers en streepjes."),
            ),
        ],
    )
    city = StringField(
        _l("Plaats"), validators=[DataRequired(_l("Vul een plaats in.")), Length(max=80)]
    )
    tagline = StringField(_l("In één zin"), validators=[Optional(), Length(max=200)])
    about = TextAreaField(_l("Over deze hub"), validators=[Optional(), Length(max=5000)])
    address = StringField(_l("Adres"), validators=[Optional(), Length(max=200)])
    postcode = StringField(_l("Postcode"), validators=[Optional(), Length(max=12)])
    opening_hours = TextAreaField(_l("Openingstijden"), validators=[Optional(), Length(max=1000)])
    email = EmailField(
        _l("E-mailadres van de hub"),
        validators=[
            Optional(),
            Email(_l("Dit is geen geldig e-mailadres."), check_deliverability=False),
            Length(max=254),
        ],
    )
    region = RegionField(
        _l("Regio voor de schoolvakanties"),
        description=_l("De jaarplanning en de agenda waarschuwen voor de schoolvakanties van "
                       "deze regio."),
        choices=[SelectChoice("", _l("Nog niet gekozen"))] + [
            SelectChoice(code, label) for code, label in REGION_LABELS.items()],
        default="", validators=[Optional()])
    image = FileField(_l("Foto of afbeelding van de hub"),
                      description=_l("JPEG, PNG, WebP of GIF. Liefst liggend, bijvoorbeeld de "
                                     "ingang of de ruimte met mensen aan het werk."))
    image_alt = StringField(_l("Beschrijving van de afbeelding"),
                            description=_l("Wat is er te zien? Voor wie de afbeelding niet ziet."),
                            validators=[Optional(), Length(max=300)])
    remove_image = BooleanField(_l("Afbeelding verwijderen"))

    def has_upload(self) -> bool:
        """Whether a picture file was sent with the form."""
        return bool(self.image.data and getattr(self.image.data, "filename", ""))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.has_upload() and not (self.image_alt.data or "").strip():
            self.image_alt.errors.append(_l("Beschrijf wat er op de afbeelding te zien is."))
            ok = False
        return ok


class InviteForm(BaseForm):
    """A coordinator invites someone to the hub team by e-mail."""

    email = EmailField(_l("E-mailadres"), validators=EMAIL)
    role = SelectField(
        _l("Rol"),
        choices=[
            SelectChoice("host", _l("Host (student)")),
            SelectChoice("coordinator", _l("Begeleider")),
        ],
    )


class AcceptInvitationForm(BaseForm):
    """Accepting as a new person needs a name and password; a logged-in person needs neither."""

    name = StringField(_l("Naam"), validators=[Length(max=120)])
    password = PasswordField(_l("Wachtwoord"))


class ConfirmForm(BaseForm):
    """A confirmation (removing a team member, withdrawing an invitation): only the CSRF
    token matters."""
