"""Forms of projects: the project itself, a deelproject, a lesson, a partner, a
programme, an attachment, the status and reuse."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from hubsite.forms import BaseForm
from hubsite.organisations.forms import KIND_LABELS
from hubsite.organisations.models import ORGANISATION_KINDS
from hubsite.projects.models import LESSON_KINDS, PROGRAMME_LEVELS, PROJECT_STATUSES

STATUS_LABELS = {"aanvraag": _l("Aanvraag"), "lopend": _l("Lopend"),
                 "afgerond": _l("Afgerond"), "gearchiveerd": _l("Gearchiveerd")}
LESSON_LABELS = {"tip": _l("Tip"), "top": _l("Top"), "valkuil": _l("Valkuil")}
LESSON_PLURALS = {"tip": _l("Tips"), "top": _l("Tops"), "valkuil": _l("Valkuilen")}
LONG_TEXT = 20000


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (rendered as a fieldset by the templates)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def options(pairs) -> list[SelectChoice]:
    """Choices as WTForms wants them (tuples are deprecated)."""
    return [SelectChoice(value, label) for value, label in pairs]


def optional_int(value: str | int | None) -> int | None:
    if value in (None, "", "None"):
        return None
    return int(value)


def _story(label, description=None) -> TextAreaField:
    return TextAreaField(label, description=description,
                         validators=[Optional(), Length(max=LONG_TEXT)])


class NewProjectForm(BaseForm):
    """The first step: a title and the hub it belongs to."""

    hub = SelectField(_l("Hub"), coerce=optional_int,
                      validators=[InputRequired(_l("Kies een hub."))])
    title = StringField(_l("Titel"), validators=[DataRequired(_l("Geef het project een titel.")),
                                                 Length(max=200)])
    summary = StringField(_l("In één zin"), validators=[Optional(), Length(max=300)],
                          description=_l("Verschijnt in lijsten en zoekresultaten."))


class ProjectForm(BaseForm):
    """Everything of a project that is one value: the story, client, period, contact."""

    title = StringField(_l("Titel"), validators=[DataRequired(_l("Geef het project een titel.")),
                                                 Length(max=200)])
    summary = StringField(_l("In één zin"), validators=[Optional(), Length(max=300)],
                          description=_l("Verschijnt in lijsten en zoekresultaten."))
    client = SelectField(_l("Opdrachtgever"), coerce=optional_int, validate_choice=True)
    starts_on = DateField(_l("Startdatum"), validators=[Optional()])
    ends_on = DateField(_l("Einddatum"), validators=[Optional()])
    what = _story(_l("Wat: de vraag"), _l("Wat vroeg de opdrachtgever, en waarom? Markdown mag."))
    who = _story(_l("Wie: de mensen en hun rol"),
                 _l("Wie deden er mee, van ondernemers, onderwijs en overheid?"))
    approach = _story(_l("Hoe: de aanpak"),
                      _l("Hoe is het aangepakt? De deelprojecten per opleiding voeg je "
                         "hieronder apart toe."))
    support = _story(_l("Welke ondersteuning"),
                     _l("Wat deed de hub: coördinatie, budget, begeleiding."))
    result = _story(_l("Resultaat"), _l("Wat heeft het opgeleverd?"))
    programmes = CheckboxesField(_l("Opleidingen"), coerce=int, validate_choice=True)
    tags = StringField(_l("Labels"), validators=[Optional(), Length(max=500)],
                       description=_l("Gescheiden door komma's, bijvoorbeeld: horeca, "
                                      "gastvrijheid. Nieuwe labels worden toegevoegd."))
    contact_user = SelectField(_l("Contactpersoon uit het hubteam"), coerce=optional_int,
                               validate_choice=True)
    contact_name = StringField(_l("Of: naam van de contactpersoon"),
                               validators=[Optional(), Length(max=160)],
                               description=_l("Iemand van een partner. Alleen naam en rol "
                                              "staan op de pagina, nooit e-mail of telefoon."))
    contact_role = StringField(_l("Rol van de contactpersoon"),
                               validators=[Optional(), Length(max=160)])
    image = FileField(_l("Omslagfoto"), description=_l("JPEG, PNG, WebP of GIF."))
    image_alt = StringField(_l("Wat staat er op de foto?"), validators=[Optional(), Length(max=300)],
                            description=_l("Voor wie de foto niet ziet."))
    remove_image = BooleanField(_l("Omslagfoto weghalen"))

    def validate_ends_on(self, field) -> None:
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("De einddatum ligt voor de startdatum."))


class SubProjectForm(BaseForm):
    title = StringField(_l("Titel van het deelproject"),
                        validators=[DataRequired(_l("Geef het deelproject een titel.")),
                                    Length(max=200)])
    programme = SelectField(_l("Opleiding"), coerce=optional_int, validate_choice=True)
    description = TextAreaField(_l("Wat deden de studenten?"),
                                validators=[Optional(), Length(max=LONG_TEXT)])
    students = StringField(_l("Namen van studenten"), validators=[Optional(), Length(max=500)],
                           description=_l("Gaan niet mee als iemand het project hergebruikt."))


class LessonForm(BaseForm):
    kind = SelectField(_l("Soort"), choices=options((k, LESSON_LABELS[k]) for k in LESSON_KINDS),
                       validators=[InputRequired(_l("Kies tip, top of valkuil."))])
    text = TextAreaField(_l("Tekst"), validators=[
        DataRequired(_l("Schrijf de tip, top of valkuil op.")), Length(max=4000)])


class PartnerForm(BaseForm):
    organisation = SelectField(_l("Bestaande organisatie"), coerce=optional_int,
                               validate_choice=True)
    new_name = StringField(_l("Of een nieuwe organisatie"), validators=[Optional(),
                                                                       Length(max=160)])
    new_kind = SelectField(_l("Soort organisatie"), default="ondernemers",
                           choices=options((k, KIND_LABELS[k]) for k in ORGANISATION_KINDS))
    contribution = StringField(_l("Wat deden ze?"), validators=[Optional(), Length(max=300)])

    def validate_organisation(self, field) -> None:
        if not field.data and not (self.new_name.data or "").strip():
            raise ValidationError(_l("Kies een organisatie of typ de naam van een nieuwe."))


class ProgrammeForm(BaseForm):
    name = StringField(_l("Naam van de opleiding"),
                       validators=[DataRequired(_l("Geef de naam van de opleiding.")),
                                   Length(max=160)])
    level = SelectField(_l("Niveau"), choices=options((level, level) for level in PROGRAMME_LEVELS))
    school = StringField(_l("School"), validators=[Optional(), Length(max=160)])


class AttachmentForm(BaseForm):
    file = FileField(_l("Bestand"), description=_l(
        "Een foto (JPEG, PNG, WebP, GIF), PDF of Office-bestand."))
    description = StringField(_l("Beschrijving"), validators=[Optional(), Length(max=300)],
                              description=_l("Bij een foto: wat staat erop?"))


class StatusForm(BaseForm):
    status = SelectField(_l("Status"),
                         choices=options((s, STATUS_LABELS[s]) for s in PROJECT_STATUSES))


class ReuseForm(BaseForm):
    hub = SelectField(_l("Voor welke hub?"), coerce=optional_int,
                      validators=[InputRequired(_l("Kies een hub."))])
    title = StringField(_l("Titel van het nieuwe project"),
                        validators=[DataRequired(_l("Geef het project een titel.")),
                                    Length(max=200)])
    parts = CheckboxesField(_l("Wat gaat mee"))
    private_parts = CheckboxesField(_l("Gaat alleen mee als je het aanvinkt"))
