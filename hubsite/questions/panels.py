"""How questions show on other pages: a call to action on the home page (`home.main`) and
the hub pages (`hub.main`), the inbox on "Mijn hub" (`hub.dashboard`), an organisation's
open questions for hub teams (`organisation.main`), the count of new questions in the
navigation (`account.nav`); the pictures' owner rule and the age filter."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Flask, render_template
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from hubsite.accounts.slots import ACCOUNT_NAV
from hubsite.extensions import db
from hubsite.hubs.models import Hub
from hubsite.hubs.slots import HUB_DASHBOARD, HUB_MAIN
from hubsite.organisations.models import Organisation
from hubsite.organisations.slots import ORGANISATION_MAIN
from hubsite.pages.slots import HOME_MAIN
from hubsite.pinboard.slots import BOARD_INTRO
from hubsite.questions import access, attachments, services
from hubsite.slots import add_stylesheet, contribute
from hubsite.timeutil import utcnow

DASHBOARD_ROWS = 5


def call_to_action(hub: Hub | None = None, is_team: bool = False) -> Markup:
    """"Heb je een vraag voor studenten?": the way to the public form."""
    return Markup(render_template("questions/_call_to_action.html", hub=hub))


def home_call_to_action() -> Markup:
    return call_to_action()


def board_call_to_action(board: Any) -> Markup:
    """A short way to the form on the boards: a question for students is better asked
    there than pinned (the hub team follows it up), with the board's hub chosen."""
    return Markup(render_template("questions/_board_link.html",
                                  hub=board.hub if board is not None else None))


def dashboard_panel(hub: Hub) -> Markup:
    """The hub's inbox in short: counts and the newest open questions with their age."""
    questions = services.inbox(db.session, current_user, hub)[:DASHBOARD_ROWS]
    return Markup(render_template("questions/_dashboard.html", hub=hub, questions=questions,
                                  counts=services.inbox_counts(db.session, current_user, hub)))


def organisation_questions(organisation: Organisation, is_team: bool) -> Markup | None:
    """An organisation's open questions, for hub teams only (titles, never contact data)."""
    if not is_team:
        return None
    questions = services.open_questions_of(db.session, current_user, organisation)
    if not questions:
        return None
    return Markup(render_template("questions/_organisation.html", questions=questions))


def navigation_count(user: Any) -> Markup | None:
    """"Vragen 3" in the navigation of hub teams (one query)."""
    if not (user.is_admin or user.memberships):
        return None
    return Markup(render_template("questions/_nav.html",
                                  count=services.new_count(db.session, user)))


def question_age(moment: datetime) -> str:
    """How long a question has waited: "3 dagen", "2 uur", "zojuist"."""
    elapsed = utcnow() - moment
    if elapsed.total_seconds() < 60:
        return _("zojuist")
    return format_timedelta(elapsed, threshold=1.0, granularity="minute")


def init_app(app: Flask) -> None:
    add_stylesheet(app, "css/questions.css")
    contribute(app, HOME_MAIN, home_call_to_action, order=40)
    contribute(app, HUB_MAIN, call_to_action, order=40)
    contribute(app, BOARD_INTRO, board_call_to_action, order=40)
    contribute(app, HUB_DASHBOARD, dashboard_panel, order=15)
    contribute(app, ORGANISATION_MAIN, organisation_questions, order=30)
    contribute(app, ACCOUNT_NAV, navigation_count, order=20)
    app.jinja_env.filters["question_age"] = question_age
    app.jinja_env.globals["question_may_decide"] = access.may_decide
    attachments.register()
