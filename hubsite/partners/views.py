"""Changing an organisation's programme interests (hub teams)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from hubsite.accounts.permissions import require
from hubsite.extensions import db
from hubsite.forms import BaseForm
from hubsite.hubs.permissions import is_on_any_team
from hubsite.organisations.services import organisation_by_slug
from hubsite.partners import panels, services
from hubsite.rendering import render, wants_fragment

bp = Blueprint("partners", __name__)


@bp.record_once
def _init_app(state) -> None:
    panels.init_app(state.app)


@bp.post("/organisaties/<slug>/opleidingen")
@login_required
def programmes(slug: str):
    """Set the programmes an organisation is interested in; htmx gets the panel back."""
    organisation = organisation_by_slug(db.session, slug)
    if organisation is None:
        abort(404)
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
        response.headers["Cache-Control"] = "private, no-store"
        return response
    flash(_("De opleidingen zijn opgeslagen."), "success")
    return redirect(url_for("organisations.detail", slug=slug, _anchor="opleidingen"), 303)
