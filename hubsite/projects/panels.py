"""How projects take part in other pages: a hub's projects on its page (`hub.main`), an
organisation's projects and activities on its page (`organisation.main`), "Hoort bij
project …" on an activity's page (`event.when`); the project cloners, the photos'
owner rule, and following organisations that are merged."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Flask, render_template
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm import Session, joinedload

from hubsite.agenda.models import STATUS_PUBLISHED, Event
from hubsite.agenda.slots import EVENT_WHEN
from hubsite.extensions import db
from hubsite.hubs.models import Hub
from hubsite.hubs.slots import HUB_MAIN
from hubsite.organisations.models import Organisation
from hubsite.organisations.signals import organisations_merged
from hubsite.organisations.slots import ORGANISATION_MAIN
from hubsite.projects import attachments, reuse, services
from hubsite.projects.access import may_see
from hubsite.slots import add_stylesheet, contribute

HUB_LIST_LIMIT = 6
ORGANISATION_EVENTS_LIMIT = 8


def hub_projects(hub: Hub, is_team: bool) -> Markup | None:
    """A short list of the hub's projects (its team also sees requests), two queries."""
    projects = services.projects_of_hub(db.session, hub, is_team, HUB_LIST_LIMIT)
    if not projects and not is_team:
        return None
    total = services.count_projects_of_hub(db.session, hub, is_team)
    return Markup(render_template("projects/_hub_panel.html", hub=hub, projects=projects,
                                  total=total, is_team=is_team))


def organisation_work(organisation: Organisation, is_team: bool) -> Markup | None:
    """The published projects the organisation took part in and its activities."""
    projects = services.projects_of_organisation(db.session, organisation)
    events = db.session.scalars(
        sa.select(Event).where(Event.organisation_id == organisation.id,
                               Event.status == STATUS_PUBLISHED)
        .options(joinedload(Event.hub)).order_by(Event.starts_at.desc())
        .limit(ORGANISATION_EVENTS_LIMIT)).all()
    if not projects and not events:
        return None
    return Markup(render_template("projects/_organisation_panel.html",
                                  organisation=organisation, projects=projects, events=events))


def event_projects(event: Event) -> Markup | None:
    """"Hoort bij project …" on an activity's page (one query)."""
    found = services.projects_of_events(db.session, [event.id], public_only=False)
    projects = [p for p in found.get(event.id, []) if may_see(current_user, p)]
    if not projects:
        return None
    return Markup(render_template("projects/_event_panel.html", projects=projects))


def follow_merged_organisation(source: Organisation, session: Session, target: Organisation,
                               **_kwargs: Any) -> None:
    """Projects of the merged organisation move to the one that stays."""
    services.move_organisation(session, source, target)


def init_app(app: Flask) -> None:
    add_stylesheet(app, "css/projects.css")
    contribute(app, HUB_MAIN, hub_projects, order=30)
    contribute(app, ORGANISATION_MAIN, organisation_work, order=10)
    contribute(app, EVENT_WHEN, event_projects, order=50)
    reuse.init_app(app)
    attachments.register()
    organisations_merged.connect(follow_merged_organisation)
