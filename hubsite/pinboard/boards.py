"""Boards and their sections: made with a hub, added by a hub team, set up, reused."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session, selectinload

from hubsite.hubs.models import Hub
from hubsite.pinboard.models import (
    LAYOUTS,
    MODERATION,
    WHO_MAY_POST,
    Board,
    Post,
    Section,
)
from hubsite.pinboard.ranking import rank_at, rank_between

NETWORK_SLUG = "netwerk"
RESERVED_SLUGS = {"nieuw"}  # /boards/nieuw is the page that makes a board
DEFAULT_SECTIONS = ("Vraag", "Aanbod", "Ideeën")
SETTINGS = ("layout", "who_may_post", "moderation", "reactions_on", "comments_on", "archived",
            "blocked_words")


class BoardError(ValueError):
    """A board change that cannot be made; `field` names the form field it is about."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def slugify(text: str) -> str:
    """A URL-safe short name: lowercase letters, digits and dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "prikbord"


def _free_slug(session: Session, wanted: str) -> str:
    slug, n = wanted, 1
    if slug in RESERVED_SLUGS:
        slug, n = f"{wanted}-2", 2
    while session.scalar(sa.select(Board.id).where(Board.slug == slug)) is not None:
        n += 1
        slug = f"{wanted}-{n}"
    return slug


# -- Reading -------------------------------------------------------------------------------


def board_by_slug(session: Session, slug: str) -> Board | None:
    """A board with its hub and sections."""
    return session.scalar(
        sa.select(Board).where(Board.slug == slug)
        .options(selectinload(Board.sections), selectinload(Board.hub)))


def board_id(session: Session, slug: str) -> int | None:
    """The id of the board at `slug`, without loading it."""
    return session.scalar(sa.select(Board.id).where(Board.slug == slug))


def all_boards(session: Session) -> list[Board]:
    """Every board: the network's first, then by hub and title."""
    return list(session.scalars(
        sa.select(Board).outerjoin(Board.hub).options(selectinload(Board.hub))
        .order_by(Board.hub_id.is_not(None), Hub.name, Board.is_hub_board.desc(), Board.title)))


def hub_board(session: Session, hub: Hub) -> Board | None:
    """The hub's own board."""
    return session.scalar(sa.select(Board).where(Board.hub_id == hub.id,
                                                 Board.is_hub_board.is_(True)))


def boards_of_hub(session: Session, hub: Hub) -> list[Board]:
    return list(session.scalars(sa.select(Board).where(Board.hub_id == hub.id)
                                .order_by(Board.is_hub_board.desc(), Board.title)))


# -- Making boards ------------------------------------------------------------------------


def create_board(session: Session, title: str, hub: Hub | None = None, description: str = "",
                 slug: str | None = None, sections: tuple[str, ...] = DEFAULT_SECTIONS,
                 is_hub_board: bool = False, **settings: Any) -> Board:
    """A new board with its sections."""
    title = (title or "").strip()
    if not title:
        raise BoardError(_("Geef het prikbord een titel."), "title")
    board = Board(title=title, description=(description or "").strip(), hub=hub,
                  slug=_free_slug(session, slugify(slug or title)), is_hub_board=is_hub_board)
    session.add(board)
    apply_settings(board, **settings)
    rank = None
    for name in sections:
        rank = rank_between(rank, None)
        board.sections.append(Section(name=name, rank=rank))
    session.flush()
    return board


def ensure_hub_board(session: Session, hub: Hub) -> Board:
    """The hub's own board, made now if it has none."""
    board = hub_board(session, hub)
    if board is None:
        board = create_board(session, _("Prikbord van %(hub)s", hub=hub.name), hub=hub,
                             slug=hub.slug, is_hub_board=True,
                             description=_("Vragen, aanbod en ideeën rond %(hub)s.", hub=hub.name))
    return board


def ensure_network_board(session: Session) -> Board:
    """The board of the whole network, made now if there is none."""
    board = session.scalar(sa.select(Board).where(Board.slug == NETWORK_SLUG))
    if board is None:
        board = create_board(session, _("Prikbord van het netwerk"), slug=NETWORK_SLUG,
                             description=_("Vraag en aanbod voor alle hubs samen."))
    return board


