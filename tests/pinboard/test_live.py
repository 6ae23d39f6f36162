"""Live boards: every change to what a board shows raises its version in the same
transaction, the version is mirrored in Redis, and the "anything new?" check costs one
key read (no SQL, no template) or, without Redis, one indexed row."""

from __future__ import annotations

import uuid

import pytest
import redis
import sqlalchemy as sa
from flask import template_rendered

from hubsite.extensions import db
from hubsite.live import KEY_PREFIX, VersionMirror, version_mirror
from hubsite.pinboard import boards, live, moderation, posts, together
from hubsite.pinboard.access import Viewer
from hubsite.pinboard.models import Board, Post
from tests.conftest import counted_queries
from tests.pinboard.conftest import with_visitor_secret

REDIS_URL = "redis://127.0.0.1:6379/14"


def version_of(board: Board) -> int:
    return db.session.scalar(sa.select(Board.version).where(Board.id == board.id))


@pytest.fixture
def redis_url() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis is not reachable on 127.0.0.1:6379 ({error})")
    return REDIS_URL


@pytest.fixture
def mirrored(app, redis_url, board):
    """The app with REDIS_URL set, on a Redis database of its own, for this board."""
    app.config["REDIS_URL"] = redis_url
    app.extensions.pop("live.versions", None)
    mirror = version_mirror(app)
    mirror.forget(live.mirror_key(board.slug))
    yield mirror
    mirror.forget(live.mirror_key(board.slug))
    app.extensions.pop("live.versions", None)
    app.config["REDIS_URL"] = ""


# -- The version goes up with every change ---------------------------------------------------


def test_a_new_post_raises_its_boards_version_and_no_other(board, make_post, host, hub):
    other = boards.ensure_network_board(db.session)
    db.session.commit()
    before, other_before = version_of(board), version_of(other)

    make_post(author=host)

    assert version_of(board) > before
    assert version_of(other) == other_before


@pytest.mark.parametrize("change", [
    "edit", "move", "delete", "approve", "hide", "pin", "state", "react", "comment",
    "rename_section", "settings",
])
def test_every_change_to_what_a_board_shows_raises_its_version(change, board, make_post, host):
    post = make_post(author=host, kind="vraag", status="held")
    team = Viewer(host)
    before = version_of(board)

    if change == "edit":
        posts.update_post(db.session, post, team, kind="vraag", title="Nieuwe titel")
    elif change == "move":
        posts.move_post(db.session, post, team, section=board.sections[1])
    elif change == "delete":
        posts.delete_post(db.session, post, team)
    elif change in ("approve", "hide", "pin"):
        moderation.moderate_post(db.session, post, team, change)
    elif change == "state":
        posts.set_state(db.session, post, team, "in_gesprek")
    elif change == "react":
        post.status = "published"
        db.session.commit()
        before = version_of(board)
        together.toggle_reaction(db.session, post, team)
    elif change == "comment":
        post.status = "published"
        db.session.commit()
        before = version_of(board)
        together.add_comment(db.session, post, team, "Ik kan helpen!")
    elif change == "rename_section":
        boards.rename_section(db.session, board.sections[0], "Vragen")
    else:
        boards.update_board(db.session, board, board.title, board.description, layout="columns")
    db.session.commit()

    assert version_of(board) > before


def test_reading_a_board_changes_no_version(client, board, make_post, host):
    make_post(author=host)
    before = version_of(board)

    client.get(f"/boards/{board.slug}")
    client.get(f"/boards/{board.slug}/berichten")

    assert version_of(board) == before


def test_a_change_that_is_rolled_back_leaves_the_version(board, make_post, host):
    post = make_post(author=host)
    before = version_of(board)

    post.title = "Toch niet"
    db.session.flush()
    db.session.rollback()

    assert version_of(board) == before
    assert live.PENDING not in db.session.info


def test_the_board_in_the_session_shows_its_new_version_without_another_query(board, make_post,
                                                                              host):
    post = make_post(author=host)
    post.title = "Anders"
    db.session.flush()

    with counted_queries() as statements:
        seen = board.version

    assert statements == []
    assert seen == db.session.scalar(sa.select(Board.version).where(Board.id == board.id))


# -- The Redis mirror -------------------------------------------------------------------------


def test_a_commit_mirrors_the_new_version_in_redis(mirrored, board, make_post, host):
    make_post(author=host)

    assert mirrored.get(live.mirror_key(board.slug)) == version_of(board)


