"""How the agenda takes part in the site: the week ahead on the home page and on a
hub's page (slots `home.main` and `hub.main`), its menu entry, and its cloner."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from hubsite.agenda.display import group_by_day
from hubsite.agenda.listing import coming_week, viewer_for
from hubsite.agenda.services import CONTENT_FIELDS
from hubsite.cloning import copy_fields, register_cloner
from hubsite.extensions import db
from hubsite.hubs.models import Hub
from hubsite.hubs.slots import HUB_MAIN
from hubsite.pages.slots import HOME_MAIN
from hubsite.slots import add_menu_item, add_stylesheet, contribute
from hubsite.timeutil import local_today

HOME_WEEK_LIMIT = 12


def home_week() -> Markup:
    """Today and the coming week across all hubs."""
    coming = coming_week(db.session, viewer_for(current_user), limit=HOME_WEEK_LIMIT)
    return Markup(render_template("agenda/_home_week.html", coming_days=group_by_day(coming),
                                  today=local_today()))


def hub_week(hub: Hub, is_team: bool) -> Markup:
    """Today and the coming week in one hub, with "Nieuwe activiteit" for its team."""
    coming = coming_week(db.session, viewer_for(current_user), hub_slugs=(hub.slug,))
    return Markup(render_template("agenda/_hub_week.html", hub=hub, is_team=is_team,
                                  coming_days=group_by_day(coming), today=local_today()))


def init_app(app: Flask) -> None:
    add_stylesheet(app, "css/agenda.css")
    contribute(app, HOME_MAIN, home_week, order=10)
    contribute(app, HUB_MAIN, hub_week, order=10)
    add_menu_item(app, lambda: _("Agenda"), "agenda.index", order=10)
    register_cloner(app, "event", copy_fields(*CONTENT_FIELDS))
