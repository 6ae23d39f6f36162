"""Hub pages, their management and their teams (invitations included)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from hubsite.accounts.models import User
from hubsite.accounts.permissions import admin_required, require
from hubsite.accounts.services import find_user_by_email
from hubsite.confirming import confirmation_page
from hubsite.extensions import db
from hubsite.hubs import media, services
from hubsite.hubs import slots as hub_slots  # noqa: F401  (declares the hub page's slots)
from hubsite.hubs.forms import AcceptInvitationForm, ConfirmForm, HubForm, InviteForm
from hubsite.hubs.models import HUB_ROLES, Hub
from hubsite.hubs.permissions import is_hub_coordinator, is_hub_team, role_in
from hubsite.i18n import current_language
from hubsite.media.services import ImageError, store_image
from hubsite.page_cache import cached_for_anonymous
from hubsite.rendering import render
from hubsite.slots import add_menu_item, add_stylesheet
from hubsite.urls import absolute_url

# No url_prefix: the invitation link lives outside /hubs (/uitnodiging/<token>).
bp = Blueprint("hubs", __name__)


@bp.record_once
def _init_app(state) -> None:
    add_menu_item(state.app, lambda: _("Hubs"), "hubs.index", order=20)
    add_stylesheet(state.app, "css/hub.css")
    media.register()


def _hub_or_404(slug: str) -> Hub:
    hub = services.hub_by_slug(db.session, slug)
    if hub is None:
        abort(404)
    return hub


@bp.get("/hubs")
@cached_for_anonymous
def index():
    """All hubs."""
    return render("hubs/index.html", hubs=services.all_hubs(db.session))


@bp.get("/hubs/<slug>")
@cached_for_anonymous
def detail(slug: str):
    """One hub: about, address, opening hours, team, and what the capabilities add (the
    agenda's week ahead, …) in the slot `hub.main`."""
    hub = _hub_or_404(slug)
    return render("hubs/detail.html", hub=hub, is_team=is_hub_team(current_user, hub),
                  is_coordinator=is_hub_coordinator(current_user, hub),
                  page_meta=_hub_meta(hub), jsonld=_place_data(hub))


@bp.get("/hubs/<slug>/contact")
@cached_for_anonymous
def contact(slug: str):
    """How to reach a hub: address, opening hours, its e-mail, who is in its team (names
    only: no one's own address or number), and how to get there."""
    hub = _hub_or_404(slug)
    return render("hubs/contact.html", hub=hub, team=_team_by_role(hub),
                  page_meta=_hub_meta(hub), jsonld=_place_data(hub))


def _team_by_role(hub: Hub) -> list:
    """The team, coordinators first, each by name."""
    return sorted(hub.memberships, key=lambda m: (m.role != "coordinator", m.user.name))


def _hub_meta(hub: Hub) -> dict:
    """What the page's head tells link previews (Open Graph) about a hub."""
    meta: dict = {"type": "website"}
    if hub.image is not None:
        width, height = hub.image.sizes[-1]
        meta["image"] = {"url": absolute_url("media.variant", image_id=hub.image.id,
                                             width=width, extension="jpg"),
                         "width": width, "height": height, "alt": hub.image_alt}
    return meta


def _place_data(hub: Hub) -> dict:
    """A hub as a schema.org `Place`, for search engines (JSON-LD)."""
    data: dict = {
        "@context": "https://schema.org", "@type": "Place", "name": hub.name,
        "url": absolute_url("hubs.detail", slug=hub.slug),
        "address": {"@type": "PostalAddress", "streetAddress": hub.address,
                    "postalCode": hub.postcode, "addressLocality": hub.city,
                    "addressCountry": "NL"},
    }
    if hub.tagline:
        data["description"] = hub.tagline
    if hub.image is not None:
        data["image"] = _hub_meta(hub)["image"]["url"]
    return data


@bp.route("/hubs/nieuw", methods=["GET", "POST"])
@admin_required
def create():
    """Admins add a hub."""
    form = HubForm()
    if form.validate_on_submit():
        try:
            hub = services.save_hub(db.session, None, **_hub_values(form))
            _save_picture(form, hub)
        except services.HubError as error:
            db.session.rollback()
            form.slug.errors.append(str(error))
        except ImageError as error:
            db.session.rollback()
            form.image.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("De hub is aangemaakt."), "success")
            return redirect(url_for("hubs.detail", slug=hub.slug))
    return render("hubs/form.html", form=form, hub=None, status=422 if form.is_submitted() else 200)


@bp.route("/hubs/<slug>/bewerken", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    """Coordinators edit their own hub; admins any hub."""
    hub = _hub_or_404(slug)
    require(is_hub_coordinator(current_user, hub))
    form = HubForm(obj=hub)
    if form.validate_on_submit():
        try:
            services.save_hub(db.session, hub, **_hub_values(form))
            _save_picture(form, hub)
        except services.HubError as error:
            db.session.rollback()
            form.slug.errors.append(str(error))
        except ImageError as error:
            db.session.rollback()
            form.image.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("De hub is bijgewerkt."), "success")
            return redirect(url_for("hubs.detail", slug=hub.slug))
    return render("hubs/form.html", form=form, hub=hub, status=422 if form.is_submitted() else 200)


def _hub_values(form: HubForm) -> dict[str, str]:
    return {field: getattr(form, field).data or "" for field in services.HUB_FIELDS}


