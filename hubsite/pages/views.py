"""The home page, the trust pages (privacy, accessibility), the sitemap and robots.txt,
the health check and the language switch."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, redirect, render_template, request
from flask_login import current_user
from sqlalchemy.orm import selectinload

from hubsite.extensions import csrf, db
from hubsite.hubs.models import Hub
from hubsite.i18n import LOCALE_COOKIE
from hubsite.page_cache import cached_for_anonymous
from hubsite.pages.sitemap import SitemapEntry, sitemap_entries
from hubsite.rendering import render
from hubsite.urls import absolute_url, safe_next_url

bp = Blueprint("pages", __name__)


@bp.get("/")
@cached_for_anonymous
def home():
    """The hubs, and what the capabilities put on the home page (the week ahead, …)."""
    hubs = db.session.scalars(sa.select(Hub).order_by(Hub.name)
                              .options(selectinload(Hub.image))).all()
    return render("pages/home.html", hubs=hubs)


@bp.get("/privacy")
@cached_for_anonymous
def privacy():
    """What the site keeps about a guest, for how long, and how to have it removed."""
    return render("pages/privacy.html", days=current_app.config["PERSONAL_DATA_DAYS"])


@bp.get("/toegankelijkheid")
@cached_for_anonymous
def accessibility():
    """The accessibility statement: how accessible the site is, how that was tested, what
    is not yet right, and whom to tell."""
    hubs = db.session.scalars(sa.select(Hub).order_by(Hub.name)).all()
    return render("pages/accessibility.html", hubs=hubs)


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    """Every public page for search engines: the site's own, the hubs, and what the
    capabilities list (the agenda's published activities, …)."""
    entries = [SitemapEntry(absolute_url(endpoint)) for endpoint in
               ("pages.home", "hubs.index", "pages.privacy", "pages.accessibility")]
    for hub in db.session.scalars(sa.select(Hub).order_by(Hub.name)):
        entries.append(SitemapEntry(absolute_url("hubs.detail", slug=hub.slug)))
        entries.append(SitemapEntry(absolute_url("hubs.contact", slug=hub.slug)))
    entries.extend(sitemap_entries(db.session))
    return Response(render_template("pages/sitemap.xml", entries=entries),
                    mimetype="application/xml")


@bp.get("/robots.txt")
def robots() -> Response:
    """Crawlers may read the public pages, not the personal and editing ones."""
    return Response(render_template("pages/robots.txt",
                                    sitemap_url=absolute_url("pages.sitemap")),
                    mimetype="text/plain")


@bp.get("/healthz")
def healthz() -> Response:
    """Liveness check for load balancers and benchmarks: no database, no template."""
    return Response("ok", mimetype="text/plain")


@bp.post("/taal")
@csrf.exempt
def set_language():
    """Switch the interface language and remember the choice for a year.

    For someone not logged in the only effect is the preference cookie, so the form
    carries no CSRF token and a page with it needs no session (no cookie, and a page a
    shared cache may keep). Someone logged in also changes their account: that form
    carries a token, checked here.
    """
    language = request.form.get("taal", "")
    if language not in current_app.config["LANGUAGES"]:
        language = current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user.is_authenticated:
        csrf.protect()
        current_user.locale = language
        db.session.commit()
    response = redirect(safe_next_url(request.form.get("next")))
    response.set_cookie(
        LOCALE_COOKIE,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
    )
    return response
