"""A project's page, and how its hub team tells it: the story, deelprojecten, tips /
tops / valkuilen, partners, programmes, tags, photos and documents, status, reuse.

Every change works as a plain form (post, redirect, show the page) and with htmx (the
changed section comes back; a form with mistakes comes back in place with 422).
"""

from __future__ import annotations

import io
from typing import Any

import sqlalchemy as sa
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from hubsite.accounts.permissions import require
from hubsite.confirming import confirmation_page
from hubsite.extensions import db
from hubsite.hubs.models import Hub
from hubsite.media.services import ImageError, store_image
from hubsite.organisations.models import Organisation
from hubsite.organisations.services import find_or_add_organisation
from hubsite.page_cache import cached_for_anonymous
from hubsite.projects import (
    attachments,
    panels,
    reuse,
    services,
    slots,  # noqa: F401  (declares the page's slots)
)
from hubsite.projects.access import (
    REUSABLE_STATUSES,
    hubs_of,
    may_archive,
    may_edit,
    may_reuse,
    may_see,
)
from hubsite.projects.forms import (
    KIND_LABELS,
    LESSON_LABELS,
    LESSON_PLURALS,
    STATUS_LABELS,
    AttachmentForm,
    LessonForm,
    NewProjectForm,
    PartnerForm,
    ProgrammeForm,
    ProjectForm,
    ReuseForm,
    StatusForm,
    SubProjectForm,
    options,
)
from hubsite.projects.models import Attachment, Lesson, Project, SubProject
from hubsite.rendering import refuse, render, wants_fragment

bp = Blueprint("projects", __name__)

# Forms that may carry a file: their size limit is raised for the hub team only.
UPLOAD_ENDPOINTS = {"projects.edit", "projects.add_attachment"}


@bp.record_once
def _init_app(state) -> None:
    panels.init_app(state.app)


@bp.app_context_processor
def _labels() -> dict[str, Any]:
    return {"project_status_labels": STATUS_LABELS, "lesson_labels": LESSON_LABELS,
            "lesson_plurals": LESSON_PLURALS, "organisation_kind_labels": KIND_LABELS}


@bp.url_value_preprocessor
def _allow_uploads(endpoint: str | None, values: dict | None) -> None:
    """Check the role before an upload is read, then let a file up to three times the
    limit through to the checks that say it is too big (instead of a bare 413)."""
    if endpoint not in UPLOAD_ENDPOINTS or request.method != "POST":
        return
    project = db.session.get(Project, (values or {}).get("project_id"))
    if project is None:
        return
    require(may_edit(current_user, project))
    request.max_content_length = current_app.config["MAX_TEAM_FORM_BYTES"]
    request.max_form_memory_size = current_app.config["MAX_TEAM_FORM_BYTES"]


# --------------------------------------------------------------------------- reading


def _project_or_404(project_id: int) -> Project:
    project = services.project_for_page(db.session, project_id)
    if project is None or not may_see(current_user, project):
        abort(404)
    return project


def _editable_or_404(project_id: int) -> Project:
    project = services.project_for_page(db.session, project_id)
    if project is None:
        abort(404)
    if not may_edit(current_user, project):
        if not current_user.is_authenticated:
            abort(401)
        abort(404 if not may_see(current_user, project) else 403)
    return project


@bp.get("/projects/<int:project_id>")
@cached_for_anonymous
def detail(project_id: int):
    """One project told as a case: wat, wie, hoe with its deelprojecten, the support,
    the result, tips / tops / valkuilen, contact, photos, documents, activities, lineage."""
    project = _project_or_404(project_id)
    is_team = may_edit(current_user, project)
    reused_in = [p for p in services.reuses_of(db.session, project, public_only=False)
                 if may_see(current_user, p)]
    based_on = project.reused_from if project.reused_from and may_see(
        current_user, project.reused_from) else None
    page_meta = {"type": "article"} if project.is_public else {"robots": "noindex"}
    return render(
        "projects/detail.html", project=project, is_team=is_team,
        may_archive=may_archive(current_user, project),
        may_reuse=may_reuse(current_user, project),
        # A visitor who is on a hub team logs in on the way to the reuse form.
        reuse_after_login=(not current_user.is_authenticated
                           and project.status in REUSABLE_STATUSES),
        partners=services.partners_by_kind(project),
        lessons=services.lessons_by_kind(project),
        photos=[a for a in project.attachments if a.image_id],
        documents=[a for a in project.attachments if not a.image_id],
        events=services.linked_events(db.session, project, with_drafts=is_team),
        reused_in=reused_in, based_on=based_on, page_meta=page_meta,
        event_origin=reuse.origin_of(project))


