"""Boards, sections, posts, moderation and reuse as plain functions."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from hubsite.cloning import cloned_values
from hubsite.extensions import db
from hubsite.hubs.services import save_hub
from hubsite.pinboard import boards, moderation, posts, together
from hubsite.pinboard.access import Viewer, secret_hash
from hubsite.pinboard.models import HELD, PUBLISHED, Board, Post


def test_a_new_hub_gets_its_own_board(app):
    hub = save_hub(db.session, None, name="Hub Enschede", slug="enschede", city="Enschede")
    db.session.commit()

    board = boards.hub_board(db.session, hub)
    assert board is not None and board.slug == "enschede"
    assert [s.name for s in board.sections] == ["Vraag", "Aanbod", "Ideeën"]


def test_removing_a_section_moves_its_posts_to_another(board, make_post, visitor):
    first, second = board.sections[0], board.sections[1]
    moved = make_post(author=visitor, title="Blijft bestaan")
    make_post(author=visitor, section_index=1, title="Stond er al")

    count = boards.remove_section(db.session, first, second)
    db.session.commit()

    assert count == 1
    assert db.session.get(Post, moved.id).section_id == second.id
    assert [s.name for s in board.sections] == ["Aanbod", "Ideeën"]


def test_the_last_section_cannot_be_removed(board):
    for section in board.sections[1:]:
        boards.remove_section(db.session, section, board.sections[0])
    with pytest.raises(boards.BoardError):
        boards.remove_section(db.session, board.sections[0], None)


def test_a_visitors_post_waits_for_the_team_when_the_board_holds_visitors(board):
    post = posts.create_post(db.session, board, Viewer(None, secret_hash("abc")),
                             board.sections[0], display_name="Noor", kind="vraag", title="Hoi")
    assert post.status == HELD


def test_an_account_posts_at_once_on_that_board(board, visitor):
    post = posts.create_post(db.session, board, Viewer(visitor), board.sections[0],
                             kind="idee", title="Soep op vrijdag")
    assert post.status == PUBLISHED and post.author_name == visitor.name and post.state is None


def test_a_blocked_word_holds_a_post_even_on_a_board_that_publishes_at_once(board, visitor):
    board.moderation = "none"
    post = posts.create_post(db.session, board, Viewer(visitor), board.sections[0],
                             kind="aanbod", title="Gratis casino bonus")
    assert post.status == HELD and "casino" in post.held_reason


def test_a_hub_teams_own_word_holds_a_post(board, visitor):
    board.moderation, board.blocked_words = "none", "bitterballen\n"
    post = posts.create_post(db.session, board, Viewer(visitor), board.sections[0],
                             kind="idee", title="Bitterballen voor iedereen")
    assert post.status == HELD


def test_a_match_links_both_posts(board, make_post, visitor, host):
    question = make_post(author=visitor, kind="vraag")
    offer = make_post(author=host, kind="aanbod", title="Wij filmen")

    posts.match_posts(db.session, question, offer, Viewer(visitor))
    db.session.commit()

    assert question.match_id == offer.id and offer.match_id == question.id
    assert question.state == offer.state == "gematcht"


def test_two_questions_cannot_be_matched(board, make_post, visitor):
    one, other = make_post(author=visitor), make_post(author=visitor)
    with pytest.raises(posts.PostError):
        posts.match_posts(db.session, one, other, Viewer(visitor))


def test_moving_a_post_changes_only_that_post(board, make_post, host):
    made = [make_post(author=host, title=f"Bericht {n}") for n in range(5)]
    before = dict(db.session.execute(sa.select(Post.id, Post.rank)).all())
    moving = made[0]  # newest first: the first made is the last

    moved = posts.move_post(db.session, moving, Viewer(host), offset=-2)
    db.session.commit()

    after = dict(db.session.execute(sa.select(Post.id, Post.rank)).all())
    changed = {pid for pid in after if after[pid] != before[pid]}
    assert changed == {moving.id}
    assert (moved.position, moved.total) == (3, 5)


def test_moving_to_another_section_puts_the_post_at_its_end(board, make_post, host):
    make_post(author=host, section_index=1, title="Aanbod 1")
    post = make_post(author=host)
    moved = posts.move_post(db.session, post, Viewer(host), section=board.sections[1])
    assert moved.section.name == "Aanbod" and (moved.position, moved.total) == (2, 2)


def test_someone_else_cannot_move_a_post(board, make_post, host, visitor):
    post = make_post(author=host)
    with pytest.raises(posts.PostError):
        posts.move_post(db.session, post, Viewer(visitor), offset=1)


def test_one_reaction_per_browser(board, make_post, host):
    post = make_post(author=host)
    browser = Viewer(None, secret_hash("browser-1"))
    assert together.toggle_reaction(db.session, post, browser) is True
    assert together.toggle_reaction(db.session, post, browser) is False
    assert together.reaction_count(db.session, post) == 0


def test_a_reply_to_a_reply_stays_one_level_deep(board, make_post, host, visitor):
    post = make_post(author=host)
    first = together.add_comment(db.session, post, Viewer(visitor), "Leuk!")
    reply = together.add_comment(db.session, post, Viewer(host), "Dank je", parent=first)
    deeper = together.add_comment(db.session, post, Viewer(visitor), "Graag", parent=reply)
    assert deeper.parent_id == first.id


def test_the_queue_holds_held_posts_and_reports(board, make_post, host, visitor):
    held = make_post(visitor="v", status=HELD)
    reported = make_post(author=visitor)
    together.report_post(db.session, reported, Viewer(None), "Dit is reclame")
    db.session.commit()

    queue = moderation.queue_for(db.session, [board])
    assert [p.id for p in queue.posts] == [held.id]
    assert [r.post_id for r in queue.reports] == [reported.id]
    assert moderation.queue_count(db.session, [board]) == 2

    moderation.moderate_post(db.session, reported, Viewer(host), "approve")
    assert moderation.queue_count(db.session, [board]) == 1


def test_reusing_a_board_takes_sections_settings_and_pinned_posts_only(board, make_post, host):
    board.layout, board.moderation = "columns", "all"
    boards.add_section(db.session, board, "Evenement")
    pinned = make_post(author=host, title="Zo werkt dit prikbord", pinned=True)
    make_post(author=host, title="Gewoon bericht")
    together.toggle_reaction(db.session, pinned, Viewer(host))
    db.session.commit()

    copy = boards.reuse_board(db.session, board, "Prikbord voorjaar",
                              cloned_values("board", board), board.hub)
    db.session.commit()

    assert copy.cloned_from_id == board.id
    assert [s.name for s in copy.sections] == ["Vraag", "Aanbod", "Ideeën", "Evenement"]
    assert (copy.layout, copy.moderation) == ("columns", "all")
    titles = db.session.scalars(sa.select(Post.title).where(Post.board_id == copy.id)).all()
    assert titles == ["Zo werkt dit prikbord"]
    new_pinned = db.session.scalar(sa.select(Post).where(Post.board_id == copy.id))
    assert new_pinned.author_id is None and new_pinned.author_name == board.hub.name


def test_a_link_without_a_scheme_becomes_https_and_other_schemes_are_refused():
    assert posts.clean_link("voorbeeld.nl/pagina") == "https://voorbeeld.nl/pagina"
    for bad in ("javascript:alert(1)", "ftp://voorbeeld.nl", "https://localhost"):
        with pytest.raises(posts.PostError):
            posts.clean_link(bad)


def test_the_network_board_is_made_once(app):
    first = boards.ensure_network_board(db.session)
    second = boards.ensure_network_board(db.session)
    assert first.id == second.id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Board)) == 1
