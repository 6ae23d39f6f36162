"""Following a post: who gets a mail when it is answered, matched or closed.

A person with an account follows in one click. A visitor gives an e-mail address and
follows only after confirming it by the mailed link (double opt-in): until then the
address gets that one mail and nothing else, and only the hash of the link's token is
kept. Every follower mail carries a one-click unsubscribe link, signed with the site's
secret and the follow's own key, that works without logging in.

Each event (answered, matched, closed) reaches a follower once, whatever happens
afterwards (a second comment, a match undone and made again): the follow row records
that it was mailed, in one conditional UPDATE, so two requests at once cannot both
mail. Nobody gets mail about a post they may not see (held or hidden).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.orm import Session, joinedload

from hubsite.accounts.models import User
from hubsite.accounts.services import normalise_email
from hubsite.mail.services import queue_templated_mail
from hubsite.markup import markdown_to_text
from hubsite.pinboard.access import Viewer
from hubsite.pinboard.models import (
    FOLLOW_EVENTS,
    PUBLISHED,
    Board,
    Comment,
    Follow,
    Post,
)
from hubsite.timeutil import utcnow
from hubsite.urls import absolute_url

UNSUBSCRIBE_SALT = "pinboard-unfollow"
# A visitor who asks again for the same post gets a new confirmation mail only after
# this long (a form sent twice, or someone typing another's address, mails once).
RESEND_AFTER = timedelta(minutes=15)
ANSWER_EXCERPT = 300


class FollowError(ValueError):
    """A follow request that cannot be made; `field` is the form field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_key() -> str:
    return secrets.token_hex(16)


# -- With an account ---------------------------------------------------------------------------


def follow_of(session: Session, post: Post, user: Any) -> Follow | None:
    """The follow of this person (with an account) on this post, if any."""
    if user is None or not user.is_authenticated:
        return None
    return session.scalar(sa.select(Follow).where(Follow.post_id == post.id,
                                                  Follow.user_id == user.id))


def follow_as_user(session: Session, post: Post, user: User) -> Follow:
    """Follow a post with an account (again: nothing changes)."""
    follow = follow_of(session, post, user)
    if follow is None:
        follow = Follow(post_id=post.id, user_id=user.id, locale=user.locale or "nl",
                        confirmed_at=utcnow(), key=_new_key())
        session.add(follow)
        session.flush()
    return follow


def unfollow_as_user(session: Session, post: Post, user: User) -> bool:
    """Stop following; False when they did not follow it."""
    follow = follow_of(session, post, user)
    if follow is None:
        return False
    session.delete(follow)
    session.flush()
    return True


def toggle_follow(session: Session, post: Post, user: User, want: bool | None = None) -> bool:
    """Follow or stop following (`want` says which; None turns it around); True when
    they follow it afterwards."""
    following = follow_of(session, post, user) is not None
    if want is None:
        want = not following
    if want:
        follow_as_user(session, post, user)
    else:
        unfollow_as_user(session, post, user)
    return want


def followed_posts(session: Session, user: User, limit: int | None = None) -> list[Post]:
    """What this person follows, newest post first, with its board (one query)."""
    return list(session.scalars(
        sa.select(Post).join(Follow, Follow.post_id == Post.id)
        .where(Follow.user_id == user.id)
        .options(joinedload(Post.board).joinedload(Board.hub))
        .order_by(Post.created_at.desc(), Post.id.desc()).limit(limit)))


def follower_count(session: Session, post: Post) -> int:
    """How many follow this post (confirmed); the only thing anyone learns about them."""
    return session.scalar(sa.select(sa.func.count()).select_from(Follow).where(
        Follow.post_id == post.id, Follow.confirmed_at.is_not(None))) or 0


# -- By e-mail, confirmed first ------------------------------------------------------------------


