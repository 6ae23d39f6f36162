"""What people type into any pinboard field comes out escaped or sanitised."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from hubsite.extensions import db
from hubsite.pinboard import boards, moderation, posts, together
from hubsite.pinboard.access import Viewer, secret_hash
from hubsite.pinboard.models import Post
from tests.pinboard.conftest import form_values, post_data
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


def link_for(payload: str) -> str:
    """The payload as the link field keeps it (it must be a web address), or inside one."""
    try:
        return posts.clean_link(payload[:500])
    except posts.PostError:
        return "https://example.org/?q=" + payload[:400]


def fill_every_field(board, host, payload: str) -> tuple[Post, Post]:
    """The payload in every text field of the pinboard, as the services store it: board
    title and description, a section name, a post's title, text, link, link title, picture
    description and author name, a comment and its writer's name, a report's reason, and
    the note of a hidden post."""
    boards.update_board(db.session, board, f"Bord {payload}"[:120], payload,
                        moderation="none")
    section = boards.add_section(db.session, board, f"Kolom {payload}"[:80])
    post = Post(board=board, section=section, rank="m", kind="vraag", title=payload[:140],
                body=payload, link_url=link_for(payload), link_title=payload[:140],
                image_alt=payload[:300], author_name=payload[:80], state="open")
    hidden = Post(board=board, section=section, rank="n", kind="idee", title=payload[:140],
                  body=payload, author_name=payload[:80], author_id=host.id)
    db.session.add_all([post, hidden])
    db.session.flush()
    together.add_comment(db.session, post, Viewer(host), payload)
    together.add_comment(db.session, post, Viewer(None, secret_hash("bezoeker")),
                         f"Ook {payload}", display_name=payload[:80])
    together.report_post(db.session, post, Viewer(host), payload)
    moderation.moderate_post(db.session, hidden, Viewer(host), "hide", payload[:500])
    db.session.commit()
    return post, hidden


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payloads_in_every_text_field_come_out_harmless(client, board, host, payload):
    post, hidden = fill_every_field(board, host, payload)
    client.login(host)
    pages = [f"/boards/{board.slug}", f"/berichten/{post.id}", f"/berichten/{hidden.id}",
             "/boards", f"/boards/{board.slug}/moderatie",
             f"/hubs/{board.hub.slug}/prikbord/moderatie", f"/boards/{board.slug}/afdrukken",
             f"/boards/{board.slug}/instellingen", f"/hubs/{board.hub.slug}", "/",
             f"/berichten/{post.id}/bewerken", f"/boards/{board.slug}/hergebruiken"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        _clean(response.get_data(as_text=True))
    for layout in ("columns", "stream"):
        board.layout = layout
        db.session.commit()
        page = client.get(f"/boards/{board.slug}").get_data(as_text=True)
        _clean(page)
        if payload == "{{7*7}}":  # shown as typed, never evaluated by a template
            assert "{{7*7}}" in page


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payloads_typed_into_the_forms_are_refused_or_shown_harmless(client, board, payload):
    """Typed by a visitor into the post, comment and report forms: a message or the post,
    never a 500, and nothing that runs."""
    board.moderation = "none"
    db.session.commit()
    data = post_data(title=payload[:140], body=payload, link_url=payload[:500],
                     link_title=payload[:140], display_name=payload[:80],
                     section=board.sections[0].id,
                     **form_values(client.get(f"/boards/{board.slug}").get_data(as_text=True)))
    response = client.form(f"/boards/{board.slug}/berichten", data, follow_redirects=True)
    assert response.status_code in (200, 422), response.status_code
    _clean(response.get_data(as_text=True))
    # Typed again as the form asks: a web address, single-line fields on one line.
    line = payload.replace("\n", " ")
    data.update(link_url=link_for(line), title=line[:140], link_title=line[:140],
                display_name=line[:80])
    response = client.form(f"/boards/{board.slug}/berichten", data, follow_redirects=True)
    assert response.status_code == 200, re.findall(
            r'class="[^"]*(?:error|notice)[^"]*"[^>]*>([^<]+)', response.get_data(as_text=True))
    _clean(response.get_data(as_text=True))
    post = db.session.scalars(sa.select(Post).order_by(Post.id.desc())).first()
    for url, values in ((f"/berichten/{post.id}/reacties",
                         {"body": payload, "display_name": line[:80], "website": "",
                          "parent_id": "", **form_values(
                              client.get(f"/berichten/{post.id}").get_data(as_text=True))}),
                        (f"/berichten/{post.id}/melden", {"reason": payload})):
        response = client.form(url, values, follow_redirects=True)
        assert response.status_code == 200, (url, re.findall(
            r'class="[^"]*(?:error|notice)[^"]*"[^>]*>([^<]+)', response.get_data(as_text=True)))
        _clean(response.get_data(as_text=True))


def test_links_in_text_are_marked_as_user_content(client, board, make_post, host):
    post = make_post(author=host, body="Kijk op [onze site](https://example.org)")
    page = client.get(f"/berichten/{post.id}").get_data(as_text=True)
    assert 'rel="nofollow noopener ugc"' in page
