"""Who may see and do what in the partner file.

Hub teams (hosts, coordinators, admins: `is_on_any_team`) see the whole file and keep it
up to date; merging two records and importing a spreadsheet change many things at once
and are for coordinators and admins.
"""

from __future__ import annotations

from hubsite.accounts.models import User
from hubsite.hubs.models import ROLE_COORDINATOR
from hubsite.hubs.permissions import is_on_any_team


def may_see_file(user: User | None) -> bool:
    """Contact persons, the log, the status, offers and interests: hub teams only."""
    return is_on_any_team(user)


def may_edit(user: User | None) -> bool:
    """Adding and editing organisations, contacts and log entries."""
    return is_on_any_team(user)


def may_merge(user: User | None) -> bool:
    """Merging two records and importing spreadsheets: coordinators of any hub, admins."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_admin or any(m.role == ROLE_COORDINATOR for m in user.memberships)
