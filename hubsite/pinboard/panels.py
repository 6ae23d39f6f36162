"""How the pinboard shows on other pages: the hub's board on its page (`hub.main`), the
newest posts on the home page (`home.main`), "Mijn berichten" and "Wat ik volg" on the account
page (`account.main`), a link to all I follow in the account navigation (`account.nav`); its stylesheet,
its template filters, the "board" cloner and the purge of unconfirmed follow requests."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, current_app, render_template
from flask_babel import format_timedelta
from flask_babel import gettext as _
from markupsafe import Markup

from hubsite.accounts.models import User
from hubsite.accounts.slots import ACCOUNT_MAIN, ACCOUNT_NAV
from hubsite.cloning import register_cloner
from hubsite.dates import local_datetime
from hubsite.extensions import db
from hubsite.hubs.models import Hub
from hubsite.hubs.slots import HUB_MAIN
from hubsite.markup import UGC_LINK_REL, markdown_to_html
from hubsite.pages.slots import HOME_MAIN
from hubsite.pinboard import boards, following, moderation, posts
from hubsite.pinboard.models import COLOURS
from hubsite.privacy import register_purger
from hubsite.slots import add_script, add_stylesheet, contribute
from hubsite.timeutil import utcnow

ACCOUNT_FOLLOWING = 10  # posts in "Wat ik volg" on the account page


def hub_board_panel(hub: Hub, is_team: bool) -> Markup | None:
    """The hub's board: its newest posts and its open vragen (three queries)."""
    board = boards.hub_board(db.session, hub)
    if board is None:
        return None
    return Markup(render_template(
        "pinboard/_hub_panel.html", hub=hub, board=board, is_team=is_team,
        newest=posts.newest_posts(db.session, limit=4, board=board),
        questions=posts.newest_posts(db.session, limit=4, board=board, kind="vraag",
                                     state="open"),
        queue_count=moderation.queue_count(db.session, boards.boards_of_hub(db.session, hub))
        if is_team else 0))


def home_panel() -> Markup | None:
    """The newest posts across the boards."""
    newest = posts.newest_posts(db.session, limit=6)
    return Markup(render_template("pinboard/_home_panel.html", newest=newest))


def account_posts(user: User) -> Markup:
    """A person's own posts, with their state."""
    return Markup(render_template("pinboard/_account_posts.html",
                                  my_posts=posts.posts_of_user(db.session, user)))


def account_following(user: User) -> Markup:
    """What a person follows, in short (one query); the whole list is "Wat ik volg"."""
    return Markup(render_template("pinboard/_account_following.html",
                                  followed=following.followed_posts(db.session, user,
                                                                    limit=ACCOUNT_FOLLOWING)))


def following_link(user: User) -> Markup:
    """"Wat ik volg" in the account navigation (no query)."""
    return Markup(render_template("pinboard/_nav_following.html"))


def purge_follow_requests(session, now: datetime) -> int:
    """Unconfirmed follow requests whose link no longer works: their addresses go."""
    return following.purge_unconfirmed(
        session, current_app.config["PINBOARD_FOLLOW_CONFIRM_DAYS"], now)


def ugc_markdown(text: str | None) -> Markup:
    """What people wrote on a board, as safe HTML; links are marked as user content."""
    return markdown_to_html(text, link_rel=UGC_LINK_REL)


def time_ago(moment: datetime) -> Markup:
    """ "3 minuten geleden" in a <time> with the exact moment (hover, screen readers)."""
    seconds = (utcnow() - moment).total_seconds()
    spoken = _("zojuist") if seconds < 60 else format_timedelta(
        moment - utcnow(), add_direction=True, threshold=0.9)
    exact = local_datetime(moment)
    return Markup('<time datetime="{iso}Z" title="{exact}">{spoken}'
                  '<span class="visually-hidden"> ({exact})</span></time>').format(
        iso=moment.isoformat(timespec="seconds"), exact=exact, spoken=spoken)


def init_app(app: Flask) -> None:
    add_stylesheet(app, "css/pinboard.css")
    add_script(app, "js/live.js")
    add_script(app, "js/board-order.js")
    contribute(app, HUB_MAIN, hub_board_panel, order=20)
    contribute(app, HOME_MAIN, home_panel, order=20)
    contribute(app, ACCOUNT_MAIN, account_posts, order=20)
    contribute(app, ACCOUNT_MAIN, account_following, order=25)
    contribute(app, ACCOUNT_NAV, following_link, order=30)
    register_cloner(app, "board", boards.board_cloner)
    register_purger(app, "unconfirmed follow requests", purge_follow_requests)
    app.jinja_env.filters["ugc_markdown"] = ugc_markdown
    app.jinja_env.filters["time_ago"] = time_ago
    app.jinja_env.globals["pinboard_colours"] = COLOURS
