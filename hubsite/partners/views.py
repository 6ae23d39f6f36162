"""The partner file's tools for keeping partners involved, and the monthly digest.

    POST /organisaties/<slug>/opleidingen                   programme interests (teams)
    GET  /partners/betrekken?maanden=N&hub=<slug>            who to contact (teams)
    POST /organisaties/<slug>/benaderd                       one-click log entry (teams)
    POST /organisaties/<slug>/maandoverzicht                 ask for the digest (public)
    POST /organisaties/<slug>/contactpersonen/<id>/maandoverzicht   offer it (teams)
    GET/POST /maandoverzicht/<token>/bevestigen              confirm (the link in the mail)
    GET/POST /maandoverzicht/<token>/afmelden                unsubscribe (POST without CSRF:
                                                             RFC 8058 one-click)
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from hubsite.accounts.permissions import require
from hubsite.agenda.models import Event, Occurrence
from hubsite.extensions import configured_limit, csrf, db, limiter
from hubsite.forms import BaseForm
from hubsite.hubs.models import Hub
from hubsite.hubs.permissions import is_on_any_team
from hubsite.i18n import current_language
from hubsite.organisations.access import may_merge
from hubsite.organisations.models import Organisation
from hubsite.organisations.services import organisation_by_slug
from hubsite.partners import digest, involvement, panels, services
from hubsite.partners.commands import send_digest_command
from hubsite.partners.forms import DigestRequestForm, QuietForm
from hubsite.rendering import refuse, render, wants_fragment
from hubsite.timeutil import utcnow
from hubsite.urls import absolute_url, safe_next_url

bp = Blueprint("partners", __name__)


@bp.record_once
def _init_app(state) -> None:
    panels.init_app(state.app)
    state.app.cli.add_command(send_digest_command)


def _private(response):
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _organisation_or_404(slug: str) -> Organisation:
    organisation = organisation_by_slug(db.session, slug)
    if organisation is None:
        abort(404)
    return organisation


@bp.post("/organisaties/<slug>/opleidingen")
@login_required
def programmes(slug: str):
    """Set the programmes an organisation is interested in; htmx gets the panel back."""
    organisation = _organisation_or_404(slug)
    require(is_on_any_team(current_user))
    if not BaseForm().validate():
        abort(400)
    try:
        chosen = [int(value) for value in request.form.getlist("programme")]
    except ValueError:
        abort(400)
    services.set_programmes(db.session, organisation, chosen)
    db.session.commit()
    if wants_fragment():
        response = render("partners/_programmes.html", organisation=organisation,
                          chosen=services.programmes_of(db.session, organisation),
                          programmes=services.all_programmes(db.session), saved=True)
        return _private(response)
    flash(_("De opleidingen zijn opgeslagen."), "success")
    return redirect(url_for("organisations.detail", slug=slug, _anchor="opleidingen"), 303)


# --------------------------------------------------------------------------- involving


def hub_scope(user) -> list[Hub] | None:
    """The hubs whose partners and activities the person works on (None: all of them).

    Coordinators and admins look after the whole network; hosts after their own hubs.
    """
    if may_merge(user):
        return None
    return sorted((m.hub for m in user.memberships), key=lambda hub: hub.name)


@bp.get("/partners/betrekken")
@login_required
def involve():
    """Partners to contact: quiet for N months, and those who fit an upcoming activity."""
    require(is_on_any_team(current_user))
    form = QuietForm(request.args)
    status = 200
    months = current_app.config["PARTNERS_STALE_MONTHS"]
    if request.args.get("maanden") not in (None, "") and not form.validate():
        status = 422
    elif form.maanden.data:
        months = form.maanden.data
    form.maanden.data = form.maanden.data if status == 422 else months
    scope = hub_scope(current_user)
    choices = scope if scope is not None else list(db.session.scalars(
        sa.select(Hub).order_by(Hub.name)))
    chosen_hub = next((h for h in choices if h.slug == request.args.get("hub")), None)
    hubs = [chosen_hub] if chosen_hub else scope
    since = involvement.stale_since(months)
    response = render(
        "partners/involve.html", block="quiet" if request.args.get("deel") == "stil" else None,
        status=status, form=form, months=months, since=since, hubs=choices,
        chosen_hub=chosen_hub,
        quiet=involvement.quiet_partners(db.session, since, hubs),
        fits=involvement.upcoming_fits(db.session, hubs),
        draft=_draft, return_to=request.full_path.rstrip("?"))
    return _private(response)


def _draft(organisation: Organisation, event: Event | None = None,
           starts_at: datetime | None = None) -> involvement.MailDraft:
    url = absolute_url("agenda.detail", event_id=event.id) if event is not None else ""
    return involvement.mail_draft(organisation, current_user.name, event, starts_at, url)


@bp.post("/organisaties/<slug>/benaderd")
@login_required
def contacted(slug: str):
    """One click: note in the contact log that the team contacted the organisation
    (about an activity, when `event` is given); htmx gets the row's new state."""
    organisation = _organisation_or_404(slug)
    require(is_on_any_team(current_user))
    if not BaseForm().validate():
        abort(refuse(_("Het formulier is verlopen. Laad de pagina opnieuw."), 400))
    event, starts_at = None, None
    if request.form.get("event"):
        try:
            event = db.session.get(Event, int(request.form["event"]))
        except (TypeError, ValueError, OverflowError):
            event = None
        if event is None:
            abort(refuse(_("Deze activiteit bestaat niet (meer)."), 404))
        scope = hub_scope(current_user)
        require(scope is None or event.hub_id in {hub.id for hub in scope})
        starts_at = db.session.scalar(
            sa.select(sa.func.min(Occurrence.starts_at))
            .where(Occurrence.event_id == event.id, Occurrence.starts_at >= utcnow()))
    entry = involvement.note_contact(db.session, organisation, current_user, event, starts_at)
    db.session.commit()
    if wants_fragment():
        return _private(render("partners/_contacted.html", organisation=organisation,
                               event=event, entry=entry))
    flash(_("Genoteerd in het logboek van %(name)s.", name=organisation.name), "success")
    return redirect(safe_next_url(request.form.get("next"), "partners.involve"), 303)


