"""The public question form, the asker's reply and the hub team's actions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Email, Length, Optional, ValidationError

from hubsite.forms import BaseForm

ONE_OFF, RECURRING = "eenmalig", "terugkerend"


def _max(length: int):
    return Length(max=length, message=_l("Houd dit korter dan %(max)d tekens.", max=length))


class DutchDateField(DateField):
    """A date field whose message for something that is not a date is ours."""

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Vul een datum in, bijvoorbeeld 15-03-2027.")) from None


class ChoiceField(SelectField):
    """A drop-down list whose message for a value that is not one of its choices is ours
    (and Dutch)."""

    def pre_validate(self, form) -> None:
        if self.validate_choice and self.data not in {str(c.value) for c in self.choices}:
            raise ValidationError(_l("Kies een van de mogelijkheden uit de lijst."))


class QuestionForm(BaseForm):
    """"Leg een vraag neer": who asks, what, for whom, by when, and files.

    `website` is the bot trap (left empty by people), `started` the signed moment the
    form was shown (hubsite.antibot).
    """

    organisation = StringField(_l("Organisatie"), validators=[
        DataRequired(_l("Vul de naam van je organisatie, school of gemeente in.")), _max(160)],
        description=_l("Kies een partner uit de lijst of typ een nieuwe naam."))
    contact_name = StringField(_l("Contactpersoon"), validators=[
        DataRequired(_l("Vul je naam in.")), _max(120)])
    email = StringField(_l("E-mailadres"), validators=[
        DataRequired(_l("Vul je e-mailadres in.")),
        Email(_l("Dit is geen geldig e-mailadres, bijvoorbeeld naam@bedrijf.nl."),
              check_deliverability=False), _max(254)],
        description=_l("Hier sturen we de bevestiging en de link om je vraag te volgen."))
    phone = StringField(_l("Telefoonnummer (niet verplicht)"), validators=[Optional(), _max(40)])
    title = StringField(_l("Je vraag in een paar woorden"), validators=[
        DataRequired(_l("Geef je vraag een korte titel.")), _max(200)],
        description=_l("Bijvoorbeeld: “Een speelhuis voor ons schoolplein”."))
    what = TextAreaField(_l("Wat wil je vragen?"), validators=[
        DataRequired(_l("Beschrijf wat je zoekt.")), _max(5000)],
        description=_l("Wat moet er gebeuren, en wat heb je al? Hoe meer we weten, hoe sneller "
                       "we de juiste studenten vinden."))
    for_whom = StringField(_l("Voor wie is het?"), validators=[Optional(), _max(300)],
                           description=_l("Bijvoorbeeld: de kinderen van groep 3 tot en met 5."))
    wanted_by = DutchDateField(_l("Wanneer moet het klaar zijn? (niet verplicht)"),
                               validators=[Optional()])
    # Checked by AnyOf (our message) instead of RadioField's own choice check.
    recurring = RadioField(_l("Eenmalig of terugkerend?"), default=ONE_OFF, choices=[
        SelectChoice(ONE_OFF, _l("Eenmalig")),
        SelectChoice(RECURRING, _l("Terugkerend (bijvoorbeeld elk jaar)"))],
        validate_choice=False,
        validators=[DataRequired(_l("Kies eenmalig of terugkerend.")),
                    AnyOf([ONE_OFF, RECURRING], message=_l("Kies eenmalig of terugkerend."))])
    hub = ChoiceField(_l("Welke hub? (als je het weet)"), choices=[],
                      description=_l("Weet je het niet? Dan kiezen wij de hub die het best past."))
    # Its hint names the limits, which come from the settings (views._render_ask).
    files = MultipleFileField(_l("Bijlagen (niet verplicht)"))
    website = StringField(_l("Laat dit veld leeg"))
    started = HiddenField()


class ReplyForm(BaseForm):
    """The asker's answer to the team, through the private link."""

    message = TextAreaField(_l("Je antwoord"), validators=[
        DataRequired(_l("Schrijf je antwoord.")), _max(5000)])


class InfoForm(BaseForm):
    """The team asks the asker something (sent with the prefix "info")."""

    message = TextAreaField(_l("Wat wil je de vrager vragen?"), validators=[
        DataRequired(_l("Schrijf een bericht.")), _max(5000)])


class DeclineForm(BaseForm):
    """Why the hub says no, to the asker (sent with the prefix "decline")."""

    message = TextAreaField(_l("Waarom pakt de hub de vraag niet op?"), validators=[
        DataRequired(_l("Schrijf een bericht.")), _max(5000)])


class AcceptForm(BaseForm):
    """Accept: a hub when the question has none, and an optional word to the asker
    (sent with the prefix "accept")."""

    hub = ChoiceField(_l("Hub die de vraag oppakt"), choices=[])
    message = TextAreaField(_l("Bericht aan de vrager (niet verplicht)"),
                            validators=[Optional(), _max(5000)])


class PassForm(BaseForm):
    """Pass the question to another hub, with a note for that hub's team (sent with the
    prefix "pass")."""

    hub = ChoiceField(_l("Naar hub"), choices=[])
    note = TextAreaField(_l("Notitie voor het andere team (niet verplicht)"),
                         validators=[Optional(), _max(2000)],
                         description=_l("Alleen hubteams zien deze notitie, de vrager niet."))
