"""Hub pages and their management."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from hubsite.accounts import services as account_services
from hubsite.accounts.forms import InviteForm
from hubsite.accounts.models import HUB_ROLES, User
from hubsite.accounts.permissions import admin_required, is_hub_coordinator, is_hub_team, require
from hubsite.extensions import db
from hubsite.hubs import services
from hubsite.hubs.forms import HubForm
from hubsite.hubs.models import Hub
from hubsite.rendering import render
from hubsite.slots import add_menu_item
from hubsite.urls import absolute_url

bp = Blueprint("hubs", __name__, url_prefix="/hubs")
bp.record_once(lambda state: add_menu_item(state.app, lambda: _("Hubs"), "hubs.index", order=20))


def _hub_or_404(slug: str) -> Hub:
    hub = services.hub_by_slug(db.session, slug)
    if hub is None:
        abort(404)
    return hub


@bp.get("")
def index():
    """All hubs."""
    return render("hubs/index.html", hubs=services.all_hubs(db.session))


@bp.get("/<slug>")
def detail(slug: str):
    """One hub: about, address, opening hours, team, and what the capabilities add (the
    agenda's week ahead, …) in the slot `hub.main`."""
    hub = _hub_or_404(slug)
    return render("hubs/detail.html", hub=hub, is_team=is_hub_team(current_user, hub),
                  is_coordinator=is_hub_coordinator(current_user, hub))


@bp.route("/nieuw", methods=["GET", "POST"])
@admin_required
def create():
    """Admins add a hub."""
    form = HubForm()
    if form.validate_on_submit():
        try:
            hub = services.save_hub(db.session, None, **_hub_values(form))
        except services.HubError as error:
            form.slug.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("De hub is aangemaakt."), "success")
            return redirect(url_for("hubs.detail", slug=hub.slug))
    return render("hubs/form.html", form=form, hub=None, status=422 if form.is_submitted() else 200)


@bp.route("/<slug>/bewerken", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    """Coordinators edit their own hub; admins any hub."""
    hub = _hub_or_404(slug)
    require(is_hub_coordinator(current_user, hub))
    form = HubForm(obj=hub)
    if form.validate_on_submit():
        try:
            services.save_hub(db.session, hub, **_hub_values(form))
        except services.HubError as error:
            form.slug.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("De hub is bijgewerkt."), "success")
            return redirect(url_for("hubs.detail", slug=hub.slug))
    return render("hubs/form.html", form=form, hub=hub, status=422 if form.is_submitted() else 200)


def _hub_values(form: HubForm) -> dict[str, str]:
    return {field: getattr(form, field).data or "" for field in services.HUB_FIELDS}


@bp.route("/<slug>/team", methods=["GET", "POST"])
@login_required
def team(slug: str):
    """Coordinators see the team and invite people by e-mail."""
    hub = _hub_or_404(slug)
    require(is_hub_coordinator(current_user, hub))
    form = InviteForm()
    if form.validate_on_submit():
        try:
            account_services.invite_to_hub(
                db.session, hub, form.email.data, form.role.data, current_user,
                current_app.config["INVITATION_DAYS"],
                lambda token: absolute_url("accounts.accept_invitation", token=token))
        except account_services.AccountError as error:
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("De uitnodiging is verstuurd naar %(email)s.", email=form.email.data), "success")
            return redirect(url_for("hubs.team", slug=hub.slug))
    return render("hubs/team.html", hub=hub, form=form, roles=HUB_ROLES,
                  status=422 if form.is_submitted() else 200)


@bp.post("/<slug>/team/<int:user_id>")
@login_required
def change_member(slug: str, user_id: int):
    """Change a member's role or remove them from the team."""
    from flask import request

    hub = _hub_or_404(slug)
    require(is_hub_coordinator(current_user, hub))
    member = db.session.get(User, user_id)
    if member is None or member.role_in(hub) is None:
        abort(404)
    role = request.form.get("role", "")
    if role not in (*HUB_ROLES, "remove"):
        abort(400, _("Kies een geldige rol."))
    try:
        account_services.set_member_role(db.session, hub, member, None if role == "remove" else role)
    except account_services.AccountError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("hubs.team", slug=hub.slug))
    db.session.commit()
    flash(_("Het team is bijgewerkt."), "success")
    return redirect(url_for("hubs.team", slug=hub.slug))
