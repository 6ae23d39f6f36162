"""Who may see a post's picture: as public as the post (a held or hidden post's: its
author and the board's team)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import has_request_context, request
from sqlalchemy.orm import Session

from hubsite.media.models import Image
from hubsite.media.services import Visibility, register_image_owner
from hubsite.pinboard.access import Viewer, secret_hash
from hubsite.pinboard.models import PUBLISHED, Post

VISITOR_COOKIE = "prikbord"


def picture_visibility(session: Session, image: Image, user: Any) -> Visibility | None:
    """Public when a published post uses it; else only for the author and the team."""
    posts = session.scalars(sa.select(Post).where(Post.image_id == image.id)).all()
    if not posts:
        return None
    if any(post.status == PUBLISHED for post in posts):
        return Visibility.PUBLIC
    secret = request.cookies.get(VISITOR_COOKIE) if has_request_context() else None
    viewer = Viewer(user, secret_hash(secret))
    if any(viewer.may_see(post) for post in posts):
        return Visibility.PRIVATE
    return Visibility.HIDDEN


def register() -> None:
    """Tell media that the pinboard owns the pictures of posts."""
    register_image_owner("pinboard", picture_visibility)
