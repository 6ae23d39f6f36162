"""The partner organisations."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint

from hubsite.extensions import db
from hubsite.organisations.models import ORGANISATION_KINDS, Organisation
from hubsite.rendering import render

bp = Blueprint("organisations", __name__)


@bp.get("/organisaties")
def index():
    """Partner organisations grouped by the three O's."""
    organisations = db.session.scalars(sa.select(Organisation).order_by(Organisation.name)).all()
    grouped = {kind: [o for o in organisations if o.kind == kind] for kind in ORGANISATION_KINDS}
    return render("organisations/index.html", grouped=grouped)
