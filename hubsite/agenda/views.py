"""The open agenda: list, week, month and archive; activity pages; editing by the hub team."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from hubsite.accounts.permissions import require
from hubsite.agenda import (
    dashboard,
    display,
    holidays,
    listing,
    media,
    panels,
    receivers,
    schema,
    services,
    sitemap,
)
from hubsite.agenda.forms import (
    AUDIENCE_LABELS,
    CancelForm,
    DateChangeForm,
    EventForm,
    ExtraDateForm,
    options,
    type_choices,
)
from hubsite.agenda.models import (
    OCCURRENCE_CANCELLED,
    STATUS_DRAFT,
    STATUS_PUBLISHED,
    ActivityType,
    Event,
    Occurrence,
)
from hubsite.agenda.preview import describe_repeat
from hubsite.agenda.query import (
    AgendaQuery,
    filter_chips,
    format_cursor,
    month_grid,
    parse_agenda_query,
    quick_ranges,
    tidy_args,
    week_start,
)
from hubsite.agenda.recurrence import parse_rrule
from hubsite.agenda.signals import event_started_from
from hubsite.agenda.slots import OCCURRENCE_OFFER
from hubsite.cloning import cloned_values
from hubsite.extensions import db
from hubsite.hubs.models import Hub
from hubsite.hubs.permissions import is_hub_team
from hubsite.media.services import ImageError, store_image
from hubsite.organisations.models import Organisation
from hubsite.page_cache import cached_for_anonymous
from hubsite.rendering import render, wants_fragment
from hubsite.slots import add_stylesheet, render_slot_items
from hubsite.timeutil import local_today, to_local
from hubsite.urls import absolute_url

bp = Blueprint("agenda", __name__)


@bp.record_once
def _init_app(state) -> None:
    display.init_app(state.app)
    panels.init_app(state.app)
    dashboard.init_app(state.app)
    sitemap.init_app(state.app)
    receivers.init_app()
    add_stylesheet(state.app, "css/event.css")
    media.register()


LARGE_FORM_ENDPOINTS = {"agenda.create", "agenda.edit", "agenda.duplicate", "agenda.change_date"}
PAGE_SIZE = 40
MONTH_DAY_LIMIT = 4


# --------------------------------------------------------------------------- reading


@bp.get("/agenda")
@cached_for_anonymous
def index():
    """All activities as a list by day, a week, a month or the archive; filters in the URL."""
    tidy = tidy_args(request.args)
    if tidy is not None and not wants_fragment():
        # A form sent without JavaScript carries its empty fields: answer with the tidy
        # URL, so that bookmarks and shared links stay short. (htmx gets HX-Push-Url.)
        return redirect(url_for("agenda.index", **tidy.to_dict(flat=False)), code=302)
    hubs = db.session.scalars(sa.select(Hub).order_by(Hub.name)).all()
    types = db.session.scalars(sa.select(ActivityType).order_by(ActivityType.name_nl)).all()
    query = parse_agenda_query(request.args, [h.slug for h in hubs], [t.slug for t in types])
    viewer = listing.viewer_for(current_user)
    today = local_today()
    chips = filter_chips(query, {h.slug: h.name for h in hubs},
                         {t.slug: t.name(get_locale().language) for t in types}, today)
    context = dict(hubs=hubs, types=types, query=query, today=today,
                   feed_filters=query.feed_args(), view=query.view,
                   filter_chips=[(chip.label, url_for("agenda.index", **chip.args))
                                 for chip in chips],
                   clear_url=url_for("agenda.index",
                                     **({"view": query.view} if query.view != "list" else {})))
    if query.view in ("list", "past"):
        context.update(_list_context(query, viewer, today))
    elif query.view == "week":
        context.update(_week_context(query, viewer, today))
    else:
        context.update(_month_context(query, viewer, today))
    status = 200
    if query.errors:
        status = 422  # the same with or without htmx: the form shows its messages
    paging = bool(query.cursor) and query.view in ("list", "past")
    response = render("agenda/index.html", block="agenda_page" if paging else "agenda_results",
                      status=status, **context)
    if wants_fragment() and not paging:
        # The browser bar shows the tidy URL (no empty fields) that this page is known by.
        response.headers["HX-Push-Url"] = url_for("agenda.index", **query.args())
    return response


def _list_context(query: AgendaQuery, viewer: listing.Viewer, today: date) -> dict:
    past = query.view == "past"
    if past:
        page = listing.past_occurrences(db.session, query.filters, viewer,
                                         before=query.cursor, limit=PAGE_SIZE)
    else:
        page = listing.upcoming_occurrences(db.session, query.filters, viewer,
                                             after=query.cursor, limit=PAGE_SIZE)
    next_url = None
    if page.next_cursor:
        next_url = url_for("agenda.index", **query.args(after=format_cursor(page.next_cursor)))
    context = {"days": display.group_by_day(page.items), "next_url": next_url,
               "first_url": url_for("agenda.index", **query.args()) if query.cursor else None}
    if not query.cursor:  # a further page only adds dates to the list
        context["result_count"] = listing.count_dates(db.session, query.filters, viewer,
                                                      past=past)
    if not past:
        context["quick_dates"] = [
            (r.label, r.matches(query),
             url_for("agenda.index", **query.args(**(
                 {"from": None, "to": None} if r.matches(query) else
                 {"from": r.start.isoformat(), "to": r.end.isoformat()}))))
            for r in quick_ranges(today)]
    return context


def _week_context(query: AgendaQuery, viewer: listing.Viewer, today: date) -> dict:
    start = week_start(query.filters.start or today)
    end = start + timedelta(days=6)
    items = listing.occurrences_between(db.session, _undated(query), viewer, start, end)
    by_day = dict(display.group_by_day(items))
    days = [(start + timedelta(days=n), by_day.get(start + timedelta(days=n), []))
            for n in range(7)]
    return {
        "days": days, "week_start": start, "week_end": end,
        "prev_url": url_for("agenda.index", **query.args(
            **{"from": (start - timedelta(days=7)).isoformat(), "to": None})),
        "next_url": url_for("agenda.index", **query.args(
            **{"from": (start + timedelta(days=7)).isoformat(), "to": None})),
        "this_url": url_for("agenda.index", **query.args(**{"from": None, "to": None})),
        "week_number": start.isocalendar()[1],
        "result_count": len(items),
    }


def _month_context(query: AgendaQuery, viewer: listing.Viewer, today: date) -> dict:
    first, grid_start, grid_end = month_grid(query.filters.start or today)
    items = listing.occurrences_between(db.session, _undated(query), viewer, grid_start, grid_end)
    by_day = dict(display.group_by_day(items))
    weeks = []
    day = grid_start
    while day <= grid_end:
        weeks.append([(day + timedelta(days=n), by_day.get(day + timedelta(days=n), []))
                      for n in range(7)])
        day += timedelta(days=7)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return {
        "weeks": weeks, "month": first, "day_limit": MONTH_DAY_LIMIT,
        "prev_url": url_for("agenda.index", **query.args(
            **{"from": previous.isoformat(), "to": None})),
        "next_url": url_for("agenda.index", **query.args(
            **{"from": following.isoformat(), "to": None})),
        "this_url": url_for("agenda.index", **query.args(**{"from": None, "to": None})),
        "has_items": bool(items),
        # The grid shows days of the weeks around the month too; the count is the month's.
        "result_count": sum(1 for day, day_items in by_day.items()
                            if day.month == first.month for _o in day_items),
    }


def _undated(query: AgendaQuery) -> listing.AgendaFilters:
    """Week and month views choose their own days; `from` only picks the period."""
    return replace(query.filters, start=None, end=None)


@bp.get("/events/<int:event_id>")
@cached_for_anonymous
def detail(event_id: int):
    """One activity: what, when, where and how to book at the top; its coming dates
    once (with their availability, from the slot `event.main` when it needs booking);
    place, sharing, and its schema.org data and link preview in the page's head."""
    event = _visible_event_or_404(event_id)
    upcoming = listing.upcoming_dates(db.session, event)
    image = _share_image(event)
    offers = render_slot_items(OCCURRENCE_OFFER, occurrences=upcoming[:schema.MAX_DATES])
    page_meta = {"type": "article", "image": image}
    if event.status == STATUS_DRAFT:
        page_meta["robots"] = "noindex"  # the hub team's preview, never in a search engine
    return render(
        "agenda/detail.html", event=event, upcoming=upcoming,
        next_date=next((o for o in upcoming if not o.is_cancelled), None),
        past_count=listing.past_dates_count(db.session, event),
        is_team=is_hub_team(current_user, event.hub),
        share_url=absolute_url("agenda.detail", event_id=event.id),
        audience_labels=AUDIENCE_LABELS, page_meta=page_meta,
        jsonld=schema.event_data(event, upcoming, offers, image and image["url"]),
    )


