"""Booking a seat, the personal booking link, and the hosts' attendee list and check-in."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy.orm import joinedload

from hubsite import data_version, page_cache
from hubsite.accounts import services as account_services
from hubsite.accounts.permissions import require
from hubsite.agenda.models import STATUS_DRAFT, Event, Occurrence
from hubsite.bookings import calendar as booking_calendar
from hubsite.bookings import (
    checkin,
    dashboard,
    hosts,
    notifications,
    panels,
    privacy,
    queries,
    receivers,
    seating,
)
from hubsite.bookings.antibot import STAMP_HOLE, bot_problem, form_stamp, form_stamp_or_hole
from hubsite.bookings.forms import (
    DateCapacityForm,
    GuestBookingForm,
    HostBookingForm,
    MessageForm,
    QuickBookingForm,
    SettingsForm,
)
from hubsite.bookings.models import BOOKINGS_KIND, Booking
from hubsite.confirming import confirmation_page
from hubsite.extensions import configured_limit, db, limiter
from hubsite.hubs.permissions import is_hub_team
from hubsite.i18n import current_language
from hubsite.rendering import refuse, render, wants_fragment
from hubsite.timeutil import to_local, utcnow
from hubsite.urls import absolute_url

bp = Blueprint("bookings", __name__)


@bp.record_once
def _init_app(state) -> None:
    panels.init_app(state.app)
    dashboard.init_app(state.app)
    receivers.init_app(state.app)


# -- Helpers ---------------------------------------------------------------------------


def _occurrence_or_404(occurrence_id: int) -> Occurrence:
    """A date of an activity people may see (drafts only for their hub team)."""
    occurrence = db.session.get(Occurrence, occurrence_id,
                                options=[joinedload(Occurrence.event, innerjoin=True)])
    if occurrence is None:
        abort(404)
    if occurrence.event.status == STATUS_DRAFT and not is_hub_team(current_user,
                                                                      occurrence.event.hub):
        abort(404)
    return occurrence


def _team_occurrence(occurrence_id: int) -> Occurrence:
    """A date whose bookings the current person manages, else 401/403/404."""
    occurrence = db.session.get(Occurrence, occurrence_id)
    if occurrence is None:
        abort(404)
    require(is_hub_team(current_user, occurrence.event.hub))
    return occurrence


def _team_booking(booking_id: int) -> Booking:
    booking = db.session.get(Booking, booking_id)
    if booking is None:
        abort(404)
    require(is_hub_team(current_user, booking.occurrence.event.hub))
    return booking


@bp.app_context_processor
def _booking_helpers() -> dict[str, Any]:
    return {"booking_form_stamp": form_stamp_or_hole,
            "booking_calendar_links": notifications.calendar_links}




def _email_key() -> str:
    if current_user.is_authenticated:
        return f"booking-user:{current_user.id}"
    return "booking-email:" + account_services.normalise_email(request.form.get("email", ""))


# -- Booking -----------------------------------------------------------------------------


def _render_date(occurrence: Occurrence, form: Any = None, status: int = 200,
                 error: str | None = None, booked: Booking | None = None,
                 avail: seating.Availability | None = None) -> Response:
    """The booking page of one date; for htmx just its item in the list of dates."""
    if avail is None:
        avail = seating.availability_by_date(db.session, [occurrence])[occurrence.id]
    mine = queries.active_bookings_of_user(db.session, current_user, [occurrence.id])
    if form is None and avail.can_book and not mine:
        form = QuickBookingForm() if current_user.is_authenticated else \
            page_cache.form(GuestBookingForm)
    return render("bookings/book.html", block="booking_date", status=status,
                  occurrence=occurrence, event=occurrence.event, avail=avail,
                  mine=mine.get(occurrence.id), form=form, error=error, booked=booked,
                  show_form=True, place=notifications.place_of(occurrence))


@bp.route("/datums/<int:occurrence_id>/reserveren", methods=["GET", "POST"])
@limiter.limit(configured_limit("BOOKING_RATE_LIMIT"), methods=["POST"])
@limiter.limit(configured_limit("BOOKING_EMAIL_RATE_LIMIT"), methods=["POST"], key_func=_email_key)
def book(occurrence_id: int):
    """Book a seat on one date: one click when logged in, name and e-mail as a guest.

    With htmx the form swaps in place in the activity page; without JavaScript this
    is a page of its own that redirects to the booking's personal page.
    """
    occurrence = _occurrence_or_404(occurrence_id)
    if request.method == "GET":
        return _date_page(occurrence)
    guest = not current_user.is_authenticated
    form = GuestBookingForm() if guest else QuickBookingForm()
    error = None
    if form.validate_on_submit():
        error = bot_problem(form, occurrence.id) if guest else None
        if error is None:
            try:
                booking = seating.book(
                    db.session, occurrence.id,
                    name=form.name.data if guest else current_user.name,
                    email=form.email.data if guest else current_user.email,
                    seats=form.seats.data,
                    organisation=form.organisation.data if guest else "",
                    remark=form.remark.data if guest else "",
                    user=None if guest else current_user,
                    locale=current_language(),
                )
            except seating.BookingError as problem:
                db.session.rollback()
                if problem.field and hasattr(form, problem.field):
                    getattr(form, problem.field).errors.append(str(problem))
                else:
                    error = str(problem)
            else:
                db.session.commit()
                return _booked(booking)
    return _render_date(occurrence, form, status=422, error=error)


def _date_page(occurrence: Occurrence) -> Response:
    """The booking form of a date. A visitor who is not logged in sees what every such
    visitor sees, so it is rendered once and kept, with holes for the session's CSRF
    token and the moment the form was shown.

    Of bookings the page shows only this date's availability, so the copy is kept by that
    and by the versions of the other kinds of data, not by the version of bookings, which
    every booking of any date moves."""
    avail = seating.availability_by_date(db.session, [occurrence])[occurrence.id]
    kinds = [kind for kind in data_version.all_kinds() if kind != BOOKINGS_KIND]
    return page_cache.kept_with_holes(
        lambda: _render_date(occurrence, avail=avail),
        {STAMP_HOLE: lambda: form_stamp(occurrence.id)},
        occurrence.id, avail.state, avail.seats_left, avail.counts.waiting, kinds=kinds)


def _booked(booking: Booking) -> Response:
    """After booking: the item in place (htmx) or the booking's own page."""
    message = (_("Je reservering is bevestigd. We hebben je een e-mail gestuurd.")
               if booking.status == "confirmed" else
               _("De datum is vol: je staat op de wachtlijst. Komt er een plaats vrij, dan krijg "
                 "je automatisch een e-mail."))
    if wants_fragment():
        return _render_date(booking.occurrence, booked=booking)
    flash(message, "success")
    return redirect(url_for("bookings.manage", token=booking.token), code=303)


