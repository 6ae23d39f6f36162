"""Personal data kept no longer than needed: each capability registers how it forgets
its own old personal data, and `flask purge-personal-data` runs them all.

A purger takes the session and the current time and returns how many records it
removed or anonymised; it only flushes (the command commits once).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask import Flask, current_app
from sqlalchemy.orm import Session

from hubsite.timeutil import utcnow

Purger = Callable[[Session, datetime], int]


def register_purger(app: Flask, label: str, purger: Purger) -> None:
    """Let `flask purge-personal-data` run `purger`; `label` names what it removes
    ("unconfirmed follow requests")."""
    purgers = app.extensions.setdefault("hubsite.purgers", {})
    purgers[label] = purger


def run_purgers(session: Session, now: datetime | None = None) -> list[tuple[str, int]]:
    """Run every registered purger; (label, count) for each."""
    now = now or utcnow()
    return [(label, purger(session, now))
            for label, purger in current_app.extensions.get("hubsite.purgers", {}).items()]