def _share_image(event: Event) -> dict | None:
    """The activity's picture for link previews and search engines (its largest JPEG)."""
    if event.image is None:
        return None
    width, height = event.image.sizes[-1]
    return {"url": absolute_url("media.variant", image_id=event.image.id, width=width,
                                extension="jpg"),
            "width": width, "height": height, "alt": event.image_alt}


# --------------------------------------------------------------------------- editing


@bp.route("/hubs/<slug>/activiteiten/nieuw", methods=["GET", "POST"])
@login_required
def create(slug: str):
    """The hub team adds an activity (saved as a draft or published at once)."""
    hub = db.session.scalar(sa.select(Hub).where(Hub.slug == slug))
    if hub is None:
        abort(404)
    require(is_hub_team(current_user, hub))
    # Started from something else ("vanuit=project:12"): its cloners prefill the form,
    # and its owner links the new activity to it (the form posts back to this URL).
    origin = request.args.get("vanuit", "")[:60]
    form = EventForm()
    _fill_choices(form)
    if not _previewing(form) and form.validate_on_submit():
        publish = request.form.get("action") == "publish"
        try:
            values = _event_values(form)
            event = services.create_event(
                db.session, hub, values.pop("activity_type"), values.pop("title"),
                *form.local_times(), form.recurrence(),
                status=STATUS_PUBLISHED if publish else STATUS_DRAFT,
                created_by=current_user._get_current_object(), **values)
            if origin:
                event_started_from.send(event, session=db.session, origin=origin)
        except (services.AgendaError, ImageError) as error:
            db.session.rollback()
            _show_error(form, error)
        else:
            db.session.commit()
            _flash_holiday_warning(hub, _live_starts(event))
            flash(_("De activiteit is gepubliceerd.") if publish else
                  _("De activiteit is als concept opgeslagen. Alleen het hubteam ziet haar."),
                  "success")
            return redirect(url_for("agenda.detail", event_id=event.id))
    elif not form.is_submitted():
        form.start_time.data, form.end_time.data = _default_times()
        if origin:
            _prefill_from_origin(form, cloned_values("event-origin", origin))
    return _render_form(form, hub, None, "create")