def test_the_mirror_never_goes_back(redis_url):
    mirror = VersionMirror(redis_url)
    key = f"test:{uuid.uuid4().hex}"
    try:
        mirror.raise_to(key, 7)
        mirror.raise_to(key, 5)  # a commit that mirrors late, or a check that read earlier

        assert mirror.get(key) == 7
    finally:
        mirror.forget(key)


def test_a_mirror_that_missed_a_write_is_corrected_from_the_database(mirrored, board, make_post,
                                                                     host):
    make_post(author=host)
    current = version_of(board)
    key = live.mirror_key(board.slug)
    redis.Redis.from_url(REDIS_URL).set(KEY_PREFIX + key, current - 1)  # Redis was away

    assert live.board_version(db.session, mirrored, board.slug, known=current) == current
    assert mirrored.get(key) == current


def test_a_redis_that_is_down_costs_speed_not_an_answer(app, board, make_post, host):
    make_post(author=host)
    unreachable = VersionMirror("redis://127.0.0.1:1/0")

    assert live.board_version(db.session, unreachable, board.slug) == version_of(board)


# -- The check -----------------------------------------------------------------------------------


def check(client, slug: str, seen: int | None):
    headers = {"If-None-Match": f'"v{seen}"'} if seen is not None else {}
    return client.get(f"/boards/{slug}/versie", headers=headers)


def test_the_check_answers_304_while_nothing_changed(client, board, make_post, host):
    make_post(author=host)
    current = version_of(board)

    response = check(client, board.slug, current)

    assert response.status_code == 304
    assert response.get_data() == b""
    assert response.headers["ETag"] == f'"v{current}"'
    assert "no-cache" in response.headers["Cache-Control"]


def test_the_check_answers_the_new_version_after_a_change(client, board, make_post, host):
    seen = version_of(board)
    make_post(author=host)

    response = check(client, board.slug, seen)

    assert response.status_code == 200
    assert response.get_data(as_text=True) == str(version_of(board))
    assert int(response.get_data(as_text=True)) > seen


def test_the_check_of_a_board_that_does_not_exist_is_404(client, board):
    assert client.get("/boards/bestaat-niet/versie").status_code == 404


def test_with_redis_the_check_runs_no_sql_and_renders_no_template(app, client, mirrored, board,
                                                                  make_post, host, visitor):
    make_post(author=host)  # the commit puts the version in Redis
    current, slug = version_of(board), board.slug
    client.login(visitor)  # a logged-in person is not looked up either
    rendered = []

    def note(sender, template, context, **extra):
        rendered.append(template.name)

    template_rendered.connect(note, app)
    try:
        with counted_queries() as statements:
            unchanged = check(client, slug, current)
            changed = check(client, slug, current - 1)
    finally:
        template_rendered.disconnect(note, app)

    assert (unchanged.status_code, changed.status_code) == (304, 200)
    assert statements == []
    assert rendered == []


def test_without_redis_the_check_reads_one_row(client, board, make_post, host):
    make_post(author=host)
    slug, seen = board.slug, version_of(board) - 1

    with counted_queries() as statements:
        assert check(client, slug, seen).status_code == 200
        check_queries = len(statements)

    assert check_queries == 1
    assert "boards" in statements[0] and "slug" in statements[0]


# -- The posts region ---------------------------------------------------------------------------


def test_the_posts_region_comes_alone_for_htmx(hx, board, make_post, host):
    make_post(author=host, title="Wie filmt onze opening?")

    page = hx.get(f"/boards/{board.slug}/berichten").get_data(as_text=True)

    assert page.lstrip().startswith('<div id="board-posts"')
    assert "Wie filmt onze opening?" in page
    assert f'data-live-version="{version_of(board)}"' in page
    assert "<html" not in page and 'id="post-form"' not in page


def test_without_htmx_the_posts_address_shows_the_whole_board(client, board, make_post, host):
    make_post(author=host, title="Wie filmt onze opening?")

    page = client.get(f"/boards/{board.slug}/berichten").get_data(as_text=True)

    assert "<html" in page and 'id="post-form"' in page and "Wie filmt onze opening?" in page


def test_the_posts_region_shows_a_held_post_to_its_author_and_the_team_only(
        app, board, make_post, host, visitor, make_app):
    make_post(author=visitor, title="Mijn vraag wacht", status="held")
    url = f"/boards/{board.slug}/berichten"

    def region_for(user) -> str:
        client = make_app().test_client()
        client.environ_base["HTTP_HX_REQUEST"] = "true"
        if user is not None:
            client.login(user)
        return client.get(url).get_data(as_text=True)

    assert "Mijn vraag wacht" in region_for(visitor)
    assert "Mijn vraag wacht" in region_for(host)
    assert "Mijn vraag wacht" not in region_for(None)


