"""Who is looking at a board, and what they may see and change.

A viewer is a person with an account, or a visitor known only by the secret in
their browser's cookie (whose hash is on what they wrote). The team of a board is
the hub team of its hub; the network board's team is the site admins.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from hubsite.hubs.permissions import is_hub_team
from hubsite.pinboard.models import (
    PUBLISHED,
    WHO_ANYONE,
    WHO_MEMBERS,
    Board,
    Comment,
    Post,
)


def secret_hash(secret: str | None) -> str | None:
    """What is stored of a visitor's secret: its SHA-256 (the secret itself never is)."""
    return hashlib.sha256(secret.encode()).hexdigest() if secret else None


def is_board_team(user: Any, board: Board) -> bool:
    """The hub team of the board's hub (site admins for the network board)."""
    if board.hub is not None:
        return is_hub_team(user, board.hub)
    return bool(user is not None and user.is_authenticated and user.is_admin)


@dataclass
class Viewer:
    """The person (maybe anonymous) and, for a visitor, the hash of their secret."""

    user: Any
    visitor_hash: str | None = None

    @property
    def has_account(self) -> bool:
        return bool(self.user is not None and self.user.is_authenticated)

    @property
    def user_id(self) -> int | None:
        return self.user.id if self.has_account else None

    @property
    def voter(self) -> str | None:
        """The key of this viewer's reaction: the account, or the browser."""
        if self.has_account:
            return f"user:{self.user.id}"
        return f"browser:{self.visitor_hash}" if self.visitor_hash else None

    def is_team(self, board: Board) -> bool:
        return is_board_team(self.user, board)

    def wrote(self, item: Post | Comment) -> bool:
        """True for the author: the account that wrote it, or the browser it came from."""
        if item.author_id is not None:
            return self.user_id == item.author_id
        return bool(item.visitor_hash and item.visitor_hash == self.visitor_hash)

    def may_see(self, post: Post) -> bool:
        """A held or hidden post only for its author and the team."""
        return post.status == PUBLISHED or self.wrote(post) or self.is_team(post.board)

    def may_change(self, post: Post) -> bool:
        """Edit, delete, move along (state): the author and the team."""
        return self.wrote(post) or self.is_team(post.board)

    def may_post(self, board: Board) -> bool:
        if board.archived:
            return False
        if board.who_may_post == WHO_ANYONE:
            return True
        if board.who_may_post == WHO_MEMBERS:
            return self.has_account
        return self.is_team(board)
