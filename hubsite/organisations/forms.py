"""Forms of the partner file: an organisation, a contact person, a log entry, an upload."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from hubsite.forms import BaseForm
from hubsite.organisations.models import (
    OFFER_KINDS,
    ORGANISATION_KINDS,
    ORGANISATION_STATUSES,
    STATUS_INTERESTED,
)
from hubsite.organisations.services import OrganisationError, clean_kvk, clean_website

KIND_LABELS = {"ondernemers": _l("Ondernemers"), "onderwijs": _l("Onderwijs"),
               "overheid": _l("Overheid"), "anders": _l("Anders")}
STATUS_LABELS = {"actief": _l("Actief"), "geinteresseerd": _l("Geïnteresseerd"),
                 "slapend": _l("Slapend")}
OFFER_LABELS = {"bedrijfsbezoek": _l("Bedrijfsbezoek"), "gastles": _l("Gastles"),
                "opdracht": _l("Opdracht of vraagstuk"), "stageplek": _l("Stageplek"),
                "werkplek": _l("Werkplek of leerwerkplek"), "workshop": _l("Workshop of training"),
                "faciliteiten": _l("Ruimte, machines of materiaal"),
                "keuzevak": _l("Keuzevak samen verzorgen")}


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (a fieldset in the template)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _choices(labels: dict, order: tuple[str, ...]) -> list[SelectChoice]:
    return [SelectChoice(value, labels[value]) for value in order]


class OrganisationForm(BaseForm):
    """An organisation of the partner file, as hub teams add and edit it."""

    name = StringField(_l("Naam"), validators=[DataRequired(_l("Vul de naam in.")),
                                               Length(max=160)])
    kind = SelectField(_l("Soort"), choices=_choices(KIND_LABELS, ORGANISATION_KINDS))
    sector = StringField(_l("Sector"), description=_l("Bijvoorbeeld horeca, zorg, installatietechniek."),
                         validators=[Optional(), Length(max=120)])
    city = StringField(_l("Plaats"), validators=[Optional(), Length(max=80)])
    website = StringField(_l("Website"), description=_l("Bijvoorbeeld www.bakkerijbolk.nl"),
                          validators=[Optional(), Length(max=300)])
    kvk_number = StringField(_l("KvK-nummer"), description=_l("8 cijfers; mag leeg blijven."),
                             validators=[Optional(), Length(max=20)])
    description = TextAreaField(_l("Omschrijving"), description=_l("Wat doet de organisatie? "
                                                                   "Dit ziet iedereen."),
                                validators=[Optional(), Length(max=5000)])
    logo = FileField(_l("Logo"), description=_l("JPEG, PNG, WebP of GIF."))
    remove_logo = BooleanField(_l("Logo verwijderen"))
    status = SelectField(_l("Status"), choices=_choices(STATUS_LABELS, ORGANISATION_STATUSES),
                         default=STATUS_INTERESTED)
    hubs = CheckboxesField(_l("Werkt samen met"), coerce=int)
    offers = CheckboxesField(_l("Mogelijkheden"), choices=_choices(OFFER_LABELS, OFFER_KINDS))
    offers_note = TextAreaField(_l("Mogelijkheden, toelichting"),
                                description=_l("Wat kan de organisatie bieden, wanneer, voor "
                                               "hoeveel studenten?"),
                                validators=[Optional(), Length(max=5000)])
    limitations = TextAreaField(_l("Onmogelijkheden"),
                                description=_l("Wat kan niet? Bijvoorbeeld: geen leerlingen "
                                               "onder de 16, niet in de zomer."),
                                validators=[Optional(), Length(max=5000)])
    themes = StringField(_l("Interesses (thema's)"),
                         description=_l("Gescheiden door komma's, bijvoorbeeld "
                                        "gastvrijheid, duurzaamheid."),
                         validators=[Optional(), Length(max=300)])
    create_anyway = BooleanField(_l("Het is echt een andere organisatie: toch nieuw aanmaken"))

    def validate_website(self, field) -> None:
        try:
            field.data = clean_website(field.data or "")
        except OrganisationError:
            raise ValidationError(_l("Dit is geen webadres. Bijvoorbeeld www.bakkerijbolk.nl")) from None

    def validate_kvk_number(self, field) -> None:
        try:
            field.data = clean_kvk(field.data or "")
        except OrganisationError:
            raise ValidationError(_l("Een KvK-nummer heeft 8 cijfers.")) from None

    def has_upload(self) -> bool:
        """Whether a logo file was sent with the form."""
        return bool(self.logo.data and getattr(self.logo.data, "filename", ""))


class ContactForm(BaseForm):
    """A contact person of an organisation."""

    name = StringField(_l("Naam"), validators=[DataRequired(_l("Vul een naam in.")),
                                               Length(max=120)])
    role = StringField(_l("Functie"), validators=[Optional(), Length(max=120)])
    email = EmailField(_l("E-mailadres"), validators=[
        Optional(), Email(_l("Dit is geen geldig e-mailadres."), check_deliverability=False),
        Length(max=254)])
    phone = StringField(_l("Telefoon"), validators=[Optional(), Length(max=40)])
    hub = SelectField(_l("Contact via hub"), coerce=lambda v: int(v) if v not in (None, "", "None") else None,
                      validate_choice=False)
    is_primary = BooleanField(_l("Vast aanspreekpunt"),
                              description=_l("Alle hubs lopen via deze persoon."))

    def validate_phone(self, field) -> None:
        if field.data and not all(c.isdigit() or c in " +-()." for c in field.data):
            raise ValidationError(_l("Een telefoonnummer heeft alleen cijfers, spaties, + en -."))


class LogForm(BaseForm):
    """A note in the contact log."""

    noted_on = DateField(_l("Datum"), validators=[DataRequired(_l("Kies een datum."))])
    text = TextAreaField(_l("Wat is er besproken?"),
                         validators=[DataRequired(_l("Schrijf op wat er gebeurde.")),
                                     Length(max=2000)])


class ImportForm(BaseForm):
    """The spreadsheet to import."""

    file = FileField(_l("Spreadsheet (CSV of Excel)"),
                     description=_l("Een .csv- of .xlsx-bestand met één organisatie per regel "
                                    "en kopjes in de eerste regel; hoogstens 5.000 regels."))

    def has_upload(self) -> bool:
        return bool(self.file.data and getattr(self.file.data, "filename", ""))


class MergeForm(BaseForm):
    """The confirmed merge: which record stays."""

    keep = HiddenField()
