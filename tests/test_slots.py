"""Page slots: pages declare them, capabilities fill them, nobody imports the other."""

from __future__ import annotations

import re

import pytest
from markupsafe import Markup

from hubsite import slots
from hubsite.agenda.slots import EVENT_MAIN
from hubsite.hubs.slots import HUB_MAIN
from hubsite.pages.slots import HOME_MAIN

TEST_SLOT = slots.declare("test.sidebar", "name")


def test_contributions_render_in_their_order_with_the_page_context(app):
    slots.contribute(app, TEST_SLOT, lambda name: Markup(f"<p>second {name}</p>"), order=20)
    slots.contribute(app, TEST_SLOT, lambda name: Markup(f"<p>first {name}</p>"), order=10)

    html = app.jinja_env.from_string('{{ slot("test.sidebar", name=who) }}').render(who="Ann")

    assert html.index("first Ann") < html.index("second Ann")


def test_a_contributor_that_returns_nothing_adds_nothing(app):
    slots.contribute(app, TEST_SLOT, lambda name: None)

    assert app.jinja_env.from_string('{{ slot("test.sidebar", name="x") }}').render() == ""


def test_plain_text_from_a_contributor_is_escaped(app):
    slots.contribute(app, TEST_SLOT, lambda name: name)

    html = app.jinja_env.from_string('{{ slot("test.sidebar", name=evil) }}').render(
        evil="<script>alert(1)</script>")

    assert "<script>" not in html


def test_a_slot_nobody_declared_is_an_error_not_an_empty_panel(app):
    with pytest.raises(slots.SlotError):
        slots.contribute(app, "event.mian", lambda: "")
    with pytest.raises(slots.SlotError):
        slots.render_slot("event.mian")


def test_the_capabilities_fill_the_pages_slots(app):
    filled = app.extensions["hubsite.slots"]
    assert {HOME_MAIN, HUB_MAIN, EVENT_MAIN} <= set(filled)


def test_the_main_menu_comes_from_the_capabilities(client):
    page = client.get("/").get_data(as_text=True)
    nav = page[page.index('class="nav"'):page.index("</nav>")]
    assert nav.index(">Agenda<") < nav.index(">Hubs<")
    assert 'href="/agenda"' in nav and 'href="/hubs"' in nav


ITEM_SLOT = slots.declare("test.rows", "rows")


def test_an_item_slot_gives_each_item_its_contributions(app):
    slots.contribute(app, ITEM_SLOT, lambda rows: {r: Markup(f"<b>{r}</b>") for r in rows if r != 2})
    slots.contribute(app, ITEM_SLOT, lambda rows: {1: "<i>text</i>"}, order=60)

    with app.test_request_context():
        found = slots.render_slot_items("test.rows", rows=[1, 2, 3])

    assert found[1] == Markup("<b>1</b>\n&lt;i&gt;text&lt;/i&gt;")
    assert 2 not in found and found[3] == Markup("<b>3</b>")


def test_every_page_loads_every_capabilitys_stylesheet_in_its_head(client, make_event, hub):
    head = client.get("/").get_data(as_text=True).split("</head>")[0]
    assert re.search(r"css/bookings\.[0-9a-f]{12}\.css", head)  # content-hashed name


def test_every_page_loads_every_capabilitys_script_in_its_head_deferred(client):
    """A boosted navigation runs no script it brings: the board's scripts are on every page."""
    head = client.get("/agenda").get_data(as_text=True).split("</head>")[0]
    for name in ("live", "board-order"):  # content-hashed names (hubsite.static_files)
        assert re.search(rf'<script src="/static/js/{name}\.[0-9a-f]{{12}}\.js" defer></script>',
                         head)