def request_follow(session: Session, post: Post, email: str, locale: str,
                   visitor_hash: str | None = None, now: datetime | None = None) -> None:
    """A visitor asks to follow by e-mail: mail them a confirmation link.

    The answer is the same whatever the address (following already, waiting for
    confirmation, new), so the form tells nobody who follows what.
    """
    now = now or utcnow()
    email = normalise_email(email)
    if not email or "@" not in email or len(email) > 254:
        raise FollowError(_("Vul een geldig e-mailadres in, bijvoorbeeld naam@school.nl."),
                          "email")
    follow = session.scalar(sa.select(Follow).where(Follow.post_id == post.id,
                                                    Follow.email == email))
    if follow is not None and (follow.confirmed_at is not None
                               or follow.created_at > now - RESEND_AFTER):
        return
    token = secrets.token_urlsafe(32)
    if follow is None:
        follow = Follow(post_id=post.id, email=email, key=_new_key())
        session.add(follow)
    follow.locale, follow.visitor_hash = locale, visitor_hash
    follow.confirm_hash, follow.created_at = _hash(token), now
    session.flush()
    queue_templated_mail(
        session, email, "pinboard_follow_confirm", locale, post=post, board=post.board,
        sender_name=_sender(post, locale),
        confirm_url=absolute_url("pinboard.confirm_follow", token=token),
        days=current_app.config["PINBOARD_FOLLOW_CONFIRM_DAYS"])


def pending_follow(session: Session, token: str, now: datetime | None = None) -> Follow | None:
    """The follow a confirmation link is for, while it may still be confirmed."""
    if not token:
        return None
    now = now or utcnow()
    follow = session.scalar(sa.select(Follow).where(Follow.confirm_hash == _hash(token)))
    days = current_app.config["PINBOARD_FOLLOW_CONFIRM_DAYS"]
    if follow is None or follow.created_at < now - timedelta(days=days):
        return None
    return follow


def confirm_follow(session: Session, token: str, now: datetime | None = None) -> Follow | None:
    """Confirm a visitor's address by their link; None when the link does not (or no
    longer) work. The link works once."""
    follow = pending_follow(session, token, now)
    if follow is None:
        return None
    follow.confirmed_at, follow.confirm_hash = now or utcnow(), None
    session.flush()
    return follow


