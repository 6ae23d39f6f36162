"""Who is on a hub team, and in which role."""

from __future__ import annotations

from hubsite.accounts.models import User
from hubsite.hubs.models import HUB_ROLES, ROLE_COORDINATOR, Hub


def role_in(user: User, hub: Hub) -> str | None:
    """The person's role in a hub team ("host", "coordinator") or None."""
    for membership in user.memberships:
        if membership.hub_id == hub.id:
            return membership.role
    return None


def is_hub_team(user: User | None, hub: Hub) -> bool:
    """Hosts and coordinators of the hub, and site admins."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_admin or role_in(user, hub) in HUB_ROLES


def is_hub_coordinator(user: User | None, hub: Hub) -> bool:
    """Coordinators (begeleiders) of the hub, and site admins."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_admin or role_in(user, hub) == ROLE_COORDINATOR


def is_on_any_team(user: User | None) -> bool:
    """Hosts and coordinators of any hub, and site admins: the people who work with the
    partner file (contact persons, questions) across hubs."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_admin or bool(user.memberships)
