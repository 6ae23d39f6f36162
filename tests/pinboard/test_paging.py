"""A board of many posts shows a page of cards per column and "Meer tonen" for the rest:
with a plain link without JavaScript, as the posts region with htmx."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from hubsite.extensions import db
from hubsite.pinboard import posts
from hubsite.pinboard.access import Viewer
from hubsite.pinboard.models import HELD, Board, Post
from hubsite.pinboard.posts import BOARD_PAGE
from tests.conftest import counted_queries


def fill(board: Board, count: int, section_index: int = 0, kind: str = "vraag",
         author=None) -> list[int]:
    """`count` published posts in one section; their ids in the board's order."""
    section = board.sections[section_index]
    for n in range(count):
        post = posts.create_post(db.session, board, Viewer(author), section, kind=kind,
                                 title=f"Kaart {section_index}-{kind}-{n}")
        post.status = "published"
    db.session.commit()
    return list(db.session.scalars(
        sa.select(Post.id).where(Post.section_id == section.id, Post.kind == kind)
        .order_by(Post.pinned.desc(), Post.rank, Post.id)))


def shown_ids(page: str, section_id: int | None = None) -> list[int]:
    region = page
    if section_id is not None:
        region = re.search(rf'<ol class="pins" id="pins-{section_id}".*?</ol>', page, re.S)[0]
    return [int(found) for found in re.findall(r'<article class="pin[^"]*" id="post-(\d+)"', region)]


def more_link(page: str) -> re.Match:
    return re.search(r'<p class="board-more">\s*<span class="board-more__count">([^<]+)</span>\s*'
                     r'<a [^>]*href="([^"]+)"[^>]*hx-get="([^"]+)"[^>]*hx-push-url="([^"]+)"',
                     page)


def test_a_column_shows_a_page_of_cards_and_says_how_many_more(client, board, host):
    order = fill(board, BOARD_PAGE + 12, author=host)
    fill(board, 3, section_index=1, kind="aanbod", author=host)
    page = client.get(f"/boards/{board.slug}").get_data(as_text=True)
    vraag, aanbod = board.sections[0].id, board.sections[1].id

    assert shown_ids(page, vraag) == order[:BOARD_PAGE]
    assert len(shown_ids(page, aanbod)) == 3
    # The column's count is all its posts, not the ones shown.
    assert re.search(rf'id="section-{vraag}"[^>]*>[^<]*<span class="board-section__count">'
                     rf'{BOARD_PAGE + 12}</span>', page)
    found = more_link(page)
    assert found[1] == "Nog 12 berichten"
    assert found[2] == f"/boards/{board.slug}?aantal={2 * BOARD_PAGE}#post-{order[BOARD_PAGE]}"
    assert page.count('class="board-more"') == 1  # the short column has none
    # A card dropped at the column's end goes above the first card not shown.
    assert f'id="pins-{vraag}" data-section="{vraag}" data-next="{order[BOARD_PAGE]}"' in page


def test_without_javascript_the_link_shows_the_board_with_more_cards(client, board, host):
    order = fill(board, 2 * BOARD_PAGE + 5, author=host)
    page = client.get(f"/boards/{board.slug}").get_data(as_text=True)
    page = client.get(more_link(page)[2].split("#")[0]).get_data(as_text=True)
    assert shown_ids(page, board.sections[0].id) == order[:2 * BOARD_PAGE]
    assert more_link(page)[1] == "Nog 5 berichten"
    page = client.get(more_link(page)[2].split("#")[0]).get_data(as_text=True)
    assert shown_ids(page, board.sections[0].id) == order
    assert more_link(page) is None


def test_with_htmx_more_answers_the_posts_region_with_the_focus_on_the_first_new_card(
        client, hx, board, host):
    order = fill(board, BOARD_PAGE + 2, author=host)
    page = client.get(f"/boards/{board.slug}").get_data(as_text=True)
    found = more_link(page)
    assert found[4] == f"/boards/{board.slug}?aantal={2 * BOARD_PAGE}"  # the address to keep
    fragment = hx.get(found[3].replace("&amp;", "&")).get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="board-posts"')
    assert "<html" not in fragment and 'id="post-form"' not in fragment
    assert shown_ids(fragment) == order
    first_new = re.search(rf'<a href="/berichten/{order[BOARD_PAGE]}"([^>]*)>', fragment)[1]
    assert "data-focus" in first_new
    assert fragment.count("data-focus") == 1
    # The live check keeps fetching as many cards as are shown now.
    assert f'data-live-fetch="/boards/{board.slug}/berichten?aantal={2 * BOARD_PAGE}"' in fragment


