"""The pinboard's forms: a post, a comment, a report, a board and its sections."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional

from hubsite.forms import BaseForm
from hubsite.pinboard.models import COLOURS, KINDS, LAYOUTS, MODERATION, STATES, WHO_MAY_POST


def kind_labels() -> dict[str, str]:
    return {"vraag": _l("Vraag"), "aanbod": _l("Aanbod"), "idee": _l("Idee"),
            "nieuws": _l("Nieuws"), "oproep": _l("Oproep")}


def state_labels() -> dict[str, str]:
    return {"open": _l("Open"), "in_gesprek": _l("In gesprek"), "gematcht": _l("Gematcht"),
            "afgerond": _l("Afgerond")}


def colour_labels() -> dict[str, str]:
    return {"wit": _l("Wit"), "geel": _l("Geel"), "groen": _l("Groen"), "blauw": _l("Blauw"),
            "roze": _l("Roze"), "paars": _l("Paars")}


def options(pairs) -> list[SelectChoice]:
    """Choices as WTForms wants them (tuples are deprecated)."""
    return [SelectChoice(value, label) for value, label in pairs]


def _max(length: int):
    return Length(max=length, message=_l("Houd dit korter dan %(max)d tekens.", max=length))


class BotTrap:
    """The shared bot trap (`hubsite.antibot`) for forms visitors may send."""

    website = StringField(_l("Laat dit veld leeg"))
    started = HiddenField()


class PostForm(BaseForm, BotTrap):
    """A post: what kind, a title, text, an optional link and picture, a colour."""

    kind = RadioField(_l("Soort bericht"), choices=options((k, k) for k in KINDS), default="vraag",
                      validators=[DataRequired(_l("Kies wat voor bericht het is."))])
    title = StringField(_l("Titel"), validators=[
        DataRequired(_l("Geef je bericht een titel.")), _max(140)])
    body = TextAreaField(_l("Tekst"), validators=[Optional(), _max(5000)],
                         description=_l("Je kunt Markdown gebruiken: **vet**, *schuin*, "
                                        "lijstjes met -, links als [tekst](https://…)."))
    section = SelectField(_l("Kolom"), coerce=int, validate_choice=False)
    link_url = StringField(_l("Link (niet verplicht)"), validators=[Optional(), _max(500)])
    link_title = StringField(_l("Titel van de link (niet verplicht)"),
                             validators=[Optional(), _max(140)])
    image = FileField(_l("Afbeelding (niet verplicht)"),
                      description=_l("JPEG, PNG, WebP of GIF, tot 8 MB."))
    image_alt = StringField(_l("Beschrijving van de afbeelding"),
                            validators=[Optional(), _max(300)],
                            description=_l("Voor wie de afbeelding niet ziet."))
    remove_image = BooleanField(_l("Afbeelding verwijderen"))
    colour = RadioField(_l("Kleur"), choices=options((c, c) for c in COLOURS), default="wit")
    display_name = StringField(_l("Je naam"), validators=[Optional(), _max(80)],
                               description=_l("Zo staat je naam bij je bericht."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = options(kind_labels().items())
        self.colour.choices = options(colour_labels().items())


class CommentForm(BaseForm, BotTrap):
    body = TextAreaField(_l("Je reactie"), validators=[
        DataRequired(_l("Schrijf je reactie.")), _max(2000)])
    display_name = StringField(_l("Je naam"), validators=[Optional(), _max(80)])
    parent_id = HiddenField()


class ReportForm(BaseForm):
    reason = TextAreaField(_l("Waarom meld je dit bericht?"), validators=[
        DataRequired(_l("Schrijf waarom je dit bericht meldt.")), _max(500)])


class BoardForm(BaseForm):
    """A board's title, description and settings."""

    title = StringField(_l("Titel"), validators=[DataRequired(_l("Geef het prikbord een titel.")),
                                                 _max(120)])
    description = TextAreaField(_l("Beschrijving"), validators=[Optional(), _max(2000)])
    layout = RadioField(_l("Weergave"), default="wall")
    who_may_post = RadioField(_l("Wie mag plaatsen"), default="anyone")
    moderation = RadioField(_l("Controle vooraf"), default="visitors")
    reactions_on = BooleanField(_l("‘Handig’ aan"), default=True)
    comments_on = BooleanField(_l("Reacties aan"), default=True)
    archived = BooleanField(_l("Gearchiveerd (alleen lezen)"))
    blocked_words = TextAreaField(_l("Extra woorden die een bericht laten controleren"),
                                  validators=[Optional(), _max(5000)],
                                  description=_l("Eén woord per regel."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.layout.choices = options(zip(LAYOUTS, (_l("Muur (raster van kaarten)"),
                                                 _l("Kolommen (per kolom)"),
                                                 _l("Stroom (nieuwste eerst)")), strict=True))
        self.who_may_post.choices = options(zip(WHO_MAY_POST, (
            _l("Iedereen, ook bezoekers zonder account"), _l("Mensen met een account"),
            _l("Alleen het hubteam")), strict=True))
        self.moderation.choices = options(zip(MODERATION, (
            _l("Meteen zichtbaar"), _l("Elk bericht eerst controleren"),
            _l("Berichten van bezoekers zonder account eerst controleren")), strict=True))


class SectionForm(BaseForm):
    name = StringField(_l("Naam van de kolom"), validators=[
        DataRequired(_l("Geef de kolom een naam.")), _max(80)])


class StateForm(BaseForm):
    state = SelectField(_l("Stand"), choices=options((s, s) for s in STATES))


class FollowForm(BaseForm):
    """A visitor follows a post by e-mail (confirmed by a mailed link first)."""

    email = StringField(_l("Je e-mailadres"), validators=[
        DataRequired(_l("Vul je e-mailadres in.")), _max(254),
        Email(_l("Dit is geen geldig e-mailadres, bijvoorbeeld naam@school.nl."),
              check_deliverability=False)],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        description=_l("Je krijgt eerst een mail om te bevestigen. We tonen je adres aan "
                       "niemand."))