def apply_settings(board: Board, **settings: Any) -> None:
    """Change a board's layout and rules; unknown choices are refused."""
    choices = {"layout": LAYOUTS, "who_may_post": WHO_MAY_POST, "moderation": MODERATION}
    for name, value in settings.items():
        if name not in SETTINGS:
            raise TypeError(f"not a board setting: {name}")
        if name in choices and value not in choices[name]:
            raise BoardError(_("Kies een van de mogelijkheden."), name)
        setattr(board, name, value)


def update_board(session: Session, board: Board, title: str, description: str,
                 **settings: Any) -> Board:
    """Save a board's title, description and settings."""
    title = (title or "").strip()
    if not title:
        raise BoardError(_("Geef het prikbord een titel."), "title")
    board.title = title
    board.description = (description or "").strip()
    apply_settings(board, **settings)
    session.flush()
    return board


# -- Sections -------------------------------------------------------------------------------


def _clean_section_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise BoardError(_("Geef de kolom een naam."), "name")
    if len(name) > 80:
        raise BoardError(_("Houd de naam korter dan 80 tekens."), "name")
    return name


def add_section(session: Session, board: Board, name: str) -> Section:
    """A new section at the end of the board."""
    last = board.sections[-1].rank if board.sections else None
    section = Section(name=_clean_section_name(name), rank=rank_between(last, None))
    board.sections.append(section)
    session.flush()
    return section


def rename_section(session: Session, section: Section, name: str) -> None:
    section.name = _clean_section_name(name)
    session.flush()


def move_section(session: Session, section: Section, offset: int) -> None:
    """Move a section `offset` places (-1: one to the left); only its own key changes."""
    others = [s for s in section.board.sections if s.id != section.id]
    index = [s.id for s in section.board.sections].index(section.id) + offset
    index = max(0, min(index, len(others)))
    section.rank = rank_at([s.rank for s in others], index)
    session.flush()
    section.board.sections.sort(key=lambda s: s.rank)


def remove_section(session: Session, section: Section, move_to: Section | None) -> int:
    """Remove a section; its posts move to the end of `move_to` (never lost).

    A board keeps at least one section. Returns how many posts moved.
    """
    board = section.board
    if len(board.sections) <= 1:
        raise BoardError(_("Een prikbord houdt minstens één kolom."))
    if move_to is None or move_to.board_id != board.id or move_to.id == section.id:
        raise BoardError(_("Kies de kolom waar de berichten naartoe gaan."), "move_to")
    last = session.scalar(sa.select(sa.func.max(Post.rank)).where(Post.section_id == move_to.id))
    posts = session.scalars(sa.select(Post).where(Post.section_id == section.id)
                            .order_by(Post.rank)).all()
    for post in posts:
        last = rank_between(last, None)
        post.section_id = move_to.id
        post.rank = last
    session.flush()
    board.sections.remove(section)
    session.flush()
    return len(posts)


# -- Reuse ------------------------------------------------------------------------------------


def board_cloner(board: Board) -> dict[str, Any]:
    """What a new board takes over from `board`: its description and settings (the
    sections and pinned posts come along in `reuse_board`)."""
    return {"description": board.description,
            **{name: getattr(board, name) for name in SETTINGS if name != "archived"}}


def reuse_board(session: Session, source: Board, title: str, values: dict[str, Any],
                hub: Hub | None) -> Board:
    """A new board started from `source`: `values` from the cloner, its sections, and its
    pinned posts (without reactions, comments or authors' browsers); it remembers
    where it came from."""
    values = dict(values)
    description = values.pop("description", "")
    board = create_board(session, title, hub=hub, description=description,
                         sections=tuple(s.name for s in source.sections), **values)
    board.cloned_from = source
    sections = dict(zip([s.id for s in source.sections], board.sections, strict=True))
    pinned = session.scalars(sa.select(Post).where(Post.board_id == source.id,
                                                   Post.pinned.is_(True))
                             .order_by(Post.rank)).all()
    for post in pinned:
        session.add(Post(
            board=board, section=sections[post.section_id], rank=post.rank, kind=post.kind,
            title=post.title, body=post.body, link_url=post.link_url, link_title=post.link_title,
            image_id=post.image_id, image_alt=post.image_alt, colour=post.colour,
            # Authors stay behind: the new board's team presents the pinned posts.
            author_name=hub.name if hub is not None else _("Het netwerk"),
            author_id=None, state="open" if post.state else None, pinned=True,
            status=post.status))
    session.flush()
    return board