@bp.route("/events/<int:event_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit(event_id: int):
    """Change an activity and all its dates."""
    event = _editable_event_or_404(event_id)
    form = EventForm()
    _fill_choices(form)
    if not _previewing(form) and form.validate_on_submit():
        try:
            values = _event_values(form)
            services.update_event(db.session, event, *form.local_times(), form.recurrence(),
                                  **values)
        except (services.AgendaError, ImageError) as error:
            db.session.rollback()
            _show_error(form, error)
        else:
            db.session.commit()
            _flash_holiday_warning(event.hub, _live_starts(event))
            flash(_("De activiteit is bijgewerkt."), "success")
            return redirect(url_for("agenda.detail", event_id=event.id))
    elif not form.is_submitted():
        _prefill(form, event)
    return _render_form(form, event.hub, event, "edit")


@bp.route("/events/<int:event_id>/dupliceer", methods=["GET", "POST"])
@login_required
def duplicate(event_id: int):
    """Start a new draft from an existing activity."""
    source = _editable_event_or_404(event_id)
    form = EventForm()
    _fill_choices(form)
    if not _previewing(form) and form.validate_on_submit():
        try:
            values = _event_values(form)
            values.setdefault("image", source.image)
            copy = services.duplicate_event(db.session, source, *form.local_times(),
                                            form.recurrence(),
                                            created_by=current_user._get_current_object(),
                                            **values)
        except (services.AgendaError, ImageError) as error:
            db.session.rollback()
            _show_error(form, error)
        else:
            db.session.commit()
            _flash_holiday_warning(copy.hub, _live_starts(copy))
            flash(_("De kopie is als concept opgeslagen. Controleer de datum en publiceer haar."),
                  "success")
            return redirect(url_for("agenda.detail", event_id=copy.id))
    elif not form.is_submitted():
        _prefill(form, source)
        start, end = to_local(source.starts_at), to_local(source.ends_at)
        form.date.data = services.next_free_date(
            [to_local(o.starts_at).date() for o in source.occurrences], local_today())
        if end.date() != start.date():
            form.end_date.data = form.date.data + (end.date() - start.date())
    return _render_form(form, source.hub, source, "duplicate")


@bp.get("/hubs/<slug>/activiteiten/herhaling")
@login_required
def repeat_preview(slug: str):
    """The repeat rule in words, from the activity form's values as they are now (the
    form asks on every change, with htmx)."""
    hub = db.session.scalar(sa.select(Hub).where(Hub.slug == slug))
    if hub is None:
        abort(404)
    require(is_hub_team(current_user, hub))
    form = EventForm(formdata=request.args, meta={"csrf": False})
    return render("agenda/_repeat_preview.html", preview=_repeat_text(form),
                  holiday_warning=_holiday_warning(form, hub), oob=True)


@bp.post("/events/<int:event_id>/publiceren")
@login_required
def publish(event_id: int):
    """Make a draft visible to everyone."""
    event = _editable_event_or_404(event_id)
    try:
        services.publish_event(db.session, event)
    except services.AgendaError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("De activiteit is gepubliceerd."), "success")
    return redirect(url_for("agenda.detail", event_id=event.id))


