"""The words for offer kinds, dagdelen, levels and months, in the visitor's language."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from hubsite.collaboration.models import (
    AFTERNOON,
    EVENING,
    KIND_ASSIGNMENT,
    KIND_GUEST_LESSON,
    KIND_ORIENTATION,
    KIND_OTHER,
    KIND_PROJECT,
    KIND_VISIT,
    MORNING,
)

KIND_LABELS = {
    KIND_VISIT: _l("Bedrijfsbezoek"),
    KIND_GUEST_LESSON: _l("Gastles"),
    KIND_ASSIGNMENT: _l("Keuzevak of praktijkopdracht"),
    KIND_PROJECT: _l("Project"),
    KIND_ORIENTATION: _l("Stage-oriëntatie"),
    KIND_OTHER: _l("Anders"),
}

DAYPART_LABELS = {MORNING: _l("ochtend"), AFTERNOON: _l("middag"), EVENING: _l("avond")}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def daypart_label(daypart: str) -> str:
    return str(DAYPART_LABELS.get(daypart, daypart))


def month_name(month: int) -> str:
    """The month's name ("september"), in the visitor's language."""
    return format_date(date(2000, month, 1), "LLLL")
