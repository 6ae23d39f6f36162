"""Questions from outside: the public form, the asker's private page, the hub team's inbox.

Public: `/vragen/nieuw` (no account), `/vragen/<token>` (the private link from the mail).
Team: `/hubs/<slug>/vragen` (the inbox), `/inbox/<id>` (one question with the asker's
contact data and the actions). Every change is a POST with CSRF and a role check
(hubsite.questions.access); with htmx the question page swaps in place, without
JavaScript every form posts and redirects.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.routing import BuildError
from wtforms import SelectChoice

from hubsite import antibot
from hubsite.accounts.permissions import require
from hubsite.extensions import configured_limit, db, limiter
from hubsite.hubs import services as hub_services
from hubsite.hubs.models import Hub
from hubsite.i18n import current_language
from hubsite.media.documents import download_headers
from hubsite.questions import access, panels, receivers, services
from hubsite.questions.attachments import MAX_FILES, AttachmentError, Upload, too_many_files
from hubsite.questions.forms import (
    RECURRING,
    AcceptForm,
    DeclineForm,
    InfoForm,
    PassForm,
    QuestionForm,
    ReplyForm,
)
from hubsite.questions.models import Question, QuestionAttachment
from hubsite.rendering import htmx_redirect, refuse, render, wants_fragment

bp = Blueprint("questions", __name__)

FORM_STAMP_SALT = "question-form-started"
FORM_STAMP_VALUE = "question"


@bp.record_once
def _init_app(state) -> None:
    panels.init_app(state.app)
    receivers.init_app(state.app)


def _private(response: Response) -> Response:
    """The private link is the key to a question: no search engine, no cache, no referrer."""
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _email_key() -> str:
    return "question-email:" + request.form.get("email", "").strip().lower()[:254]


# -- Asking ------------------------------------------------------------------------------


def _question_form() -> QuestionForm:
    form = QuestionForm()
    form.hub.choices = [SelectChoice("", _("Weet ik niet"))] + [
        SelectChoice(h.slug, f"{h.name} ({h.city})") for h in services.hubs_for_choice(db.session)]
    return form


def _files_hint() -> str:
    """The limits of the attachments, as the settings make them."""
    config = current_app.config
    return _("Tot %(n)d bestanden, samen hoogstens %(total)d MB: foto's (JPEG, PNG, WebP, GIF) "
             "of documenten (PDF, Word, Excel, PowerPoint, OpenDocument) tot %(doc)d MB.",
             n=MAX_FILES, total=config["MAX_UPLOAD_BYTES"] // (1024 * 1024),
             doc=max(1, config["QUESTION_DOCUMENT_BYTES"] // (1024 * 1024)))


def _render_ask(form: QuestionForm, status: int = 200, error: str | None = None) -> Response:
    return render("questions/ask.html", form=form, error=error, status=status,
                  files_hint=_files_hint(),
                  partners=services.partner_names(db.session),
                  stamp=antibot.form_stamp(FORM_STAMP_VALUE, FORM_STAMP_SALT))


def _uploads(form: QuestionForm) -> list[Upload]:
    files = [f for f in (form.files.data or []) if getattr(f, "filename", "")]
    return [Upload(f.filename, f.read()) for f in files]


@bp.route("/vragen/nieuw", methods=["GET", "POST"])
@limiter.limit(configured_limit("QUESTION_RATE_LIMIT"), methods=["POST"])
@limiter.limit(configured_limit("QUESTION_EMAIL_RATE_LIMIT"), methods=["POST"],
               key_func=_email_key)
def ask():
    """"Leg een vraag neer": the public form, without an account."""
    form = _question_form()
    if request.method == "GET":
        if request.args.get("hub") in {choice.value for choice in form.hub.choices}:
            form.hub.data = request.args["hub"]
        return _render_ask(form)
    if not form.validate_on_submit():
        return _render_ask(form, status=422)
    error = antibot.bot_problem(form, FORM_STAMP_VALUE, FORM_STAMP_SALT,
                                current_app.config["QUESTION_MIN_FORM_SECONDS"])
    if error is not None:
        return _render_ask(form, status=422, error=error)
    uploads = _uploads(form)
    problem = too_many_files(len(uploads))
    if problem:
        form.files.errors = [problem]
        return _render_ask(form, status=422)
    hub = hub_services.hub_by_slug(db.session, form.hub.data) if form.hub.data else None
    asked = services.Asked(
        organisation_name=form.organisation.data, contact_name=form.contact_name.data,
        email=form.email.data, phone=form.phone.data or "", title=form.title.data,
        what=form.what.data, for_whom=form.for_whom.data or "", wanted_by=form.wanted_by.data,
        hub=hub, recurring=form.recurring.data == RECURRING, language=current_language())
    try:
        question = services.submit_question(
            db.session, asked, uploads,
            document_max_bytes=current_app.config["QUESTION_DOCUMENT_BYTES"],
            image_max_bytes=current_app.config["MAX_UPLOAD_BYTES"])
    except AttachmentError as problem:
        db.session.rollback()
        form.files.errors = [str(problem)]
        return _render_ask(form, status=422)
    db.session.commit()
    return redirect(url_for("questions.sent", token=question.token), code=303)


def _question_by_token_or_404(token: str) -> Question:
    question = services.question_by_token(db.session, token)
    if question is None:
        abort(refuse(_("Deze vraag bestaat niet (meer). Controleer de link uit je e-mail."),
                     status=404))
    return question


@bp.get("/vragen/<token>/verstuurd")
def sent(token: str):
    """The confirmation after asking: what happens now, and the private link."""
    question = _question_by_token_or_404(token)
    return _private(render("questions/sent.html", question=question,
                           private_url=url_for("questions.private", token=token,
                                               _external=True)))


def _render_private(question: Question, form: ReplyForm | None = None,
                    status: int = 200, replied: bool = False) -> Response:
    form = form or ReplyForm()
    return _private(render("questions/private.html", block="asker_conversation", status=status,
                           question=question, form=form, replied=replied,
                           messages=services.conversation_for_asker(question)))


@bp.get("/vragen/<token>")
def private(token: str):
    """The asker's own page: the status, the conversation, and a reply form when the team
    asked something. Nothing else of the site's data."""
    return _render_private(_question_by_token_or_404(token))


