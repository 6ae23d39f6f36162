"""Posts: written, changed, moved along (vraag and aanbod), matched, ordered, read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session, joinedload

from hubsite.media.models import Image
from hubsite.pinboard import following
from hubsite.pinboard.access import Viewer
from hubsite.pinboard.blocklist import hold_reason
from hubsite.pinboard.models import (
    COLOURS,
    HELD,
    KINDS,
    MATCHABLE_KINDS,
    MODERATE_ALL,
    MODERATE_VISITORS,
    PUBLISHED,
    STATE_MATCHED,
    STATE_OPEN,
    STATES,
    Board,
    Comment,
    Post,
    Reaction,
    Section,
)
from hubsite.pinboard.ranking import rank_at, rank_between
from hubsite.timeutil import utcnow

CONTENT = ("kind", "title", "body", "link_url", "link_title", "colour", "image_alt")


class PostError(ValueError):
    """A post that cannot be saved or changed as asked; `field` is the form field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def clean_link(url: str) -> str:
    """The typed address, checked to be a web address (never fetched)."""
    url = (url or "").strip()
    if not url:
        return ""
    if "://" not in url:
        url = "https://" + url
    problem = PostError(_("Vul een webadres in, bijvoorbeeld https://voorbeeld.nl."), "link_url")
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as error:  # brackets that make no IPv6 address: "[klik](…)"
        raise problem from error
    if parts.scheme not in ("http", "https") or not host or "." not in host:
        raise problem
    return url


def _content(values: dict[str, Any]) -> dict[str, Any]:
    content = {name: (values.get(name) or "").strip() for name in CONTENT}
    if content["kind"] not in KINDS:
        raise PostError(_("Kies wat voor bericht het is."), "kind")
    if not content["title"]:
        raise PostError(_("Geef je bericht een titel."), "title")
    if content["colour"] not in COLOURS:
        content["colour"] = "wit"
    content["link_url"] = clean_link(content["link_url"])
    if not content["link_url"]:
        content["link_title"] = ""
    return content


def _status_for(board: Board, viewer: Viewer, texts: list[str]) -> tuple[str, str]:
    """Published or held, and why it is held (blocklist words always hold)."""
    reason = hold_reason(texts, board.blocked_words)
    if reason:
        return HELD, reason
    if viewer.is_team(board):
        return PUBLISHED, ""
    if board.moderation == MODERATE_ALL or (board.moderation == MODERATE_VISITORS
                                            and not viewer.has_account):
        return HELD, _("Het prikbord laat berichten eerst controleren.")
    return PUBLISHED, ""


def create_post(session: Session, board: Board, viewer: Viewer, section: Section | None,
                display_name: str = "", image: Image | None = None, **values: Any) -> Post:
    """A new post at the top of its section; held when the board or the blocklist says so."""
    if not viewer.may_post(board):
        raise PostError(_("Je kunt op dit prikbord geen bericht plaatsen."))
    if section is None or section.board_id != board.id:
        raise PostError(_("Kies een kolom."), "section")
    content = _content(values)
    if image is not None and not content["image_alt"]:
        raise PostError(_("Beschrijf wat er op de afbeelding te zien is."), "image_alt")
    if viewer.has_account:
        author_name = viewer.user.name
    else:
        author_name = (display_name or "").strip()
        if not author_name:
            raise PostError(_("Vul de naam in waaronder je bericht verschijnt."),
                            "display_name")
    status, reason = _status_for(board, viewer, [content["title"], content["body"],
                                                 content["link_title"], author_name])
    first = session.scalar(sa.select(sa.func.min(Post.rank)).where(Post.section_id == section.id))
    post = Post(board=board, section=section, rank=rank_between(None, first),
                author_id=viewer.user_id, author_name=author_name[:80],
                visitor_hash=None if viewer.has_account else viewer.visitor_hash,
                status=status, held_reason=reason, image=image,
                state=STATE_OPEN if content["kind"] in MATCHABLE_KINDS else None, **content)
    if image is None:
        post.image_alt = ""
    session.add(post)
    session.flush()
    return post


