"""Check-in at the door: a booking's own signed QR code, and ticking people off from a
phone that may have been offline.

The code holds the booking's id and date, signed with the app's secret (it is not the
manage link: whoever sees it can only be let in, not cancel). Check-ins are idempotent
per booking: marking someone attended twice, from one phone or from two at once, counts
once, and the earliest time of the check-ins wins.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import segno
import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadData, URLSafeSerializer
from sqlalchemy.orm import Session, selectinload

from hubsite.agenda.models import Occurrence
from hubsite.bookings.models import (
    BOOKING_ATTENDED,
    BOOKING_CONFIRMED,
    BOOKING_NO_SHOW,
    SEAT_HOLDING,
    Booking,
)
from hubsite.dates import local_datetime, local_time
from hubsite.timeutil import to_utc_naive, utcnow

if TYPE_CHECKING:
    from hubsite.accounts.models import User

SALT = "booking-check-in"
# What a code looks like before its signature is even checked (a long paste is no code).
MAX_CODE_LENGTH = 200
# Times a phone gives for an offline check-in are believed within this much of the date.
EARLIEST_BEFORE_START = timedelta(hours=12)

# The outcomes of one check-in, as the check-in page names them.
CHECKED_IN = "checked_in"
ALREADY = "already"
INVALID = "invalid"
OTHER_DATE = "other_date"
OTHER_ACTIVITY = "other_activity"
NOT_BOOKED = "not_booked"


class CheckInProblem(Exception):
    """A code or booking that cannot be checked in here; `kind` says why (INVALID, …)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class CheckIn:
    """What a check-in came to: whether this one counted (`first`) or someone was
    checked in before (ALREADY), and the time and host of the check-in that counts."""

    booking: Booking
    first: bool

    @property
    def outcome(self) -> str:
        return CHECKED_IN if self.first else ALREADY


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=SALT)


def code_for(booking: Booking) -> str:
    """The booking's check-in code: its id and date, signed."""
    return _serializer().dumps([booking.id, booking.occurrence_id])


def qr_svg(booking: Booking, scale: int = 6) -> str:
    """The check-in code as an SVG QR code (for the manage page)."""
    qr = segno.make(code_for(booking), error="m", micro=False)
    out = io.BytesIO()
    qr.save(out, kind="svg", scale=scale, border=4, xmldecl=False, svgns=True,
            title=_("Je code om in te checken"), svgclass="checkin-qr__code", lineclass=None,
            omitsize=True)
    return out.getvalue().decode()


def qr_png(booking: Booking, scale: int = 8) -> bytes:
    """The check-in code as a PNG QR code (for mail, where SVG is not shown)."""
    out = io.BytesIO()
    segno.make(code_for(booking), error="m", micro=False).save(out, kind="png", scale=scale,
                                                              border=4)
    return out.getvalue()


def read_code(code: str) -> tuple[int, int]:
    """The (booking id, occurrence id) a code stands for; CheckInProblem(INVALID) when
    it is no code of this site, or was changed."""
    code = (code or "").strip()
    try:
        if not code or len(code) > MAX_CODE_LENGTH:
            raise BadData("no code")
        value = _serializer().loads(code)
        booking_id, occurrence_id = value
        if not (isinstance(booking_id, int) and isinstance(occurrence_id, int)):
            raise BadData("not two numbers")
    except (BadData, TypeError, ValueError):
        raise CheckInProblem(INVALID, _("Deze code kennen we niet. Zoek de persoon op naam.")
                             ) from None
    return booking_id, occurrence_id


def booking_for_code(session: Session, occurrence: Occurrence, code: str) -> Booking:
    """The booking a scanned code stands for, if it is one for this date; else a
    CheckInProblem that says for which date or activity it is."""
    booking_id, occurrence_id = read_code(code)
    booking = session.get(Booking, booking_id)
    if booking is None or booking.occurrence_id != occurrence_id:
        raise CheckInProblem(INVALID, _("Deze reservering bestaat niet meer."))
    if occurrence_id != occurrence.id:
        other = booking.occurrence
        when = local_datetime(other.starts_at)
        if other.event_id == occurrence.event_id:
            raise CheckInProblem(OTHER_DATE, _(
                "Deze code is voor een andere datum: %(when)s.", when=when))
        raise CheckInProblem(OTHER_ACTIVITY, _(
            "Deze code is voor een andere activiteit: “%(title)s”, %(when)s.",
            title=other.title, when=when))
    return booking


