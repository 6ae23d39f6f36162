""""Leg een vraag neer" is linked from the home page, every hub page and the boards (the
network's and each hub's, with that hub chosen), for visitors without an account."""

from __future__ import annotations

import re

from hubsite.extensions import db
from hubsite.pinboard import boards


def _ask_links(page: str) -> list[str]:
    return re.findall(r'<a[^>]*href="(/vragen/nieuw[^"]*)"[^>]*>\s*Leg een vraag neer\s*</a>',
                      page)


def test_the_home_page_links_the_form(client, hub):
    assert _ask_links(client.get("/").get_data(as_text=True)) == ["/vragen/nieuw"]


def test_a_hub_page_links_the_form_with_its_hub_chosen(client, hub):
    page = client.get(f"/hubs/{hub.slug}").get_data(as_text=True)
    assert _ask_links(page) == [f"/vragen/nieuw?hub={hub.slug}"]
    form = client.get(f"/vragen/nieuw?hub={hub.slug}").get_data(as_text=True)
    assert re.search(rf'<option[^>]*value="{hub.slug}"[^>]*selected', form) or \
        re.search(rf'<option[^>]*selected[^>]*value="{hub.slug}"', form)


def test_the_boards_link_the_form(client, hub):
    own = boards.ensure_hub_board(db.session, hub)
    network = boards.ensure_network_board(db.session)
    db.session.commit()
    assert _ask_links(client.get("/boards").get_data(as_text=True)) == ["/vragen/nieuw"]
    page = client.get(f"/boards/{own.slug}").get_data(as_text=True)
    assert _ask_links(page) == [f"/vragen/nieuw?hub={hub.slug}"]
    page = client.get(f"/boards/{network.slug}").get_data(as_text=True)
    assert _ask_links(page) == ["/vragen/nieuw"]
