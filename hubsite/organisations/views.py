"""The partner file: public pages of the organisations, and for hub teams the whole file
(contact persons, the log, status, offers), its editing, merging, import and export.

URLs:
    GET  /organisaties                         list; ?q= &soort= (&status= &hub= for teams)
    GET  /organisaties/export.csv|.xlsx        the list as a spreadsheet (hub teams)
    GET  /organisaties/nieuw, POST             add one ("Bedoel je …?" for look-alikes)
    GET  /organisaties/importeren, POST        upload a spreadsheet (coordinators)
    GET  /organisaties/importeren/<token>      preview (?kolom-N= maps the columns)
    POST /organisaties/importeren/<token>      import it
    GET  /organisaties/<slug>                  one organisation (more for hub teams)
    GET  /organisaties/<slug>/bewerken, POST   edit
    POST /organisaties/<slug>/contactpersonen  add a contact person (htmx: the list)
    GET  /organisaties/<slug>/contactpersonen/<id>, POST               edit one
    GET  /organisaties/<slug>/contactpersonen/<id>/verwijderen, POST   remove one
    POST /organisaties/<slug>/logboek          add a log entry (htmx: the log)
    GET  /organisaties/<slug>/samenvoegen      choose the other record, see what happens
    POST /organisaties/<slug>/samenvoegen      merge (coordinators)
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from hubsite.accounts.permissions import require
from hubsite.confirming import confirmation_page
from hubsite.extensions import db
from hubsite.media.services import ImageError, store_image
from hubsite.organisations import (
    exporting,
    importing,
    listing,
    media,
    services,
    slots,  # noqa: F401  (declares the page's slots)
)
from hubsite.organisations.access import may_edit, may_merge, may_see_file
from hubsite.organisations.forms import (
    KIND_LABELS,
    OFFER_LABELS,
    STATUS_LABELS,
    ContactForm,
    ImportForm,
    LogForm,
    MergeForm,
    OrganisationForm,
)
from hubsite.organisations.models import ORGANISATION_KINDS, ORGANISATION_STATUSES, Organisation
from hubsite.rendering import render, wants_fragment
from hubsite.slots import add_menu_item, add_stylesheet
from hubsite.timeutil import local_today

bp = Blueprint("organisations", __name__)


@bp.record_once
def _init_app(state) -> None:
    add_stylesheet(state.app, "css/partners.css")
    add_menu_item(state.app, lambda: _("Partners"), "organisations.index", order=40)
    media.register()
    state.app.jinja_env.globals.update(organisation_kind_labels=KIND_LABELS,
                                       organisation_status_labels=STATUS_LABELS,
                                       organisation_offer_labels=OFFER_LABELS)


def _organisation_or_404(slug: str) -> Organisation:
    organisation = services.organisation_with_details(db.session, slug)
    if organisation is None:
        abort(404)
    return organisation


def _private(response: Response) -> Response:
    """Pages with contact details stay out of shared caches and the back-forward cache."""
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --------------------------------------------------------------------------- reading


@bp.get("/organisaties")
def index():
    """The partner file: cards by kind for everyone; a table with status, hubs and the
    point of contact for hub teams. htmx swaps only the results when a filter changes."""
    team = may_see_file(current_user)
    wanted = listing.OrganisationFilter.from_args(request.args, team)
    organisations = listing.find_organisations(db.session, wanted, team)
    grouped = {kind: [o for o in organisations if o.kind == kind] for kind in ORGANISATION_KINDS}
    response = render("organisations/index.html", block="results", organisations=organisations,
                      grouped=grouped, wanted=wanted, team=team, kinds=ORGANISATION_KINDS,
                      statuses=ORGANISATION_STATUSES,
                      hubs=listing.all_hubs(db.session) if team else [],
                      may_merge=may_merge(current_user))
    return _private(response) if team else response


@bp.get("/organisaties/export.<any(csv, xlsx):extension>")
@login_required
def export(extension: str):
    """The list as it is filtered, as CSV or XLSX: hub teams only (it holds contacts)."""
    require(may_see_file(current_user))
    wanted = listing.OrganisationFilter.from_args(request.args, team=True)
    rows = exporting.export_rows(listing.find_organisations(db.session, wanted, team=True))
    if extension == "csv":
        body, mimetype = exporting.as_csv(rows), "text/csv; charset=utf-8"
    else:
        body = exporting.as_xlsx(rows)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = make_response(body)
    response.mimetype = mimetype
    name = f"partners-{local_today().isoformat()}.{extension}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return _private(response)


@bp.get("/organisaties/<slug>")
def detail(slug: str):
    """One organisation: who they are, what runs with them (the slot), and for hub teams
    the status, the point of contact, offers, interests and the contact log."""
    organisation = _organisation_or_404(slug)
    team = may_see_file(current_user)
    context = {"organisation": organisation, "is_team": team}
    if team:
        context.update(log=services.log_entries(db.session, organisation),
                       contact_form=_contact_form(), log_form=_log_form(),
                       may_merge=may_merge(current_user))
        return _private(render("organisations/detail.html", **context))
    return render("organisations/detail.html", **context)


def _contact_form(form: ContactForm | None = None) -> ContactForm:
    form = form or ContactForm(formdata=None)
    form.hub.choices = [("", _("Geen vaste hub"))] + [
        (str(hub.id), hub.name) for hub in listing.all_hubs(db.session)]
    return form


def _log_form(form: LogForm | None = None) -> LogForm:
    if form is None:
        form = LogForm(formdata=None)
        form.noted_on.data = local_today()
    return form


# --------------------------------------------------------------------------- add and edit


def _organisation_form(organisation: Organisation | None) -> OrganisationForm:
    form = OrganisationForm(obj=organisation) if organisation else OrganisationForm()
    form.hubs.choices = [(hub.id, hub.name) for hub in listing.all_hubs(db.session)]
    if organisation is not None and not form.is_submitted():
        form.hubs.data = [hub.id for hub in organisation.hubs]
        form.offers.data = organisation.offer_list
    return form


def _values(form: OrganisationForm) -> dict[str, str]:
    values = {name: getattr(form, name).data or "" for name in services.ORGANISATION_FIELDS
              if name != "offers"}
    values["offers"] = services.offers_text(form.offers.data or [])
    return values


def _save_logo(form: OrganisationForm, organisation: Organisation) -> None:
    if form.has_upload():
        image = store_image(db.session, form.logo.data.read(), current_app.config["MAX_UPLOAD_BYTES"])
        services.set_logo(db.session, organisation, image)
    elif form.remove_logo.data:
        services.set_logo(db.session, organisation, None)


@bp.route("/organisaties/nieuw", methods=["GET", "POST"])
@login_required
def create():
    """Add an organisation. One that looks like an existing one is offered instead: with
    the same KvK number or website it *is* that one; with only the same name it may be
    another, and "toch nieuw aanmaken" adds it anyway."""
    require(may_edit(current_user))
    form = _organisation_form(None)
    likenesses: list = []
    status = 200
    if form.is_submitted():
        status = 422
        if form.validate():
            likenesses = services.look_alikes(db.session, form.name.data, form.website.data,
                                              form.kvk_number.data)
            certain = any(likeness.is_certain for likeness in likenesses)
            if likenesses and (certain or not form.create_anyway.data):
                status = 409
            else:
                return _save(form, None)
    return _private(render("organisations/form.html", form=form, organisation=None,
                           likenesses=likenesses, status=status))


@bp.route("/organisaties/<slug>/bewerken", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    """Edit an organisation; a KvK number or website of another record is refused (that
    is one organisation in two records: merge them)."""
    organisation = _organisation_or_404(slug)
    require(may_edit(current_user))
    form = _organisation_form(organisation)
    likenesses: list = []
    status = 200
    if form.is_submitted():
        status = 422
        if form.validate():
            likenesses = [likeness for likeness in services.look_alikes(
                db.session, "", form.website.data, form.kvk_number.data,
                exclude_id=organisation.id) if likeness.is_certain]
            if likenesses:
                status = 409
            else:
                return _save(form, organisation)
    return _private(render("organisations/form.html", form=form, organisation=organisation,
                           likenesses=likenesses, status=status))


def _save(form: OrganisationForm, organisation: Organisation | None):
    hubs = [hub for hub in listing.all_hubs(db.session) if hub.id in (form.hubs.data or [])]
    try:
        saved = services.save_organisation(db.session, organisation, _values(form), hubs)
        _save_logo(form, saved)
    except ImageError as error:
        db.session.rollback()
        form.logo.errors.append(str(error))
        return _private(render("organisations/form.html", form=form, organisation=organisation,
                               likenesses=[], status=422))
    db.session.commit()
    flash(_("De organisatie is opgeslagen.") if organisation else
          _("De organisatie is toegevoegd."), "success")
    return redirect(url_for("organisations.detail", slug=saved.slug), 303)


# --------------------------------------------------------------------------- contacts


@bp.post("/organisaties/<slug>/contactpersonen")
@login_required
def add_contact(slug: str):
    """Add a contact person; htmx gets the list of contacts back, with the form."""
    organisation = _organisation_or_404(slug)
    require(may_edit(current_user))
    form = _contact_form(ContactForm())
    if form.validate():
        services.add_contact(db.session, organisation, form.name.data, form.role.data or "",
                             form.email.data or "", form.phone.data or "",
                             _hub(form.hub.data), form.is_primary.data)
        db.session.commit()
        if not wants_fragment():
            flash(_("De contactpersoon is toegevoegd."), "success")
            return redirect(url_for("organisations.detail", slug=slug, _anchor="contactpersonen"), 303)
        db.session.refresh(organisation)
        return _private(render("organisations/detail.html", block="contacts",
                               organisation=organisation, is_team=True,
                               contact_form=_contact_form(), added=True))
    return _private(render("organisations/detail.html", block="contacts", status=422,
                           organisation=organisation, is_team=True, contact_form=form,
                           log=services.log_entries(db.session, organisation),
                           log_form=_log_form(), may_merge=may_merge(current_user)))


def _hub(hub_id: int | None):
    return next((hub for hub in listing.all_hubs(db.session) if hub.id == hub_id), None)


def _contact_or_404(organisation: Organisation, contact_id: int):
    contact = services.contact_of(db.session, organisation, contact_id)
    if contact is None:
        abort(404)
    return contact


@bp.route("/organisaties/<slug>/contactpersonen/<int:contact_id>", methods=["GET", "POST"])
@login_required
def edit_contact(slug: str, contact_id: int):
    """Change a contact person (or make them the point of contact)."""
    organisation = _organisation_or_404(slug)
    require(may_edit(current_user))
    contact = _contact_or_404(organisation, contact_id)
    form = _contact_form(ContactForm(obj=contact))
    if not form.is_submitted():
        form.hub.data = contact.hub_id
    if form.validate_on_submit():
        services.update_contact(db.session, contact, form.name.data, form.role.data or "",
                                form.email.data or "", form.phone.data or "",
                                _hub(form.hub.data), form.is_primary.data)
        db.session.commit()
        flash(_("De contactpersoon is bijgewerkt."), "success")
        return redirect(url_for("organisations.detail", slug=slug, _anchor="contactpersonen"), 303)
    return _private(render("organisations/contact_form.html", form=form, contact=contact,
                           organisation=organisation, status=422 if form.is_submitted() else 200))


@bp.route("/organisaties/<slug>/contactpersonen/<int:contact_id>/verwijderen",
          methods=["GET", "POST"])
@login_required
def remove_contact(slug: str, contact_id: int):
    """Remove a contact person (GET asks first, for a browser without JavaScript)."""
    organisation = _organisation_or_404(slug)
    require(may_edit(current_user))
    contact = _contact_or_404(organisation, contact_id)
    if request.method == "GET":
        return confirmation_page(
            message=_("%(name)s wordt uit de contactpersonen van %(organisation)s gehaald.",
                      name=contact.name, organisation=organisation.name),
            button=_("Verwijderen"), action=request.path,
            back=url_for("organisations.detail", slug=slug), context=organisation.name)
    if not MergeForm().validate():
        abort(400)
    services.remove_contact(db.session, contact)
    db.session.commit()
    flash(_("De contactpersoon is verwijderd."), "success")
    return redirect(url_for("organisations.detail", slug=slug, _anchor="contactpersonen"), 303)


# --------------------------------------------------------------------------- contact log


@bp.post("/organisaties/<slug>/logboek")
@login_required
def add_log(slug: str):
    """Note a contact in the log; htmx gets the log back, newest first, with the form."""
    organisation = _organisation_or_404(slug)
    require(may_edit(current_user))
    form = LogForm()
    if form.validate():
        services.add_log_entry(db.session, organisation, current_user, form.noted_on.data,
                               form.text.data)
        db.session.commit()
        if not wants_fragment():
            flash(_("De notitie staat in het logboek."), "success")
            return redirect(url_for("organisations.detail", slug=slug, _anchor="logboek"), 303)
        form, status = _log_form(), 200
    else:
        status = 422
    return _private(render("organisations/detail.html", block="log", status=status,
                           organisation=organisation, is_team=True, log_form=form,
                           log=services.log_entries(db.session, organisation),
                           contact_form=_contact_form(), may_merge=may_merge(current_user),
                           added=status == 200))


# --------------------------------------------------------------------------- merging


@bp.route("/organisaties/<slug>/samenvoegen", methods=["GET", "POST"])
@login_required
def merge(slug: str):
    """Merge two records of one organisation. GET `?met=<slug>&blijft=<slug>` shows what
    will happen (this is where the person is asked); POST does it."""
    organisation = _organisation_or_404(slug)
    require(may_merge(current_user))
    other = None
    other_slug = request.args.get("met", "")
    if other_slug:
        other = services.organisation_with_details(db.session, other_slug)
        if other is None or other.id == organisation.id:
            return _private(render("organisations/merge.html", organisation=organisation, plan=None,
                                   candidates=services.organisations_for_merge(db.session, organisation),
                                   error=_("Kies een andere organisatie."), status=422))
    if other is None:
        return _private(render("organisations/merge.html", organisation=organisation, plan=None,
                               candidates=services.organisations_for_merge(db.session, organisation)))
    keeps_other = request.args.get("blijft") in ("ander", other.slug)
    target, source = (other, organisation) if keeps_other else (organisation, other)
    if request.method == "POST":
        if not MergeForm().validate():
            abort(400)
        name = source.name
        services.merge_organisations(db.session, source, target)
        db.session.commit()
        flash(_("%(source)s is samengevoegd met %(target)s.", source=name, target=target.name),
              "success")
        return redirect(url_for("organisations.detail", slug=target.slug), 303)
    return _private(render("organisations/merge.html", organisation=organisation, other=other,
                           plan=services.merge_plan(source, target), form=MergeForm(),
                           candidates=[]))


# --------------------------------------------------------------------------- import


@bp.route("/organisaties/importeren", methods=["GET", "POST"])
@login_required
def import_upload():
    """Upload a CSV or XLSX; a file we can read is kept and its preview shown."""
    require(may_merge(current_user))
    form = ImportForm()
    status = 200
    if form.is_submitted():
        status = 422
        if not form.validate() or not form.has_upload():
            if not form.file.errors:
                form.file.errors.append(_("Kies een bestand."))
        else:
            data = form.file.data.read(importing.MAX_IMPORT_BYTES + 1)
            try:
                importing.read_spreadsheet(data)
            except importing.ImportFileError as error:
                form.file.errors.append(str(error))
                status = error.status
            else:
                pending = importing.keep_upload(db.session, data, form.file.data.filename,
                                                current_user)
                db.session.commit()
                return redirect(url_for("organisations.import_preview", token=pending.token), 303)
    return _private(render("organisations/import.html", form=form, status=status))


def _pending_or_404(token: str):
    pending = importing.pending_import(db.session, token, current_user)
    if pending is None:
        abort(404)
    return pending


def _mapping(source, sheet: importing.Sheet) -> list[str]:
    """The mapping chosen in the form (`kolom-N`), or guessed from the headers."""
    if not any(key.startswith("kolom-") for key in source):
        return importing.guess_mapping(sheet.headers)
    mapping = []
    for i in range(len(sheet.headers)):
        chosen = source.get(f"kolom-{i}", "")
        mapping.append(chosen if chosen in importing.IMPORT_FIELDS and chosen not in mapping else "")
    return mapping


@bp.route("/organisaties/importeren/<token>", methods=["GET", "POST"])
@login_required
def import_preview(token: str):
    """The preview: the columns and the fields they fill, and every row as new, matching
    (which organisation) or invalid (why). POST imports it in one transaction."""
    require(may_merge(current_user))
    pending = _pending_or_404(token)
    try:
        sheet = importing.read_spreadsheet(pending.data)
    except importing.ImportFileError as error:  # read once already; kept for safety
        return render("organisations/import.html", form=ImportForm(formdata=None),
                      problem=str(error), status=error.status)
    source = request.form if request.method == "POST" else request.args
    mapping = _mapping(source, sheet)
    preview = importing.preview_import(db.session, sheet, mapping)
    if request.method == "POST" and not preview.problem:
        if not MergeForm().validate():
            abort(400)
        try:
            added, completed = importing.run_import(db.session, preview)
            db.session.delete(pending)
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
        flash(_("%(added)d organisaties toegevoegd, %(completed)d bestaande aangevuld, "
                "%(skipped)d regels overgeslagen.", added=added, completed=completed,
                skipped=preview.counts[importing.INVALID]), "success")
        return redirect(url_for("organisations.index"), 303)
    status = 422 if preview.problem else 200
    return _private(render("organisations/import_preview.html", block="preview", pending=pending,
                           sheet=sheet, mapping=mapping, preview=preview,
                           fields=importing.IMPORT_FIELDS, form=MergeForm(), status=status))
