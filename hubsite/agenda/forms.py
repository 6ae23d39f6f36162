"""Forms of the agenda: an activity, one date, an extra date, a confirmation."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from hubsite.agenda.models import AUDIENCES
from hubsite.agenda.recurrence import MAX_DATES, WEEKDAY_CODES, Recurrence
from hubsite.agenda.services import SCOPE_ALL, SCOPE_FOLLOWING, SCOPE_THIS
from hubsite.forms import BaseForm

AUDIENCE_LABELS = {
    "iedereen": _l("Iedereen"), "vmbo": _l("Vmbo-leerlingen"), "mbo": _l("Mbo-studenten"),
    "hbo": _l("Hbo-studenten"), "bedrijven": _l("Bedrijven en ondernemers"),
    "overheid": _l("Overheid"), "docenten": _l("Docenten en begeleiders"),
}
WEEKDAY_LABELS = (_l("maandag"), _l("dinsdag"), _l("woensdag"), _l("donderdag"), _l("vrijdag"),
                  _l("zaterdag"), _l("zondag"))


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (rendered as a fieldset by the templates)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def options(pairs) -> list[SelectChoice]:
    """Choices as WTForms wants them (tuples are deprecated)."""
    return [SelectChoice(value, label) for value, label in pairs]


def type_choices(pairs) -> list[SelectChoice]:
    """The activity types after a placeholder, so that the host chooses one on purpose."""
    return [SelectChoice("", _l("Kies een soort activiteit")), *options(pairs)]


def _optional_int(value: str | int | None) -> int | None:
    if value in (None, "", "None"):
        return None
    return int(value)


def _chosen_id(value: str | int | None) -> int | None:
    """A chosen id; anything that is not a number counts as no choice (the field says so)."""
    try:
        return _optional_int(value)
    except ValueError:
        return None


class DateTimesMixin:
    """Day, start time and end time, as in every form with a date."""

    date = DateField(_l("Datum"), validators=[InputRequired(_l("Kies een datum."))])
    start_time = TimeField(_l("Begintijd"), validators=[InputRequired(_l("Kies een begintijd."))])
    end_time = TimeField(_l("Eindtijd"), validators=[InputRequired(_l("Kies een eindtijd."))])

    def local_times(self) -> tuple[datetime, datetime]:
        """Start and end as naive local datetimes (the end may pass midnight)."""
        start = datetime.combine(self.date.data, self.start_time.data)
        end_day: date = self.date.data
        end_date_field = getattr(self, "end_date", None)
        if end_date_field is not None and end_date_field.data:
            end_day = end_date_field.data
        end = datetime.combine(end_day, self.end_time.data)
        return start, end


class EventForm(DateTimesMixin, BaseForm):
    """An activity: what, when (and how often), where, for whom."""

    # No type is chosen for the host: the first choice is a placeholder (see `type_choices`).
    activity_type = SelectField(_l("Soort activiteit"), coerce=_chosen_id,
                                validators=[DataRequired(_l("Kies een soort activiteit."))])
    title = StringField(_l("Titel"), validators=[DataRequired(_l("Vul een titel in.")),
                                                 Length(max=200, message=_l(
                                                     "Gebruik hoogstens 200 tekens."))])
    summary = StringField(_l("Korte samenvatting"),
                          description=_l("Eén of twee zinnen voor in de agenda."),
                          validators=[Optional(), Length(max=300, message=_l(
                              "Gebruik hoogstens 300 tekens."))])
    description = TextAreaField(
        _l("Beschrijving"),
        description=_l("Je kunt Markdown gebruiken: **vet**, *schuin*, lijstjes met - en links."),
        validators=[Optional(), Length(max=20000, message=_l("Gebruik hoogstens 20.000 tekens."))])
    end_date = DateField(_l("Einddatum (alleen als het na middernacht doorloopt)"),
                         validators=[Optional()])

    repeat = SelectField(_l("Herhaling"), choices=options([
        ("", _l("Eenmalig")), ("DAILY", _l("Dagelijks")), ("WEEKLY", _l("Wekelijks")),
        ("MONTHLY", _l("Maandelijks"))]), default="", validate_choice=True)
    interval = IntegerField(_l("Om de hoeveel dagen, weken of maanden"), default=1,
                            validators=[Optional(), NumberRange(1, 52, _l(
                                "Kies een getal van 1 tot en met 52."))])
    weekdays = CheckboxesField(_l("Op welke dagen (wekelijks)"),
                               choices=options(zip(WEEKDAY_CODES, WEEKDAY_LABELS, strict=True)))
    monthly_by = RadioField(_l("Maandelijks op"), default="date", choices=options([
        ("date", _l("dezelfde datum (bijvoorbeeld elke 14e)")),
        ("weekday", _l("dezelfde weekdag (bijvoorbeeld elke eerste maandag)"))]))
    ends = RadioField(_l("Tot wanneer"), default="count", choices=options([
        ("count", _l("een aantal keer")), ("until", _l("tot en met een datum"))]))
    count = IntegerField(_l("Aantal keer"), default=5,
                         validators=[Optional(), NumberRange(1, MAX_DATES, _l(
                             "Kies een aantal van 1 tot en met %(max)s.", max=MAX_DATES))])
    until = DateField(_l("Tot en met"), validators=[Optional()])
    skip_holidays = BooleanField(
        _l("Sla feestdagen en schoolvakanties over"),
        description=_l("Die datums komen er wel in, als geannuleerd met de reden “vakantie”; "
                       "je kunt ze één voor één terugzetten."))

    room = StringField(_l("Ruimte in de hub"), description=_l("Bijvoorbeeld: de werkplaats."),
                       validators=[Optional(), Length(max=120)])
    address = StringField(_l("Of een ander adres"),
                          description=_l("Alleen invullen als het niet in de hub is."),
                          validators=[Optional(), Length(max=200)])
    online_url = URLField(_l("Online meedoen (link)"), validators=[
        Optional(), URL(message=_l("Vul een volledige link in, beginnend met https://.")),
        Length(max=500)])
    organisation = SelectField(_l("Organiserende partnerorganisatie"), coerce=_optional_int,
                               validators=[Optional()])
    hosting_students = StringField(_l("Studenten die ontvangen"),
                                   validators=[Optional(), Length(max=300)])
    audience = CheckboxesField(_l("Voor wie"),
                               choices=options((key, AUDIENCE_LABELS[key]) for key in AUDIENCES))
    accessibility = TextAreaField(_l("Toegankelijkheid"),
                                  description=_l("Bijvoorbeeld: rolstoeltoegankelijk, "
                                                 "ringleiding, prikkelarme ruimte."),
                                  validators=[Optional(), Length(max=2000)])
    image = FileField(_l("Afbeelding"), description=_l("JPEG, PNG, WebP of GIF, tot 8 MB."))
    image_alt = StringField(_l("Beschrijving van de afbeelding"),
                            description=_l("Wat is er te zien? Voor wie de afbeelding niet ziet."),
                            validators=[Optional(), Length(max=300)])
    remove_image = BooleanField(_l("Afbeelding verwijderen"))
    booking_required = BooleanField(_l("Bezoekers reserveren een plaats"))
    capacity = IntegerField(_l("Aantal plaatsen per datum"),
                            description=_l("Leeg laten als er geen maximum is."),
                            validators=[Optional(), NumberRange(1, 10000, _l(
                                "Kies een aantal van 1 tot en met 10.000."))])
    # The other booking settings, stored on the activity. The ranges are those of the
    # booking settings page (hubsite.bookings.forms.SettingsForm); a change of them is
    # announced by `agenda.signals.event_changed`, on which bookings gives new seats to
    # the waiting list, as the settings page does.
    booking_settings = HiddenField()  # "1" when the form showed the fieldset
    booking_max_group = IntegerField(
        _l("Meeste plaatsen per reservering"), default=1,
        description=_l("Meer dan 1: een docent kan voor een groep of klas reserveren."),
        validators=[Optional(), NumberRange(1, 500, _l("Kies een aantal van 1 tot 500."))])
    booking_waitlist = BooleanField(_l("Wachtlijst als een datum vol is"), default=True)
    booking_opens_days = IntegerField(
        _l("Reserveren kan vanaf (dagen voor de datum)"),
        description=_l("Leeg laten: meteen na publicatie."),
        validators=[Optional(), NumberRange(0, 365, _l("Kies 0 tot 365 dagen."))])
    booking_closes_hours = IntegerField(
        _l("Reserveren sluit (uren voor de start)"), default=0,
        validators=[Optional(), NumberRange(0, 720, _l("Kies 0 tot 720 uur."))])

    def recurrence(self) -> Recurrence | None:
        """The chosen recurrence, or None for a one-off activity."""
        if not self.repeat.data:
            return None
        until = self.until.data if self.ends.data == "until" else None
        count = self.count.data if self.ends.data == "count" else None
        return Recurrence(self.repeat.data, self.interval.data or 1,
                          tuple(self.weekdays.data or ()), self.monthly_by.data or "date",
                          until, count)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.repeat.data:
            if self.ends.data == "until" and not self.until.data:
                self.until.errors.append(_l("Kies tot en met welke datum."))
                ok = False
            if self.ends.data == "count" and not self.count.data:
                self.count.errors.append(_l("Vul in hoe vaak."))
                ok = False
        if self.image.data and getattr(self.image.data, "filename", "") \
                and not (self.image_alt.data or "").strip():
            self.image_alt.errors.append(_l("Beschrijf wat er op de afbeelding te zien is."))
            ok = False
        return ok

    def content(self) -> dict:
        """The activity's fields as the services take them."""
        return {
            "title": self.title.data.strip(),
            "summary": (self.summary.data or "").strip(),
            "description": self.description.data or "",
            "room": (self.room.data or "").strip(),
            "address": (self.address.data or "").strip(),
            "online_url": (self.online_url.data or "").strip(),
            "organisation_id": self.organisation.data,
            "hosting_students": (self.hosting_students.data or "").strip(),
            "audience": ",".join(a for a in AUDIENCES if a in (self.audience.data or [])),
            "accessibility": (self.accessibility.data or "").strip(),
            "image_alt": (self.image_alt.data or "").strip(),
            "booking_required": bool(self.booking_required.data),
            "capacity": self.capacity.data,
            "skip_holidays": bool(self.repeat.data and self.skip_holidays.data),
            **self.booking_settings_values(),
        }

    def booking_settings_values(self) -> dict:
        """Group size, waiting list and booking window, when the form showed them (a
        request made without the fieldset leaves them as they are)."""
        if not self.booking_settings.data:
            return {}
        return {
            "booking_max_group": self.booking_max_group.data or 1,
            "booking_waitlist": bool(self.booking_waitlist.data),
            "booking_opens_days": self.booking_opens_days.data,
            "booking_closes_hours": self.booking_closes_hours.data or 0,
        }


