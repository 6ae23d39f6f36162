"""Collaboration offers and the year plan.

Public: `/samenwerken` (offers, filtered by hub and kind), `/samenwerken/<id>` (one offer
with the "Ik doe mee" form, no account needed), `/jaarplanning` and
`/hubs/<slug>/jaarplanning` (the school year in dagdelen, printable, and as `.ics`).
Hub team: create, edit, archive and restore an offer (POST, CSRF, the hub's team only).
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from hubsite import antibot
from hubsite.accounts.permissions import require
from hubsite.agenda import listing
from hubsite.agenda.listing import AgendaFilters
from hubsite.collaboration import digest, panels, services, yearplan
from hubsite.collaboration.forms import OfferForm, ResponseForm
from hubsite.collaboration.labels import DAYPART_LABELS, KIND_LABELS
from hubsite.collaboration.models import DAYPARTS, STATUS_ARCHIVED, Offer
from hubsite.extensions import configured_limit, db, limiter
from hubsite.forms import BaseForm
from hubsite.holiday_calendar import REGION_LABELS, REGIONS
from hubsite.hubs import services as hub_services
from hubsite.hubs.models import Hub
from hubsite.hubs.permissions import is_hub_team
from hubsite.i18n import current_language
from hubsite.questions.services import partner_names, question_by_token
from hubsite.rendering import refuse, render
from hubsite.timeutil import local_today, utcnow
from hubsite.urls import absolute_url

bp = Blueprint("collaboration", __name__)

FORM_STAMP_SALT = "offer-response-started"


@bp.record_once
def _init_app(state) -> None:
    panels.init_app(state.app)
    digest.register()


def _email_key() -> str:
    return "question-email:" + request.form.get("email", "").strip().lower()[:254]


def _team_hub_ids() -> set[int]:
    if not current_user.is_authenticated:
        return set()
    if current_user.is_admin:
        return {hub.id for hub in hub_services.all_hubs(db.session)}
    return {m.hub_id for m in current_user.memberships}


# -- The offers ---------------------------------------------------------------------------


@bp.get("/samenwerken")
def index():
    """The offers for companies, filtered by hub and kind (both repeatable, in the URL)."""
    hubs = hub_services.all_hubs(db.session)
    known_hubs = {hub.slug for hub in hubs}
    chosen_hubs = tuple(s for s in request.args.getlist("hub") if s in known_hubs)
    chosen_kinds = tuple(k for k in request.args.getlist("soort") if k in KIND_LABELS)
    offers = services.offers(db.session, chosen_hubs, chosen_kinds)
    team_ids = _team_hub_ids()
    archived = services.offers(db.session, chosen_hubs, chosen_kinds, include_archived=True,
                               hub_ids=tuple(team_ids)) if team_ids else []
    archived = [offer for offer in archived if offer.status == STATUS_ARCHIVED]
    response = render("collaboration/index.html", block="offer_results", offers=offers,
                      archived=archived, hubs=hubs, chosen_hubs=chosen_hubs,
                      chosen_kinds=chosen_kinds, kinds=KIND_LABELS,
                      team_hubs=[hub for hub in hubs if hub.id in team_ids])
    if team_ids:
        response.headers["Cache-Control"] = "private, no-store"
    return response


def _offer_or_404(offer_id: int) -> Offer:
    offer = services.offer_by_id(db.session, offer_id)
    if offer is None or (not offer.is_active and not is_hub_team(current_user, offer.hub)):
        abort(404)
    return offer


def _render_offer(offer: Offer, form: ResponseForm | None = None, status: int = 200,
                  error: str | None = None) -> Response:
    form = form or ResponseForm()
    response = render("collaboration/detail.html", offer=offer, form=form, error=error,
                      status=status, partners=partner_names(db.session),
                      is_team=is_hub_team(current_user, offer.hub),
                      stamp=antibot.form_stamp(offer.id, FORM_STAMP_SALT))
    if current_user.is_authenticated:
        response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/samenwerken/<int:offer_id>")
def detail(offer_id: int):
    """One offer: what it is, what it asks, when, for whom, who to contact; "Ik doe mee"."""
    return _render_offer(_offer_or_404(offer_id))


@bp.post("/samenwerken/<int:offer_id>/meedoen")
@limiter.limit(configured_limit("QUESTION_RATE_LIMIT"))
@limiter.limit(configured_limit("QUESTION_EMAIL_RATE_LIMIT"), key_func=_email_key)
def respond(offer_id: int):
    """"Ik doe mee" without an account: it lands in the hub team's inbox."""
    offer = _offer_or_404(offer_id)
    if not offer.is_active:
        return refuse(_("Dit aanbod staat niet meer open."), status=409)
    form = ResponseForm()
    if not form.validate_on_submit():
        return _render_offer(offer, form, status=422)
    error = antibot.bot_problem(form, offer.id, FORM_STAMP_SALT,
                                current_app.config["QUESTION_MIN_FORM_SECONDS"])
    if error is not None:
        return _render_offer(offer, form, status=422, error=error)
    response = services.Response(
        organisation_name=form.organisation.data, contact_name=form.contact_name.data,
        email=form.email.data, phone=form.phone.data or "",
        dayparts=tuple(form.dayparts.data or ()), message=form.message.data or "",
        language=current_language())
    try:
        question = services.respond(db.session, offer, response)
    except services.OfferError as problem:
        db.session.rollback()
        return refuse(str(problem), status=409)
    db.session.commit()
    return redirect(url_for("collaboration.sent", token=question.token), code=303)


