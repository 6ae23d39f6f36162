"""The home page, the health check and the language switch."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, redirect, request
from flask_login import current_user

from hubsite.extensions import db
from hubsite.hubs.models import Hub
from hubsite.i18n import LOCALE_COOKIE
from hubsite.rendering import render
from hubsite.urls import safe_next_url

bp = Blueprint("pages", __name__)


@bp.get("/")
def home():
    """The hubs, and what the capabilities put on the home page (the week ahead, …)."""
    hubs = db.session.scalars(sa.select(Hub).order_by(Hub.name)).all()
    return render("pages/home.html", hubs=hubs)


@bp.get("/healthz")
def healthz() -> Response:
    """Liveness check for load balancers and benchmarks: no database, no template."""
    return Response("ok", mimetype="text/plain")


@bp.post("/taal")
def set_language():
    """Switch the interface language and remember the choice for a year."""
    language = request.form.get("taal", "")
    if language not in current_app.config["LANGUAGES"]:
        language = current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user.is_authenticated:
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