@bp.get("/projects/<int:project_id>/bijlagen/<int:attachment_id>")
def attachment(project_id: int, attachment_id: int):
    """A document as a download (never shown inline); a photo's largest size."""
    project = _project_or_404(project_id)
    found = next((a for a in project.attachments if a.id == attachment_id), None)
    if found is None:
        abort(404)
    if found.image is not None:
        width = found.image.sizes[-1][0]
        return redirect(url_for("media.variant", image_id=found.image_id, width=width,
                                extension="jpg"))
    response = send_file(io.BytesIO(attachments.attachment_data(db.session, found)),
                         mimetype=found.content_type, as_attachment=True,
                         download_name=found.filename, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["Cache-Control"] = "public, max-age=300" if project.is_public \
        else "private, no-store"
    return response


# --------------------------------------------------------------------------- the project


@bp.route("/projects/new", methods=["GET", "POST"])
@login_required
def create():
    """A hub team starts a project at one of its hubs (at "aanvraag")."""
    hubs = hubs_of(current_user, list(db.session.scalars(sa.select(Hub).order_by(Hub.name))))
    require(bool(hubs))
    form = NewProjectForm()
    form.hub.choices = options([("", _("Kies een hub"))] + [(h.id, h.name) for h in hubs])
    if not form.is_submitted() and len(hubs) == 1:
        form.hub.data = hubs[0].id
    if form.validate_on_submit():
        hub = next((h for h in hubs if h.id == form.hub.data), None)
        if hub is None:
            form.hub.errors = [_("Kies een hub uit de lijst.")]
        else:
            project = services.create_project(db.session, hub, form.title.data,
                                              created_by=current_user._get_current_object(),
                                              summary=form.summary.data or "")
            db.session.commit()
            flash(_("Het project is aangemaakt. Vertel nu het verhaal."), "success")
            return redirect(url_for("projects.edit", project_id=project.id))
    return render("projects/new.html", form=form,
                  status=422 if form.is_submitted() else 200)


def _fill_project_choices(form: ProjectForm, project: Project) -> None:
    organisations = services.all_organisations(db.session)
    form.client.choices = options([("", _("Geen"))] + [(o.id, o.name) for o in organisations])
    form.programmes.choices = options(
        (p.id, f"{p.name} ({p.level}{', ' + p.school if p.school else ''})")
        for p in services.all_programmes(db.session))
    members = services.team_members(db.session, project.hub)
    if project.contact_user and project.contact_user not in members:
        members.append(project.contact_user)
    form.contact_user.choices = options([("", _("Niemand uit het hubteam"))] +
                                        [(u.id, u.name) for u in members])


def _prefill_project(form: ProjectForm, project: Project) -> None:
    for name in ("title", "summary", "starts_on", "ends_on", "what", "who", "approach",
                 "support", "result", "contact_name", "contact_role", "image_alt"):
        getattr(form, name).data = getattr(project, name)
    form.client.data = project.client_id
    form.contact_user.data = project.contact_user_id
    form.programmes.data = [p.id for p in project.programmes]
    form.tags.data = ", ".join(tag.name for tag in project.tags)


def _edit_context(project: Project, **forms: Any) -> dict[str, Any]:
    """Everything the editing page and its sections show (a fixed number of queries)."""
    programme_choices = options([("", _("Geen opleiding"))] + [
        (p.id, f"{p.name} ({p.level})") for p in services.all_programmes(db.session)])
    organisations = services.all_organisations(db.session)
    subproject_form = forms.pop("subproject_form", None) or SubProjectForm(formdata=None, prefix="sub")
    subproject_form.programme.choices = programme_choices
    partner_form = forms.pop("partner_form", None) or PartnerForm(formdata=None, prefix="partner")
    partner_form.organisation.choices = options(
        [("", _("Kies een organisatie"))] + [(o.id, o.name) for o in organisations])
    context = {
        "project": project,
        "lessons": services.lessons_by_kind(project),
        "partners": services.partners_by_kind(project),
        "events": services.linked_events(db.session, project, with_drafts=True),
        "subproject_form": subproject_form,
        "lesson_form": forms.pop("lesson_form", None) or LessonForm(formdata=None, prefix="lesson"),
        "partner_form": partner_form,
        "attachment_form": forms.pop("attachment_form", None) or AttachmentForm(formdata=None, prefix="file"),
        "programme_choices": programme_choices,
        "may_archive": may_archive(current_user, project),
        "event_origin": reuse.origin_of(project),
        "max_document_mb": current_app.config["MAX_DOCUMENT_BYTES"] // (1024 * 1024),
    }
    context.update(forms)
    return context


@bp.route("/projects/<int:project_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit(project_id: int):
    """The project's own fields, and below them every list of the project."""
    project = _editable_or_404(project_id)
    form = ProjectForm()
    _fill_project_choices(form, project)
    if form.validate_on_submit():
        try:
            image_values = _cover_values(form)
            services.update_project(
                db.session, project, title=form.title.data, summary=form.summary.data or "",
                client_id=form.client.data, starts_on=form.starts_on.data,
                ends_on=form.ends_on.data, what=form.what.data or "", who=form.who.data or "",
                approach=form.approach.data or "", support=form.support.data or "",
                result=form.result.data or "", contact_user_id=form.contact_user.data,
                contact_name=form.contact_name.data or "",
                contact_role=form.contact_role.data or "",
                image_alt=form.image_alt.data or "", **image_values)
            services.set_programmes(db.session, project, form.programmes.data or [])
            services.set_tags(db.session, project, services.parse_tag_names(form.tags.data or ""))
        except (services.ProjectError, ImageError) as error:
            db.session.rollback()
            field = getattr(form, getattr(error, "field", None) or "image")
            field.errors = [*field.errors, str(error)]
            project = _editable_or_404(project_id)
        else:
            db.session.commit()
            flash(_("Het project is opgeslagen."), "success")
            return redirect(url_for("projects.detail", project_id=project.id))
    elif not form.is_submitted():
        _prefill_project(form, project)
    return render("projects/edit.html", form=form, **_edit_context(project),
                  status=422 if form.is_submitted() else 200)


def _cover_values(form: ProjectForm) -> dict[str, Any]:
    upload = form.image.data
    if upload is not None and getattr(upload, "filename", ""):
        image = store_image(db.session, upload.read(), current_app.config["MAX_UPLOAD_BYTES"])
        return {"image_id": image.id}
    if form.remove_image.data:
        return {"image_id": None}
    return {}


@bp.post("/projects/<int:project_id>/status")
@login_required
def set_status(project_id: int):
    """Move the project on (aanvraag → lopend → afgerond); archiving is for coordinators."""
    project = _editable_or_404(project_id)
    form = StatusForm()
    if not form.validate_on_submit():
        return refuse(_("Kies een status uit de lijst."), 400)
    try:
        services.set_status(db.session, project, form.status.data,
                            may_archive(current_user, project))
    except PermissionError as error:
        return refuse(str(error), 403)
    db.session.commit()
    flash(_("De status is nu: %(status)s.", status=STATUS_LABELS[project.status]), "success")
    return redirect(url_for("projects.detail", project_id=project.id))


@bp.route("/projects/<int:project_id>/verwijderen", methods=["GET", "POST"])
@login_required
def delete(project_id: int):
    """Delete a project with everything in it (coordinators; asks first)."""
    project = _editable_or_404(project_id)
    require(may_archive(current_user, project))
    if request.method == "GET":
        return confirmation_page(
            message=_("Het project „%(title)s” wordt met alle deelprojecten, tips en "
                      "bijlagen verwijderd. Dit kan niet ongedaan worden.", title=project.title),
            button=_("Project verwijderen"), context=project.hub.name,
            action=url_for("projects.delete", project_id=project.id),
            back=url_for("projects.detail", project_id=project.id))
    hub_slug = project.hub.slug
    services.delete_project(db.session, project)
    db.session.commit()
    flash(_("Het project is verwijderd."), "success")
    return redirect(url_for("hubs.detail", slug=hub_slug))


# --------------------------------------------------------------------------- list items


def _section(project: Project, block: str, status: int = 200, **forms: Any) -> Response:
    """After a change: the section for htmx, else back to the editing page."""
    if wants_fragment():
        project = services.project_for_page(db.session, project.id)
        response = render("projects/edit.html", block=block, status=status,
                          form=None, **_edit_context(project, **forms))
        if status == 200:
            response.headers["HX-Retarget"] = f"#{block}"
            response.headers["HX-Reswap"] = "outerHTML"
        return response
    if status != 200:
        form = ProjectForm(formdata=None)
        _fill_project_choices(form, project)
        _prefill_project(form, project)
        return render("projects/edit.html", status=status, form=form,
                      **_edit_context(project, **forms))
    return redirect(url_for("projects.edit", project_id=project.id) + f"#{block}")


def _item_or_404(project: Project, items: list, item_id: int):
    found = next((item for item in items if item.id == item_id), None)
    if found is None:
        abort(404)
    return found


def _programme_choices(form: SubProjectForm) -> None:
    form.programme.choices = options([("", _("Geen opleiding"))] + [
        (p.id, f"{p.name} ({p.level})") for p in services.all_programmes(db.session)])


@bp.post("/projects/<int:project_id>/deelprojecten")
@login_required
def add_subproject(project_id: int):
    """Add a deelproject (what one programme's students did)."""
    project = _editable_or_404(project_id)
    form = SubProjectForm(prefix="sub")
    _programme_choices(form)
    if not form.validate_on_submit():
        return _section(project, "subprojects", 422, subproject_form=form)
    services.add_subproject(db.session, project, form.title.data, form.description.data or "",
                            form.programme.data, form.students.data or "")
    db.session.commit()
    return _section(project, "subprojects")


@bp.post("/projects/<int:project_id>/lessen")
@login_required
def add_lesson(project_id: int):
    """Add a tip, top or valkuil."""
    project = _editable_or_404(project_id)
    form = LessonForm(prefix="lesson")
    if not form.validate_on_submit():
        return _section(project, "lessons", 422, lesson_form=form)
    services.add_lesson(db.session, project, form.kind.data, form.text.data)
    db.session.commit()
    return _section(project, "lessons")


# Deelprojecten and lessons are edited, moved and deleted the same way.
LISTS = {
    "deelprojecten": ("subprojects", SubProject, SubProjectForm),
    "lessen": ("lessons", Lesson, LessonForm),
}


def _list_item(project_id: int, kind: str, item_id: int):
    if kind not in LISTS:
        abort(404)
    project = _editable_or_404(project_id)
    block, _model, form_class = LISTS[kind]
    item = _item_or_404(project, getattr(project, block), item_id)
    return project, block, form_class, item


@bp.route("/projects/<int:project_id>/<any(deelprojecten, lessen):kind>/<int:item_id>",
          methods=["GET", "POST"])
@login_required
def edit_item(project_id: int, kind: str, item_id: int):
    """Change one deelproject or lesson, in place (htmx) or on its own page."""
    project, block, form_class, item = _list_item(project_id, kind, item_id)
    form = form_class(prefix=f"item{item.id}")
    if isinstance(form, SubProjectForm):
        _programme_choices(form)
    if form.validate_on_submit():
        try:
            if isinstance(item, SubProject):
                services.update_subproject(db.session, item, form.title.data,
                                           form.description.data or "", form.programme.data,
                                           form.students.data or "")
            else:
                services.update_lesson(db.session, item, form.kind.data, form.text.data)
        except services.ProjectError as error:
            db.session.rollback()
            getattr(form, error.field or "text").errors = [str(error)]
        else:
            db.session.commit()
            return _section(project, block)
    elif not form.is_submitted():
        for name in form.data:
            if hasattr(item, name) and name != "csrf_token":
                getattr(form, name).data = getattr(item, name)
        if isinstance(item, SubProject):
            form.programme.data = item.programme_id
    return render("projects/item_form.html", block="item_form", project=project, item=item,
                  kind=kind, block_id=block, item_form=form,
                  status=422 if form.is_submitted() else 200)


@bp.post("/projects/<int:project_id>/<any(deelprojecten, lessen):kind>/<int:item_id>/verplaatsen")
@login_required
def move_item(project_id: int, kind: str, item_id: int):
    """One place up or down ("richting": omhoog / omlaag)."""
    project, block, _form, item = _list_item(project_id, kind, item_id)
    direction = {"omhoog": "up", "omlaag": "down"}.get(request.form.get("richting", ""))
    if direction is None:
        return refuse(_("Kies omhoog of omlaag."), 400)
    items = project.subprojects if block == "subprojects" else \
        [lesson for lesson in project.lessons if lesson.kind == item.kind]
    services.move_item(db.session, items, item, direction)
    db.session.commit()
    return _section(project, block)


@bp.route("/projects/<int:project_id>/<any(deelprojecten, lessen):kind>/<int:item_id>/verwijderen",
          methods=["GET", "POST"])
@login_required
def delete_item(project_id: int, kind: str, item_id: int):
    """Delete a deelproject or lesson (asks first)."""
    project, block, _form, item = _list_item(project_id, kind, item_id)
    if request.method == "GET":
        label = item.title if isinstance(item, SubProject) else item.text[:80]
        return confirmation_page(
            message=_("„%(label)s” wordt verwijderd.", label=label), button=_("Verwijderen"),
            context=project.title, back=url_for("projects.edit", project_id=project.id),
            action=url_for("projects.delete_item", project_id=project.id, kind=kind,
                           item_id=item.id))
    services.delete_item(db.session, item)
    db.session.commit()
    return _section(project, block)


# --------------------------------------------------------------------------- partners


@bp.post("/projects/<int:project_id>/partners")
@login_required
def add_partner(project_id: int):
    """Add a partner organisation: an existing one, or a new one by its name."""
    project = _editable_or_404(project_id)
    form = PartnerForm(prefix="partner")
    form.organisation.choices = options(
        [("", "")] + [(o.id, o.name) for o in services.all_organisations(db.session)])
    if not form.validate_on_submit():
        return _section(project, "partners", 422, partner_form=form)
    if form.organisation.data:
        organisation = db.session.get(Organisation, form.organisation.data)
    else:
        organisation = find_or_add_organisation(db.session, form.new_name.data.strip(),
                                                form.new_kind.data)
    services.add_partner(db.session, project, organisation, form.contribution.data or "")
    db.session.commit()
    return _section(project, "partners")


@bp.route("/projects/<int:project_id>/partners/<int:partner_id>/verwijderen",
          methods=["GET", "POST"])
@login_required
def remove_partner(project_id: int, partner_id: int):
    """Take a partner off the project (the organisation itself stays)."""
    project = _editable_or_404(project_id)
    partner = _item_or_404(project, project.partners, partner_id)
    if request.method == "GET":
        return confirmation_page(
            message=_("%(name)s staat dan niet meer bij dit project.",
                      name=partner.organisation.name),
            button=_("Weghalen"), context=project.title,
            back=url_for("projects.edit", project_id=project.id),
            action=url_for("projects.remove_partner", project_id=project.id,
                           partner_id=partner.id))
    services.remove_partner(db.session, project, partner.id)
    db.session.commit()
    return _section(project, "partners")


# --------------------------------------------------------------------------- attachments


@bp.post("/projects/<int:project_id>/bijlagen")
@login_required
def add_attachment(project_id: int):
    """Attach a photo or a document (checked by its content, size-limited)."""
    project = _editable_or_404(project_id)
    form = AttachmentForm(prefix="file")
    if form.validate_on_submit():
        upload = form.file.data
        if upload is None or not getattr(upload, "filename", ""):
            form.file.errors = [_("Kies een bestand.")]
        else:
            try:
                attachments.add_attachment(db.session, project, upload.read(), upload.filename,
                               form.description.data or "",
                               current_app.config["MAX_DOCUMENT_BYTES"])
            except attachments.AttachmentError as error:
                db.session.rollback()
                form.file.errors = [str(error)]
            else:
                db.session.commit()
                return _section(project, "attachments")
        project = services.project_for_page(db.session, project_id)
    return _section(project, "attachments", 422, attachment_form=form)


@bp.route("/projects/<int:project_id>/bijlagen/<int:attachment_id>/verwijderen",
          methods=["GET", "POST"])
@login_required
def delete_attachment(project_id: int, attachment_id: int):
    """Delete a photo or document (asks first)."""
    project = _editable_or_404(project_id)
    found: Attachment = _item_or_404(project, project.attachments, attachment_id)
    if request.method == "GET":
        return confirmation_page(
            message=_("„%(name)s” wordt verwijderd.", name=found.filename),
            button=_("Verwijderen"), context=project.title,
            back=url_for("projects.edit", project_id=project.id),
            action=url_for("projects.delete_attachment", project_id=project.id,
                           attachment_id=found.id))
    attachments.delete_attachment(db.session, found)
    db.session.commit()
    return _section(project, "attachments")


# --------------------------------------------------------------------------- activities


@bp.post("/projects/<int:project_id>/activiteiten/<int:event_id>/ontkoppelen")
@login_required
def unlink_event(project_id: int, event_id: int):
    """The activity no longer belongs to the project (it stays in the agenda)."""
    project = _editable_or_404(project_id)
    services.unlink_event(db.session, project, event_id)
    db.session.commit()
    return _section(project, "events")


# --------------------------------------------------------------------------- reuse


@bp.route("/projects/<int:project_id>/hergebruik", methods=["GET", "POST"])
@login_required
def reuse_view(project_id: int):
    """"Hergebruik dit project": a new draft at a hub of the person's choice, with the
    parts they tick; people, dates and results only when ticked."""
    source = _project_or_404(project_id)
    require(may_reuse(current_user, source))
    hubs = hubs_of(current_user, list(db.session.scalars(sa.select(Hub).order_by(Hub.name))))
    form = ReuseForm()
    form.hub.choices = options([("", _("Kies een hub"))] + [(h.id, h.name) for h in hubs])
    form.parts.choices = options((name, label) for name, label, _d in reuse.PARTS)
    form.private_parts.choices = options((name, label) for name, label, _d in reuse.PRIVATE_PARTS)
    if not form.is_submitted():
        form.title.data = source.title
        form.parts.data = [name for name, _label, ticked in reuse.PARTS if ticked]
        form.private_parts.data = []
        form.hub.data = source.hub_id if source.hub in hubs else (hubs[0].id if hubs else None)
    elif form.validate_on_submit():
        hub = next((h for h in hubs if h.id == form.hub.data), None)
        if hub is None:
            form.hub.errors = [_("Kies een hub uit de lijst.")]
        else:
            project = reuse.reuse_project(
                db.session, source, hub, set(form.parts.data) | set(form.private_parts.data),
                current_user._get_current_object(), title=form.title.data)
            db.session.commit()
            flash(_("Het nieuwe project staat klaar als aanvraag. Vul aan wat anders is."),
                  "success")
            return redirect(url_for("projects.edit", project_id=project.id))
    return render("projects/reuse.html", form=form, source=source,
                  status=422 if form.is_submitted() else 200)


# --------------------------------------------------------------------------- programmes


@bp.route("/opleidingen", methods=["GET", "POST"])
@login_required
def programmes():
    """The study programmes hub teams file projects under; any hub team may add one."""
    hubs = hubs_of(current_user, list(db.session.scalars(sa.select(Hub))))
    require(bool(hubs))
    form = ProgrammeForm()
    if form.validate_on_submit():
        try:
            programme = services.find_or_add_programme(db.session, form.name.data,
                                                       form.level.data, form.school.data or "")
        except services.ProjectError as error:
            db.session.rollback()
            getattr(form, error.field or "name").errors = [str(error)]
        else:
            db.session.commit()
            flash(_("De opleiding %(name)s staat in de lijst.", name=programme.name), "success")
            back = request.args.get("terug", "")
            if back.isdigit():
                return redirect(url_for("projects.edit", project_id=int(back)))
            return redirect(url_for("projects.programmes"))
    return render("projects/programmes.html", form=form,
                  programmes=services.all_programmes(db.session),
                  counts=services.programme_use_counts(db.session),
                  tags=services.all_tags(db.session),
                  status=422 if form.is_submitted() else 200)