def purge_unconfirmed(session: Session, days: int, now: datetime | None = None) -> int:
    """Forget the addresses of follow requests not confirmed within `days` days."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    result = session.execute(sa.delete(Follow).where(Follow.confirmed_at.is_(None),
                                                     Follow.created_at < cutoff))
    return result.rowcount or 0


# -- Unsubscribing --------------------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(follow: Follow) -> str:
    return _serializer().dumps([follow.id, follow.key])


def unsubscribe_url(follow: Follow) -> str:
    """The absolute one-click link in every follower mail (and its List-Unsubscribe)."""
    return absolute_url("pinboard.unsubscribe", token=unsubscribe_token(follow))


def follow_by_unsubscribe_token(session: Session, token: str) -> tuple[bool, Follow | None]:
    """(whether the link is one of ours, the follow it stops if it still exists)."""
    try:
        follow_id, key = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return False, None
    follow = session.get(Follow, follow_id) if isinstance(follow_id, int) else None
    if follow is None or not secrets.compare_digest(follow.key, str(key)):
        return True, None
    return True, follow


def unsubscribe(session: Session, token: str) -> Post | None | bool:
    """Stop the follow of an unsubscribe link. False for a link that is not ours;
    True when it was already stopped (the link works again, and changes nothing);
    else the post that is no longer followed."""
    valid, follow = follow_by_unsubscribe_token(session, token)
    if not valid:
        return False
    if follow is None:
        return True
    post = follow.post
    session.delete(follow)
    session.flush()
    return post


# -- Telling the followers -------------------------------------------------------------------------


def _excerpt(markdown: str) -> str:
    """The start of an answer as plain text, for the mail."""
    text = " ".join(markdown_to_text(markdown).split())
    return text if len(text) <= ANSWER_EXCERPT else text[:ANSWER_EXCERPT - 1].rstrip() + "…"


def _sender(post: Post, locale: str) -> str:
    with force_locale(locale):
        site = _("Ruimte voor ondernemendheid")
        hub = post.board.hub
        return _("%(hub)s via %(site)s", hub=hub.name, site=site) if hub else site


def _may_see(follow: Follow, post: Post) -> bool:
    """A follower hears only about a post they may see: a held or hidden one is for its
    author and the team (who follow with an account)."""
    if follow.user_id is None:
        return post.status == PUBLISHED
    return Viewer(follow.user).may_see(post)


def _recipient(follow: Follow) -> str | None:
    """Where the mail goes: a confirmed address only."""
    if follow.user_id is not None:
        user = follow.user
        return user.email if user is not None and user.email_confirmed else None
    return follow.email if follow.confirmed_at is not None else None


def _is_actor(follow: Follow, user_id: int | None, visitor_hash: str | None) -> bool:
    if follow.user_id is not None:
        return user_id is not None and follow.user_id == user_id
    return bool(visitor_hash and follow.visitor_hash == visitor_hash)


def notify_followers(session: Session, post: Post, event: str, *,
                     by_user_id: int | None = None, by_visitor_hash: str | None = None,
                     comment: Comment | None = None) -> int:
    """Mail the followers of `post` that it was answered, matched or closed, once per
    event per follower; returns how many mails were queued.

    Whoever caused the event (`by_…`) gets no mail about it; for "answered" they still
    hear of the next answer by somebody else."""
    if event not in FOLLOW_EVENTS:
        raise ValueError(event)
    mailed = getattr(Follow, f"{event}_mailed_at")
    follows = session.scalars(
        sa.select(Follow).where(Follow.post_id == post.id, Follow.confirmed_at.is_not(None),
                                mailed.is_(None))
        .options(joinedload(Follow.user)).order_by(Follow.id)).all()
    queued = 0
    for follow in follows:
        if not _may_see(follow, post):
            continue
        actor = _is_actor(follow, by_user_id, by_visitor_hash)
        if actor and event == "answered":
            continue
        recipient = _recipient(follow)
        if recipient is None:
            continue
        # One UPDATE that only one transaction can win: the mail goes out once.
        won = session.execute(sa.update(Follow).where(Follow.id == follow.id, mailed.is_(None))
                              .values({mailed: utcnow()}).execution_options(
                                  synchronize_session=False)).rowcount
        if not won or actor:
            continue
        locale = (follow.user.locale if follow.user is not None else follow.locale) or "nl"
        link = unsubscribe_url(follow)
        queue_templated_mail(
            session, recipient, f"pinboard_follow_{event}", locale,
            sender_name=_sender(post, locale), unsubscribe_url=link,
            post=post, board=post.board, comment=comment,
            answer=_excerpt(comment.body) if comment is not None else "",
            match=post.match if event == "matched" else None,
            post_url=absolute_url("pinboard.post", post_id=post.id), unfollow_url=link)
        queued += 1
    return queued


def post_answered(session: Session, comment: Comment) -> int:
    """A published comment: the post's followers hear of it (not the one who wrote it)."""
    if comment.status != PUBLISHED:
        return 0
    return notify_followers(session, comment.post, "answered", by_user_id=comment.author_id,
                            by_visitor_hash=comment.visitor_hash, comment=comment)


def post_state_changed(session: Session, post: Post, viewer: Viewer | None = None) -> int:
    """A post matched or closed (afgerond): its followers hear of it."""
    event = {"gematcht": "matched", "afgerond": "closed"}.get(post.state or "")
    if event is None:
        return 0
    return notify_followers(session, post, event,
                            by_user_id=viewer.user_id if viewer else None,
                            by_visitor_hash=viewer.visitor_hash if viewer else None)