def update_post(session: Session, post: Post, viewer: Viewer, image: Image | None = None,
                remove_image: bool = False, **values: Any) -> Post:
    """Change a post's content; a blocklist word holds it again for the team."""
    if not viewer.may_change(post):
        raise PostError(_("Alleen de schrijver en het hubteam kunnen dit bericht wijzigen."))
    if post.board.archived:
        raise PostError(_("Dit prikbord is gearchiveerd: er kan niets meer veranderen."))
    content = _content(values)
    if image is not None:
        post.image = image
    elif remove_image:
        post.image = None
    if post.image is not None and not content["image_alt"]:
        raise PostError(_("Beschrijf wat er op de afbeelding te zien is."), "image_alt")
    if post.image is None:
        content["image_alt"] = ""
    if content["kind"] != post.kind:
        post.state = STATE_OPEN if content["kind"] in MATCHABLE_KINDS else None
    for name, value in content.items():
        setattr(post, name, value)
    reason = hold_reason([post.title, post.body, post.link_title], post.board.blocked_words)
    if reason and not viewer.is_team(post.board):
        post.status, post.held_reason = HELD, reason
    post.edited_at = utcnow()
    session.flush()
    return post


def delete_post(session: Session, post: Post, viewer: Viewer) -> None:
    if not viewer.may_change(post):
        raise PostError(_("Alleen de schrijver en het hubteam kunnen dit bericht verwijderen."))
    if post.match is not None and post.match.match_id == post.id:
        post.match.match_id = None
    session.delete(post)
    session.flush()


def set_state(session: Session, post: Post, viewer: Viewer, state: str) -> None:
    """Move a vraag or aanbod along: open, in gesprek, gematcht, afgerond."""
    if not viewer.may_change(post):
        raise PostError(_("Alleen de schrijver en het hubteam kunnen de stand veranderen."))
    if not post.is_matchable:
        raise PostError(_("Alleen een vraag of aanbod heeft een stand."))
    if state not in STATES:
        raise PostError(_("Kies een geldige stand."), "state")
    post.state = state
    session.flush()
    following.post_state_changed(session, post, viewer)


def match_posts(session: Session, post: Post, other: Post | None, viewer: Viewer) -> None:
    """Link a vraag to the aanbod that answers it (or the other way round); both show it."""
    if not viewer.may_change(post):
        raise PostError(_("Alleen de schrijver en het hubteam kunnen een match maken."))
    # Only a published post (what the form offers): a held or hidden one's title would
    # show to everyone on the matched post.
    if other is None or other.id == post.id or other.board_id != post.board_id \
            or other.status != PUBLISHED or {post.kind, other.kind} != set(MATCHABLE_KINDS):
        raise PostError(_("Kies een aanbod bij deze vraag, of een vraag bij dit aanbod."),
                        "match")
    for side in (post, other):
        if side.match is not None and side.match.id not in (post.id, other.id):
            side.match.match_id = None
            side.match.state = STATE_OPEN
    post.match, other.match = other, post
    post.state = other.state = STATE_MATCHED
    session.flush()
    for side in (post, other):
        following.post_state_changed(session, side, viewer)


def unmatch(session: Session, post: Post, viewer: Viewer) -> None:
    if not viewer.may_change(post):
        raise PostError(_("Alleen de schrijver en het hubteam kunnen een match losmaken."))
    other = post.match
    if other is not None and other.match_id == post.id:
        other.match_id = None
        other.state = STATE_OPEN
    post.match_id = None
    post.state = STATE_OPEN
    session.flush()


def match_candidates(session: Session, post: Post) -> list[Post]:
    """The published posts of the other kind on the same board (vraag ↔ aanbod)."""
    if not post.is_matchable:
        return []
    other_kind = "aanbod" if post.kind == "vraag" else "vraag"
    return list(session.scalars(
        sa.select(Post).where(Post.board_id == post.board_id, Post.kind == other_kind,
                              Post.status == PUBLISHED).order_by(Post.created_at.desc())))


# -- Order --------------------------------------------------------------------------------------


@dataclass
class Moved:
    """Where a post ended up: its section and its place there (1-based) of how many."""

    section: Section
    position: int
    total: int


