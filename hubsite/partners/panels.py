"""The partner file's panels on other pages: programme interests and the digest on an
organisation's page, the digest state beside each contact person, and a pointer to the
partners to contact on a hub's dashboard. Also their move when two records are merged."""

from __future__ import annotations

from flask import Flask, current_app, render_template
from flask_login import current_user
from markupsafe import Markup

from hubsite.extensions import db
from hubsite.hubs.models import Hub
from hubsite.hubs.permissions import is_on_any_team
from hubsite.hubs.slots import HUB_DASHBOARD
from hubsite.organisations.models import Organisation
from hubsite.organisations.signals import organisations_merged
from hubsite.organisations.slots import ORGANISATION_CONTACT, ORGANISATION_MAIN
from hubsite.partners import digest, involvement, services
from hubsite.partners.forms import DigestRequestForm
from hubsite.slots import contribute


def programme_interests(organisation: Organisation, is_team: bool) -> Markup | None:
    """The programmes the organisation is interested in, with the form to change them."""
    if not is_team:
        return None
    return Markup(render_template(
        "partners/_programmes.html", organisation=organisation,
        chosen=services.programmes_of(db.session, organisation),
        programmes=services.all_programmes(db.session)))


def digest_form(organisation: Organisation, is_team: bool) -> Markup | None:
    """The public form: a contact person of the organisation asks for the monthly digest."""
    # Shown whether or not the organisation has contact persons: the page must not tell.
    if is_team:
        return None
    return Markup(render_template("partners/_digest_public.html", organisation=organisation,
                                  form=DigestRequestForm(formdata=None)))


def contact_digest(organisation: Organisation) -> dict[int, Markup]:
    """Per contact person: receives the digest, was sent a link, or a button to offer it."""
    if not is_on_any_team(current_user):
        return {}
    subscriptions = digest.subscriptions_of(db.session, organisation)
    return {contact.id: Markup(render_template(
        "partners/_digest_contact.html", organisation=organisation, contact=contact,
        subscription=subscriptions.get(contact.id)))
        for contact in organisation.contacts if contact.email}


def dashboard_pointer(hub: Hub) -> Markup:
    """How many partners of the hub have not heard from it lately, with the link."""
    months = current_app.config["PARTNERS_STALE_MONTHS"]
    quiet = involvement.quiet_partners(db.session, involvement.stale_since(months), [hub])
    return Markup(render_template("partners/_dashboard.html", hub=hub, months=months,
                                  count=len(quiet)))


def _organisations_merged(source: Organisation, session, target: Organisation, **_kwargs) -> None:
    services.move_programmes(session, source, target)


def init_app(app: Flask) -> None:
    contribute(app, ORGANISATION_MAIN, programme_interests, order=5)
    contribute(app, ORGANISATION_MAIN, digest_form, order=90)
    contribute(app, ORGANISATION_CONTACT, contact_digest)
    contribute(app, HUB_DASHBOARD, dashboard_pointer, order=60)
    organisations_merged.connect(_organisations_merged)
