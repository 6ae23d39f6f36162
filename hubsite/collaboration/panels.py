"""How collaboration shows on other pages: the menu entries, the offers and the year plan
on a hub's page (`hub.main`), and the "skip holidays" warnings' stylesheet."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import gettext as _
from markupsafe import Markup

from hubsite.collaboration import services
from hubsite.collaboration.labels import KIND_LABELS, daypart_label, month_name
from hubsite.extensions import db
from hubsite.hubs.models import Hub
from hubsite.hubs.slots import HUB_MAIN
from hubsite.slots import add_menu_item, add_script, add_stylesheet, contribute


def hub_offers(hub: Hub, is_team: bool = False) -> Markup:
    """"Samenwerken met deze hub": its open offers and its year plan."""
    offers = services.offers(db.session, (hub.slug,))
    return Markup(render_template("collaboration/_hub_panel.html", hub=hub, offers=offers,
                                  is_team=is_team))


def init_app(app: Flask) -> None:
    # The year plan is reached from the offers (and a hub's page): a seventh menu entry would
    # push the log-in links to a second row on a laptop.
    add_menu_item(app, lambda: _("Samenwerken"), "collaboration.index", order=35)
    add_stylesheet(app, "css/collaboration.css")
    add_script(app, "js/collaboration.js")
    contribute(app, HUB_MAIN, hub_offers, order=40)
    app.jinja_env.globals["offer_kind_labels"] = KIND_LABELS
    app.jinja_env.filters["month_name"] = month_name
    app.jinja_env.filters["daypart_label"] = daypart_label
