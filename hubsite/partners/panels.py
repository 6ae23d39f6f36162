"""The partner file's programme interests on an organisation's page (hub teams only), and
their move when two records are merged."""

from __future__ import annotations

from flask import Flask, render_template
from markupsafe import Markup

from hubsite.extensions import db
from hubsite.organisations.models import Organisation
from hubsite.organisations.signals import organisations_merged
from hubsite.organisations.slots import ORGANISATION_MAIN
from hubsite.partners import services
from hubsite.slots import contribute


def programme_interests(organisation: Organisation, is_team: bool) -> Markup | None:
    """The programmes the organisation is interested in, with the form to change them."""
    if not is_team:
        return None
    return Markup(render_template(
        "partners/_programmes.html", organisation=organisation,
        chosen=services.programmes_of(db.session, organisation),
        programmes=services.all_programmes(db.session)))


def _organisations_merged(source: Organisation, session, target: Organisation, **_kwargs) -> None:
    services.move_programmes(session, source, target)


def init_app(app: Flask) -> None:
    contribute(app, ORGANISATION_MAIN, programme_interests, order=5)
    organisations_merged.connect(_organisations_merged)
