"""How on-site things show on other capabilities' pages: a "Poster" button for the hub
team on hub, board and activity pages, and the screen link on "Mijn hub"."""

from __future__ import annotations

from flask import Flask, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from hubsite.agenda.models import Event
from hubsite.agenda.slots import EVENT_TEAM_TOOLS
from hubsite.extensions import db
from hubsite.hubs.models import Hub
from hubsite.hubs.permissions import is_hub_coordinator, is_hub_team
from hubsite.hubs.slots import HUB_ACTIONS, HUB_DASHBOARD
from hubsite.onsite import screens
from hubsite.pinboard.models import Board
from hubsite.pinboard.slots import BOARD_ACTIONS
from hubsite.slots import contribute
from hubsite.urls import absolute_url


def _button(url: str, label: str, css: str, detail: str, boost: bool = True) -> Markup:
    """A link styled as a button; `boost=False` for a page with a head of its own (a
    poster: htmx's boost would swap only its body, without its print stylesheet)."""
    return Markup('<a class="{css}" href="{url}"{boost}>{label}<span class="visually-hidden">: '
                  '{detail}</span></a>').format(
        css=css, url=url, label=label, detail=detail,
        boost=Markup("") if boost else Markup(' hx-boost="false"'))


def hub_actions(hub: Hub, is_team: bool) -> Markup | None:
    """The hub team's "Poster" and "Scherm" beside "Hub bewerken"."""
    if not is_team:
        return None
    return _button(url_for("onsite.hub_poster", slug=hub.slug), _("Poster"),
                   "button button--secondary", hub.name, boost=False) + Markup("\n") + _button(
        url_for("dashboard.hub", slug=hub.slug, _anchor="scherm-title"), _("Scherm"),
        "button button--secondary", _("de link voor het scherm bij de deur"))


def board_actions(board: Board, is_team: bool) -> Markup | None:
    """The board team's "Poster" beside "Afdrukken"."""
    if not is_team:
        return None
    return _button(url_for("onsite.board_poster", slug=board.slug), _("Poster"),
                   "button button--secondary button--small", board.title, boost=False)


def event_team_tools(event: Event) -> Markup:
    """"Poster" in the hub team's tool bar of an activity."""
    return _button(url_for("onsite.activity_poster", event_id=event.id), _("Poster"),
                   "team-tools__link", event.title, boost=False)


def screen_panel(hub: Hub) -> Markup | None:
    """On "Mijn hub": the screen's secret link (to open on the TV by the door), and for a
    coordinator the button that makes it, or a new one in its place."""
    if not is_hub_team(current_user, hub):
        return None
    screen = screens.screen_of(db.session, hub)
    link = absolute_url("onsite.screen", slug=hub.slug, secret=screen.secret) if screen else None
    return Markup(render_template("onsite/_screen_panel.html", hub=hub, screen=screen,
                                  link=link, may_renew=is_hub_coordinator(current_user, hub)))


def init_app(app: Flask) -> None:
    contribute(app, HUB_ACTIONS, hub_actions, order=50)
    contribute(app, BOARD_ACTIONS, board_actions, order=50)
    contribute(app, EVENT_TEAM_TOOLS, event_team_tools, order=50)
    contribute(app, HUB_DASHBOARD, screen_panel, order=80)