def test_the_board_page_tells_the_live_script_where_to_ask(client, board, app):
    app.config["PINBOARD_LIVE_SECONDS"] = 0.5

    page = client.get(f"/boards/{board.slug}?soort=vraag").get_data(as_text=True)

    assert f'data-live-check="/boards/{board.slug}/versie"' in page
    assert f'data-live-fetch="/boards/{board.slug}/berichten?soort=vraag"' in page
    assert 'data-live-every="500"' in page
    assert f'data-live-version="{version_of(board)}"' in page


# -- Dragging ------------------------------------------------------------------------------------


def ranks(board: Board) -> dict[int, tuple[int, str]]:
    return {p.id: (p.section_id, p.rank) for p in db.session.scalars(
        sa.select(Post).where(Post.board_id == board.id))}


def test_a_drop_puts_the_post_just_above_the_card_it_landed_on(hx, board, make_post, host):
    target = board.sections[1]
    first = make_post(author=host, section_index=1, title="Eerste")
    second = make_post(author=host, section_index=1, title="Tweede")  # new posts go on top
    dragged = make_post(author=host, section_index=0, title="Gesleept")
    hx.login(host)
    before = ranks(board)

    response = hx.form(f"/berichten/{dragged.id}/verplaatsen",
                       {"section": target.id, "voor": first.id})

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Verplaatst naar Aanbod, positie 2 van 3" in page
    assert page.lstrip().startswith('<div id="board-posts"')  # the post form is left alone
    order = [p.title for p in db.session.scalars(
        sa.select(Post).where(Post.section_id == target.id).order_by(Post.rank))]
    assert order == ["Tweede", "Gesleept", "Eerste"]
    after = ranks(board)
    assert {pid for pid in after if after[pid] != before[pid]} == {dragged.id}
    assert second.id in after


def test_a_drop_at_the_end_of_a_section_sends_no_card(hx, board, make_post, host):
    make_post(author=host, section_index=2, title="Al daar")
    dragged = make_post(author=host, section_index=0, title="Gesleept")
    hx.login(host)

    response = hx.form(f"/berichten/{dragged.id}/verplaatsen", {"section": board.sections[2].id})

    assert "Verplaatst naar Ideeën, positie 2 van 2" in response.get_data(as_text=True)


def test_a_drop_above_a_card_that_is_no_longer_there_is_refused_with_a_message(
        hx, board, make_post, host):
    dragged = make_post(author=host)
    gone = make_post(author=host, section_index=1)
    gone_id = gone.id
    db.session.delete(gone)
    db.session.commit()
    hx.login(host)

    response = hx.form(f"/berichten/{dragged.id}/verplaatsen",
                       {"section": board.sections[1].id, "voor": gone_id})

    assert response.status_code == 409
    assert response.headers["HX-Retarget"] == "#messages"
    assert "intussen veranderd" in response.get_data(as_text=True)


@pytest.mark.parametrize("who", ["anonymous", "other_visitor", "other_account"])
def test_nobody_but_the_author_or_team_can_drop_a_post_elsewhere(who, hx, board, make_post,
                                                                 visitor, make_user):
    post = make_post(visitor="geheim-van-de-schrijver")
    before = ranks(board)
    if who == "other_visitor":
        with_visitor_secret(hx, "een-ander-geheim")
    elif who == "other_account":
        hx.login(make_user())

    response = hx.form(f"/berichten/{post.id}/verplaatsen", {"section": board.sections[2].id})

    assert response.status_code in (401, 403) or "HX-Redirect" in response.headers
    assert ranks(board) == before


def test_a_visitor_drags_their_own_post(hx, board, make_post):
    post = make_post(visitor="mijn-geheim")
    with_visitor_secret(hx, "mijn-geheim")

    page = hx.get(f"/boards/{board.slug}/berichten").get_data(as_text=True)
    assert "data-order-script" in page and 'class="pin__drag' in page

    response = hx.form(f"/berichten/{post.id}/verplaatsen", {"section": board.sections[2].id})
    assert response.status_code == 200
    assert db.session.get(Post, post.id).section_id == board.sections[2].id


def test_only_people_who_may_move_a_card_get_the_drag_handles(client, board, make_post, host):
    make_post(author=host)

    page = client.get(f"/boards/{board.slug}").get_data(as_text=True)

    assert "data-order-script" not in page and "pin__drag" not in page

