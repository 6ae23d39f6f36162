"""Demo bookings: a few guests, a school group and a full date with a waiting list.

Idempotent: a date that already has bookings is left alone. No mail is queued.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hubsite.accounts.models import User
from hubsite.agenda.models import OCCURRENCE_SCHEDULED, STATUS_PUBLISHED, Event, Occurrence
from hubsite.bookings import seating
from hubsite.bookings.models import Booking
from hubsite.timeutil import utcnow

GUESTS = [
    ("Noor Visser", "noor.visser@example.nl", "Gemeente Almelo", ""),
    ("Jeroen de Boer", "jeroen@bakkerijdeboer.example.nl", "Bakkerij De Boer", ""),
    ("Samira Ouali", "samira.ouali@example.nl", "", "Ik kom met de rolstoel; is er een lift?"),
    ("Lucas Smit", "lucas.smit@example.nl", "ROC van Twente", ""),
]
GROUP = ("Meneer Hendriks", "m.hendriks@example.nl", "Vmbo De Linie, klas 3B", 6,
         "We komen met de klas en twee begeleiders.")
DEMO_VISITOR = "bezoeker@example.nl"


def seed(session: Session) -> str:
    """Book the next date of a few demo activities that need booking; returns a summary."""
    now = utcnow()
    dates = session.scalars(
        sa.select(Occurrence)
        .join(Occurrence.event)
        .where(Event.booking_required.is_(True), Event.status == STATUS_PUBLISHED,
               Occurrence.status == OCCURRENCE_SCHEDULED, Occurrence.starts_at > now)
        .order_by(Occurrence.starts_at)
    ).all()
    next_dates: dict[int, Occurrence] = {}
    for occurrence in dates:
        next_dates.setdefault(occurrence.event_id, occurrence)
    chosen = list(next_dates.values())[:4]
    booked = {occurrence_id for occurrence_id in session.scalars(
        sa.select(Booking.occurrence_id).where(
            Booking.occurrence_id.in_([o.id for o in chosen])))}
    visitor = session.scalar(sa.select(User).where(User.email == DEMO_VISITOR))
    added = 0
    for n, occurrence in enumerate(chosen):
        if occurrence.id in booked:
            continue
        if n == len(chosen) - 1 and occurrence.capacity:
            added += _fill_with_waiting_list(session, occurrence)
            continue
        for name, email, organisation, remark in GUESTS[: 2 + n]:
            added += _book(session, occurrence, name, email, organisation=organisation,
                           remark=remark)
        if n == 0:
            name, email, organisation, seats, remark = GROUP
            added += _book(session, occurrence, name, email, organisation=organisation,
                           seats=seats, remark=remark)
            if visitor is not None:
                added += _book(session, occurrence, visitor.name, visitor.email, user=visitor)
    session.flush()
    return f"bookings: {added} demo bookings added"


def _fill_with_waiting_list(session: Session, occurrence: Occurrence) -> int:
    """Every seat taken, and two people waiting."""
    added = 0
    for n in range(occurrence.capacity + 2):
        added += _book(session, occurrence, f"Deelnemer {n + 1}",
                       f"deelnemer{n + 1}.{occurrence.id}@example.nl")
    return added


def _book(session: Session, occurrence: Occurrence, name: str, email: str, **fields) -> int:
    # As the hosts would (outside the window too), but shown as the guest's own booking.
    booking = seating.book(session, occurrence.id, name=name, email=email, by_host=True,
                            notify=False, **fields)
    booking.added_by_host = False
    return 1