@bp.post("/vragen/<token>/antwoord")
@limiter.limit(configured_limit("QUESTION_RATE_LIMIT"))
def reply(token: str):
    """The asker answers the team; the question is new in the inbox again."""
    question = _question_by_token_or_404(token)
    form = ReplyForm()
    if not form.validate_on_submit():
        return _render_private(question, form, status=422)
    try:
        services.reply_by_asker(db.session, question, form.message.data)
    except services.QuestionError as problem:
        db.session.rollback()
        return _private(refuse(str(problem), status=409))
    db.session.commit()
    if wants_fragment():
        return _render_private(question, replied=True)
    flash(_("Dank je wel, je antwoord is verstuurd naar het team."), "success")
    return redirect(url_for("questions.private", token=token), code=303)


# -- The inbox ------------------------------------------------------------------------------


def _team_hub(slug: str) -> Hub:
    hub = hub_services.hub_by_slug(db.session, slug)
    if hub is None:
        abort(404)
    require(current_user.is_admin or hub.id in access.team_hub_ids(current_user))
    return hub


@bp.get("/vragen/inbox")
@login_required
def my_inbox():
    """The navigation's "Vragen": the inbox of the person's (first) hub."""
    hubs = hub_services.team_hubs(db.session, current_user)
    if not hubs and current_user.is_admin:
        hubs = services.hubs_for_choice(db.session)
    require(bool(hubs))
    return redirect(url_for("questions.inbox", slug=hubs[0].slug))


@bp.get("/hubs/<slug>/vragen")
@login_required
def inbox(slug: str):
    """A hub's inbox: questions waiting for the team first, with their age; questions
    without a hub for coordinators. `?toon=alle` shows the decided ones too."""
    hub = _team_hub(slug)
    shown = services.FILTER_ALL if request.args.get("toon") == services.FILTER_ALL \
        else services.FILTER_OPEN
    questions = services.inbox(db.session, current_user, hub, shown)
    response = render("questions/inbox.html", block="inbox_list", hub=hub, shown=shown,
                      questions=questions,
                      answered=services.answered_by_asker(db.session, questions),
                      counts=services.inbox_counts(db.session, current_user, hub),
                      other_hubs=[h for h in hub_services.team_hubs(db.session, current_user)
                                  if h.id != hub.id])
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _visible_question(question_id: int) -> Question:
    question = services.question_for_team(db.session, question_id)
    if question is None:
        abort(404)
    require(access.may_see(current_user, question))
    return question


def _hub_choices(exclude: int | None = None) -> list[SelectChoice]:
    return [SelectChoice(h.slug, h.name) for h in services.hubs_for_choice(db.session)
            if h.id != exclude]


def _coordinated_hub_choices() -> list[SelectChoice]:
    """The hubs this person may accept a question for (admins: every hub)."""
    if current_user.is_admin:
        return _hub_choices()
    coordinated = {m.hub_id for m in current_user.memberships if m.role == "coordinator"}
    return [SelectChoice(h.slug, h.name) for h in services.hubs_for_choice(db.session)
            if h.id in coordinated]


def _forms(question: Question, **given: Any) -> dict[str, Any]:
    """The action forms of the question page (the given ones keep what was typed)."""
    accept_form = given.get("accept_form") or AcceptForm(formdata=None, prefix="accept")
    accept_form.hub.choices = _coordinated_hub_choices() if question.hub_id is None else []
    accept_form.hub.validate_choice = question.hub_id is None
    pass_form = given.get("pass_form") or PassForm(formdata=None, prefix="pass")
    pass_form.hub.choices = _hub_choices(exclude=question.hub_id)
    return {"info_form": given.get("info_form") or InfoForm(formdata=None, prefix="info"),
            "decline_form": given.get("decline_form") or DeclineForm(formdata=None,
                                                                     prefix="decline"),
            "accept_form": accept_form, "pass_form": pass_form}


