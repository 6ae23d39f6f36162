"""Reacting, commenting and reporting: what people do with each other's posts."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from hubsite.pinboard import following
from hubsite.pinboard.access import Viewer
from hubsite.pinboard.blocklist import hold_reason
from hubsite.pinboard.models import HELD, PUBLISHED, Comment, Post, Reaction, Report


class TogetherError(ValueError):
    """A reaction, comment or report that cannot be made; `field` is the form field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def toggle_reaction(session: Session, post: Post, viewer: Viewer) -> bool:
    """Add this person's (or browser's) "👍 handig", or take it back; True when added."""
    if not post.board.reactions_on or post.board.archived or post.status != PUBLISHED:
        raise TogetherError(_("Op dit bericht kun je niet reageren."))
    if viewer.voter is None:
        raise TogetherError(_("Je browser moet cookies toestaan om te kunnen reageren."))
    existing = session.scalar(sa.select(Reaction).where(Reaction.post_id == post.id,
                                                        Reaction.voter == viewer.voter))
    if existing is not None:
        session.delete(existing)
        session.flush()
        return False
    session.add(Reaction(post_id=post.id, voter=viewer.voter))
    session.flush()
    return True


def reaction_count(session: Session, post: Post) -> int:
    return session.scalar(sa.select(sa.func.count()).where(Reaction.post_id == post.id)) or 0


def add_comment(session: Session, post: Post, viewer: Viewer, body: str,
                display_name: str = "", parent: Comment | None = None) -> Comment:
    """A comment, or a reply to a comment (replies to a reply go under the same comment)."""
    board = post.board
    if not board.comments_on or board.archived or post.comments_closed \
            or post.status != PUBLISHED:
        raise TogetherError(_("Bij dit bericht kun je niet (meer) reageren."))
    if not viewer.may_post(board):
        raise TogetherError(_("Op dit prikbord kun je niet reageren."))
    body = (body or "").strip()
    if not body:
        raise TogetherError(_("Schrijf je reactie."), "body")
    if viewer.has_account:
        name = viewer.user.name
    else:
        name = (display_name or "").strip()
        if not name:
            raise TogetherError(_("Vul de naam in waaronder je reactie verschijnt."),
                                "display_name")
    if parent is not None:
        if parent.post_id != post.id:
            raise TogetherError(_("Deze reactie hoort bij een ander bericht."))
        if parent.parent_id is not None:
            parent = session.get(Comment, parent.parent_id)
    reason = hold_reason([body, name], board.blocked_words)
    comment = Comment(post_id=post.id, parent_id=parent.id if parent else None, body=body,
                      author_id=viewer.user_id, author_name=name[:80],
                      visitor_hash=None if viewer.has_account else viewer.visitor_hash,
                      status=HELD if reason and not viewer.is_team(board) else PUBLISHED,
                      held_reason=reason or "")
    session.add(comment)
    session.flush()
    following.post_answered(session, comment)
    return comment


def comments_of(session: Session, post: Post, viewer: Viewer) -> list[tuple[Comment, list[Comment]]]:
    """The comments this viewer may see, each with its replies, oldest first."""
    comments = session.scalars(sa.select(Comment).where(Comment.post_id == post.id)
                               .order_by(Comment.created_at, Comment.id)).all()
    team = viewer.is_team(post.board)
    shown = [c for c in comments if c.status == PUBLISHED or team or viewer.wrote(c)]
    replies: dict[int, list[Comment]] = {}
    for comment in shown:
        if comment.parent_id is not None:
            replies.setdefault(comment.parent_id, []).append(comment)
    return [(c, replies.get(c.id, [])) for c in shown if c.parent_id is None]


def delete_comment(session: Session, comment: Comment, viewer: Viewer) -> None:
    if not (viewer.wrote(comment) or viewer.is_team(comment.post.board)):
        raise TogetherError(_("Alleen de schrijver en het hubteam kunnen deze reactie "
                              "verwijderen."))
    session.delete(comment)
    session.flush()


def report_post(session: Session, post: Post, viewer: Viewer, reason: str) -> Report:
    """Tell the hub team something is wrong with a post."""
    reason = (reason or "").strip()
    if not reason:
        raise TogetherError(_("Schrijf waarom je dit bericht meldt."), "reason")
    report = Report(post_id=post.id, reason=reason[:500], reporter_id=viewer.user_id)
    session.add(report)
    session.flush()
    return report