@bp.get("/samenwerken/aangemeld/<token>")
def sent(token: str):
    """The thanks after "Ik doe mee", with the private link to follow it."""
    question = question_by_token(db.session, token)
    if question is None:
        abort(404)
    response = render("collaboration/sent.html", question=question,
                      private_url=url_for("questions.private", token=token, _external=True))
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "private, no-store"
    return response


# -- The hub team -------------------------------------------------------------------------


def _offer_form(hub: Hub, offer: Offer | None = None) -> OfferForm:
    form = OfferForm(obj=None)
    form.fill_choices(services.all_programmes(db.session), services.team_members(db.session, hub))
    if offer is not None and not form.is_submitted():
        for name in ("kind", "title", "what", "dayparts_needed", "people", "place", "material",
                     "period_note"):
            getattr(form, name).data = getattr(offer, name)
        form.months.data = [str(m) for m in offer.month_numbers]
        form.dayparts.data = offer.daypart_list
        form.levels.data = offer.level_list
        form.programmes.data = [str(p.id) for p in offer.programmes]
        form.contact.data = str(offer.contact_user_id or "")
    return form


def _offer_values(form: OfferForm) -> services.OfferValues:
    return services.OfferValues(
        kind=form.kind.data, title=form.title.data, what=form.what.data,
        dayparts_needed=form.dayparts_needed.data or 1, people=form.people.data or "",
        place=form.place.data or "", material=form.material.data or "",
        months=form.month_numbers, dayparts=list(form.dayparts.data or []),
        period_note=form.period_note.data or "", levels=list(form.levels.data or []),
        programme_ids=form.programme_ids, contact_user_id=form.contact_id)


def _save(form: OfferForm, hub: Hub, offer: Offer | None):
    failed = False
    if form.validate_on_submit():
        try:
            saved = services.save_offer(db.session, hub, offer, _offer_values(form))
        except services.OfferError as problem:
            db.session.rollback()
            target = getattr(form, problem.field or "title", form.title)
            target.errors = [*target.errors, str(problem)]
            failed = True
        else:
            db.session.commit()
            flash(_("Het aanbod is opgeslagen."), "success")
            return redirect(url_for("collaboration.detail", offer_id=saved.id), code=303)
    failed = failed or form.is_submitted()
    response = render("collaboration/form.html", form=form, hub=hub, offer=offer,
                      status=422 if failed else 200)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/hubs/<slug>/samenwerken/nieuw", methods=["GET", "POST"])
@login_required
def create(slug: str):
    """The hub team adds an offer."""
    hub = hub_services.hub_by_slug(db.session, slug)
    if hub is None:
        abort(404)
    require(is_hub_team(current_user, hub))
    return _save(_offer_form(hub), hub, None)


