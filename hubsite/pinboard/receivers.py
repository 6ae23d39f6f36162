"""What the pinboard does when hubs change: a new hub gets its board."""

from __future__ import annotations

from hubsite.hubs.models import Hub
from hubsite.hubs.signals import hub_created
from hubsite.pinboard.boards import ensure_hub_board


def _hub_created(hub: Hub, session, **_kwargs) -> None:
    ensure_hub_board(session, hub)


def connect() -> None:
    """Listen to hubs (blinker keeps one connection however often this runs)."""
    hub_created.connect(_hub_created)
