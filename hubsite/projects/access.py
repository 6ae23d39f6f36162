"""Who sees and who changes a project.

Visitors see the published statuses (lopend, afgerond, gearchiveerd); a project at
"aanvraag" belongs to its hub team. The hub team of the project's hub edits it; only
its coordinators (begeleiders) archive or delete it. Site admins may do everything.
"""

from __future__ import annotations

from typing import Any

from hubsite.hubs.models import Hub
from hubsite.hubs.permissions import is_hub_coordinator, is_hub_team
from hubsite.projects.models import STATUS_ARCHIVED, STATUS_DONE, Project

# A project may be reused once it has run its course.
REUSABLE_STATUSES = (STATUS_DONE, STATUS_ARCHIVED)


def may_see(user: Any, project: Project) -> bool:
    """Published projects for everyone; the rest for the hub team."""
    return project.is_public or is_hub_team(user, project.hub)


def may_edit(user: Any, project: Project) -> bool:
    """The hub team of the project's hub, and admins."""
    return is_hub_team(user, project.hub)


def may_archive(user: Any, project: Project) -> bool:
    """Coordinators of the project's hub, and admins: archiving and deleting."""
    return is_hub_coordinator(user, project.hub)


def may_reuse(user: Any, project: Project) -> bool:
    """Anyone on a hub team may start from a finished or archived project they can see."""
    return (project.status in REUSABLE_STATUSES and user is not None
            and getattr(user, "is_authenticated", False)
            and (user.is_admin or bool(user.memberships)))


def hubs_of(user: Any, all_hubs: list[Hub]) -> list[Hub]:
    """The hubs whose team the person is on (every hub for an admin)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return [hub for hub in all_hubs if is_hub_team(user, hub)]