def _editable_offer_or_404(offer_id: int) -> Offer:
    offer = services.offer_by_id(db.session, offer_id)
    if offer is None:
        abort(404)
    require(is_hub_team(current_user, offer.hub))
    return offer


@bp.route("/samenwerken/<int:offer_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit(offer_id: int):
    """The hub team changes an offer."""
    offer = _editable_offer_or_404(offer_id)
    return _save(_offer_form(offer.hub, offer), offer.hub, offer)


def _change_status(offer_id: int, change, done: str):
    offer = _editable_offer_or_404(offer_id)
    if not BaseForm().validate():
        abort(400)
    try:
        change(db.session, offer)
    except services.OfferError as problem:
        return refuse(str(problem), status=409)
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("collaboration.detail", offer_id=offer.id), code=303)


@bp.post("/samenwerken/<int:offer_id>/archiveren")
@login_required
def archive(offer_id: int):
    """Take an offer off the public list."""
    return _change_status(offer_id, services.archive_offer,
                          _("Het aanbod is gearchiveerd; bezoekers zien het niet meer."))


@bp.post("/samenwerken/<int:offer_id>/terugzetten")
@login_required
def restore(offer_id: int):
    """Put an archived offer back on the public list."""
    return _change_status(offer_id, services.restore_offer,
                          _("Het aanbod staat weer open."))


# -- The year plan ------------------------------------------------------------------------


def _plan(hub: Hub | None):
    first, last = yearplan.school_year_from(request.args.get("jaar"), local_today())
    hubs = hub_services.all_hubs(db.session)
    if hub is not None:
        region = hub.region or None
    else:
        asked = request.args.get("regio", "")
        if asked in REGIONS:
            region = asked
        else:
            regions = [h.region for h in hubs if h.region]
            region = max(set(regions), key=regions.count) if regions else None
    slugs = (hub.slug,) if hub else ()
    occurrences = listing.occurrences_between(
        db.session, AgendaFilters(hubs=slugs), listing.ANONYMOUS, first, last)
    offers = services.offers(db.session, slugs)
    plan = yearplan.build_year_plan(first, last, region, occurrences, offers, current_language())
    return plan, hubs


def _plan_words() -> dict:
    return {"regions": {code: str(label) for code, label in REGION_LABELS.items()},
            "dayparts": DAYPARTS,
            "daypart_labels": {code: str(label) for code, label in DAYPART_LABELS.items()}}


@bp.get("/jaarplanning")
def year_plan():
    """The school year of all hubs in dagdelen, with the holidays of a region."""
    plan, hubs = _plan(None)
    return render("collaboration/yearplan.html", plan=plan, hub=None, hubs=hubs,
                  **_plan_words())


@bp.get("/hubs/<slug>/jaarplanning")
def hub_year_plan(slug: str):
    """One hub's school year in dagdelen, with its region's school holidays."""
    hub = hub_services.hub_by_slug(db.session, slug)
    if hub is None:
        abort(404)
    plan, hubs = _plan(hub)
    return render("collaboration/yearplan.html", plan=plan, hub=hub, hubs=hubs,
                  **_plan_words())


def _feed(hub: Hub | None) -> Response:
    plan, _hubs = _plan(hub)
    name = _("Jaarplanning %(hub)s %(year)s", hub=hub.name if hub else _("alle hubs"),
             year=plan.label)
    event_urls = {entry.event_id: absolute_url("agenda.detail", event_id=entry.event_id)
                  for month in plan.months for day in month.days for entry in day.entries}
    body = yearplan.year_plan_calendar(plan, name, request.host.split(":")[0], utcnow(),
                                       event_urls)
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = (
        f'inline; filename="jaarplanning-{hub.slug + "-" if hub else ""}{plan.label}.ics"')
    return response


@bp.get("/jaarplanning.ics")
def year_plan_feed():
    """The year plan of all hubs as a calendar feed."""
    return _feed(None)


@bp.get("/hubs/<slug>/jaarplanning.ics")
def hub_year_plan_feed(slug: str):
    """One hub's year plan as a calendar feed."""
    hub = hub_services.hub_by_slug(db.session, slug)
    if hub is None:
        abort(404)
    return _feed(hub)
