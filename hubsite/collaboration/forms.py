"""The offer form (hub team) and the "Ik doe mee" form (anyone, without an account)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from hubsite.collaboration.labels import DAYPART_LABELS, KIND_LABELS, month_name
from hubsite.collaboration.models import LEVELS, SCHOOL_YEAR_MONTHS
from hubsite.forms import BaseForm


def _max(length: int):
    return Length(max=length, message=_l("Houd dit korter dan %(max)d tekens.", max=length))


class ChoiceField(SelectField):
    """A drop-down list whose message for a value that is not one of its choices is Dutch."""

    def pre_validate(self, form) -> None:
        if self.validate_choice and str(self.data if self.data is not None else "") not in {
                str(c.value) for c in self.choices}:
            raise ValidationError(_l("Kies een van de mogelijkheden uit de lijst."))


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes; a value that is not a choice gets a Dutch message."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form) -> None:
        known = {str(c.value) for c in self.choices}
        if any(str(value) not in known for value in self.data or []):
            raise ValidationError(_l("Kies alleen uit de mogelijkheden in de lijst."))


def _int_list(values) -> list[int]:
    return [int(v) for v in values or [] if str(v).isdigit()]


class OfferForm(BaseForm):
    """A collaboration offer: what it is, what it asks of a company, when, for whom, who."""

    kind = ChoiceField(_l("Soort samenwerking"), choices=[
        SelectChoice(code, label) for code, label in KIND_LABELS.items()])
    title = StringField(_l("Titel"), validators=[
        DataRequired(_l("Geef het aanbod een titel.")), _max(200)],
        description=_l("Bijvoorbeeld: “Gastles over duurzaam ondernemen voor mbo-4”."))
    what = TextAreaField(_l("Wat is de activiteit?"), validators=[
        DataRequired(_l("Beschrijf wat er gebeurt.")), _max(5000)],
        description=_l("Wat doen de studenten, wat doet het bedrijf, wat levert het op?"))
    dayparts_needed = IntegerField(_l("Hoeveel tijd vraagt het (in dagdelen)?"), default=1,
                                   validators=[InputRequired(_l("Vul een aantal dagdelen in.")),
                                               NumberRange(1, 40, _l(
                                                   "Kies 1 tot en met 40 dagdelen."))])
    people = StringField(_l("Wie van het bedrijf?"), validators=[Optional(), _max(200)],
                         description=_l("Bijvoorbeeld: één vakman of -vrouw en een begeleider."))
    place = StringField(_l("Waar?"), validators=[Optional(), _max(200)],
                        description=_l("Bij het bedrijf, in de hub, op school …"))
    material = StringField(_l("Wat is er nodig?"), validators=[Optional(), _max(300)],
                           description=_l("Materiaal, een ruimte, beschermende kleding …"))
    months = CheckboxesField(_l("In welke maanden?"), coerce=str)
    dayparts = CheckboxesField(_l("Op welke dagdelen?"), coerce=str, choices=[
        SelectChoice(code, label) for code, label in DAYPART_LABELS.items()])
    period_note = StringField(_l("Wanneer, in woorden (niet verplicht)"),
                              validators=[Optional(), _max(200)],
                              description=_l("Bijvoorbeeld: in de projectweek van blok 3."))
    levels = CheckboxesField(_l("Voor welke niveaus?"), coerce=str,
                             choices=[SelectChoice(level, level) for level in LEVELS])
    programmes = CheckboxesField(_l("Voor welke opleidingen?"), coerce=str)
    contact = ChoiceField(_l("Contactpersoon uit het hubteam"))

    def fill_choices(self, programmes, members) -> None:
        """The choices that depend on the database: programmes and the hub team."""
        self.months.choices = [SelectChoice(str(m), month_name(m)) for m in SCHOOL_YEAR_MONTHS]
        self.programmes.choices = [
            SelectChoice(str(p.id), f"{p.name} ({p.level}{', ' + p.school if p.school else ''})")
            for p in programmes]
        self.contact.choices = [SelectChoice("", _l("Geen (het algemene adres van de hub)"))] + [
            SelectChoice(str(user.id), user.name) for user in members]

    @property
    def month_numbers(self) -> list[int]:
        return _int_list(self.months.data)

    @property
    def programme_ids(self) -> list[int]:
        return _int_list(self.programmes.data)

    @property
    def contact_id(self) -> int | None:
        value = self.contact.data or ""
        return int(value) if str(value).isdigit() else None


class ResponseForm(BaseForm):
    """"Ik doe mee": who responds, and which dagdelen suit them.

    `website` is the bot trap (left empty by people), `started` the signed moment the form
    was shown (hubsite.antibot).
    """

    organisation = StringField(_l("Organisatie"), validators=[
        DataRequired(_l("Vul de naam van je bedrijf of organisatie in.")), _max(160)],
        description=_l("Kies je organisatie uit de lijst of typ een nieuwe naam."))
    contact_name = StringField(_l("Contactpersoon"), validators=[
        DataRequired(_l("Vul je naam in.")), _max(120)])
    email = StringField(_l("E-mailadres"), validators=[
        DataRequired(_l("Vul je e-mailadres in.")),
        Email(_l("Dit is geen geldig e-mailadres, bijvoorbeeld naam@bedrijf.nl."),
              check_deliverability=False), _max(254)],
        description=_l("Hier sturen we de bevestiging."))
    phone = StringField(_l("Telefoonnummer (niet verplicht)"), validators=[Optional(), _max(40)])
    dayparts = CheckboxesField(_l("Welke dagdelen passen jullie?"), coerce=str, choices=[
        SelectChoice(code, label) for code, label in DAYPART_LABELS.items()])
    message = TextAreaField(_l("Nog iets dat we moeten weten? (niet verplicht)"),
                            validators=[Optional(), _max(2000)])
    website = StringField(_l("Laat dit veld leeg"))
    started = HiddenField()

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if not self.dayparts.errors and not self.dayparts.data:
            self.dayparts.errors = [*self.dayparts.errors,
                                    _l("Kies minstens één dagdeel dat jullie past.")]
            ok = False
        return ok