class DateChangeForm(DateTimesMixin, BaseForm):
    """Change one date, or this and the following ones, or all of them."""

    scope = RadioField(_l("Voor welke datums"), default=SCOPE_THIS, choices=options([
        (SCOPE_THIS, _l("Alleen deze datum")),
        (SCOPE_FOLLOWING, _l("Deze en volgende datums")),
        (SCOPE_ALL, _l("Alle datums"))]),
        validators=[InputRequired(_l("Kies voor welke datums de wijziging geldt."))])
    title = StringField(_l("Titel"), validators=[DataRequired(_l("Vul een titel in.")),
                                                 Length(max=200, message=_l(
                                                     "Gebruik hoogstens 200 tekens."))])
    room = StringField(_l("Ruimte in de hub"), validators=[Optional(), Length(max=120)])
    address = StringField(_l("Of een ander adres"), validators=[Optional(), Length(max=200)])
    note = StringField(_l("Opmerking bij deze datum"),
                       description=_l("Bijvoorbeeld: let op, een uur later dan gewoonlijk."),
                       validators=[Optional(), Length(max=500)])


class ExtraDateForm(DateTimesMixin, BaseForm):
    """Add a date by hand."""


class CancelForm(BaseForm):
    """Confirm a cancellation (the CSRF token is what matters)."""

    note = StringField(_l("Reden (optioneel, zichtbaar bij de datum)"),
                       validators=[Optional(), Length(max=500)])