# -- The personal link ------------------------------------------------------------------


def _booking_by_token_or_404(token: str) -> Booking:
    booking = queries.booking_by_token(db.session, token)
    if booking is None:
        abort(refuse(_("Deze reservering bestaat niet (meer). Controleer de link uit "
                       "je e-mail, of reserveer opnieuw."), status=404))
    return booking


def _can_cancel(booking: Booking) -> bool:
    """Whether the person may still cancel (or leave the waiting list) themselves."""
    return (booking.status in ("confirmed", "waitlisted")
            and booking.occurrence.starts_at > utcnow())


def _render_manage(booking: Booking, status: int = 200, error: str | None = None) -> Response:
    occurrence = booking.occurrence
    # Into a calendar: a booking that still stands, for a date that goes ahead.
    active = booking.status in ("confirmed", "waitlisted") and not occurrence.is_cancelled
    # After cancelling, "Opnieuw reserveren" only where booking that date is still open.
    can_rebook = (booking.status == "cancelled" and
                  seating.availability_by_date(db.session, [occurrence])[occurrence.id].can_book)
    return render("bookings/manage.html", block="booking_manage", status=status,
                  booking=booking, occurrence=occurrence, event=occurrence.event,
                  place=notifications.place_of(occurrence),
                  position=queries.waitlist_position(db.session, booking),
                  can_cancel=_can_cancel(booking),
                  can_rebook=can_rebook,
                  add_links=notifications.calendar_links(booking) if active else None,
                  manage_url=absolute_url("bookings.manage", token=booking.token),
                  checkin_qr=Markup(checkin.qr_svg(booking)) if (
                      booking.status == "confirmed" and not occurrence.is_cancelled) else None,
                  error=error)