@bp.route("/events/<int:event_id>/annuleren", methods=["GET", "POST"])
@login_required
def cancel(event_id: int):
    """Cancel the whole activity (after a confirmation)."""
    event = _editable_event_or_404(event_id)
    form = CancelForm()
    if form.validate_on_submit():
        try:
            services.cancel_event(db.session, event)
        except services.AgendaError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("De activiteit is geannuleerd. Ze blijft zichtbaar als geannuleerd."),
                  "success")
        return redirect(url_for("agenda.detail", event_id=event.id))
    return render("agenda/cancel.html", form=form, event=event, occurrence=None,
                  status=422 if form.is_submitted() else 200)


@bp.route("/events/<int:event_id>/datums/<int:occurrence_id>/wijzigen", methods=["GET", "POST"])
@login_required
def change_date(event_id: int, occurrence_id: int):
    """Move or change one date, this and the following ones, or all."""
    event, occurrence = _editable_occurrence_or_404(event_id, occurrence_id)
    form = DateChangeForm()
    if not event.rrule:
        form.scope.choices = [c for c in form.scope.choices if c.value == services.SCOPE_THIS]
    if form.validate_on_submit():
        try:
            holder = services.change_occurrence(
                db.session, occurrence, form.scope.data, *form.local_times(),
                title=form.title.data.strip(), room=(form.room.data or "").strip(),
                address=(form.address.data or "").strip(), note=(form.note.data or "").strip())
        except services.AgendaError as error:
            db.session.rollback()
            _show_error(form, error)
        else:
            db.session.commit()
            _flash_holiday_warning(holder.hub, [to_local(occurrence.starts_at)])
            flash(_("De datum is gewijzigd."), "success")
            return redirect(url_for("agenda.detail", event_id=holder.id))
    elif not form.is_submitted():
        start, end = to_local(occurrence.starts_at), to_local(occurrence.ends_at)
        form.date.data, form.start_time.data, form.end_time.data = \
            start.date(), start.time(), end.time()
        form.title.data, form.room.data = occurrence.title, occurrence.room
        form.address.data, form.note.data = occurrence.address, occurrence.note
    first = None
    if form.date.data and form.start_time.data:
        first = datetime.combine(form.date.data, form.start_time.data)
    return render("agenda/date_form.html", form=form, event=event, occurrence=occurrence,
                  holiday_warning=holidays.holiday_warning(
                      event.hub, holidays.planned_starts(first, None)),
                  status=422 if form.is_submitted() else 200)