def check_in(session: Session, booking: Booking, by: User | None, at: datetime | None = None,
             now: datetime | None = None) -> CheckIn:
    """Mark a booking attended, once: a second check-in (from this phone or another)
    changes nothing but an earlier time. `at` is when the host tapped (a phone that was
    offline sends it later); a time the date makes unlikely is replaced by `now`.

    The change is one conditional UPDATE, so two hosts at once cannot both count.
    """
    now = now or utcnow()
    occurrence = booking.occurrence
    if at is None or not (occurrence.starts_at - EARLIEST_BEFORE_START <= at <= now):
        at = now
    by_id = by.id if by is not None else None
    checked_in = session.execute(
        sa.update(Booking)
        .where(Booking.id == booking.id,
               Booking.status.in_((BOOKING_CONFIRMED, BOOKING_NO_SHOW)))
        .values(status=BOOKING_ATTENDED, checked_in_at=at, checked_in_by_id=by_id,
                updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    if not checked_in:
        # Checked in before: an offline check-in that happened earlier takes its place.
        session.execute(
            sa.update(Booking)
            .where(Booking.id == booking.id, Booking.status == BOOKING_ATTENDED,
                   Booking.checked_in_at > at)
            .values(checked_in_at=at, checked_in_by_id=by_id)
            .execution_options(synchronize_session=False))
    session.flush()
    session.refresh(booking)
    if booking.status != BOOKING_ATTENDED:
        raise CheckInProblem(NOT_BOOKED, _(
            "%(name)s heeft geen plaats (meer) voor deze datum.",
            name=booking.name or _("(gegevens verwijderd)")))
    first = booking.checked_in_at == at and booking.checked_in_by_id == by_id
    return CheckIn(booking, first)


def time_label(moment: datetime | None) -> str:
    """A stored moment as the local clock time hosts see ("14:05")."""
    return local_time(moment) if moment else ""


def booking_entry(booking: Booking) -> dict[str, Any]:
    """One booking as the check-in page keeps it on the phone."""
    attended = booking.status == BOOKING_ATTENDED
    return {
        "id": booking.id,
        "code": code_for(booking),
        "name": booking.name or _("(gegevens verwijderd)"),
        "organisation": booking.organisation,
        "seats": booking.seats,
        "attended": attended,
        "checked_in_at": (booking.checked_in_at.isoformat(timespec="seconds") + "Z")
        if attended and booking.checked_in_at else None,
        "checked_in_time": time_label(booking.checked_in_at) if attended else "",
        "checked_in_by": (booking.checked_in_by.name if booking.checked_in_by else "")
        if attended else "",
    }


def door_list(session: Session, occurrence: Occurrence) -> list[Booking]:
    """Everyone with a seat on a date, by name: who may come in."""
    return list(session.scalars(
        sa.select(Booking)
        .where(Booking.occurrence_id == occurrence.id, Booking.status.in_(SEAT_HOLDING))
        .options(selectinload(Booking.checked_in_by))
        .order_by(sa.func.lower(Booking.name), Booking.id)))


def outcome_entry(result: CheckIn) -> dict[str, Any]:
    """A check-in's answer for the page: what happened, and the booking as it is now."""
    entry = booking_entry(result.booking)
    entry["result"] = result.outcome
    if result.first:
        entry["message"] = _("%(name)s is ingecheckt.", name=entry["name"])
    else:
        entry["message"] = _("%(name)s was al ingecheckt om %(time)s.", name=entry["name"],
                             time=entry["checked_in_time"])
    return entry


def problem_entry(problem: CheckInProblem) -> dict[str, Any]:
    """A refused check-in's answer for the page: why (INVALID, OTHER_DATE, …) and the words."""
    return {"result": problem.kind, "message": str(problem)}


def parse_client_time(value: Any) -> datetime | None:
    """The time a phone says a check-in happened ("2026-12-05T13:02:11.000Z") as a
    stored moment; None when it is not one."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return to_utc_naive(moment)
