"""The hub screen (a secret link, no log-in) and the A4 posters (for the hub team)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from hubsite.accounts.permissions import require
from hubsite.agenda.listing import event_for_view
from hubsite.confirming import confirmation_page
from hubsite.extensions import db
from hubsite.http_cache import is_fresh, not_modified, set_validators
from hubsite.hubs.forms import ConfirmForm
from hubsite.hubs.models import Hub
from hubsite.hubs.permissions import is_hub_coordinator, is_hub_team
from hubsite.hubs.services import hub_by_slug
from hubsite.live import version_mirror
from hubsite.onsite import live, panels, posters, screens
from hubsite.onsite.qr import qr_svg
from hubsite.pinboard.access import is_board_team
from hubsite.pinboard.boards import board_by_slug
from hubsite.rendering import render
from hubsite.urls import absolute_url

bp = Blueprint("onsite", __name__)

NOINDEX = "noindex, nofollow"


@bp.record_once
def _init_app(state) -> None:
    panels.init_app(state.app)
    live.connect()


def _hub_or_404(slug: str) -> Hub:
    hub = hub_by_slug(db.session, slug)
    if hub is None:
        abort(404)
    return hub


# -- The screen ----------------------------------------------------------------------------


def _screen_or_404(slug: str, secret: str) -> screens.HubScreen:
    screen = screens.screen_by_link(db.session, slug, secret)
    if screen is None:
        abort(404)
    return screen


def _private(response: Response) -> Response:
    """Answers of a secret link: never in a shared cache or a search engine, and the
    link never leaves in a Referer."""
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["X-Robots-Tag"] = NOINDEX
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/hubs/<slug>/scherm/<secret>")
def screen(slug: str, secret: str):
    """The screen by the hub's door: now and next today with seats left, the rest of the
    week, the board's newest posts and open vragen, a QR code to the agenda. For the
    screen's own refresh (htmx header), only its content region."""
    hub_screen = _screen_or_404(slug, secret)
    hub = hub_screen.hub
    content = screens.screen_content(db.session, hub)
    agenda_url = absolute_url("agenda.index", hub=hub.slug)
    response = render(
        "onsite/screen.html", block="screen", hub=hub, screen=hub_screen, content=content,
        agenda_url=agenda_url, short_agenda_url=posters.short_url(agenda_url),
        agenda_qr=qr_svg(agenda_url, _("QR-code naar de agenda van %(hub)s", hub=hub.name),
                         "qr screen-qr__code"),
        check_ms=int(current_app.config["SCREEN_CHECK_SECONDS"] * 1000))
    return _private(response)


def _version_seen() -> int | None:
    """The version the screen shows (its `If-None-Match: "v12"`)."""
    for tag in request.if_none_match.as_set():
        if tag.startswith("v") and tag[1:].isdigit():
            return int(tag[1:])
    return None


@bp.get("/hubs/<slug>/scherm/<secret>/versie")
def screen_version(slug: str, secret: str):
    """Anything new for this screen? 304 while the screen's version (`If-None-Match`) is
    current, else 200 with the version; 404 for a renewed link. One key read in Redis
    (one indexed row without it), no template: screens ask every few seconds."""
    version = live.screen_version(db.session, version_mirror(), slug, secret,
                                 known=_version_seen())
    if version is None:
        return _private(Response(status=404))
    etag = f"v{version}"
    response = not_modified(etag) if is_fresh(etag) else \
        set_validators(Response(str(version), mimetype="text/plain"), etag)
    return _private(response)


@bp.route("/hubs/<slug>/scherm/vernieuwen", methods=["GET", "POST"])
@login_required
def renew_screen_link(slug: str):
    """Make the screen's link, or a new one in its place: the old link answers 404 at
    once (a lost tablet, a link that went round). For the hub's coordinators."""
    hub = _hub_or_404(slug)
    require(is_hub_coordinator(current_user, hub))
    back = url_for("dashboard.hub", slug=hub.slug, _anchor="scherm-title")
    form = ConfirmForm()
    if request.method == "GET":
        return confirmation_page(
            message=_("Het scherm met de oude link toont dan niets meer; open daar de "
                      "nieuwe link."),
            button=_("Nieuwe schermlink maken"), action=request.path, back=back,
            context=hub.name)
    if not form.validate_on_submit():
        abort(400)
    screen, old_secret = screens.renew_link(db.session, hub)
    db.session.commit()
    mirror = version_mirror()
    if mirror is not None and old_secret:
        mirror.forget(live.mirror_key(hub.slug, old_secret))
    flash(_("De nieuwe schermlink is klaar.") if old_secret
          else _("De schermlink is klaar."), "success")
    return redirect(back, code=303)


# -- Posters -------------------------------------------------------------------------------


def _poster_page(poster: posters.Poster, back: str) -> Response:
    response = render("onsite/poster.html", poster=poster, back=back,
                      qr=qr_svg(poster.url, _("QR-code naar %(url)s", url=poster.short_url),
                                "qr poster__code"))
    response.headers["X-Robots-Tag"] = NOINDEX
    return response


@bp.get("/hubs/<slug>/poster")
@login_required
def hub_poster(slug: str):
    """An A4 poster of the hub, with a QR code to its page (print, or save as PDF)."""
    hub = _hub_or_404(slug)
    require(is_hub_team(current_user, hub))
    return _poster_page(posters.hub_poster(hub), url_for("hubs.detail", slug=hub.slug))


@bp.get("/boards/<slug>/poster")
@login_required
def board_poster(slug: str):
    """An A4 poster of a board, with a QR code to it."""
    board = board_by_slug(db.session, slug)
    if board is None:
        abort(404)
    require(is_board_team(current_user, board))
    return _poster_page(posters.board_poster(board), url_for("pinboard.board", slug=board.slug))


@bp.get("/events/<int:event_id>/poster")
@login_required
def activity_poster(event_id: int):
    """An A4 poster of an activity: its dates, the place, how to book, a QR code to it."""
    event = event_for_view(db.session, event_id)
    if event is None:
        abort(404)
    require(is_hub_team(current_user, event.hub))
    return _poster_page(posters.activity_poster(db.session, event),
                        url_for("agenda.detail", event_id=event.id))