def _project_url(question: Question) -> str | None:
    """The page of the project the question became. The project pages are their own
    capability; until their blueprint is registered there is no page to link to."""
    if question.project_id is None:
        return None
    try:
        return url_for("projects.detail", project_id=question.project_id)
    except BuildError:
        return None


def _render_question(question: Question, status: int = 200, open_action: str = "",
                     done: str = "", **forms: Any) -> Response:
    response = render(
        "questions/detail.html", block="question_detail", status=status, question=question,
        project_url=_project_url(question), done=done,
        may_decide=access.may_decide(current_user, question),
        may_ask=access.may_ask(current_user, question), open_action=open_action,
        **_forms(question, **forms))
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/inbox/<int:question_id>")
@login_required
def detail(question_id: int):
    """One question for the team: what is asked, the asker's contact data (only here),
    the files, the conversation and the actions."""
    return _render_question(_visible_question(question_id))


def _done(question: Question, message: str) -> Response:
    if wants_fragment():
        return _render_question(question, done=message)
    flash(message, "success")
    return redirect(url_for("questions.detail", question_id=question.id), code=303)


def _refused(question: Question, problem: services.QuestionError, form_name: str,
             form: Any) -> Response:
    db.session.rollback()
    field = getattr(form, problem.field, None) if problem.field else None
    if field is None:
        return refuse(str(problem), status=409)
    field.errors = [str(problem)]
    return _render_question(question, status=422, open_action=form_name, **{form_name: form})


@bp.post("/inbox/<int:question_id>/meer-info")
@login_required
def ask_info(question_id: int):
    """Ask the asker for more information (hosts and coordinators)."""
    question = _visible_question(question_id)
    require(access.may_ask(current_user, question))
    form = InfoForm(prefix="info")
    if not form.validate_on_submit():
        return _render_question(question, status=422, open_action="info_form", info_form=form)
    try:
        services.ask_for_information(db.session, question, current_user, form.message.data)
    except services.QuestionError as problem:
        return _refused(question, problem, "info_form", form)
    db.session.commit()
    return _done(question, _("Je vraag is naar de vrager gestuurd."))


@bp.post("/inbox/<int:question_id>/accepteren")
@login_required
def accept(question_id: int):
    """Accept: the question becomes a project at "aanvraag" (coordinators)."""
    question = _visible_question(question_id)
    require(access.may_decide(current_user, question))
    form = AcceptForm(prefix="accept")
    _forms(question, accept_form=form)
    if not form.validate_on_submit():
        return _render_question(question, status=422, open_action="accept_form",
                                accept_form=form)
    hub = hub_services.hub_by_slug(db.session, form.hub.data) if question.hub_id is None \
        else None
    try:
        services.accept(db.session, question, current_user, hub, form.message.data or "")
    except services.QuestionError as problem:
        return _refused(question, problem, "accept_form", form)
    db.session.commit()
    return _done(question, _("De vraag is aangenomen en is nu een project."))


@bp.post("/inbox/<int:question_id>/doorsturen")
@login_required
def pass_on(question_id: int):
    """Pass the question to another hub's inbox (coordinators)."""
    question = _visible_question(question_id)
    require(access.may_decide(current_user, question))
    form = PassForm(prefix="pass")
    _forms(question, pass_form=form)
    if not form.validate_on_submit():
        return _render_question(question, status=422, open_action="pass_form", pass_form=form)
    hub = hub_services.hub_by_slug(db.session, form.hub.data)
    try:
        services.pass_to_hub(db.session, question, current_user, hub, form.note.data or "")
    except services.QuestionError as problem:
        return _refused(question, problem, "pass_form", form)
    db.session.commit()
    message = _("De vraag is doorgestuurd naar %(hub)s.", hub=hub.name)
    if access.may_see(current_user, question):
        return _done(question, message)
    # Passed out of this person's sight: back to their inbox.
    flash(message, "success")
    target = url_for("questions.my_inbox")
    return htmx_redirect(target) if wants_fragment() else redirect(target, code=303)


@bp.post("/inbox/<int:question_id>/afwijzen")
@login_required
def decline(question_id: int):
    """Decline with a message to the asker (coordinators)."""
    question = _visible_question(question_id)
    require(access.may_decide(current_user, question))
    form = DeclineForm(prefix="decline")
    if not form.validate_on_submit():
        return _render_question(question, status=422, open_action="decline_form",
                                decline_form=form)
    try:
        services.decline(db.session, question, current_user, form.message.data)
    except services.QuestionError as problem:
        return _refused(question, problem, "decline_form", form)
    db.session.commit()
    return _done(question, _("De vraag is afgewezen; de vrager heeft je bericht gekregen."))


@bp.get("/inbox/<int:question_id>/bijlagen/<int:attachment_id>")
@login_required
def attachment(question_id: int, attachment_id: int):
    """A document the asker sent, as a download for the team only."""
    question = _visible_question(question_id)
    found = db.session.get(QuestionAttachment, attachment_id)
    if found is None or found.question_id != question.id or found.data is None:
        abort(404)
    response = Response(found.data, mimetype=found.content_type)
    response.headers.update(download_headers(found.filename))
    return response