# --------------------------------------------------------------------------- the digest


@bp.post("/organisaties/<slug>/maandoverzicht")
@limiter.limit(configured_limit("DIGEST_RATE_LIMIT"))
def digest_request(slug: str):
    """The public form: a contact person asks for the digest. Whatever the address, the
    answer is the same (the page never tells who is in the partner file); a confirmation
    link goes only to an address that belongs to one of the organisation's contacts."""
    organisation = _organisation_or_404(slug)
    form = DigestRequestForm()
    if not form.validate():
        if wants_fragment():
            return render("partners/_digest_public.html", organisation=organisation,
                          form=form, status=422)
        return render("partners/digest_request.html", organisation=organisation, form=form,
                      status=422)
    contact = digest.contact_by_email(db.session, organisation, form.email.data or "")
    if contact is not None:
        digest.request_digest(db.session, contact, current_language())
        db.session.commit()
    if wants_fragment():
        return render("partners/_digest_public.html", organisation=organisation,
                      form=None, sent=True)
    flash(_("Dank je. Hoort dit adres bij een contactpersoon van %(name)s, dan staat er een "
            "bevestigingslink in de mailbox.", name=organisation.name), "success")
    return redirect(url_for("organisations.detail", slug=slug, _anchor="maandoverzicht"), 303)


@bp.post("/organisaties/<slug>/contactpersonen/<int:contact_id>/maandoverzicht")
@login_required
def digest_offer(slug: str, contact_id: int):
    """The hub team offers a contact person the digest: a confirmation link is mailed."""
    organisation = _organisation_or_404(slug)
    require(is_on_any_team(current_user))
    if not BaseForm().validate():
        abort(refuse(_("Het formulier is verlopen. Laad de pagina opnieuw."), 400))
    contact = next((c for c in organisation.contacts if c.id == contact_id), None)
    if contact is None:
        abort(404)
    if not contact.email:
        abort(refuse(_("Deze contactpersoon heeft geen e-mailadres."), 422))
    sent = digest.request_digest(db.session, contact, "nl") is not None
    db.session.commit()
    if wants_fragment():
        subscription = digest.subscriptions_of(db.session, organisation).get(contact.id)
        return _private(render("partners/_digest_contact.html", organisation=organisation,
                               contact=contact, subscription=subscription, just_sent=sent))
    if sent:
        flash(_("De bevestigingslink is gemaild naar %(name)s.", name=contact.name), "success")
    return redirect(url_for("organisations.detail", slug=slug, _anchor="contactpersonen"), 303)


def _subscription_or_404(token: str):
    subscription = digest.subscription_by_token(db.session, token)
    if subscription is None:
        abort(404)
    return subscription


@bp.route("/maandoverzicht/<token>/bevestigen", methods=["GET", "POST"])
def digest_confirm(token: str):
    """The link in the confirmation mail: a page with a button (a link checker that opens
    the link confirms nothing); the button confirms."""
    subscription = _subscription_or_404(token)
    done = False
    if request.method == "POST":
        if not BaseForm().validate():
            abort(400)
        digest.confirm(db.session, subscription)
        db.session.commit()
        done = True
    return _private(render("partners/digest_confirm.html", subscription=subscription,
                           organisation=subscription.contact.organisation, done=done))


@bp.route("/maandoverzicht/<token>/afmelden", methods=["GET", "POST"])
@csrf.exempt
def digest_unsubscribe(token: str):
    """Unsubscribe: GET shows a page with a button, POST unsubscribes — also the one-click
    POST a mail program sends (RFC 8058), which has no CSRF token and needs none: the
    token in the link is the permission, and unsubscribing twice changes nothing."""
    subscription = digest.subscription_by_token(db.session, token)
    if request.method == "POST":
        if subscription is not None:
            digest.unsubscribe(db.session, subscription)
            db.session.commit()
        return _private(render("partners/digest_unsubscribe.html", subscription=subscription,
                               done=True))
    if subscription is None:
        abort(404)
    return _private(render("partners/digest_unsubscribe.html", subscription=subscription,
                           done=subscription.unsubscribed_at is not None))