@bp.get("/bookings/<token>")
def manage(token: str):
    """See and cancel one booking without logging in (the link from the e-mail)."""
    return _private(_render_manage(_booking_by_token_or_404(token)))


def _private(response: Response) -> Response:
    # The token is the key to the booking: keep it out of other sites' logs.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/bookings/<token>/annuleren", methods=["GET", "POST"])
def cancel(token: str):
    """Cancel through the personal link; the seat goes to the first on the waiting list.

    GET asks first (the second step without JavaScript; see hubsite/confirming.py); with
    JavaScript the form's dialog asks (static/js/confirm.js) and the POST cancels.
    """
    booking = _booking_by_token_or_404(token)
    if request.method == "GET":
        response = confirmation_page(
            message=_("Je reservering voor “%(title)s” wordt geannuleerd.",
                      title=booking.occurrence.title),
            button=_("Annuleer mijn reservering") if booking.status == "confirmed"
            else _("Haal me van de wachtlijst"),
            action=url_for("bookings.cancel", token=token),
            back=url_for("bookings.manage", token=token))
        return _private(response)
    try:
        seating.cancel(db.session, booking)
    except seating.BookingError as problem:
        db.session.rollback()
        if wants_fragment():
            return refuse(str(problem), status=409)
        return _render_manage(booking, status=409, error=str(problem))
    db.session.commit()
    if wants_fragment():
        return _private(_render_manage(booking))
    flash(_("We hebben je een bevestiging van de annulering gestuurd."), "success")
    return redirect(url_for("bookings.manage", token=booking.token), code=303)


@bp.route("/bookings/<token>/verwijderen", methods=["GET", "POST"])
def forget(token: str):
    """Remove one's own data from a booking (cancelling it first if it is still to come).

    GET asks first (the second step without JavaScript).
    """
    booking = _booking_by_token_or_404(token)
    if request.method == "GET":
        response = confirmation_page(
            message=_("We verwijderen je naam, e-mailadres, organisatie en opmerking uit "
                      "deze reservering. Deze link werkt daarna niet meer."),
            button=_("Verwijder mijn gegevens"),
            action=url_for("bookings.forget", token=token),
            back=url_for("bookings.manage", token=token))
        response.headers["Referrer-Policy"] = "no-referrer"
        return response
    privacy.forget(db.session, booking)
    db.session.commit()
    flash(_("Je gegevens zijn verwijderd. De link naar deze reservering werkt niet meer."),
          "success")
    return redirect(url_for("pages.home"), code=303)


@bp.get("/bookings/<token>/agenda.ics")
def calendar(token: str):
    """The booked date as an .ics file for one's own calendar."""
    booking = _booking_by_token_or_404(token)
    attachment = notifications.calendar_file(booking)
    response = make_response(attachment.data)
    response.headers["Content-Type"] = attachment.content_type
    response.headers["Content-Disposition"] = f'attachment; filename="{attachment.filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


# -- The hosts: settings ----------------------------------------------------------------


