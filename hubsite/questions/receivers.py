"""What questions do when another capability says something changed."""

from __future__ import annotations

from typing import Any

from flask import Flask

from hubsite.organisations.models import Organisation
from hubsite.organisations.signals import organisations_merged
from hubsite.questions import services


def move_questions(source: Organisation, session: Any, target: Organisation,
                   **_: Any) -> None:
    """Two organisation records became one: the questions of the one removed follow."""
    services.move_to_organisation(session, source, target)


def init_app(app: Flask) -> None:
    # weak=False: the function lives as long as the module; connecting twice is harmless.
    organisations_merged.connect(move_questions, weak=False)
