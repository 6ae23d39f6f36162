""""Mijn hub": where a host or coordinator lands after logging in.

The page shows what needs the team's attention. The hub's own part is its open
invitations; the rest comes from other capabilities through the slot `hub.dashboard`
(the agenda's coming dates and drafts, bookings' waiting lists, …), so this page never
imports them.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, url_for
from flask_login import current_user, login_required

from hubsite.accounts.permissions import require
from hubsite.extensions import db
from hubsite.hubs import services
from hubsite.hubs.permissions import is_hub_coordinator, is_hub_team
from hubsite.rendering import render
from hubsite.slots import add_stylesheet

bp = Blueprint("dashboard", __name__)
bp.record_once(lambda state: add_stylesheet(state.app, "css/hosting.css"))


@bp.get("/mijn-hub")
@login_required
def mine():
    """Straight to the person's hub, or a choice when they are on several teams."""
    hubs = services.team_hubs(db.session, current_user)
    require(bool(hubs))
    if len(hubs) == 1:
        return redirect(url_for("dashboard.hub", slug=hubs[0].slug))
    return render("hubs/my_hubs.html", hubs=hubs)


@bp.get("/hubs/<slug>/beheer")
@login_required
def hub(slug: str):
    """One hub's "Mijn hub": coming dates with their bookings, drafts, waiting lists,
    open invitations, and "Nieuwe activiteit" one click away."""
    found = services.hub_by_slug(db.session, slug)
    if found is None:
        abort(404)
    require(is_hub_team(current_user, found))
    coordinator = is_hub_coordinator(current_user, found)
    invitations = services.pending_invitations(db.session, found) if coordinator else []
    # Someone on several teams (or an admin) can switch hubs from here.
    several = current_user.is_admin or len(current_user.memberships) > 1
    return render("hubs/dashboard.html", hub=found, is_coordinator=coordinator,
                  invitations=invitations, several_hubs=several)