@bp.route("/events/<int:event_id>/datums/<int:occurrence_id>/annuleren", methods=["GET", "POST"])
@login_required
def cancel_date(event_id: int, occurrence_id: int):
    """Cancel one date."""
    event, occurrence = _editable_occurrence_or_404(event_id, occurrence_id)
    form = CancelForm()
    if form.validate_on_submit():
        try:
            services.cancel_occurrence(db.session, occurrence, note=(form.note.data or "").strip())
        except services.AgendaError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("De datum %(date)s is geannuleerd.",
                    date=format_date(to_local(occurrence.starts_at).date(), "d MMMM")),
                  "success")
        return redirect(url_for("agenda.detail", event_id=event.id, _anchor="datums"))
    return render("agenda/cancel.html", form=form, event=event, occurrence=occurrence,
                  status=422 if form.is_submitted() else 200)


@bp.post("/events/<int:event_id>/datums/<int:occurrence_id>/herstellen")
@login_required
def restore_date(event_id: int, occurrence_id: int):
    """Undo the cancellation of one date."""
    event, occurrence = _editable_occurrence_or_404(event_id, occurrence_id)
    try:
        services.restore_occurrence(db.session, occurrence)
    except services.AgendaError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("De datum gaat toch door."), "success")
    return redirect(url_for("agenda.detail", event_id=event.id, _anchor="datums"))


@bp.route("/events/<int:event_id>/datums/nieuw", methods=["GET", "POST"])
@login_required
def add_date(event_id: int):
    """Add an extra date by hand."""
    event = _editable_event_or_404(event_id)
    form = ExtraDateForm()
    if form.validate_on_submit():
        try:
            services.add_extra_date(db.session, event, *form.local_times())
        except services.AgendaError as error:
            db.session.rollback()
            _show_error(form, error)
        else:
            db.session.commit()
            flash(_("De extra datum is toegevoegd."), "success")
            return redirect(url_for("agenda.detail", event_id=event.id, _anchor="datums"))
    elif not form.is_submitted():
        start, end = to_local(event.starts_at), to_local(event.ends_at)
        form.start_time.data, form.end_time.data = start.time(), end.time()
    return render("agenda/extra_date.html", form=form, event=event,
                  status=422 if form.is_submitted() else 200)


# --------------------------------------------------------------------------- helpers


def _visible_event_or_404(event_id: int) -> Event:
    event = listing.event_for_view(db.session, event_id)
    if event is None or (event.status == STATUS_DRAFT and not is_hub_team(current_user, event.hub)):
        abort(404)
    return event


def _editable_event_or_404(event_id: int) -> Event:
    event = listing.event_for_view(db.session, event_id)
    if event is None:
        abort(404)
    require(is_hub_team(current_user, event.hub))
    return event


def _editable_occurrence_or_404(event_id: int, occurrence_id: int) -> tuple[Event, Occurrence]:
    event = _editable_event_or_404(event_id)
    occurrence = db.session.get(Occurrence, occurrence_id)
    if occurrence is None or occurrence.event_id != event.id:
        abort(404)
    return event, occurrence


@bp.url_value_preprocessor
def _allow_large_forms(endpoint: str | None, values: dict | None) -> None:
    """Check the role before an editing form is read; let the hub team's oversized form
    through to the field checks (which say what is too long).

    This runs before anything reads the body (the CSRF check included), so someone
    who may not edit here gets 401 or 403 without the server reading what they sent.
    """
    if endpoint not in LARGE_FORM_ENDPOINTS or request.method in ("GET", "HEAD", "OPTIONS"):
        return
    values = values or {}
    if "slug" in values:
        hub = db.session.scalar(sa.select(Hub).where(Hub.slug == values["slug"]))
    else:
        event = db.session.get(Event, values.get("event_id"))
        hub = event.hub if event is not None else None
    if hub is None:
        return  # the view answers 404; the usual body limit holds meanwhile
    require(is_hub_team(current_user, hub))
    request.max_content_length = current_app.config["MAX_TEAM_FORM_BYTES"]
    request.max_form_memory_size = current_app.config["MAX_TEAM_FORM_BYTES"]


def _previewing(form: EventForm) -> bool:
    """The host pressed "Voorbeeld" (without JavaScript): show the form again, save nothing."""
    return form.is_submitted() and request.form.get("action") == "preview"


def _repeat_text(form: EventForm) -> str:
    """The form's repeat rule in words, from whatever the fields hold now."""
    first = None
    if form.date.data and form.start_time.data:
        first = datetime.combine(form.date.data, form.start_time.data)
    return describe_repeat(form.recurrence(), first)