@bp.route("/events/<int:event_id>/reserveringen", methods=["GET", "POST"])
@login_required
def settings(event_id: int):
    """An activity's booking settings and its dates with their counts (hub team)."""
    event = db.session.get(Event, event_id)
    if event is None:
        abort(404)
    require(is_hub_team(current_user, event.hub))
    form = SettingsForm(obj=None if request.method == "POST" else _settings_values(event))
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                promoted = hosts.update_settings(
                    db.session, event, booking_required=form.booking_required.data,
                    capacity=form.capacity.data, max_group=form.max_group.data,
                    waitlist=form.waitlist.data, opens_days=form.opens_days.data,
                    closes_hours=form.closes_hours.data)
            except seating.BookingError as problem:
                db.session.rollback()
                getattr(form, problem.field or "capacity").errors.append(str(problem))
            else:
                db.session.commit()
                flash(_("De instellingen voor reserveren zijn opgeslagen."), "success")
                if promoted:
                    flash(ngettext("%(num)d reservering van de wachtlijst heeft een plaats gekregen.",
                                   "%(num)d reserveringen van de wachtlijst hebben een plaats gekregen.",
                                   len(promoted)), "info")
                return redirect(url_for("bookings.settings", event_id=event.id), code=303)
        status = 422
    now = utcnow()
    dates = [o for o in event.occurrences if o.ends_at > now]
    past = [o for o in event.occurrences if o.ends_at <= now][-10:]
    avail = seating.availability_by_date(db.session, dates + past, now)
    return render("bookings/settings.html", status=status, event=event, form=form,
                  dates=dates, past=past, avail=avail)


def _settings_values(event: Event) -> SimpleNamespace:
    """The activity's booking settings under the names of the form's fields."""
    return SimpleNamespace(
        booking_required=event.booking_required, capacity=event.capacity,
        max_group=event.booking_max_group, waitlist=event.booking_waitlist,
        opens_days=event.booking_opens_days, closes_hours=event.booking_closes_hours)


# -- The hosts: one date at the door ----------------------------------------------------


def _render_attendees(occurrence: Occurrence, status: int = 200, **forms: Any) -> Response:
    query = request.args.get("q", "").strip()[:100]
    bookings = hosts.attendees(db.session, occurrence, query)
    counts = seating.counts_by_date(db.session, [occurrence.id])[occurrence.id]
    context = {
        "add_form": HostBookingForm(prefix="add"),
        "message_form": MessageForm(prefix="message"),
        "capacity_form": DateCapacityForm(prefix="capacity",
                                          capacity=occurrence.capacity_override),
    }
    context.update(forms)
    return render("bookings/attendees.html", status=status, occurrence=occurrence,
                  event=occurrence.event, bookings=bookings, counts=counts, q=query,
                  avail=seating.availability(occurrence, counts), **context)


@bp.get("/datums/<int:occurrence_id>/deelnemers")
@login_required
def attendees(occurrence_id: int):
    """Who is coming to a date, with counts and check-in (works well on a phone)."""
    return _render_attendees(_team_occurrence(occurrence_id))


@bp.get("/datums/<int:occurrence_id>/deelnemers.csv")
@login_required
def attendees_csv(occurrence_id: int):
    """The attendee list as a CSV file."""
    occurrence = _team_occurrence(occurrence_id)
    body = hosts.attendee_csv(hosts.attendees(db.session, occurrence))
    response = make_response(body)
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    filename = f"deelnemers-{to_local(occurrence.starts_at):%Y-%m-%d}-{occurrence.event.id}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _back_to_attendees(occurrence: Occurrence, anchor: str | None = None) -> Response:
    url = url_for("bookings.attendees", occurrence_id=occurrence.id)
    return redirect(url + (f"#{anchor}" if anchor else ""), code=303)


