"""Who may do what. Checked in every view that changes something."""

from __future__ import annotations

from functools import wraps

from flask import abort, request, url_for
from flask_login import current_user

from hubsite.accounts.models import HUB_ROLES, ROLE_COORDINATOR, User
from hubsite.hubs.models import Hub


def is_hub_team(user: User | None, hub: Hub) -> bool:
    """Hosts and coordinators of the hub, and site admins."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_admin or user.role_in(hub) in HUB_ROLES


def is_hub_coordinator(user: User | None, hub: Hub) -> bool:
    """Coordinators (begeleiders) of the hub, and site admins."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_admin or user.role_in(hub) == ROLE_COORDINATOR


def require(allowed: bool) -> None:
    """Stop with 401 (log in first) or 403 (not yours) unless `allowed`."""
    if allowed:
        return
    if not current_user.is_authenticated:
        abort(401)
    abort(403)


def admin_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        require(current_user.is_authenticated and current_user.is_admin)
        return view(*args, **kwargs)

    return wrapper


def login_url_for_current_page() -> str:
    return url_for("accounts.login", next=request.full_path.rstrip("?"))
