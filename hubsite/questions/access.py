"""Who may see a question and who may decide about it.

The hub team of a question's hub reads it. A question without a hub is for the
coordinators of every hub (and admins), who pick it up or send it to a hub.

Deciding (accept, pass to another hub, decline) is for coordinators: accepting makes a
project the hub commits to, which the source documents leave to the begeleider. Hosts
(the students who run the hub) read the inbox and may ask the asker for more
information: that commits the hub to nothing, and it is the daily work of the front desk.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from hubsite.hubs.models import ROLE_COORDINATOR
from hubsite.questions.models import Question


def _signed_in(user: Any) -> bool:
    return user is not None and user.is_authenticated


def coordinates_any_hub(user: Any) -> bool:
    """Admins and coordinators of some hub: those who see questions without a hub."""
    if not _signed_in(user):
        return False
    return user.is_admin or any(m.role == ROLE_COORDINATOR for m in user.memberships)


def team_hub_ids(user: Any) -> set[int]:
    """The hubs the person is on the team of."""
    return {m.hub_id for m in user.memberships} if _signed_in(user) else set()


def may_see(user: Any, question: Question) -> bool:
    """The hub team of the question's hub; for one without a hub, every coordinator."""
    if not _signed_in(user):
        return False
    if user.is_admin:
        return True
    if question.hub_id is None:
        return coordinates_any_hub(user)
    return question.hub_id in team_hub_ids(user)


def may_ask(user: Any, question: Question) -> bool:
    """Asking the asker for more information: everyone who may see the question."""
    return may_see(user, question)


def may_decide(user: Any, question: Question) -> bool:
    """Accept, pass on, decline: coordinators of the question's hub (any coordinator for
    one without a hub) and admins."""
    if not _signed_in(user):
        return False
    if user.is_admin:
        return True
    if question.hub_id is None:
        return coordinates_any_hub(user)
    return any(m.hub_id == question.hub_id and m.role == ROLE_COORDINATOR
               for m in user.memberships)


def visible_clause(user: Any) -> sa.ColumnElement[bool]:
    """A WHERE clause for the questions this person may see (for counts and lists)."""
    if not _signed_in(user):
        return sa.false()
    if user.is_admin:
        return sa.true()
    clauses = []
    hub_ids = team_hub_ids(user)
    if hub_ids:
        clauses.append(Question.hub_id.in_(sorted(hub_ids)))
    if coordinates_any_hub(user):
        clauses.append(Question.hub_id.is_(None))
    return sa.or_(*clauses) if clauses else sa.false()