@bp.route("/datums/<int:occurrence_id>/sluiten", methods=["GET", "POST"])
@login_required
def close(occurrence_id: int):
    """Close booking for a date early, or open it again (GET asks before closing)."""
    occurrence = _team_occurrence(occurrence_id)
    if request.method == "GET":
        return confirmation_page(
            message=_("Daarna kan niemand meer reserveren voor deze datum. Je kunt "
                      "reserveren later weer openen."),
            button=_("Reserveren nu sluiten"), fields={"action": "close"},
            action=url_for("bookings.close", occurrence_id=occurrence.id),
            back=url_for("bookings.attendees", occurrence_id=occurrence.id),
            context=occurrence.title)
    closed = request.form.get("action") != "open"
    hosts.set_booking_closed(occurrence, closed)
    db.session.commit()
    flash(_("Reserveren voor deze datum is gesloten.") if closed
          else _("Reserveren voor deze datum is weer open."), "success")
    return _back_to_attendees(occurrence)


@bp.post("/datums/<int:occurrence_id>/plaatsen")
@login_required
def date_capacity(occurrence_id: int):
    """Give one date its own number of seats."""
    occurrence = _team_occurrence(occurrence_id)
    form = DateCapacityForm(prefix="capacity")
    if form.validate_on_submit():
        try:
            promoted = hosts.set_date_capacity(db.session, occurrence, form.capacity.data)
        except seating.BookingError as problem:
            db.session.rollback()
            form.capacity.errors.append(str(problem))
        else:
            db.session.commit()
            flash(_("Het aantal plaatsen is opgeslagen."), "success")
            if promoted:
                flash(ngettext("%(num)d reservering van de wachtlijst heeft een plaats gekregen.",
                               "%(num)d reserveringen van de wachtlijst hebben een plaats gekregen.",
                               len(promoted)), "info")
            return _back_to_attendees(occurrence)
    return _render_attendees(occurrence, 422, capacity_form=form)


@bp.post("/datums/<int:occurrence_id>/toevoegen")
@login_required
def add(occurrence_id: int):
    """The hosts add a booking by hand (also outside the booking window)."""
    occurrence = _team_occurrence(occurrence_id)
    form = HostBookingForm(prefix="add")
    if form.validate_on_submit():
        try:
            booking = seating.book(
                db.session, occurrence.id, name=form.name.data, email=form.email.data or "",
                seats=form.seats.data, organisation=form.organisation.data or "",
                remark=form.remark.data or "", by_host=True, locale=current_language())
        except seating.BookingError as problem:
            db.session.rollback()
            getattr(form, problem.field or "seats").errors.append(str(problem))
        else:
            db.session.commit()
            flash(_("%(name)s is toegevoegd.", name=booking.name) if booking.holds_seats
                  else _("%(name)s staat op de wachtlijst: de datum is vol.", name=booking.name),
                  "success")
            return _back_to_attendees(occurrence)
    return _render_attendees(occurrence, 422, add_form=form)


@bp.post("/datums/<int:occurrence_id>/bericht")
@login_required
def message(occurrence_id: int):
    """Send a short message to everyone booked for a date."""
    occurrence = _team_occurrence(occurrence_id)
    form = MessageForm(prefix="message")
    if form.validate_on_submit():
        try:
            sent = hosts.message_everyone(db.session, occurrence, form.message.data,
                                             sender=current_user.name,
                                             include_waitlist=form.include_waitlist.data)
        except seating.BookingError as problem:
            db.session.rollback()
            form.message.errors.append(str(problem))
        else:
            db.session.commit()
            flash(_("Je bericht is verstuurd naar %(n)d personen.", n=sent), "success")
            return _back_to_attendees(occurrence)
    return _render_attendees(occurrence, 422, message_form=form)


