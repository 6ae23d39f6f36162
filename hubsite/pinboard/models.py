"""Boards, their sections (columns), posts, comments, reactions and reports.

A board belongs to a hub (its team moderates it) or, without a hub, to the whole
network (site admins moderate it). Posts and sections keep their order in `rank`,
a text key that sorts between its neighbours (`hubsite.pinboard.ranking`), so
moving one post changes that post only.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hubsite.accounts.models import User
from hubsite.extensions import db
from hubsite.hubs.models import Hub
from hubsite.media.models import Image
from hubsite.timeutil import utcnow

LAYOUTS = ("wall", "columns", "stream")
WHO_ANYONE, WHO_MEMBERS, WHO_TEAM = "anyone", "members", "team"
WHO_MAY_POST = (WHO_ANYONE, WHO_MEMBERS, WHO_TEAM)
MODERATE_NONE, MODERATE_ALL, MODERATE_VISITORS = "none", "all", "visitors"
MODERATION = (MODERATE_NONE, MODERATE_ALL, MODERATE_VISITORS)

KINDS = ("vraag", "aanbod", "idee", "nieuws", "oproep")
MATCHABLE_KINDS = ("vraag", "aanbod")
STATES = ("open", "in_gesprek", "gematcht", "afgerond")
STATE_OPEN, STATE_MATCHED = "open", "gematcht"

PUBLISHED, HELD, HIDDEN = "published", "held", "hidden"
POST_STATUSES = (PUBLISHED, HELD, HIDDEN)

# Card backgrounds: every one keeps the site's ink (#1d2327) above 12:1 (AA needs 4.5:1).
COLOURS = {
    "wit": "#ffffff",
    "geel": "#fff4c2",
    "groen": "#dcfce7",
    "blauw": "#e0f2fe",
    "roze": "#fce7f3",
    "paars": "#ede9fe",
}


class Board(db.Model):
    """A board: its title, sections, layout and who may post how."""

    __tablename__ = "boards"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    title: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    hub_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("hubs.id", ondelete="CASCADE"), index=True)
    # The hub's own board (made with the hub); a hub team may add more boards.
    is_hub_board: Mapped[bool] = mapped_column(default=False)
    layout: Mapped[str] = mapped_column(sa.String(12), default="wall")
    who_may_post: Mapped[str] = mapped_column(sa.String(12), default=WHO_ANYONE)
    moderation: Mapped[str] = mapped_column(sa.String(12), default=MODERATE_VISITORS)
    reactions_on: Mapped[bool] = mapped_column(default=True)
    comments_on: Mapped[bool] = mapped_column(default=True)
    archived: Mapped[bool] = mapped_column(default=False)
    # Words that hold a post for moderation on this board, one per line (on top of the
    # default list shipped with the site).
    blocked_words: Mapped[str] = mapped_column(sa.Text, default="")
    cloned_from_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("boards.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Goes up in the same transaction as every change to what the board shows
    # (hubsite.pinboard.live), so that an open copy can ask "anything new?" cheaply.
    version: Mapped[int] = mapped_column(default=0, server_default="0")

    hub: Mapped[Hub | None] = relationship()
    cloned_from: Mapped[Board | None] = relationship(remote_side=[id])
    sections: Mapped[list[Section]] = relationship(
        back_populates="board", cascade="all, delete-orphan", order_by="Section.rank")

    def __repr__(self) -> str:
        return f"<Board {self.slug}>"


class Section(db.Model):
    """A column of a board ("Vraag", "Aanbod", …), in the order of `rank`."""

    __tablename__ = "board_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(sa.ForeignKey("boards.id", ondelete="CASCADE"),
                                          index=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    rank: Mapped[str] = mapped_column(sa.String(255))

    board: Mapped[Board] = relationship(back_populates="sections")


class Post(db.Model):
    """One card on a board."""

    __tablename__ = "board_posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(sa.ForeignKey("boards.id", ondelete="CASCADE"),
                                          index=True)
    section_id: Mapped[int] = mapped_column(
        sa.ForeignKey("board_sections.id", ondelete="CASCADE"), index=True)
    rank: Mapped[str] = mapped_column(sa.String(255))
    kind: Mapped[str] = mapped_column(sa.String(12))
    title: Mapped[str] = mapped_column(sa.String(140))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    link_url: Mapped[str] = mapped_column(sa.String(500), default="")
    link_title: Mapped[str] = mapped_column(sa.String(140), default="")
    image_id: Mapped[int | None] = mapped_column(sa.ForeignKey("images.id", ondelete="SET NULL"))
    image_alt: Mapped[str] = mapped_column(sa.String(300), default="")
    colour: Mapped[str] = mapped_column(sa.String(12), default="wit")
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    author_name: Mapped[str] = mapped_column(sa.String(80))
    # A visitor's post: the hash of the secret in their browser's cookie.
    visitor_hash: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    status: Mapped[str] = mapped_column(sa.String(12), default=PUBLISHED)
    held_reason: Mapped[str] = mapped_column(sa.String(300), default="")
    moderation_note: Mapped[str] = mapped_column(sa.String(500), default="")
    state: Mapped[str | None] = mapped_column(sa.String(12))
    match_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("board_posts.id", ondelete="SET NULL"))
    pinned: Mapped[bool] = mapped_column(default=False)
    comments_closed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]

    board: Mapped[Board] = relationship()
    section: Mapped[Section] = relationship()
    author: Mapped[User | None] = relationship()
    image: Mapped[Image | None] = relationship()
    # Both posts of a match point at each other: the second UPDATE comes after the rows.
    match: Mapped[Post | None] = relationship(remote_side=[id], post_update=True)

    @property
    def is_matchable(self) -> bool:
        return self.kind in MATCHABLE_KINDS

    @property
    def link_domain(self) -> str:
        host = urlsplit(self.link_url).hostname or ""
        return host.removeprefix("www.")


class Comment(db.Model):
    """A comment on a post, or a reply to a comment (one level deep)."""

    __tablename__ = "board_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(sa.ForeignKey("board_posts.id", ondelete="CASCADE"),
                                         index=True)
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("board_comments.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(sa.Text)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(sa.String(80))
    visitor_hash: Mapped[str | None] = mapped_column(sa.String(255))
    status: Mapped[str] = mapped_column(sa.String(12), default=PUBLISHED)
    held_reason: Mapped[str] = mapped_column(sa.String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    post: Mapped[Post] = relationship()


class Reaction(db.Model):
    """One "👍 handig" on a post, by one person or one browser (`voter`)."""

    __tablename__ = "board_reactions"
    __table_args__ = (sa.UniqueConstraint("post_id", "voter", name="uq_board_reactions_post_voter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(sa.ForeignKey("board_posts.id", ondelete="CASCADE"),
                                         index=True)
    voter: Mapped[str] = mapped_column(sa.String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Report(db.Model):
    """Someone's "melden" of a post, with their reason, for the hub team."""

    __tablename__ = "board_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(sa.ForeignKey("board_posts.id", ondelete="CASCADE"),
                                         index=True)
    reason: Mapped[str] = mapped_column(sa.String(500))
    reporter_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]

    post: Mapped[Post] = relationship()


