"""The pinboard's pages: boards, posts, comments, moderation, settings, export and reuse.

Everything works as plain forms (post, redirect, show) and with htmx (the changed
region as a fragment). A visitor without an account is known by a secret in a
long-lived httponly cookie; only its hash is stored on what they write.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

import sqlalchemy as sa
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape

from hubsite import antibot, page_cache
from hubsite.accounts.permissions import require
from hubsite.accounts.services import normalise_email
from hubsite.cloning import cloned_values
from hubsite.extensions import configured_limit, csrf, db, limiter
from hubsite.http_cache import is_fresh, not_modified, set_validators
from hubsite.hubs.models import Hub
from hubsite.hubs.permissions import is_hub_team
from hubsite.i18n import current_language
from hubsite.inputs import form_id
from hubsite.live import version_mirror
from hubsite.media.services import ImageError, store_image
from hubsite.pinboard import (
    boards,
    export,
    following,
    live,
    moderation,
    panels,
    posts,
    receivers,
    together,
)
from hubsite.pinboard import media as pinboard_media
from hubsite.pinboard import slots as board_slots  # noqa: F401  (declares the board page's slots)
from hubsite.pinboard.access import Viewer, secret_hash
from hubsite.pinboard.forms import (
    BoardForm,
    CommentForm,
    FollowForm,
    PostForm,
    ReportForm,
    SectionForm,
    options,
)
from hubsite.pinboard.media import VISITOR_COOKIE
from hubsite.pinboard.models import Board, Comment, Post, Section
from hubsite.pinboard.slots import BOARD_INTRO  # noqa: F401  (declared for its pages)
from hubsite.rendering import refuse, render, wants_fragment
from hubsite.slots import add_menu_item

bp = Blueprint("pinboard", __name__)

FORM_SALT = "pinboard-form-started"
VISITOR_COOKIE_DAYS = 400  # the longest a browser keeps a cookie


@bp.record_once
def _init_app(state) -> None:
    add_menu_item(state.app, lambda: _("Prikbord"), "pinboard.index", order=40)
    panels.init_app(state.app)
    receivers.connect()
    live.connect()
    pinboard_media.register()


# -- Who is looking --------------------------------------------------------------------------


def _viewer(for_writing: bool = False) -> Viewer:
    """The person looking; a visitor who writes gets a browser secret now if they have none."""
    secret = request.cookies.get(VISITOR_COOKIE) or g.get("new_visitor_secret")
    if secret is None and for_writing and not current_user.is_authenticated:
        secret = g.new_visitor_secret = secrets.token_urlsafe(32)
    return Viewer(current_user, secret_hash(secret))


@bp.after_request
def _keep_visitor_secret(response: Response) -> Response:
    secret = g.get("new_visitor_secret")
    if secret:
        response.set_cookie(VISITOR_COOKIE, secret, max_age=VISITOR_COOKIE_DAYS * 24 * 3600,
                            httponly=True, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


@bp.app_context_processor
def _helpers() -> dict[str, Any]:
    return {"pinboard_form_stamp": lambda board: antibot.form_stamp(board.id, FORM_SALT)}


def _bot_problem(form: Any, board: Board, viewer: Viewer) -> str | None:
    if viewer.has_account:
        return None
    return antibot.bot_problem(form, board.id, FORM_SALT,
                               current_app.config["PINBOARD_MIN_FORM_SECONDS"])




def _author_key() -> str:
    """Per account, else per browser (and per address for a browser without a secret)."""
    if current_user.is_authenticated:
        return f"pinboard-user:{current_user.id}"
    secret = request.cookies.get(VISITOR_COOKIE)
    return f"pinboard-browser:{secret_hash(secret)}" if secret else \
        f"pinboard-address:{request.remote_addr}"


# -- Finding things ---------------------------------------------------------------------------


def _board_or_404(slug: str) -> Board:
    board = boards.board_by_slug(db.session, slug)
    if board is None:
        abort(404)
    return board


def _team_board(slug: str) -> Board:
    board = _board_or_404(slug)
    require(_viewer().is_team(board))
    return board


def _post_or_404(post_id: int, viewer: Viewer | None = None) -> Post:
    """A post this viewer may see (a held one only for its author and the team)."""
    post = db.session.get(Post, post_id)
    if post is None or not (viewer or _viewer()).may_see(post):
        abort(404)
    return post


def _changeable_post(post_id: int) -> tuple[Post, Viewer]:
    viewer = _viewer()
    post = _post_or_404(post_id, viewer)
    require(viewer.may_change(post))
    return post, viewer


def _section_of(board: Board, section_id: Any) -> Section | None:
    try:
        wanted = int(section_id)
    except (TypeError, ValueError):
        return None
    return next((s for s in board.sections if s.id == wanted), None)


# -- Boards ----------------------------------------------------------------------------------


@bp.get("/boards")
def index():
    """Every board: the network's and each hub's."""
    return render("pinboard/index.html", boards=boards.all_boards(db.session))


# Where a board page kept for every visitor has its form's stamp.
STAMP_HOLE = antibot.stamp_hole(FORM_SALT)


def _post_form(board: Board) -> PostForm:
    # In a board page kept for every visitor the token and the stamp are holes, filled in
    # per answer; the form makes no token of its own (that would start a session).
    form = page_cache.form(PostForm)
    form.section.choices = options((s.id, s.name) for s in board.sections)
    if not form.is_submitted() and board.sections:
        form.section.data = board.sections[0].id
    if not form.is_submitted():
        # A sent form keeps its own stamp (or its missing one: the trap says so).
        form.started.data = antibot.form_stamp_or_hole(board.id, FORM_SALT)
    return form


def _render_board(board: Board, viewer: Viewer, form: PostForm | None = None,
                  status: int = 200, block: str | None = "board", moved: int | None = None,
                  error: str | None = None,
                  filters: posts.BoardFilters | None = None) -> Response:
    filters = filters or posts.BoardFilters.from_args(request.args)
    view = posts.load_board(db.session, board, viewer, filters)
    is_team = viewer.is_team(board)
    if form is None and viewer.may_post(board):
        form = _post_form(board)
    # "Meer tonen" asks for the posts region from the first card not shown before: there
    # the focus goes on.
    return render("pinboard/board.html", block=block, status=status, board=board, view=view,
                  filters=filters, form=form, viewer=viewer, is_team=is_team, moved=moved,
                  error=error, focus_id=request.args.get("vanaf", type=int),
                  queue_count=moderation.queue_count(db.session, [board]) if is_team else 0)


def _board_page(slug: str, block: str) -> Response:
    """The board as this viewer sees it. A visitor with nothing of their own here (no
    account, no post or reaction from this browser) sees what every such visitor sees:
    kept per version of the data, rendered once, not once per visitor; a kept page is
    found by its address and the data's version, before the board itself is loaded."""
    viewer = _viewer()
    if viewer.has_account or viewer.visitor_hash:
        return _render_board(_board_or_404(slug), viewer, block=block)
    # "3 min geleden" moves on by itself: a kept copy lives at most a minute.
    minute = int(time.time() // 60)
    return page_cache.kept_with_holes(
        lambda: _render_board(_board_or_404(slug), viewer, block=block),
        {STAMP_HOLE: lambda: antibot.form_stamp(boards.board_id(db.session, slug), FORM_SALT)},
        block, minute)


@bp.get("/boards/<slug>")
def board(slug: str):
    """One board in its layout, filtered by kind and state (`?soort=vraag&stand=open`)."""
    return _board_page(slug, "board")


@bp.get("/boards/<slug>/berichten")
def board_posts(slug: str):
    """The board's posts region as this viewer sees it (a held post only for its author
    and the team): what an open copy fetches when the board's version moved. Without
    htmx, the whole board page."""
    response = _board_page(slug, "posts")
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def _version_seen() -> int | None:
    """The version the asking copy of the board shows (its `If-None-Match: "v12"`)."""
    for tag in request.if_none_match.as_set():
        if tag.startswith("v") and tag[1:].isdigit():
            return int(tag[1:])
    return None


@bp.get("/boards/<slug>/versie")
def board_version(slug: str):
    """Anything new on this board? 304 when the asker's version (`If-None-Match`) is
    current, else 200 with the version; one key read in Redis (or one indexed row
    without it), no template, no person looked up: open boards ask every few seconds."""
    version = live.board_version(db.session, version_mirror(), slug, known=_version_seen())
    if version is None:
        return Response(status=404)
    etag = f"v{version}"
    response = not_modified(etag) if is_fresh(etag) else \
        set_validators(Response(str(version), mimetype="text/plain"), etag)
    # Always asked again (never answered from a cache), by nobody but this browser.
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.post("/boards/<slug>/berichten")
@limiter.limit(configured_limit("PINBOARD_RATE_LIMIT"))
@limiter.limit(configured_limit("PINBOARD_AUTHOR_RATE_LIMIT"), key_func=_author_key)
def new_post(slug: str):
    """Post on a board; a failed check keeps what was typed, next to the message."""
    board = _board_or_404(slug)
    viewer = _viewer(for_writing=True)
    if not viewer.may_post(board):
        if board.archived:
            return refuse(_("Dit prikbord is gearchiveerd: je kunt er niets meer op zetten."), 403)
        require(False)
    form = _post_form(board)
    error = None
    if form.validate_on_submit():
        error = _bot_problem(form, board, viewer)
        if error is None:
            try:
                image = _uploaded_image(form)
                post = posts.create_post(
                    db.session, board, viewer, _section_of(board, form.section.data),
                    display_name=form.display_name.data, image=image, **_content(form))
            except (posts.PostError, ImageError) as problem:
                db.session.rollback()
                error = _field_error(form, problem, "image")
            else:
                db.session.commit()
                message = _("Je bericht staat op het prikbord.") if post.status == "published" \
                    else _("Je bericht is ontvangen. Het hubteam bekijkt het eerst; tot dan zie "
                           "alleen jij het.")
                if wants_fragment():
                    response = _render_board(board, viewer)
                    response.headers["HX-Trigger"] = "pinboard:posted"
                    return _with_message(response, message)
                flash(message, "success")
                return redirect(url_for("pinboard.board", slug=board.slug,
                                        _anchor=f"post-{post.id}"), code=303)
    return _render_board(board, viewer, form=form, status=422, error=error)


def _content(form: PostForm) -> dict[str, Any]:
    return {name: getattr(form, name).data or "" for name in posts.CONTENT}


def _uploaded_image(form: PostForm):
    upload = form.image.data
    if upload is not None and getattr(upload, "filename", ""):
        if not (form.image_alt.data or "").strip():
            raise posts.PostError(_("Beschrijf wat er op de afbeelding te zien is."), "image_alt")
        return store_image(db.session, upload.read(), current_app.config["MAX_UPLOAD_BYTES"])
    return None


def _field_error(form: Any, problem: Exception, default_field: str | None = None) -> str | None:
    """Put a service's message next to its field; returns it when it belongs to no field."""
    name = getattr(problem, "field", None) or (default_field if isinstance(problem, ImageError)
                                               else None)
    if name and hasattr(form, name):
        getattr(form, name).errors = [*getattr(form, name).errors, str(problem)]
        return None
    return str(problem)


def _with_message(response: Response, message: str) -> Response:
    """Add `message` to an htmx answer, for the page's message region (read out)."""
    note = Markup('<div hx-swap-oob="innerHTML:#messages"><p class="notice notice--success">'
                  '{}</p></div>').format(escape(message))
    response.set_data(response.get_data(as_text=True) + str(note))
    return response


# -- One post ------------------------------------------------------------------------------------


def _render_post(post: Post, viewer: Viewer, status: int = 200,
                 comment_form: CommentForm | None = None,
                 report_form: ReportForm | None = None, error: str | None = None,
                 block: str | None = None, follow_form: FollowForm | None = None) -> Response:
    board = post.board
    comment_form = comment_form or CommentForm()
    comment_form.started.data = comment_form.started.data or \
        antibot.form_stamp(board.id, FORM_SALT)
    reactions = together.reaction_count(db.session, post)
    mine = viewer.voter is not None and db.session.scalar(
        sa.select(sa.func.count()).select_from(posts.Reaction)
        .where(posts.Reaction.post_id == post.id, posts.Reaction.voter == viewer.voter)) > 0
    return render("pinboard/post.html", block=block, status=status, post=post, board=board,
                  viewer=viewer, is_team=viewer.is_team(board),
                  comments=together.comments_of(db.session, post, viewer),
                  comment_form=comment_form, report_form=report_form or ReportForm(),
                  reactions=reactions, mine=mine, error=error,
                  follow=_follow_context(post, viewer, follow_form),
                  candidates=posts.match_candidates(db.session, post)
                  if viewer.may_change(post) else [])


@bp.get("/berichten/<int:post_id>")
def post(post_id: int):
    """A post with its comments, its match and what its author and the team can do."""
    viewer = _viewer()
    return _render_post(_post_or_404(post_id, viewer), viewer)


@bp.route("/berichten/<int:post_id>/bewerken", methods=["GET", "POST"])
def edit_post(post_id: int):
    """The author (or the team) changes a post."""
    post, viewer = _changeable_post(post_id)
    board = post.board
    form = PostForm(obj=post) if request.method == "GET" else PostForm()
    form.section.choices = options((s.id, s.name) for s in board.sections)
    error = None
    if request.method == "GET":
        form.section.data = post.section_id
    elif form.validate_on_submit():
        try:
            image = _uploaded_image(form)
            posts.update_post(db.session, post, viewer, image=image,
                              remove_image=form.remove_image.data, **_content(form))
        except (posts.PostError, ImageError) as problem:
            db.session.rollback()
            error = _field_error(form, problem, "image")
        else:
            db.session.commit()
            flash(_("Je bericht is bijgewerkt."), "success")
            return redirect(url_for("pinboard.post", post_id=post.id), code=303)
    return render("pinboard/edit.html", status=422 if request.method == "POST" else 200,
                  form=form, post=post, board=board, error=error)


@bp.post("/berichten/<int:post_id>/verwijderen")
def delete_post(post_id: int):
    """The author (or the team) removes a post."""
    post, viewer = _changeable_post(post_id)
    board = post.board
    posts.delete_post(db.session, post, viewer)
    db.session.commit()
    message = _("Het bericht is verwijderd.")
    if wants_fragment():
        return _with_message(_render_board(board, viewer), message)
    flash(message, "success")
    return redirect(url_for("pinboard.board", slug=board.slug), code=303)


def _after_post_change(post: Post, viewer: Viewer, message: str) -> Response:
    if wants_fragment():
        return _with_message(_render_post(post, viewer, block="post_actions"), message)
    flash(message, "success")
    return redirect(url_for("pinboard.post", post_id=post.id), code=303)


@bp.post("/berichten/<int:post_id>/stand")
def set_state(post_id: int):
    """Move a vraag or aanbod along (open, in gesprek, gematcht, afgerond)."""
    post, viewer = _changeable_post(post_id)
    try:
        posts.set_state(db.session, post, viewer, request.form.get("state", ""))
    except posts.PostError as problem:
        db.session.rollback()
        return refuse(str(problem), 422)
    db.session.commit()
    return _after_post_change(post, viewer, _("De stand is bijgewerkt."))


@bp.post("/berichten/<int:post_id>/match")
def match(post_id: int):
    """Link a vraag to the aanbod that answers it; both posts show the link."""
    post, viewer = _changeable_post(post_id)
    other_id = form_id("match")
    other = db.session.get(Post, other_id) if other_id else None
    try:
        posts.match_posts(db.session, post, other, viewer)
    except posts.PostError as problem:
        db.session.rollback()
        return _render_post(post, viewer, status=422, error=str(problem), block="post_actions")
    db.session.commit()
    return _after_post_change(post, viewer, _("Gematcht!"))


@bp.post("/berichten/<int:post_id>/match-los")
def unmatch(post_id: int):
    """Undo a match."""
    post, viewer = _changeable_post(post_id)
    posts.unmatch(db.session, post, viewer)
    db.session.commit()
    return _after_post_change(post, viewer, _("De match is losgemaakt."))


@bp.post("/berichten/<int:post_id>/verplaatsen")
def move(post_id: int):
    """Move a post up, down or to another section by the buttons (keyboard, no JavaScript),
    or where it was dragged to (`section` and `voor`: the card it was dropped above, none
    at the end); the same service and the same permission for both."""
    post, viewer = _changeable_post(post_id)
    board = post.board
    direction = request.form.get("richting", "")
    section = _section_of(board, request.form.get("section")) if "section" in request.form \
        else None
    if "section" in request.form and section is None:
        return refuse(_("Kies een kolom van dit prikbord."), 422)
    index = form_id("index")
    before_id = form_id("voor")
    offset = {"omhoog": -1, "omlaag": 1}.get(direction, 0)
    try:
        moved = posts.move_post(db.session, post, viewer, section=section, offset=offset,
                                index=index, before_id=before_id)
    except posts.PostError as problem:
        db.session.rollback()
        return refuse(str(problem), 409)
    db.session.commit()
    message = _("Verplaatst naar %(section)s, positie %(position)d van %(total)d",
                section=moved.section.name, position=moved.position, total=moved.total)
    # The board as it was shown (the form's address carries its filters), and far enough
    # down to show the moved card, where the focus stays.
    filters = posts.BoardFilters.from_args(request.args).showing(moved.position)
    if wants_fragment():
        return _with_message(_render_board(board, viewer, moved=post.id, block="posts",
                                           filters=filters), message)
    flash(message, "success")
    return redirect(url_for("pinboard.board", slug=board.slug, _anchor=f"post-{post.id}",
                            **filters.as_args()), code=303)


# -- Together ----------------------------------------------------------------------------------


@bp.post("/berichten/<int:post_id>/handig")
def react(post_id: int):
    """"👍 handig", once per person or browser; again takes it back."""
    viewer = _viewer(for_writing=True)
    post = _post_or_404(post_id, viewer)
    try:
        added = together.toggle_reaction(db.session, post, viewer)
    except together.TogetherError as problem:
        db.session.rollback()
        return refuse(str(problem), 409)
    db.session.commit()
    if wants_fragment():
        return render("pinboard/_reaction.html", post=post, mine=added,
                      count=together.reaction_count(db.session, post))
    back = request.form.get("terug") == "bord"
    return redirect(url_for("pinboard.board", slug=post.board.slug, _anchor=f"post-{post.id}")
                    if back else url_for("pinboard.post", post_id=post.id), code=303)


@bp.post("/berichten/<int:post_id>/reacties")
@limiter.limit(configured_limit("PINBOARD_RATE_LIMIT"))
@limiter.limit(configured_limit("PINBOARD_AUTHOR_RATE_LIMIT"), key_func=_author_key)
def comment(post_id: int):
    """Comment on a post, or reply to a comment."""
    viewer = _viewer(for_writing=True)
    post = _post_or_404(post_id, viewer)
    form = CommentForm()
    error = None
    if form.validate_on_submit():
        error = _bot_problem(form, post.board, viewer)
        if error is None:
            parent_id = form_id("parent_id")
            parent = db.session.get(Comment, parent_id) if parent_id else None
            try:
                made = together.add_comment(db.session, post, viewer, form.body.data,
                                            display_name=form.display_name.data, parent=parent)
            except together.TogetherError as problem:
                db.session.rollback()
                error = _field_error(form, problem)
            else:
                db.session.commit()
                message = _("Je reactie staat erbij.") if made.status == "published" else \
                    _("Je reactie is ontvangen. Het hubteam bekijkt haar eerst.")
                if wants_fragment():
                    return _with_message(_render_post(post, viewer, block="comments"), message)
                flash(message, "success")
                return redirect(url_for("pinboard.post", post_id=post.id,
                                        _anchor=f"comment-{made.id}"), code=303)
    return _render_post(post, viewer, status=422, comment_form=form, error=error,
                        block="comments")


@bp.post("/reacties/<int:comment_id>/verwijderen")
def delete_comment(comment_id: int):
    """The writer of a comment (or the team) removes it."""
    viewer = _viewer()
    found = db.session.get(Comment, comment_id)
    if found is None or not viewer.may_see(found.post):
        abort(404)
    require(viewer.wrote(found) or viewer.is_team(found.post.board))
    post = found.post
    together.delete_comment(db.session, found, viewer)
    db.session.commit()
    flash(_("De reactie is verwijderd."), "success")
    return redirect(url_for("pinboard.post", post_id=post.id), code=303)


@bp.post("/berichten/<int:post_id>/melden")
@limiter.limit(configured_limit("PINBOARD_RATE_LIMIT"))
def report(post_id: int):
    """Tell the hub team something is wrong with a post."""
    viewer = _viewer()
    post = _post_or_404(post_id, viewer)
    form = ReportForm()
    if form.validate_on_submit():
        together.report_post(db.session, post, viewer, form.reason.data)
        db.session.commit()
        message = _("Dank je. Het hubteam bekijkt je melding.")
        if wants_fragment():
            return _with_message(_render_post(post, viewer, block="report"), message)
        flash(message, "success")
        return redirect(url_for("pinboard.post", post_id=post.id), code=303)
    return _render_post(post, viewer, status=422, report_form=form, block="report")


# -- Following -----------------------------------------------------------------------------------


def _follow_context(post: Post, viewer: Viewer, form: FollowForm | None = None) -> dict[str, Any]:
    """What the "volgen" panel of a post needs: whether this person follows it, the
    visitor's form, and for the author and the team how many follow (never who)."""
    return {"following": following.follow_of(db.session, post, viewer.user) is not None,
            "form": form or FollowForm(formdata=None),
            "count": following.follower_count(db.session, post)
            if viewer.may_change(post) else None}


def _follow_email_key() -> str:
    return "pinboard-follow:" + normalise_email(request.form.get("email", ""))


@bp.post("/berichten/<int:post_id>/volgen")
@limiter.limit(configured_limit("PINBOARD_RATE_LIMIT"))
@limiter.limit(configured_limit("PINBOARD_FOLLOW_EMAIL_RATE_LIMIT"), key_func=_follow_email_key,
               exempt_when=lambda: current_user.is_authenticated)
def follow(post_id: int):
    """Follow a post: with an account in one click (again: stop; `volgen` = 1 or 0 says
    which), as a visitor by e-mail, which gets a confirmation link first."""
    viewer = _viewer()
    post = _post_or_404(post_id, viewer)
    if viewer.has_account:
        want = {"1": True, "0": False}.get(request.form.get("volgen", ""))
        now_following = following.toggle_follow(db.session, post, current_user, want)
        db.session.commit()
        message = _("Je volgt dit bericht. Je krijgt een mail als het een antwoord krijgt, "
                    "gematcht of afgerond wordt.") if now_following else \
            _("Je volgt dit bericht niet meer.")
        if request.form.get("terug") == "lijst":
            flash(message, "success")
            return redirect(url_for("pinboard.following_list"), code=303)
        if wants_fragment():
            return _with_message(_render_post(post, viewer, block="follow"), message)
        flash(message, "success")
        return redirect(url_for("pinboard.post", post_id=post.id, _anchor="volgen"), code=303)
    form = FollowForm()
    if form.validate_on_submit():
        try:
            following.request_follow(db.session, post, form.email.data, current_language(),
                                     viewer.visitor_hash)
        except following.FollowError as problem:
            db.session.rollback()
            _field_error(form, problem)
        else:
            db.session.commit()
            message = _("Bijna klaar: we hebben je een mail gestuurd. Klik op de link daarin "
                        "om te bevestigen dat je dit bericht wilt volgen.")
            if wants_fragment():
                return _with_message(_render_post(post, viewer, block="follow"), message)
            flash(message, "success")
            return redirect(url_for("pinboard.post", post_id=post.id, _anchor="volgen"),
                            code=303)
    return _render_post(post, viewer, status=422, follow_form=form, block="follow")


@bp.route("/volgen/bevestigen/<token>", methods=["GET", "POST"])
def confirm_follow(token: str):
    """The link in the confirmation mail: a page with a button (a mail scanner that
    opens links confirms nothing); the button confirms."""
    pending = following.pending_follow(db.session, token)
    if pending is None:
        return refuse(_("Deze bevestigingslink werkt niet (meer). Vraag opnieuw om het bericht "
                        "te volgen."), 404)
    if request.method == "GET":
        response = render("pinboard/follow_confirm.html", post=pending.post, token=token)
        response.headers["Cache-Control"] = "private, no-store"
        return response
    following.confirm_follow(db.session, token)
    db.session.commit()
    flash(_("Bevestigd: je krijgt een mail als dit bericht een antwoord krijgt, gematcht of "
            "afgerond wordt."), "success")
    return redirect(url_for("pinboard.post", post_id=pending.post_id), code=303)


@bp.route("/volgen/afmelden/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    """The unsubscribe link of every follower mail: a page with a button, and a POST
    that stops the follow. The POST needs no CSRF token: mail programs send it with one
    click (RFC 8058), and the signed link is what proves who asks. Twice is fine."""
    valid, found = following.follow_by_unsubscribe_token(db.session, token)
    if not valid:
        return refuse(_("Deze afmeldlink werkt niet. Kopieer de hele link uit de mail."), 404)
    if request.method == "GET":
        response = render("pinboard/unsubscribe.html", post=found.post if found else None,
                          token=token, done=found is None)
    else:
        post = following.unsubscribe(db.session, token)
        db.session.commit()
        response = render("pinboard/unsubscribe.html",
                          post=post if isinstance(post, Post) else None, token=token, done=True)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/wat-ik-volg")
def following_list():
    """"Wat ik volg": the posts this person follows, each with a button to stop."""
    require(current_user.is_authenticated)
    return render("pinboard/following.html",
                  followed=following.followed_posts(db.session, current_user))


# -- Moderation ---------------------------------------------------------------------------------


@bp.post("/berichten/<int:post_id>/modereren")
def moderate(post_id: int):
    """The team approves, hides (with a note), deletes, pins a post or closes its comments."""
    viewer = _viewer()
    post = _post_or_404(post_id, viewer)
    board = post.board
    require(viewer.is_team(board))
    action = request.form.get("action", "")
    try:
        moderation.moderate_post(db.session, post, viewer, action, request.form.get("note", ""))
    except moderation.ModerationError as problem:
        db.session.rollback()
        return refuse(str(problem), 422)
    db.session.commit()
    messages = {"approve": _("Goedgekeurd: het bericht is voor iedereen zichtbaar."),
                "hide": _("Verborgen: alleen de schrijver ziet het nog, met je toelichting."),
                "delete": _("Het bericht is verwijderd."),
                "pin": _("Vastgezet bovenaan."), "unpin": _("Niet meer vastgezet."),
                "close_comments": _("Reageren is gesloten."),
                "open_comments": _("Reageren is weer open.")}
    flash(messages[action], "success")
    back = request.form.get("terug")
    if action == "delete" or back == "wachtrij":
        return redirect(url_for("pinboard.queue", slug=board.slug) if back == "wachtrij"
                        else url_for("pinboard.board", slug=board.slug), code=303)
    return redirect(url_for("pinboard.post", post_id=post.id), code=303)


@bp.post("/reacties/<int:comment_id>/modereren")
def moderate_comment(comment_id: int):
    """The team approves or deletes a held comment."""
    viewer = _viewer()
    found = db.session.get(Comment, comment_id)
    if found is None:
        abort(404)
    board = found.post.board
    require(viewer.is_team(board))
    try:
        moderation.moderate_comment(db.session, found, viewer, request.form.get("action", ""))
    except moderation.ModerationError as problem:
        db.session.rollback()
        return refuse(str(problem), 422)
    db.session.commit()
    flash(_("De reactie is afgehandeld."), "success")
    return redirect(url_for("pinboard.queue", slug=board.slug), code=303)


@bp.get("/boards/<slug>/moderatie")
def queue(slug: str):
    """What waits for the team on this board."""
    board = _team_board(slug)
    return render("pinboard/queue.html", title=board.title, board=board, hub=board.hub,
                  queue=moderation.queue_for(db.session, [board]))


@bp.get("/hubs/<slug>/prikbord/moderatie")
def hub_queue(slug: str):
    """What waits for the team on every board of their hub."""
    hub = db.session.scalar(sa.select(Hub).where(Hub.slug == slug))
    if hub is None:
        abort(404)
    require(is_hub_team(current_user, hub))
    return render("pinboard/queue.html", title=hub.name, board=None, hub=hub,
                  queue=moderation.queue_for(db.session, boards.boards_of_hub(db.session, hub)))


# -- Making and setting up boards -----------------------------------------------------------------


def _target_hub() -> Hub | None:
    slug = request.values.get("hub")
    hub = db.session.scalar(sa.select(Hub).where(Hub.slug == slug)) if slug else None
    if slug and hub is None:
        abort(404)
    require(is_hub_team(current_user, hub) if hub is not None
            else current_user.is_authenticated and current_user.is_admin)
    return hub


def _board_settings(form: BoardForm) -> dict[str, Any]:
    values = {name: getattr(form, name).data for name in boards.SETTINGS}
    values["blocked_words"] = values["blocked_words"] or ""
    return values


@bp.route("/boards/nieuw", methods=["GET", "POST"])
def new_board():
    """The hub team adds a board (for a project or an event); admins a network board."""
    hub = _target_hub()
    form = BoardForm()
    if form.validate_on_submit():
        try:
            board = boards.create_board(db.session, form.title.data, hub=hub,
                                        description=form.description.data,
                                        **_board_settings(form))
        except boards.BoardError as problem:
            db.session.rollback()
            _field_error(form, problem)
        else:
            db.session.commit()
            flash(_("Het prikbord is aangemaakt."), "success")
            return redirect(url_for("pinboard.board", slug=board.slug), code=303)
    return render("pinboard/board_form.html", form=form, hub=hub, source=None,
                  status=422 if form.is_submitted() else 200)


@bp.route("/boards/<slug>/hergebruiken", methods=["GET", "POST"])
def reuse(slug: str):
    """Start a new board from this one: its sections, settings and pinned posts."""
    source = _team_board(slug)
    hub = source.hub
    form = BoardForm(obj=source) if request.method == "GET" else BoardForm()
    if request.method == "GET":
        form.title.data = _("%(title)s (nieuw)", title=source.title)
        form.archived.data = False
    if form.validate_on_submit():
        try:
            values = cloned_values("board", source)
            values.update(_board_settings(form), description=form.description.data)
            board = boards.reuse_board(db.session, source, form.title.data, values, hub)
        except boards.BoardError as problem:
            db.session.rollback()
            _field_error(form, problem)
        else:
            db.session.commit()
            flash(_("Het nieuwe prikbord staat klaar, met de kolommen, instellingen en vastgezette "
                    "berichten van ‘%(title)s’.", title=source.title), "success")
            return redirect(url_for("pinboard.board", slug=board.slug), code=303)
    return render("pinboard/board_form.html", form=form, hub=hub, source=source,
                  status=422 if form.is_submitted() else 200)


def _render_settings(board: Board, form: BoardForm | None = None,
                     section_form: SectionForm | None = None, status: int = 200,
                     error: str | None = None,
                     renaming: tuple[int, str, str] | None = None) -> Response:
    """The settings page (or its sections region); `renaming` is a refused new name:
    (section id, what was typed, why), shown in that section's field."""
    return render("pinboard/settings.html", block="sections" if section_form else None,
                  status=status, board=board, form=form or BoardForm(obj=board),
                  section_form=section_form or SectionForm(), error=error, renaming=renaming)


@bp.route("/boards/<slug>/instellingen", methods=["GET", "POST"])
def settings(slug: str):
    """The team changes a board's title, description, layout and rules."""
    board = _team_board(slug)
    if request.method == "GET":
        return _render_settings(board)
    form = BoardForm()
    if form.validate_on_submit():
        try:
            boards.update_board(db.session, board, form.title.data, form.description.data,
                                **_board_settings(form))
        except boards.BoardError as problem:
            db.session.rollback()
            _field_error(form, problem)
        else:
            db.session.commit()
            flash(_("De instellingen zijn opgeslagen."), "success")
            return redirect(url_for("pinboard.settings", slug=board.slug), code=303)
    return _render_settings(board, form=form, status=422)


def _after_section_change(board: Board, message: str) -> Response:
    if wants_fragment():
        return _with_message(_render_settings(board, section_form=SectionForm()), message)
    flash(message, "success")
    return redirect(url_for("pinboard.settings", slug=board.slug, _anchor="sections"), code=303)


def _team_section(slug: str, section_id: int) -> tuple[Board, Section]:
    board = _team_board(slug)
    section = _section_of(board, section_id)
    if section is None:
        abort(404)
    return board, section


@bp.post("/boards/<slug>/kolommen")
def add_section(slug: str):
    """Add a section (column) at the end."""
    board = _team_board(slug)
    form = SectionForm()
    if form.validate_on_submit():
        section = boards.add_section(db.session, board, form.name.data)
        db.session.commit()
        return _after_section_change(board, _("Kolom ‘%(name)s’ toegevoegd.", name=section.name))
    return _render_settings(board, section_form=form, status=422)


@bp.post("/boards/<slug>/kolommen/<int:section_id>/hernoemen")
def rename_section(slug: str, section_id: int):
    """Rename a section."""
    board, section = _team_section(slug, section_id)
    typed = request.form.get("name", "")
    try:
        boards.rename_section(db.session, section, typed)
    except boards.BoardError as problem:
        db.session.rollback()
        return _render_settings(board, section_form=SectionForm(), status=422,
                                renaming=(section.id, typed, str(problem)))
    db.session.commit()
    return _after_section_change(board, _("Kolom hernoemd."))


@bp.post("/boards/<slug>/kolommen/<int:section_id>/verplaatsen")
def move_section(slug: str, section_id: int):
    """Move a section one place left or right."""
    board, section = _team_section(slug, section_id)
    boards.move_section(db.session, section, -1 if request.form.get("richting") == "links" else 1)
    db.session.commit()
    return _after_section_change(board, _("Kolom verplaatst."))


@bp.post("/boards/<slug>/kolommen/<int:section_id>/verwijderen")
def remove_section(slug: str, section_id: int):
    """Remove a section; its posts move to the section chosen."""
    board, section = _team_section(slug, section_id)
    try:
        moved = boards.remove_section(db.session, section,
                                      _section_of(board, request.form.get("move_to")))
    except boards.BoardError as problem:
        db.session.rollback()
        return _render_settings(board, section_form=SectionForm(), status=422,
                                error=str(problem))
    db.session.commit()
    return _after_section_change(board, _("Kolom verwijderd; %(n)d berichten zijn verhuisd.",
                                          n=moved))


# -- Out -------------------------------------------------------------------------------------------


@bp.get("/boards/<slug>/export.csv")
def export_csv(slug: str):
    """The board's posts as CSV, for the team."""
    board = _team_board(slug)
    view = posts.load_board(db.session, board, _viewer())
    response = make_response(export.board_csv(board, view.posts))
    response.mimetype = "text/csv"
    response.headers["Content-Disposition"] = f'attachment; filename="prikbord-{board.slug}.csv"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/boards/<slug>/afdrukken")
def print_board(slug: str):
    """The board as a printable page: one card per block, no navigation."""
    board = _board_or_404(slug)
    viewer = _viewer()
    return render("pinboard/print.html", board=board,
                  view=posts.load_board(db.session, board, viewer), viewer=viewer)