def _save_picture(form: HubForm, hub: Hub) -> None:
    """Store a sent picture (checked and re-encoded by media), or remove the hub's one."""
    if form.has_upload():
        image = store_image(db.session, form.image.data.read(),
                            current_app.config["MAX_UPLOAD_BYTES"])
        services.set_hub_picture(db.session, hub, image, form.image_alt.data or "")
    elif form.remove_image.data:
        services.set_hub_picture(db.session, hub, None, "")
    elif hub.image is not None:
        services.set_hub_picture(db.session, hub, hub.image, form.image_alt.data or "")


@bp.route("/hubs/<slug>/team", methods=["GET", "POST"])
@login_required
def team(slug: str):
    """Coordinators see the team and invite people by e-mail."""
    hub = _hub_or_404(slug)
    require(is_hub_coordinator(current_user, hub))
    form = InviteForm()
    if form.validate_on_submit():
        try:
            services.invite_to_hub(
                db.session, hub, form.email.data, form.role.data, current_user,
                current_app.config["INVITATION_DAYS"],
                lambda token: absolute_url("hubs.accept_invitation", token=token))
        except services.HubError as error:
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("De uitnodiging is verstuurd naar %(email)s.", email=form.email.data), "success")
            return redirect(url_for("hubs.team", slug=hub.slug))
    return render("hubs/team.html", hub=hub, form=form, roles=HUB_ROLES,
                  invitations=services.pending_invitations(db.session, hub),
                  status=422 if form.is_submitted() else 200)


@bp.route("/hubs/<slug>/team/<int:user_id>", methods=["GET", "POST"])
@login_required
def change_member(slug: str, user_id: int):
    """Change a member's role or remove them from the team (GET asks before removing)."""
    hub = _hub_or_404(slug)
    require(is_hub_coordinator(current_user, hub))
    member = db.session.get(User, user_id)
    if member is None or role_in(member, hub) is None:
        abort(404)
    if request.method == "GET":
        if request.args.get("role") != "remove":
            return redirect(url_for("hubs.team", slug=hub.slug))
        return confirmation_page(
            message=_("%(name)s is daarna geen lid meer van het team van %(hub)s.",
                      name=member.name, hub=hub.name),
            button=_("Uit het team halen"), fields={"role": "remove"},
            action=url_for("hubs.change_member", slug=hub.slug, user_id=member.id),
            back=url_for("hubs.team", slug=hub.slug), context=hub.name)
    role = request.form.get("role", "")
    if role not in (*HUB_ROLES, "remove"):
        abort(400, _("Kies een geldige rol."))
    try:
        services.set_member_role(db.session, hub, member, None if role == "remove" else role)
    except services.HubError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("hubs.team", slug=hub.slug))
    db.session.commit()
    flash(_("Het team is bijgewerkt."), "success")
    return redirect(url_for("hubs.team", slug=hub.slug))


@bp.route("/hubs/<slug>/team/<int:user_id>/verwijderen", methods=["GET", "POST"])
@login_required
def remove_member(slug: str, user_id: int):
    """Take someone off the team, after a confirmation step (a page of its own, so that it
    works the same with and without JavaScript)."""
    hub = _hub_or_404(slug)
    require(is_hub_coordinator(current_user, hub))
    member = db.session.get(User, user_id)
    if member is None or role_in(member, hub) is None:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.set_member_role(db.session, hub, member, None)
        except services.HubError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("%(name)s hoort niet meer bij het team.", name=member.name), "success")
        return redirect(url_for("hubs.team", slug=hub.slug), code=303)
    return render("hubs/remove_member.html", hub=hub, member=member, form=form,
                  status=422 if form.is_submitted() else 200)


@bp.post("/hubs/<slug>/uitnodigingen/<int:invitation_id>/intrekken")
@login_required
def withdraw_invitation(slug: str, invitation_id: int):
    """Withdraw an invitation that was not accepted yet: its link stops working."""
    hub = _hub_or_404(slug)
    require(is_hub_coordinator(current_user, hub))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        invitation = services.withdraw_invitation(db.session, hub, invitation_id)
    except LookupError:
        abort(404)
    except services.HubError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("De uitnodiging voor %(email)s is ingetrokken.", email=invitation.email),
              "success")
    return redirect(url_for("hubs.team", slug=hub.slug, _anchor="invitations-title"), code=303)


@bp.route("/uitnodiging/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """Join a hub team through the link in an invitation (making an account if need be)."""
    invitation = services.open_invitation(db.session, token)
    if invitation is None:
        return render("hubs/invitation_invalid.html", status=404)
    form = AcceptInvitationForm()
    status = 422 if form.is_submitted() else 200
    if form.validate_on_submit():
        signed_in = current_user._get_current_object() if current_user.is_authenticated else None
        try:
            user = services.join_through_invitation(
                db.session, invitation, signed_in, form.name.data, form.password.data,
                locale=current_language())
        except services.LogInFirst as refusal:
            flash(str(refusal), "info")
            return redirect(url_for("accounts.login", next=request.path))
        except services.NotYourInvitation as refusal:
            flash(str(refusal), "error")
            status = 403
        except services.InvitationProblem as problem:
            for name, message in problem.fields.items():
                getattr(form, name).errors.append(message)
        else:
            db.session.commit()
            if signed_in is None:
                login_user(user)
            flash(_("Welkom in het team van %(hub)s!", hub=invitation.hub.name), "success")
            return redirect(url_for("hubs.detail", slug=invitation.hub.slug))
    return render("hubs/invitation.html", form=form, invitation=invitation,
                  existing=find_user_by_email(db.session, invitation.email), status=status)