def move_post(session: Session, post: Post, viewer: Viewer, section: Section | None = None,
              offset: int = 0, index: int | None = None, before_id: int | None = None) -> Moved:
    """Move a post up or down (`offset`), or into `section` (at `index`, or just before
    the post `before_id`, else at its end); only the moved post's key changes. Others
    see held posts' places too, so the order counts every post of the section.

    Dragging says `before_id` (the card it was dropped above): a viewer who does not
    see every post of the section cannot know an index among all of them."""
    if not viewer.may_change(post):
        raise PostError(_("Alleen de schrijver en het hubteam kunnen dit bericht verplaatsen."))
    if post.board.archived:
        raise PostError(_("Dit prikbord is gearchiveerd: er kan niets meer veranderen."))
    target = section or post.section
    if target.board_id != post.board_id:
        raise PostError(_("Kies een kolom van dit prikbord."), "section")
    siblings = session.execute(
        sa.select(Post.id, Post.rank).where(Post.section_id == target.id)
        .order_by(Post.rank, Post.id)).all()
    others = [row for row in siblings if row.id != post.id]
    if before_id is not None:
        index = next((i for i, row in enumerate(others) if row.id == before_id), None)
        if index is None:
            raise PostError(_("Het prikbord is intussen veranderd. Probeer het opnieuw."))
    if target.id == post.section_id:
        current = [row.id for row in siblings].index(post.id)
        new_index = current + offset if index is None else index
    else:
        new_index = len(others) if index is None else index
    new_index = max(0, min(new_index, len(others)))
    post.rank = rank_at([row.rank for row in others], new_index)
    post.section = target
    session.flush()
    return Moved(target, new_index + 1, len(others) + 1)


# -- Reading a board ------------------------------------------------------------------------


# Cards a board shows per column (in the stream: in all) before "Meer tonen": a board
# of hundreds of posts stays a page a phone can take; each "Meer tonen" adds as many.
BOARD_PAGE = 30
BOARD_MOST = 5_000