@bp.post("/deelnemers/<int:booking_id>/aanwezig")
@login_required
def check_in(booking_id: int):
    """Tick someone off at the door: attended, no-show, or undo."""
    booking = _team_booking(booking_id)
    try:
        hosts.check_in(db.session, booking, request.form.get("status", ""), by=current_user)
    except seating.BookingError as problem:
        db.session.rollback()
        return refuse(str(problem), status=422)
    db.session.commit()
    if request.form.get("back") == "door" and not wants_fragment():
        # From the check-in page without JavaScript: back to it.
        flash(_("%(name)s is ingecheckt.", name=booking.name), "success")
        return redirect(url_for("bookings.door", occurrence_id=booking.occurrence_id), code=303)
    return _row_or_back(booking)


@bp.route("/deelnemers/<int:booking_id>/annuleren", methods=["GET", "POST"])
@login_required
def host_cancel(booking_id: int):
    """The hosts cancel a booking; the person gets an e-mail, the waiting list moves up.

    GET asks first (the second step without JavaScript).
    """
    booking = _team_booking(booking_id)
    if request.method == "GET":
        who = booking.name or _("(gegevens verwijderd)")
        return confirmation_page(
            message=_("De reservering van %(name)s wordt geannuleerd. We sturen een e-mail om "
                      "het te laten weten.", name=who),
            button=_("Reservering annuleren"),
            action=url_for("bookings.host_cancel", booking_id=booking.id),
            back=url_for("bookings.attendees", occurrence_id=booking.occurrence_id),
            context=booking.occurrence.title)
    try:
        seating.cancel(db.session, booking, by_host=True)
    except seating.BookingError as problem:
        db.session.rollback()
        return refuse(str(problem), status=422)
    db.session.commit()
    if not wants_fragment():
        flash(_("De reservering van %(name)s is geannuleerd.", name=booking.name), "success")
    return _row_or_back(booking)


@bp.post("/deelnemers/<int:booking_id>/plaats-geven")
@login_required
def promote(booking_id: int):
    """The hosts give someone on the waiting list a free seat (out of turn if they like)."""
    booking = _team_booking(booking_id)
    try:
        hosts.promote(db.session, booking)
    except seating.BookingError as problem:
        db.session.rollback()
        if wants_fragment():
            return refuse(str(problem), status=409)
        flash(str(problem), "error")
        return _render_attendees(booking.occurrence, 409)
    db.session.commit()
    flash(_("%(name)s heeft een plaats gekregen en krijgt een e-mail.", name=booking.name),
          "success")
    return _back_to_attendees(booking.occurrence, f"booking-{booking.id}")


def _row_or_back(booking: Booking) -> Response:
    """The changed row and the counts (htmx), or back to the list."""
    occurrence = booking.occurrence
    if not wants_fragment():
        return _back_to_attendees(occurrence, f"booking-{booking.id}")
    counts = seating.counts_by_date(db.session, [occurrence.id])[occurrence.id]
    return render("bookings/_checkin_update.html", booking=booking, occurrence=occurrence,
                  counts=counts, avail=seating.availability(occurrence, counts))


# -- The hosts: check-in at the door with QR codes, also offline ------------------------


def _door_list(occurrence: Occurrence) -> dict[str, Any]:
    """What a phone at the door keeps: everyone with a seat, and a CSRF token to sync."""
    return {"occurrence": occurrence.id,
            "bookings": [checkin.booking_entry(b) for b in checkin.door_list(db.session, occurrence)],
            "csrf_token": generate_csrf(),
            "loaded_at": utcnow().isoformat(timespec="microseconds")}


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/inchecken/<int:occurrence_id>")
@login_required
def door(occurrence_id: int):
    """Check people in at the door on a phone: scan their QR code or find them by name.

    Works offline once opened (static/js/checkin.js, the service worker of `door_worker`).
    """
    occurrence = _team_occurrence(occurrence_id)
    bookings = checkin.door_list(db.session, occurrence)
    response = render("bookings/door.html", occurrence=occurrence, event=occurrence.event,
                      bookings=bookings, entries=[checkin.booking_entry(b) for b in bookings],
                      loaded_at=utcnow().isoformat(timespec="microseconds"))
    # The camera, for this page only (every other page refuses it).
    response.headers["Permissions-Policy"] = "camera=(self), microphone=(), geolocation=()"
    return _no_store(response)


