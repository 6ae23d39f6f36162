"""Fixtures for the feed tests: a year of activities across both daylight-saving changes."""

from __future__ import annotations

from datetime import datetime

import pytest

from hubsite.agenda import services as agenda
from hubsite.agenda.models import STATUS_DRAFT
from hubsite.agenda.recurrence import Recurrence
from hubsite.extensions import db


@pytest.fixture
def year(hub, other_hub, make_event, make_activity_type):
    """A year of activities across both daylight-saving changes (28 March, 31 October 2027)."""
    gastles = make_activity_type("gastles", "Gastles", "Guest lesson")
    weekly = make_event(hub, starts_at=datetime(2027, 1, 5, 14), title="Open inloop",
                        recurrence=Recurrence("WEEKLY", weekdays=("TU",), count=52))
    monthly = make_event(hub, starts_at=datetime(2027, 1, 14, 19, 30),
                         ends_at=datetime(2027, 1, 14, 21), title="Ondernemerscafé",
                         activity_type=gastles,
                         recurrence=Recurrence("MONTHLY", monthly_by="weekday", count=12))
    one_off = make_event(hub, starts_at=datetime(2027, 10, 31, 10), title="Rondleiding")
    elsewhere = make_event(other_hub, starts_at=datetime(2027, 4, 6, 9), title="Werkgroep",
                           recurrence=Recurrence("WEEKLY", weekdays=("TU", "TH"), count=20))
    draft = make_event(hub, starts_at=datetime(2027, 5, 5, 9), title="Geheim concept",
                       status=STATUS_DRAFT)

    dates = weekly.occurrences
    agenda.cancel_occurrence(db.session, dates[12])  # 30 March, just after the change to summer
    agenda.move_occurrence(db.session, dates[20], datetime(2027, 5, 26, 15),
                           datetime(2027, 5, 26, 17))
    agenda.change_occurrence(db.session, dates[42], agenda.SCOPE_THIS, datetime(2027, 10, 26, 14),
                             datetime(2027, 10, 26, 16), "Open inloop: pitches", "Zaal 3", "",
                             note="Met jury.")
    agenda.cancel_occurrence(db.session, monthly.occurrences[3])
    db.session.commit()
    return {"weekly": weekly, "monthly": monthly, "one_off": one_off, "elsewhere": elsewhere,
            "draft": draft}