@dataclass
class BoardFilters:
    kind: str | None = None
    state: str | None = None
    shown: int = BOARD_PAGE

    @classmethod
    def from_args(cls, args: Any) -> BoardFilters:
        kind = args.get("soort") or None
        state = args.get("stand") or None
        shown = args.get("aantal", "")
        return cls(kind if kind in KINDS else None, state if state in STATES else None,
                   min(int(shown), BOARD_MOST) if shown.isdigit() and int(shown) > BOARD_PAGE
                   else BOARD_PAGE)

    @property
    def active(self) -> bool:
        return bool(self.kind or self.state)

    def as_args(self) -> dict[str, Any]:
        args: dict[str, Any] = {k: v for k, v in (("soort", self.kind), ("stand", self.state))
                                if v}
        if self.shown != BOARD_PAGE:
            args["aantal"] = self.shown
        return args

    def more(self) -> BoardFilters:
        """The same filters showing one page of cards more."""
        return BoardFilters(self.kind, self.state, min(self.shown + BOARD_PAGE, BOARD_MOST))

    def showing(self, position: int) -> BoardFilters:
        """The same filters showing at least the card at `position` (a card just moved)."""
        pages = -(-position // BOARD_PAGE)
        return BoardFilters(self.kind, self.state,
                            max(self.shown, min(pages * BOARD_PAGE, BOARD_MOST)))


@dataclass
class BoardView:
    """What a board page shows, loaded in a fixed number of queries."""

    posts: list[Post]
    by_section: dict[int, list[Post]]
    reactions: dict[int, int] = field(default_factory=dict)
    mine: set[int] = field(default_factory=set)
    comments: dict[int, int] = field(default_factory=dict)
    # The posts this viewer may move (and so drag): their own, or all for the team.
    movable: set[int] = field(default_factory=set)
    # How many posts each section holds for this viewer and these filters (the stream's
    # under None), and the first one not shown, where a column goes on.
    totals: dict[int | None, int] = field(default_factory=dict)
    next_ids: dict[int | None, int] = field(default_factory=dict)

    def left(self, section_id: int | None = None) -> int:
        """Posts of a section (None: of the stream) not shown yet."""
        shown = len(self.posts) if section_id is None else \
            len(self.by_section.get(section_id, []))
        return self.totals.get(section_id, 0) - shown


def visible_posts_query(board: Board, viewer: Viewer) -> sa.Select:
    """The posts of a board this viewer may see: published, their own, all for the team."""
    query = sa.select(Post).where(Post.board_id == board.id)
    if not viewer.is_team(board):
        own = [Post.status == PUBLISHED]
        if viewer.user_id is not None:
            own.append(Post.author_id == viewer.user_id)
        if viewer.visitor_hash:
            own.append(Post.visitor_hash == viewer.visitor_hash)
        query = query.where(sa.or_(*own))
    return query


def load_board(session: Session, board: Board, viewer: Viewer,
               filters: BoardFilters | None = None) -> BoardView:
    """The posts of a board in order, with counts of reactions and comments (five queries
    whatever the number of posts). With `filters`, their first `shown` posts per section
    (in the stream: in all); without, every post (print, export)."""
    query = visible_posts_query(board, viewer)
    if filters and filters.kind:
        query = query.where(Post.kind == filters.kind)
    if filters and filters.state:
        query = query.where(Post.state == filters.state)
    stream = board.layout == "stream"
    order = (Post.pinned.desc(), Post.created_at.desc(), Post.id.desc()) if stream \
        else (Post.pinned.desc(), Post.rank, Post.id)
    totals: dict[int | None, int] = {}
    if filters is not None:
        counted = dict(session.execute(query.with_only_columns(
            Post.section_id, sa.func.count()).group_by(Post.section_id)).all())
        totals = {None: sum(counted.values())} if stream else counted
        # One more than shown, to know where a column goes on.
        place = sa.func.row_number().over(
            partition_by=None if stream else Post.section_id, order_by=order).label("place")
        numbered = query.with_only_columns(Post.id, place).subquery()
        query = query.join(numbered, numbered.c.id == Post.id) \
            .where(numbered.c.place <= filters.shown + 1)
    query = query.options(joinedload(Post.image), joinedload(Post.match)).order_by(*order)
    loaded = list(session.scalars(query).unique())
    posts: list[Post] = []
    by_section: dict[int, list[Post]] = {s.id: [] for s in board.sections}
    next_ids: dict[int | None, int] = {}
    for post in loaded:
        column = None if stream else post.section_id
        if filters is not None and len(posts if stream else by_section.get(column, [])) \
                >= filters.shown:
            next_ids[column] = post.id
            continue
        posts.append(post)
        by_section.setdefault(post.section_id, []).append(post)
    view = BoardView(posts, by_section, totals=totals, next_ids=next_ids)
    if not board.archived:
        view.movable = {p.id for p in posts if viewer.may_change(p)}
    ids = [p.id for p in posts]
    if ids and (board.reactions_on or board.comments_on):
        view.reactions = dict(session.execute(
            sa.select(Reaction.post_id, sa.func.count()).where(Reaction.post_id.in_(ids))
            .group_by(Reaction.post_id)).all())
        if viewer.voter:
            view.mine = set(session.scalars(sa.select(Reaction.post_id).where(
                Reaction.post_id.in_(ids), Reaction.voter == viewer.voter)))
        view.comments = dict(session.execute(
            sa.select(Comment.post_id, sa.func.count()).where(
                Comment.post_id.in_(ids), Comment.status == PUBLISHED)
            .group_by(Comment.post_id)).all())
    return view


def newest_posts(session: Session, limit: int = 6, board: Board | None = None,
                 kind: str | None = None, state: str | None = None) -> list[Post]:
    """The newest published posts (of one board, or across the boards that are not archived)."""
    query = (sa.select(Post).join(Post.board).where(Post.status == PUBLISHED)
             .options(joinedload(Post.board).joinedload(Board.hub))
             .order_by(Post.created_at.desc(), Post.id.desc()).limit(limit))
    query = query.where(Post.board_id == board.id if board is not None
                        else Board.archived.is_(False))
    if kind:
        query = query.where(Post.kind == kind)
    if state:
        query = query.where(Post.state == state)
    return list(session.scalars(query))


def posts_of_user(session: Session, user: Any, limit: int = 20) -> list[Post]:
    """A person's own posts, newest first, whatever their state."""
    return list(session.scalars(
        sa.select(Post).where(Post.author_id == user.id)
        .options(joinedload(Post.board)).order_by(Post.created_at.desc()).limit(limit)))