FOLLOW_EVENTS = ("answered", "matched", "closed")


class Follow(db.Model):
    """Someone who gets a mail when a post is answered, matched or closed.

    A person with an account follows as themselves (`user_id`); a visitor by e-mail,
    which counts only once they confirmed it by the mailed link (`confirmed_at`): until
    then only the hash of that link's token is stored. Each event is mailed to a
    follower at most once (`<event>_mailed_at`). `key` goes into the signed
    unsubscribe link, so an old link never reaches a later follow with the same id.
    """

    __tablename__ = "board_follows"
    __table_args__ = (
        sa.UniqueConstraint("post_id", "user_id", name="uq_board_follows_post_user"),
        sa.UniqueConstraint("post_id", "email", name="uq_board_follows_post_email"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(sa.ForeignKey("board_posts.id", ondelete="CASCADE"),
                                         index=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # A visitor's address (lower case), never shown to anyone.
    email: Mapped[str | None] = mapped_column(sa.String(254))
    locale: Mapped[str] = mapped_column(sa.String(5), default="nl")
    # The browser a visitor asked from: their own comments are no news to them.
    visitor_hash: Mapped[str | None] = mapped_column(sa.String(64))
    confirm_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    confirmed_at: Mapped[datetime | None]
    key: Mapped[str] = mapped_column(sa.String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    answered_mailed_at: Mapped[datetime | None]
    matched_mailed_at: Mapped[datetime | None]
    closed_mailed_at: Mapped[datetime | None]

    post: Mapped[Post] = relationship()
    user: Mapped[User | None] = relationship()
