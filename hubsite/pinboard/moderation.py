"""The hub team's moderation: the queue, and what they do with a post or comment."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session, joinedload

from hubsite.pinboard import following
from hubsite.pinboard.access import Viewer
from hubsite.pinboard.models import HELD, HIDDEN, PUBLISHED, Board, Comment, Post, Report
from hubsite.timeutil import utcnow

ACTIONS = ("approve", "hide", "delete", "pin", "unpin", "close_comments", "open_comments")


class ModerationError(ValueError):
    """A moderation step that cannot be taken."""


@dataclass
class Queue:
    """What waits for the team: held posts, held comments, open reports."""

    posts: list[Post]
    comments: list[Comment]
    reports: list[Report]

    @property
    def count(self) -> int:
        return len(self.posts) + len(self.comments) + len(self.reports)


def queue_for(session: Session, boards: list[Board]) -> Queue:
    """The queue of some boards (one board, or every board of a hub)."""
    ids = [b.id for b in boards]
    posts = session.scalars(sa.select(Post).where(Post.board_id.in_(ids), Post.status == HELD)
                            .options(joinedload(Post.board))
                            .order_by(Post.created_at)).all()
    comments = session.scalars(
        sa.select(Comment).join(Comment.post)
        .where(Post.board_id.in_(ids), Comment.status == HELD)
        .options(joinedload(Comment.post)).order_by(Comment.created_at)).all()
    reports = session.scalars(
        sa.select(Report).join(Report.post)
        .where(Post.board_id.in_(ids), Report.resolved_at.is_(None))
        .options(joinedload(Report.post).joinedload(Post.board))
        .order_by(Report.created_at)).all()
    return Queue(list(posts), list(comments), list(reports))


def queue_count(session: Session, boards: list[Board]) -> int:
    """How many things wait, in one query (for the navigation)."""
    ids = [b.id for b in boards]
    if not ids:
        return 0
    held_posts = sa.select(sa.func.count()).where(Post.board_id.in_(ids), Post.status == HELD)
    held_comments = (sa.select(sa.func.count()).select_from(Comment).join(Comment.post)
                     .where(Post.board_id.in_(ids), Comment.status == HELD))
    reports = (sa.select(sa.func.count()).select_from(Report).join(Report.post)
               .where(Post.board_id.in_(ids), Report.resolved_at.is_(None)))
    return session.scalar(sa.select(held_posts.scalar_subquery() + held_comments.scalar_subquery()
                                    + reports.scalar_subquery())) or 0


def _resolve_reports(session: Session, post: Post) -> None:
    for report in session.scalars(sa.select(Report).where(Report.post_id == post.id,
                                                          Report.resolved_at.is_(None))):
        report.resolved_at = utcnow()


def moderate_post(session: Session, post: Post, viewer: Viewer, action: str,
                  note: str = "") -> None:
    """Approve, hide (with a note to the author), delete, pin or close comments."""
    if not viewer.is_team(post.board):
        raise ModerationError(_("Alleen het hubteam kan modereren."))
    if action not in ACTIONS:
        raise ModerationError(_("Kies wat er met het bericht moet gebeuren."))
    if action == "approve":
        post.status, post.held_reason, post.moderation_note = PUBLISHED, "", ""
        _resolve_reports(session, post)
    elif action == "hide":
        post.status, post.moderation_note = HIDDEN, (note or "").strip()[:500]
        _resolve_reports(session, post)
    elif action == "delete":
        if post.match is not None and post.match.match_id == post.id:
            post.match.match_id = None
        session.delete(post)
    elif action in ("pin", "unpin"):
        post.pinned = action == "pin"
    else:
        post.comments_closed = action == "close_comments"
    session.flush()


def moderate_comment(session: Session, comment: Comment, viewer: Viewer, action: str) -> None:
    """Approve or delete a held comment."""
    if not viewer.is_team(comment.post.board):
        raise ModerationError(_("Alleen het hubteam kan modereren."))
    if action == "approve":
        comment.status, comment.held_reason = PUBLISHED, ""
        session.flush()
        following.post_answered(session, comment)
    elif action in ("delete", "hide"):
        session.delete(comment)
    else:
        raise ModerationError(_("Kies wat er met de reactie moet gebeuren."))
    session.flush()
