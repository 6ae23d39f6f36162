"""Demo data: `flask seed-demo` runs each capability's seeder in order.

Every seeder is idempotent: it looks things up by a natural key and only adds
what is missing, so the command can run on every `make run`.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from hubsite.demo import (
    agenda,
    bookings,
    collaboration,
    foundation,
    onsite,
    partners,
    pictures,
    pinboard,
    projects,
    questions,
)


def seed_demo(session: Session) -> list[str]:
    """Run every seeder; returns one summary line per seeder."""
    return [foundation.seed(session), agenda.seed(session), bookings.seed(session),
            pictures.seed(session), pinboard.seed(session), partners.seed(session),
            projects.seed(session), questions.seed(session),
            collaboration.seed(session), onsite.seed(session)]
