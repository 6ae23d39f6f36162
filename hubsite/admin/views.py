"""Site administration: people, activity types and mail that could not be sent
(hubs are managed on /hubs)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from hubsite.accounts.models import User
from hubsite.accounts.permissions import admin_required
from hubsite.admin import services
from hubsite.admin.forms import ActivityTypeForm
from hubsite.agenda.models import ActivityType
from hubsite.extensions import db
from hubsite.hubs.models import HubMembership
from hubsite.mail.services import failed_messages, retry_failed
from hubsite.rendering import render

bp = Blueprint("admin", __name__, url_prefix="/beheer")


def _page(form: ActivityTypeForm, status: int = 200):
    users = db.session.scalars(
        sa.select(User).order_by(User.name)
        .options(selectinload(User.memberships).selectinload(HubMembership.hub))
    ).all()
    types = db.session.scalars(sa.select(ActivityType).order_by(ActivityType.name_nl)).all()
    return render("admin/index.html", users=users, types=types, form=form, status=status,
                  failed_mail=failed_messages(db.session))


@bp.get("")
@admin_required
def index():
    """People with an account, their roles, the activity types and mail given up."""
    return _page(ActivityTypeForm())


@bp.post("/soorten")
@admin_required
def add_activity_type():
    """Add an activity type."""
    form = ActivityTypeForm()
    if form.validate_on_submit():
        try:
            services.add_activity_type(db.session, form.slug.data, form.name_nl.data,
                                       form.name_en.data)
        except services.AdminError as error:
            form.slug.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("De soort activiteit is toegevoegd."), "success")
            return redirect(url_for("admin.index"))
    return _page(form, 422)


@bp.post("/mensen/<int:user_id>/beheerder")
@admin_required
def set_admin(user_id: int):
    """Grant or withdraw the site-admin role."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    try:
        services.set_admin(db.session, user, request.form.get("is_admin") == "1", current_user)
    except services.AdminError as error:
        flash(str(error), "error")
        return redirect(url_for("admin.index"))
    db.session.commit()
    flash(_("De rol van %(name)s is bijgewerkt.", name=user.name), "success")
    return redirect(url_for("admin.index"))


@bp.post("/mail/<int:message_id>/opnieuw")
@admin_required
def resend_mail(message_id: int):
    """Give one message that was given up a new round of attempts."""
    if not retry_failed(db.session, [message_id]):
        flash(_("Dit bericht is al verstuurd of wordt al opnieuw geprobeerd."), "info")
        return redirect(url_for("admin.index"))
    db.session.commit()
    flash(_("Het bericht wordt opnieuw verstuurd."), "success")
    return redirect(url_for("admin.index"))