def test_the_stream_shows_the_newest_page_and_more(client, board, host):
    board.layout = "stream"
    db.session.commit()
    fill(board, BOARD_PAGE, author=host)
    fill(board, 4, section_index=1, kind="aanbod", author=host)
    newest = list(db.session.scalars(sa.select(Post.id).order_by(
        Post.created_at.desc(), Post.id.desc())))
    page = client.get(f"/boards/{board.slug}").get_data(as_text=True)
    assert shown_ids(page) == newest[:BOARD_PAGE]
    found = more_link(page)
    assert found[1] == "Nog 4 berichten"
    assert found[2].endswith(f"#post-{newest[BOARD_PAGE]}")


def test_more_keeps_the_filters_and_counts_only_what_they_let_through(client, board, host):
    fill(board, BOARD_PAGE + 3, author=host)
    fill(board, BOARD_PAGE + 8, kind="idee", author=host)
    page = client.get(f"/boards/{board.slug}?soort=idee").get_data(as_text=True)
    found = more_link(page)
    assert found[1] == "Nog 8 berichten"
    assert found[2].startswith(f"/boards/{board.slug}?soort=idee&amp;aantal={2 * BOARD_PAGE}")
    # Choosing another filter starts again at the first page.
    assert f'href="/boards/{board.slug}?soort=vraag"' in page


def test_a_held_post_counts_only_for_whom_sees_it(client, board, host, make_post):
    fill(board, BOARD_PAGE, author=host)
    make_post(visitor="iemand", status=HELD, title="Wacht nog")
    page = client.get(f"/boards/{board.slug}").get_data(as_text=True)
    assert more_link(page) is None and "Wacht nog" not in page
    client.login(host)
    page = client.get(f"/boards/{board.slug}").get_data(as_text=True)
    assert more_link(page)[1] == "Nog 1 bericht"


@pytest.mark.parametrize("asked", ["abc", "-5", "0", "10", "99999999999", ""])
def test_a_strange_number_shows_the_first_page_or_at_most_all(client, board, host, asked):
    order = fill(board, BOARD_PAGE + 1, author=host)
    response = client.get(f"/boards/{board.slug}?aantal={asked}")
    assert response.status_code == 200
    shown = shown_ids(response.get_data(as_text=True), board.sections[0].id)
    assert shown == (order if asked == "99999999999" else order[:BOARD_PAGE])


def test_moving_the_last_card_shown_down_keeps_it_in_view(client, hx, board, host):
    order = fill(board, BOARD_PAGE + 3, author=host)
    last_shown = order[BOARD_PAGE - 1]
    hx.login(host)
    page = hx.get(f"/boards/{board.slug}").get_data(as_text=True)
    action = re.search(rf'action="(/berichten/{last_shown}/verplaatsen[^"]*)"', page)[1]
    response = hx.form(action, {"richting": "omlaag"})
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert f"positie {BOARD_PAGE + 1} van {BOARD_PAGE + 3}" in response.headers.get(
        "HX-Trigger", "") + fragment
    assert last_shown in shown_ids(fragment)
    assert f'data-live-fetch="/boards/{board.slug}/berichten?aantal={2 * BOARD_PAGE}"' in fragment

    client.login(host)  # without JavaScript: back to the board, far enough down
    page = client.get(f"/boards/{board.slug}?aantal={2 * BOARD_PAGE}").get_data(as_text=True)
    action = re.search(rf'action="(/berichten/{last_shown}/verplaatsen[^"]*)"', page)[1]
    assert action.endswith(f"?aantal={2 * BOARD_PAGE}")  # the board as it was shown


def test_a_card_dropped_at_the_end_of_a_partial_column_lands_above_the_next_one(client, board,
                                                                               host):
    order = fill(board, BOARD_PAGE + 3, author=host)
    client.login(host)
    page = client.get(f"/boards/{board.slug}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    response = client.post(f"/berichten/{order[0]}/verplaatsen", data={
        "csrf_token": token, "section": board.sections[0].id, "voor": order[BOARD_PAGE]})
    assert response.status_code == 303
    now = list(db.session.scalars(sa.select(Post.id).where(
        Post.section_id == board.sections[0].id).order_by(Post.rank, Post.id)))
    assert now.index(order[0]) == BOARD_PAGE - 1  # the last card shown, not the column's end


def test_the_queries_do_not_grow_with_the_cards_not_shown(client, board, host):
    fill(board, BOARD_PAGE + 1, author=host)
    url, board_id, host_id = f"/boards/{board.slug}/berichten", board.id, host.id

    def queries() -> int:
        db.session.expunge_all()  # nothing already loaded hides a query per post
        with counted_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    client.login(host)
    few = queries()
    fill(db.session.get(Board, board_id), 3 * BOARD_PAGE,
         author=db.session.get(type(host), host_id))
    assert queries() == few
