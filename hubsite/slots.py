"""Named page slots: how one capability's page shows panels of another.

The page that owns a slot declares it (`EVENT_BOOKING = declare("event.booking", ...)`)
and renders it where the panels belong: ``{{ slot("event.booking", event=event) }}``.
A capability fills a slot by registering a contributor on the app, usually from its
blueprint's ``record_once``::

    slots.contribute(app, "event.booking", booking_panel, order=10)

A contributor takes the context the page passes (keyword arguments) and returns
HTML (`Markup`), or None to show nothing. Contributors load their data for the whole
page at once, so a slot costs a constant number of queries. The page never imports
its contributors, and a contributor only depends on the page's declared context.

Some slots fill a list item by item (the availability of each date in a list of
dates): their contributor returns a mapping from the item's key to its HTML, for all
the items at once, and the page looks each item up::

    {% set status = slot_items("occurrence.status", occurrences=days_items) %}
    … {{ status.get(occurrence.id, "") }}

The main menu, the stylesheets and the scripts work the same way: capabilities add
their entry with `add_menu_item`, their CSS with `add_stylesheet` and their script
with `add_script`, and the layout lists them (every page's `<head>` has every
stylesheet and script, so a boosted navigation never loses one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, request, url_for
from markupsafe import Markup

Contributor = Callable[..., Markup | str | None]

_declared: dict[str, str] = {}


class SlotError(LookupError):
    """A slot that was never declared was filled or rendered (a typo in its name)."""


def declare(name: str, context: str) -> str:
    """Declare a slot of a page; `context` says which keyword arguments it passes."""
    _declared[name] = context
    return name


def declared_slots() -> dict[str, str]:
    """Every declared slot with the context it passes."""
    return dict(_declared)


def _registry(app: Flask) -> dict[str, list[tuple[int, Contributor]]]:
    return app.extensions.setdefault("hubsite.slots", {})


def contribute(app: Flask, name: str, contributor: Contributor, order: int = 50) -> None:
    """Let `contributor` fill the slot `name` on this app's pages (lower order first)."""
    if name not in _declared:
        raise SlotError(f"no page declares the slot {name!r}")
    entries = _registry(app).setdefault(name, [])
    entries.append((order, contributor))
    entries.sort(key=lambda entry: entry[0])


def render_slot(slot_name: str, /, **context: Any) -> Markup:
    """The HTML of every contribution to a slot, in order (empty when nobody fills it).

    A contributor's `Markup` is kept as it is; a plain string is text, and escaped.
    """
    if slot_name not in _declared:
        raise SlotError(f"no page declares the slot {slot_name!r}")
    parts = []
    for _order, contributor in _registry(current_app).get(slot_name, []):
        html = contributor(**context)
        if html:
            parts.append(Markup.escape(html))  # a plain str is text, not HTML
    return Markup("\n").join(parts)


def render_slot_items(slot_name: str, /, **context: Any) -> dict[Any, Markup]:
    """Per item, the HTML of every contribution to an item slot (missing: nothing)."""
    if slot_name not in _declared:
        raise SlotError(f"no page declares the slot {slot_name!r}")
    found: dict[Any, list[Markup]] = {}
    for _order, contributor in _registry(current_app).get(slot_name, []):
        for key, html in (contributor(**context) or {}).items():
            if html:
                found.setdefault(key, []).append(Markup.escape(html))
    return {key: Markup("\n").join(parts) for key, parts in found.items()}


@dataclass(frozen=True)
class MenuItem:
    """An entry of the main menu: its label (translated when shown) and where it goes."""

    label: Callable[[], str]
    endpoint: str
    order: int

    @property
    def url(self) -> str:
        return url_for(self.endpoint)

    @property
    def is_current(self) -> bool:
        return request.path.startswith(self.url)


def add_menu_item(app: Flask, label: Callable[[], str], endpoint: str, order: int = 50) -> None:
    """Put a capability's main page in the site's main menu."""
    items = app.extensions.setdefault("hubsite.menu", [])
    items.append(MenuItem(label, endpoint, order))
    items.sort(key=lambda item: item.order)


def menu_items() -> list[MenuItem]:
    """The main menu in order."""
    return list(current_app.extensions.get("hubsite.menu", []))


def add_stylesheet(app: Flask, filename: str) -> None:
    """Load a capability's stylesheet (a path under static/) on every page."""
    sheets = app.extensions.setdefault("hubsite.stylesheets", [])
    if filename not in sheets:
        sheets.append(filename)


def stylesheets() -> list[str]:
    """The capabilities' stylesheets, in the order they were added."""
    return list(current_app.extensions.get("hubsite.stylesheets", []))


def add_script(app: Flask, filename: str) -> None:
    """Load a capability's small script (a path under static/) on every page, deferred.

    Like the stylesheets, every page has every script, so a boosted navigation (which
    swaps only <body> and runs no script it brings) never loses one: a script finds
    its elements when htmx loads them (`htmx.onLoad`). Keep them small; a big library
    is loaded by the script only on a page that needs it."""
    scripts = app.extensions.setdefault("hubsite.scripts", [])
    if filename not in scripts:
        scripts.append(filename)


def scripts() -> list[str]:
    """The capabilities' scripts, in the order they were added."""
    return list(current_app.extensions.get("hubsite.scripts", []))


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(slot=render_slot, slot_items=render_slot_items,
                                 menu_items=menu_items, stylesheets=stylesheets,
                                 scripts=scripts)
