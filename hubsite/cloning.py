"""Copying things for reuse, each capability naming the fields it owns.

Duplicating an activity, splitting a series and (later) starting an activity from
an archived project all ask `cloned_values(kind, source)` instead of listing fields
themselves. A capability registers a cloner for a kind of thing (`"event"`, …): a
function that takes the source and returns the values a copy takes over. The agenda
copies an activity's content; bookings adds its booking settings; so a new
capability's fields come along without the copying code knowing about them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app

Cloner = Callable[[Any], dict[str, Any]]


def register_cloner(app: Flask, kind: str, cloner: Cloner) -> None:
    """Let `cloner` contribute values whenever a `kind` is copied on this app."""
    app.extensions.setdefault("hubsite.cloners", {}).setdefault(kind, []).append(cloner)


def cloned_values(kind: str, source: Any) -> dict[str, Any]:
    """The values a copy of `source` takes over, from every cloner of its kind."""
    values: dict[str, Any] = {}
    for cloner in current_app.extensions.get("hubsite.cloners", {}).get(kind, []):
        values.update(cloner(source))
    return values


def copy_fields(*names: str) -> Cloner:
    """A cloner that copies these attributes as they are."""
    return lambda source: {name: getattr(source, name) for name in names}
