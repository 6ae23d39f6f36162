"""A hub's screen: its secret link, and what it shows at a given moment."""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hubsite.agenda.listing import ANONYMOUS, AgendaFilters, occurrences_between
from hubsite.agenda.models import Occurrence
from hubsite.bookings.seating import Availability, availability_by_date
from hubsite.hubs.models import Hub
from hubsite.onsite.models import HubScreen, new_secret
from hubsite.pinboard import boards, posts
from hubsite.pinboard.models import Post
from hubsite.timeutil import local_wall_clock, to_local, to_utc_naive, utcnow

WEEK_DAYS = 7  # today and the six days after it
WEEK_LIMIT = 8  # dates listed for the rest of the week: what fits a screen
POST_LIMIT = 3
# Even when nothing changes and no date starts or ends, the screen renders itself anew
# this often (the clock's date, a booking window that closed, a missed version).
MAX_STALE = timedelta(minutes=10)


def screen_of(session: Session, hub: Hub) -> HubScreen | None:
    """The hub's screen, if the team made its link."""
    return session.scalar(sa.select(HubScreen).where(HubScreen.hub_id == hub.id))


def screen_by_link(session: Session, slug: str, secret: str) -> HubScreen | None:
    """The screen that this link opens (None: unknown hub, no screen, a renewed link)."""
    screen = session.scalar(sa.select(HubScreen).join(HubScreen.hub).where(Hub.slug == slug))
    if screen is None or not hmac.compare_digest(screen.secret.encode(), secret.encode()):
        return None
    return screen


def renew_link(session: Session, hub: Hub, now: datetime | None = None) -> tuple[HubScreen, str | None]:
    """Give the hub's screen a new secret link (the first one, or one in place of the old
    one, which stops working at once). Returns the screen and the old secret, if any."""
    screen = screen_of(session, hub)
    if screen is None:
        screen = HubScreen(hub=hub, secret=new_secret())
        session.add(screen)
        session.flush()
        return screen, None
    old = screen.secret
    screen.secret = new_secret()
    screen.renewed_at = now or utcnow()
    screen.version = screen.version + 1
    session.flush()
    return screen, old


@dataclass(frozen=True)
class ScreenDate:
    """A date on the screen with its seats (None: no booking, or no limit)."""

    occurrence: Occurrence
    availability: Availability

    @property
    def is_cancelled(self) -> bool:
        return self.occurrence.is_cancelled

    @property
    def seats_left(self) -> int | None:
        if not self.occurrence.event.booking_required:
            return None
        return self.availability.seats_left

    @property
    def booking_required(self) -> bool:
        return self.occurrence.event.booking_required


@dataclass
class ScreenContent:
    """What the screen shows at `now` and until when that holds (`stale_at`)."""

    hub: Hub
    now: datetime
    current: list[ScreenDate] = field(default_factory=list)
    later_today: list[ScreenDate] = field(default_factory=list)
    week: list[tuple[date, list[ScreenDate]]] = field(default_factory=list)
    newest_posts: list[Post] = field(default_factory=list)
    open_questions: list[Post] = field(default_factory=list)
    stale_at: datetime | None = None


def _midnight_after(day: date) -> datetime:
    return to_utc_naive(local_wall_clock(day + timedelta(days=1), time()))


def screen_content(session: Session, hub: Hub, now: datetime | None = None) -> ScreenContent:
    """What is on now, later today and the rest of the week (with seats left), and the
    newest posts and open vragen of the hub's board: five queries, whatever the numbers."""
    now = now or utcnow()
    today = to_local(now).date()
    # From yesterday: an evening that runs past midnight is still on now.
    dates = occurrences_between(session, AgendaFilters(hubs=(hub.slug,)), ANONYMOUS,
                                today - timedelta(days=1), today + timedelta(days=WEEK_DAYS - 1))
    dates = [o for o in dates if o.ends_at > now]
    states = availability_by_date(session, dates, now)
    content = ScreenContent(hub=hub, now=now)
    later_days: dict[date, list[ScreenDate]] = {}
    shown_later = 0
    for occurrence in dates:
        item = ScreenDate(occurrence, states[occurrence.id])
        day = to_local(occurrence.starts_at).date()
        if occurrence.starts_at <= now:
            content.current.append(item)
        elif day == today:
            content.later_today.append(item)
        elif shown_later < WEEK_LIMIT:
            later_days.setdefault(day, []).append(item)
            shown_later += 1
    content.week = sorted(later_days.items())
    board = boards.hub_board(session, hub)
    if board is not None:
        content.open_questions = posts.newest_posts(session, limit=POST_LIMIT, board=board,
                                                    kind="vraag", state="open")
        # The newest posts besides the open vragen above them (each post shows once).
        shown = {post.id for post in content.open_questions}
        newest = posts.newest_posts(session, limit=POST_LIMIT + len(shown), board=board)
        content.newest_posts = [post for post in newest if post.id not in shown][:POST_LIMIT]
    # The screen is right until the next date starts or ends, or the day changes.
    moments = [now + MAX_STALE, _midnight_after(today)]
    moments += [item.occurrence.ends_at for item in content.current]
    moments += [item.occurrence.starts_at for item in content.later_today]
    moments += [item.occurrence.ends_at for item in content.later_today]
    content.stale_at = min(m for m in moments if m > now)
    return content
