"""Forms for booking a seat, for the hosts' booking settings and for the door."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from hubsite.forms import BaseForm

EMAIL = [DataRequired(_l("Vul je e-mailadres in.")),
         Email(_l("Dit is geen geldig e-mailadres, bijvoorbeeld naam@school.nl."),
               check_deliverability=False),
         Length(max=254, message=_l("Dit e-mailadres is te lang."))]


class WholeNumberField(IntegerField):
    """An IntegerField whose message for text that is not a number is ours (and Dutch)."""

    def __init__(self, *args, invalid_message=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message or _l("Vul een heel getal in.")

    def process_formdata(self, valuelist) -> None:
        if not valuelist or valuelist[0] in ("", None):
            self.data = None
            return
        try:
            self.data = int(str(valuelist[0]).strip())
        except ValueError:
            self.data = None
            raise ValueError(self.invalid_message) from None


def _at_least_one_seat() -> NumberRange:
    return NumberRange(min=1, message=_l("Kies minstens 1 plaats."))


def _max(length: int, message) -> Length:
    return Length(max=length, message=message)


def _seats_field() -> WholeNumberField:
    return WholeNumberField(
        _l("Aantal plaatsen"), default=1,
        validators=[InputRequired(_l("Vul het aantal plaatsen in.")), _at_least_one_seat()])


class QuickBookingForm(BaseForm):
    """One click for someone who is logged in; a group size when the activity allows it."""

    seats = _seats_field()


class GuestBookingForm(BaseForm):
    """A visitor without an account: name and e-mail, and optionally more.

    `website` is a trap for bots: hidden from people (also from screen readers)
    and left empty by them. `started` is the signed moment the form was shown.
    """

    name = StringField(_l("Naam"), validators=[
        DataRequired(_l("Vul je naam in.")),
        _max(120, _l("Houd je naam korter dan 120 tekens."))])
    email = EmailField(_l("E-mailadres"), validators=EMAIL, description=_l(
        "Hier sturen we de bevestiging en de link om te annuleren naartoe."))
    organisation = StringField(_l("Organisatie of school (niet verplicht)"), validators=[
        Optional(), _max(160, _l("Houd dit korter dan 160 tekens."))])
    seats = _seats_field()
    remark = TextAreaField(_l("Opmerking (niet verplicht)"), validators=[
        Optional(), _max(1000, _l("Houd je opmerking korter dan 1000 tekens."))])
    website = StringField(_l("Laat dit veld leeg"))
    started = HiddenField()


class HostBookingForm(BaseForm):
    """A booking the hosts add by hand (someone who phoned or walked in)."""

    name = StringField(_l("Naam"), validators=[
        DataRequired(_l("Vul een naam in.")),
        _max(120, _l("Houd de naam korter dan 120 tekens."))])
    email = EmailField(_l("E-mailadres (niet verplicht)"), validators=[
        Optional(),
        Email(_l("Dit is geen geldig e-mailadres."), check_deliverability=False),
        _max(254, _l("Dit e-mailadres is te lang."))], description=_l(
        "Met een e-mailadres krijgt deze persoon een bevestiging met de link om te annuleren."))
    organisation = StringField(_l("Organisatie of school"), validators=[
        Optional(), _max(160, _l("Houd dit korter dan 160 tekens."))])
    seats = _seats_field()
    remark = TextAreaField(_l("Opmerking"), validators=[
        Optional(), _max(1000, _l("Houd de opmerking korter dan 1000 tekens."))])


class SettingsForm(BaseForm):
    """How an activity is booked: seats per date, window, group size, waiting list."""

    booking_required = BooleanField(_l("Bezoekers reserveren een plaats"))
    capacity = WholeNumberField(
        _l("Plaatsen per datum"), validators=[Optional(), _at_least_one_seat()],
        description=_l("Leeg laten: geen maximum. Eén datum kan een eigen aantal krijgen "
                       "bij de deelnemerslijst."))
    max_group = WholeNumberField(
        _l("Meeste plaatsen per reservering"), default=1,
        validators=[InputRequired(_l("Vul een aantal in.")),
                    NumberRange(min=1, max=500, message=_l("Kies een aantal van 1 tot 500."))],
        description=_l("Meer dan 1: een docent kan voor een groep of klas reserveren."))
    waitlist = BooleanField(_l("Wachtlijst als een datum vol is"), default=True)
    opens_days = WholeNumberField(
        _l("Reserveren kan vanaf (dagen voor de datum)"),
        validators=[Optional(),
                    NumberRange(min=0, max=365, message=_l("Kies 0 tot 365 dagen."))],
        description=_l("Leeg laten: meteen na publicatie."))
    closes_hours = WholeNumberField(
        _l("Reserveren sluit (aantal uur voor de start)"), default=0,
        validators=[InputRequired(_l("Vul een aantal uur in.")),
                    NumberRange(min=0, max=720, message=_l("Kies 0 tot 720 uur."))])


class DateCapacityForm(BaseForm):
    capacity = WholeNumberField(
        _l("Plaatsen op deze datum"), validators=[Optional(), _at_least_one_seat()],
        description=_l("Leeg laten: zoals bij de activiteit."))


class MessageForm(BaseForm):
    message = TextAreaField(_l("Bericht"), validators=[
        DataRequired(_l("Schrijf een bericht.")),
        _max(2000, _l("Houd het bericht korter dan 2000 tekens."))])
    include_waitlist = BooleanField(_l("Ook naar wie op de wachtlijst staat"))
