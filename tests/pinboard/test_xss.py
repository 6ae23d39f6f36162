"""What people type into any pinboard field comes out escaped or sanitised."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from hubsite.extensions import db
from hubsite.pinboard import boards, together
from hubsite.pinboard.access import Viewer
from hubsite.pinboard.models import Post
from tests.test_markup import XSS_PAYLOADS


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, attrs))


def _clean(page: str) -> None:
    """No element in the page's main part runs script: no script, frame or SVG, no event
    handler, no style, no script or data link (payload text shown as text is fine)."""
    parser = _Tags()
    parser.feed(page[page.index("<main"):page.index("</main>")])
    for tag, attrs in parser.tags:
        assert tag not in ("script", "iframe", "svg", "object", "embed"), tag
        for name, value in attrs:
            assert not name.startswith("on") and name != "style", (tag, name, value)
            if name in ("href", "src", "action"):
                assert not re.match(r"\s*(javascript|data):", value or "", re.I), (tag, value)
            if tag == "form" and name == "action":
                assert "example.org" not in (value or "")


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payloads_in_every_text_field_come_out_harmless(client, board, host, payload):
    boards.update_board(db.session, board, f"Bord {payload}", payload)
    section = boards.add_section(db.session, board, f"Kolom {payload}"[:80])
    post = Post(board=board, section=section, rank="m", kind="vraag", title=payload[:140],
                body=payload, link_url="https://example.org/x", link_title=payload[:140],
                author_name=payload[:80], state="open")
    db.session.add(post)
    db.session.flush()
    together.add_comment(db.session, post, Viewer(host), payload)
    together.report_post(db.session, post, Viewer(host), payload)
    db.session.commit()
    client.login(host)
    for url in (f"/boards/{board.slug}", f"/berichten/{post.id}", "/boards",
                f"/boards/{board.slug}/moderatie", f"/boards/{board.slug}/afdrukken",
                f"/boards/{board.slug}/instellingen", f"/hubs/{board.hub.slug}", "/",
                f"/berichten/{post.id}/bewerken"):
        response = client.get(url)
        assert response.status_code == 200, url
        _clean(response.get_data(as_text=True))


def test_links_in_text_are_marked_as_user_content(client, board, make_post, host):
    post = make_post(author=host, body="Kijk op [onze site](https://example.org)")
    page = client.get(f"/berichten/{post.id}").get_data(as_text=True)
    assert 'rel="nofollow noopener ugc"' in page