def _live_starts(event: Event) -> list[datetime]:
    """The local starts of an activity's dates that still go ahead (a date skipped for a
    holiday is no reason to warn)."""
    return [to_local(o.starts_at) for o in event.occurrences
            if o.status != OCCURRENCE_CANCELLED]


def _holiday_warning(form: EventForm, hub: Hub) -> str | None:
    """The warning for dates on a holiday, from whatever the form's fields hold now."""
    first = None
    if form.date.data and form.start_time.data:
        first = datetime.combine(form.date.data, form.start_time.data)
    try:
        recurrence = form.recurrence()
    except (TypeError, ValueError):
        recurrence = None
    return holidays.holiday_warning(hub, holidays.planned_starts(first, recurrence))


def _flash_holiday_warning(hub: Hub, starts: list[datetime]) -> None:
    warning = holidays.holiday_warning(hub, starts)
    if warning:
        flash(warning, "warning")


def _render_form(form: EventForm, hub: Hub, event: Event | None, mode: str):
    """The activity form; 422 after a save that did not pass the checks."""
    failed = form.is_submitted() and not _previewing(form)
    return render("agenda/form.html", form=form, hub=hub, event=event, mode=mode,
                  repeat_text=_repeat_text(form), holiday_warning=_holiday_warning(form, hub),
                  status=422 if failed else 200)


def _fill_choices(form: EventForm) -> None:
    types = db.session.scalars(sa.select(ActivityType).order_by(ActivityType.name_nl)).all()
    form.activity_type.choices = type_choices((t.id, t.name(get_locale().language))
                                              for t in types)
    organisations = db.session.scalars(sa.select(Organisation).order_by(Organisation.name)).all()
    form.organisation.choices = options([("", _("Geen"))] + [(o.id, o.name) for o in organisations])


def _event_values(form: EventForm) -> dict:
    """The form's content as service values; stores a new picture when one was sent."""
    values = form.content()
    values["activity_type"] = db.session.get(ActivityType, form.activity_type.data)
    upload = form.image.data
    if upload is not None and getattr(upload, "filename", ""):
        values["image"] = store_image(db.session, upload.read(),
                                      current_app.config["MAX_UPLOAD_BYTES"])
    elif form.remove_image.data:
        values["image"] = None
        values["image_alt"] = ""
    return values


def _prefill(form: EventForm, event: Event) -> None:
    start, end = to_local(event.starts_at), to_local(event.ends_at)
    for name in ("title", "summary", "description", "room", "address", "online_url",
                 "hosting_students", "accessibility", "image_alt", "booking_required",
                 "capacity", "booking_max_group", "booking_waitlist", "booking_opens_days",
                 "booking_closes_hours"):
        getattr(form, name).data = getattr(event, name)
    form.activity_type.data = event.activity_type_id
    form.organisation.data = event.organisation_id
    form.audience.data = event.audiences
    form.date.data = start.date()
    form.start_time.data, form.end_time.data = start.time(), end.time()
    form.end_date.data = end.date() if end.date() != start.date() else None
    if event.rrule:
        recurrence = parse_rrule(event.rrule)
        form.repeat.data = recurrence.frequency
        form.interval.data = recurrence.interval
        form.weekdays.data = list(recurrence.weekdays)
        form.monthly_by.data = recurrence.monthly_by
        form.ends.data = "until" if recurrence.until else "count"
        form.count.data = recurrence.count
        form.until.data = recurrence.until
        form.skip_holidays.data = event.skip_holidays


def _prefill_from_origin(form: EventForm, values: dict) -> None:
    """Fill a new activity's form with what its origin's cloners offer."""
    for name in ("title", "summary", "description"):
        if values.get(name):
            getattr(form, name).data = values[name]
    if values.get("organisation_id"):
        form.organisation.data = values["organisation_id"]


def _show_error(form, error: Exception) -> None:
    field_name = getattr(error, "field", None)
    if isinstance(error, ImageError):
        field_name = "image"
    field = getattr(form, field_name, None) if field_name else None
    if field is None or not hasattr(field, "errors"):
        field = form.date
    if not isinstance(field.errors, list):
        field.errors = list(field.errors)
    field.errors.append(str(error))


def _default_times() -> tuple[time, time]:
    """A new activity starts in the afternoon, two hours long, until the host says otherwise."""
    return time(14, 0), time(16, 0)
