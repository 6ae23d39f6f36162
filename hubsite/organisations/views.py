"""The partner organisations."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort
from flask_login import current_user

from hubsite.extensions import db
from hubsite.hubs.permissions import is_on_any_team
from hubsite.organisations import slots  # noqa: F401  (declares the page's slots)
from hubsite.organisations.models import ORGANISATION_KINDS, Organisation
from hubsite.rendering import render

bp = Blueprint("organisations", __name__)


@bp.get("/organisaties")
def index():
    """Partner organisations grouped by the three O's."""
    organisations = db.session.scalars(sa.select(Organisation).order_by(Organisation.name)).all()
    grouped = {kind: [o for o in organisations if o.kind == kind] for kind in ORGANISATION_KINDS}
    return render("organisations/index.html", grouped=grouped)


@bp.get("/organisaties/<slug>")
def detail(slug: str):
    """One organisation: who they are, and what runs with them (filled by other capabilities)."""
    organisation = db.session.scalar(sa.select(Organisation).where(Organisation.slug == slug))
    if organisation is None:
        abort(404)
    return render("organisations/detail.html", organisation=organisation,
                  is_team=is_on_any_team(current_user))