@bp.get("/inchecken/<int:occurrence_id>/lijst.json")
@login_required
def door_list(occurrence_id: int):
    """The date's door list as JSON, for the phone to keep (refreshed while online)."""
    return _no_store(jsonify(_door_list(_team_occurrence(occurrence_id))))


@bp.post("/inchecken/<int:occurrence_id>/code")
@login_required
def door_code(occurrence_id: int):
    """Check in by a scanned code: 200 (checked in now, or already, with the first time),
    409 (a code for another date or activity, or a booking without a seat), 422 (no code
    of ours)."""
    occurrence = _team_occurrence(occurrence_id)
    if request.is_json:
        data = request.get_json(silent=True)
        code = data.get("code") if isinstance(data, dict) else None
    else:
        code = request.form.get("code")
    try:
        booking = checkin.booking_for_code(db.session, occurrence,
                                           code if isinstance(code, str) else "")
        result = checkin.check_in(db.session, booking, current_user)
    except checkin.CheckInProblem as problem:
        db.session.rollback()
        status = 422 if problem.kind == checkin.INVALID else 409
        return _no_store(make_response(jsonify(checkin.problem_entry(problem)), status))
    db.session.commit()
    return _no_store(jsonify(checkin.outcome_entry(result)))


MAX_SYNC = 500


@bp.post("/inchecken/<int:occurrence_id>/sync")
@login_required
def door_sync(occurrence_id: int):
    """Check-ins a phone made (perhaps offline), sent again until answered: each one
    counts once, however often it comes and from how many phones. The answer says per
    check-in what it came to (`key` as sent) and holds the fresh door list."""
    occurrence = _team_occurrence(occurrence_id)
    data = request.get_json(silent=True)
    items = data.get("checkins") if isinstance(data, dict) else None
    if not isinstance(items, list) or len(items) > MAX_SYNC:
        return _no_store(make_response(jsonify(
            {"message": _("Dat lukte niet. Laad de pagina opnieuw.")}), 400))
    results = []
    for item in items:
        if not isinstance(item, dict):
            continue
        key = str(item.get("key", ""))[:64]
        booking_id = item.get("booking_id")
        booking = db.session.get(Booking, booking_id) if isinstance(booking_id, int) else None
        if booking is None or booking.occurrence_id != occurrence.id:
            results.append({"key": key, "result": checkin.INVALID,
                            "message": _("Deze reservering hoort niet bij deze datum.")})
            continue
        try:
            result = checkin.check_in(db.session, booking, current_user,
                                      at=checkin.parse_client_time(item.get("at")))
        except checkin.CheckInProblem as problem:
            results.append({"key": key, **checkin.problem_entry(problem)})
        else:
            results.append({"key": key, **checkin.outcome_entry(result)})
    db.session.commit()
    return _no_store(jsonify({"results": results, **_door_list(occurrence)}))


@bp.get("/inchecken/sw.js")
def door_worker():
    """The check-in page's service worker, from a path whose scope covers the page."""
    response = current_app.send_static_file("js/checkin-sw.js")
    response.headers["Content-Type"] = "text/javascript; charset=utf-8"
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = url_for("bookings.door_worker").rsplit("/", 1)[0] + "/"
    return response


# -- Agenda changes -----------------------------------------------------------------------


# -- Commands -------------------------------------------------------------------------------


# -- The private calendar feed ----------------------------------------------------------------

@bp.get("/calendar/<token>.ics")
def private_feed(token: str):
    """A person's own bookings as a calendar feed; the secret token in the URL stands in
    for a log-in."""
    user = booking_calendar.user_by_calendar_token(db.session, token)
    if user is None:
        abort(404)
    return booking_calendar.private_feed_response(db.session, user, token)
