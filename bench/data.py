"""The bench's data set: 5 hubs, 10,000 activities (a fifth recurring), 20,000 bookings,
5 boards with 500 posts each and 1,000 projects.

Built through the models and the capabilities' own services where they are cheap enough
(boards, posts, projects: their search index follows through the session's events); the
activities and bookings are added in bulk (the rows `create_event` and `seating.book`
would make, without a flush per row), so the whole set takes well under a minute.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

HUBS = (("almelo", "Hub Almelo", "Almelo"), ("enschede", "Hub Enschede", "Enschede"),
        ("hengelo", "Hub Hengelo", "Hengelo"), ("deventer", "Hub Deventer", "Deventer"),
        ("zwolle", "Hub Zwolle", "Zwolle"))
TYPES = (("workshop", "Workshop"), ("gastles", "Gastles"), ("open-inloop", "Open inloop"),
         ("training", "Training"), ("rondleiding", "Rondleiding"))
# The hub whose feed the bench loads holds exactly this many activities.
FEED_HUB_ACTIVITIES = 1000
COMMON_WORD = "duurzaam"


@dataclass(frozen=True)
class Built:
    hub_slug: str  # the hub with FEED_HUB_ACTIVITIES activities
    type_slug: str
    event_id: int  # a published, bookable activity in the future
    occurrence_id: int  # a date of it, open for guests
    board_slug: str
    project_id: int
    activities: int
    dates: int
    bookings: int
    posts: int
    projects: int


def build(session, *, activities: int = 10_000, bookings: int = 20_000, boards: int = 5,
          posts: int = 500, projects: int = 1000) -> Built:
    """Fill an empty, migrated database; returns what the bench's URLs name."""
    import sqlalchemy as sa

    from hubsite.accounts.models import User
    from hubsite.agenda.models import STATUS_PUBLISHED, ActivityType, Event, Occurrence
    from hubsite.agenda.recurrence import Recurrence
    from hubsite.agenda.services import _expand_or_fail, _rule
    from hubsite.bookings.models import Booking
    from hubsite.hubs.models import Hub
    from hubsite.pinboard import boards as pinboard_boards
    from hubsite.pinboard import posts as pinboard_posts
    from hubsite.pinboard.access import Viewer
    from hubsite.pinboard.models import KINDS
    from hubsite.projects import services as project_services
    from hubsite.projects.models import STATUS_ARCHIVED, STATUS_DONE
    from hubsite.timeutil import LOCAL_TZ, local_wall_clock, to_utc_naive

    hubs = [Hub(slug=slug, name=name, city=city, address="Sluiskade 5", postcode="7607 AA")
            for slug, name, city in HUBS]
    kinds = [ActivityType(slug=slug, name_nl=name, name_en=name) for slug, name in TYPES]
    admin = User(email="bench@example.nl", name="Bench", password_hash="-", is_admin=True)
    session.add_all([*hubs, *kinds, admin])
    session.flush()

    # -- activities: hub 0 gets FEED_HUB_ACTIVITIES, the others share the rest
    today = datetime.now(LOCAL_TZ).date()
    weekly = Recurrence("WEEKLY", count=12)
    dates = 0
    bookable: list[int] = []
    for n in range(activities):
        hub = hubs[0] if n < FEED_HUB_ACTIVITIES else hubs[1 + n % (len(hubs) - 1)]
        day = today + timedelta(days=n % 150 - 30)  # a month back to four months ahead
        start = local_wall_clock(datetime(day.year, day.month, day.day, 9 + n % 10,
                                          30 * (n % 2)))
        rule = _rule(weekly if n % 5 == 0 else None, start)
        starts = _expand_or_fail(rule, start)
        event = Event(hub=hub, activity_type=kinds[n % len(kinds)], title=f"Activiteit {n + 1}",
                      starts_at=to_utc_naive(starts[0]),
                      ends_at=to_utc_naive(starts[0] + timedelta(hours=2)), rrule=rule,
                      status=STATUS_PUBLISHED, room="Zaal 1",
                      summary="Een activiteit om de site mee te meten.",
                      description=f"Wat we doen: **activiteit {n + 1}**, met "
                      "[meer informatie](https://example.nl).",
                      booking_required=n % 2 == 0, capacity=40 if n % 2 == 0 else None)
        for local in starts:
            utc = to_utc_naive(local)
            event.occurrences.append(Occurrence(starts_at=utc, original_start=utc,
                                                ends_at=to_utc_naive(local + timedelta(hours=2))))
        dates += len(starts)
        session.add(event)
        if n % 500 == 499:
            session.flush()
    session.flush()

    # -- bookings, on future dates of bookable activities
    future = session.execute(
        sa.select(Occurrence.id).join(Occurrence.event)
        .where(Event.booking_required.is_(True), Occurrence.starts_at > datetime.utcnow())
        .order_by(Occurrence.id)).scalars().all()
    bookable = list(future)
    rows = [dict(occurrence_id=bookable[i % len(bookable)], token=secrets.token_urlsafe(24),
                 name=f"Gast {i}", email=f"gast{i}@example.nl", seats=1, status="confirmed")
            for i in range(bookings)]
    for chunk in range(0, len(rows), 5000):
        session.execute(sa.insert(Booking), rows[chunk:chunk + 5000])

    # -- boards and posts, through the pinboard's services
    team = Viewer(admin)
    board_slugs = []
    for hub in hubs[:boards]:
        board = pinboard_boards.ensure_hub_board(session, hub)
        board_slugs.append(board.slug)
        for n in range(posts):
            pinboard_posts.create_post(
                session, board, team, board.sections[n % len(board.sections)],
                kind=KINDS[n % len(KINDS)], title=f"Bericht {n + 1}",
                body=f"Wie helpt met **project {n + 1}**? Meer op https://example.nl.")

    # -- projects, through the projects' services (the search index follows)
    words = ("zorg", "techniek", "logistiek", "media", "horeca", "bouw")
    first_project = None
    for n in range(projects):
        project = project_services.create_project(
            session, hubs[n % len(hubs)], f"Project {n + 1}: {words[n % len(words)]}",
            created_by=admin, status=STATUS_DONE if n % 2 else STATUS_ARCHIVED,
            summary=f"Studenten werkten aan een {COMMON_WORD} vraagstuk rond "
                    f"{words[n % len(words)]}." if n % 3 == 0 else
                    f"Een vraag rond {words[n % len(words)]}.",
            what="Wat was de vraag van de opdrachtgever, en waarom.",
            approach="Eerst onderzoek, dan drie prototypes, dan een pitch.")
        first_project = first_project or project
        if n % 100 == 99:
            session.flush()
    session.flush()

    # A bookable date for the guest bookings: far ahead, no limit on seats.
    target = session.scalar(
        sa.select(Occurrence).join(Occurrence.event)
        .where(Event.hub_id == hubs[0].id, Event.booking_required.is_(True),
               Occurrence.starts_at > datetime.utcnow() + timedelta(days=3))
        .order_by(Occurrence.starts_at.desc()).limit(1))
    target.event.capacity = None
    session.commit()
    return Built(hub_slug=hubs[0].slug, type_slug=kinds[0].slug, event_id=target.event_id,
                 occurrence_id=target.id, board_slug=board_slugs[0],
                 project_id=first_project.id, activities=activities, dates=dates,
                 bookings=bookings, posts=posts * boards, projects=projects)
