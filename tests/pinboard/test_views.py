"""The board pages, as full pages and as htmx fragments, with and without an account."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa

from hubsite.accounts.models import User
from hubsite.extensions import db
from hubsite.media.services import store_image
from hubsite.pinboard import together
from hubsite.pinboard.access import Viewer
from hubsite.pinboard.models import HELD, Board, Post, Reaction, Report
from tests.conftest import counted_queries, field_error
from tests.pinboard.conftest import form_values, post_data, with_visitor_secret


def test_the_board_page_shows_its_sections_and_posts(client, board, make_post, visitor):
    make_post(author=visitor, title="Studenten gezocht om te filmen")
    page = client.get(f"/boards/{board.slug}").get_data(as_text=True)
    assert "Studenten gezocht om te filmen" in page
    assert 'data-section="' in page and 'data-id="' in page
    assert "Fatima Bezoeker" in page


def test_boards_lists_every_board(client, board):
    assert board.title in client.get("/boards").get_data(as_text=True)


def test_a_visitor_posts_under_a_display_name_and_is_told_it_waits(client, board):
    stamp = form_values(client.get(f"/boards/{board.slug}").get_data(as_text=True))
    response = client.form(f"/boards/{board.slug}/berichten",
                           post_data(display_name="Noor", section=board.sections[0].id, **stamp))
    assert response.status_code == 303
    post = db.session.scalar(sa.select(Post))
    assert post.author_name == "Noor" and post.status == HELD
    cookie = client.get_cookie("prikbord")
    assert cookie is not None and cookie.http_only
    page = client.get(f"/boards/{board.slug}").get_data(as_text=True)
    assert "Wie helpt met een logo?" in page and "Wacht op controle" in page
    assert cookie.value not in page  # the secret is never in the page


def test_a_held_post_is_invisible_to_everyone_else(client, app, board, make_post):
    post = make_post(visitor="mijn-browser", status=HELD, title="Nog niet zichtbaar")
    assert "Nog niet zichtbaar" not in client.get(f"/boards/{board.slug}").get_data(as_text=True)
    assert client.get(f"/berichten/{post.id}").status_code == 404


def test_the_team_sees_a_held_post(client, board, make_post, host):
    make_post(visitor="v", status=HELD, title="Nog niet zichtbaar")
    client.login(host)
    assert "Nog niet zichtbaar" in client.get(f"/boards/{board.slug}").get_data(as_text=True)


def test_a_failed_post_keeps_what_was_typed_and_says_what_is_missing(client, board):
    response = client.form(f"/boards/{board.slug}/berichten",
                           post_data(title="", body="Mijn lange tekst", display_name="Noor",
                                     section=board.sections[0].id))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert field_error(page, "title") == "Geef je bericht een titel."
    assert "Mijn lange tekst" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Post)) == 0


def test_a_bad_link_gets_a_message_next_to_the_field(client, board, visitor):
    client.login(visitor)
    response = client.form(f"/boards/{board.slug}/berichten",
                           post_data(link_url="javascript:alert(1)", section=board.sections[0].id))
    assert response.status_code == 422
    assert "webadres" in field_error(response.get_data(as_text=True), "link_url")


def test_htmx_posting_answers_the_board_fragment(hx, board, visitor):
    hx.login(visitor)
    response = hx.form(f"/boards/{board.slug}/berichten",
                       post_data(section=board.sections[0].id))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="board"') and "<html" not in page
    assert "Je bericht staat op het prikbord." in page  # into the message region


def test_a_visitor_edits_their_post_from_the_same_browser_only(client, app, board, make_post):
    post = make_post(visitor="browser-a")
    other = app.test_client()
    with_visitor_secret(other, "browser-b")
    refused = other.get(f"/berichten/{post.id}/bewerken")
    assert refused.status_code == 302 and "/inloggen" in refused.location  # log in first
    with_visitor_secret(client, "browser-a")
    response = client.form(f"/berichten/{post.id}/bewerken",
                           post_data(title="Aangepast", section=board.sections[0].id))
    assert response.status_code == 303
    assert db.session.get(Post, post.id).title == "Aangepast"


def test_moving_by_the_buttons_says_where_the_post_went(client, board, make_post, host):
    make_post(author=host, section_index=1, title="Eerste aanbod")
    post = make_post(author=host)
    client.login(host)
    response = client.form(f"/berichten/{post.id}/verplaatsen",
                           {"section": board.sections[1].id}, follow_redirects=True)
    assert "Verplaatst naar Aanbod, positie 2 van 2" in response.get_data(as_text=True)


def test_moving_with_htmx_answers_the_board_and_a_live_message(hx, board, make_post, host):
    first = make_post(author=host, title="Eén")
    make_post(author=host, title="Twee")
    hx.login(host)
    response = hx.form(f"/berichten/{first.id}/verplaatsen", {"richting": "omhoog"})
    page = response.get_data(as_text=True)
    assert 'hx-swap-oob="innerHTML:#messages"' in page
    assert "Verplaatst naar Vraag, positie 1 van 2" in page


def test_a_reaction_counts_once_per_browser(client, board, make_post, host):
    post = make_post(author=host)
    with_visitor_secret(client, "browser-a")
    client.form(f"/berichten/{post.id}/handig")
    page = client.get(f"/berichten/{post.id}").get_data(as_text=True)
    assert 'aria-pressed="true"' in page
    client.form(f"/berichten/{post.id}/handig")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Reaction)) == 0


def test_a_reaction_with_htmx_answers_the_button(hx, board, make_post, host, visitor):
    post = make_post(author=host)
    hx.login(visitor)
    page = hx.form(f"/berichten/{post.id}/handig").get_data(as_text=True)
    assert page.lstrip().startswith("<form") and 'class="react-button__count">1<' in page


def test_a_comment_and_a_reply_show_on_the_post(client, board, make_post, host, visitor):
    post = make_post(author=host)
    client.login(visitor)
    client.form(f"/berichten/{post.id}/reacties", {"body": "Ik ken iemand!", "website": ""})
    comment_id = db.session.scalar(sa.text("SELECT id FROM board_comments"))
    client.form(f"/berichten/{post.id}/reacties", {"body": "Top", "parent_id": comment_id,
                                                   "website": ""})
    page = client.get(f"/berichten/{post.id}").get_data(as_text=True)
    assert "Ik ken iemand!" in page and "comment-list--replies" in page


def test_an_empty_comment_is_refused_next_to_the_field(client, board, make_post, host, visitor):
    post = make_post(author=host)
    client.login(visitor)
    response = client.form(f"/berichten/{post.id}/reacties", {"body": ""})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "body") == "Schrijf je reactie."


def test_a_report_reaches_the_teams_queue(client, board, make_post, host, visitor):
    post = make_post(author=visitor, title="Verdacht bericht")
    client.form(f"/berichten/{post.id}/melden", {"reason": "Dit is spam"})
    assert db.session.scalar(sa.select(Report.reason)) == "Dit is spam"
    client.login(host)
    page = client.get(f"/boards/{board.slug}/moderatie").get_data(as_text=True)
    assert "Dit is spam" in page and "Verdacht bericht" in page
    hub_page = client.get(f"/hubs/{board.hub.slug}/prikbord/moderatie").get_data(as_text=True)
    assert "Dit is spam" in hub_page


def test_approving_a_held_post_shows_it_to_everyone(client, app, board, make_post, host):
    post = make_post(visitor="v", status=HELD, title="Nu wel")
    client.login(host)
    client.form(f"/berichten/{post.id}/modereren", {"action": "approve"})
    assert "Nu wel" in app.test_client().get(f"/boards/{board.slug}").get_data(as_text=True)


def test_a_hidden_post_shows_the_team_note_to_its_author(client, board, make_post, host, visitor):
    post = make_post(author=visitor, title="Te commercieel")
    client.login(host)
    client.form(f"/berichten/{post.id}/modereren", {"action": "hide", "note": "Geen reclame"})
    client.login(visitor)
    page = client.get(f"/berichten/{post.id}").get_data(as_text=True)
    assert "Verborgen" in page and "Geen reclame" in page


def test_filters_by_kind_and_state_live_in_the_url(client, board, make_post, host):
    make_post(author=host, kind="vraag", title="Open vraag")
    make_post(author=host, kind="aanbod", title="Een aanbod")
    page = client.get(f"/boards/{board.slug}?soort=vraag&stand=open").get_data(as_text=True)
    assert "Open vraag" in page and "Een aanbod" not in page


def test_state_and_match_show_on_both_posts(client, board, make_post, host, visitor):
    question = make_post(author=visitor, kind="vraag", title="Wie filmt?")
    offer = make_post(author=host, kind="aanbod", title="Wij filmen")
    client.login(visitor)
    client.form(f"/berichten/{question.id}/match", {"match": offer.id})
    page = client.get(f"/berichten/{offer.id}").get_data(as_text=True)
    assert "Gematcht met" in page and "Wie filmt?" in page
    client.form(f"/berichten/{question.id}/stand", {"state": "afgerond"})
    assert db.session.get(Post, question.id).state == "afgerond"


def test_the_team_adds_renames_and_removes_sections(client, board, make_post, host):
    post = make_post(author=host)
    client.login(host)
    client.form(f"/boards/{board.slug}/kolommen", {"name": "Evenement"})
    first = board.sections[0]
    client.form(f"/boards/{board.slug}/kolommen/{first.id}/hernoemen", {"name": "Vragen"})
    target = board.sections[-1]
    client.form(f"/boards/{board.slug}/kolommen/{first.id}/verwijderen", {"move_to": target.id})
    db.session.expire_all()
    assert db.session.get(Post, post.id).section.name == "Evenement"
    assert "Vragen" not in [s.name for s in board.sections]


def test_settings_change_the_layout(client, board, host):
    client.login(host)
    response = client.form(f"/boards/{board.slug}/instellingen", {
        "title": board.title, "description": "", "layout": "stream", "who_may_post": "members",
        "moderation": "none", "reactions_on": "y", "comments_on": "y"})
    assert response.status_code == 303
    page = client.get(f"/boards/{board.slug}").get_data(as_text=True)
    assert "board--stream" in page


def test_an_archived_board_takes_no_posts(client, board, visitor):
    board.archived = True
    db.session.commit()
    client.login(visitor)
    response = client.form(f"/boards/{board.slug}/berichten", post_data(section=board.sections[0].id))
    assert response.status_code == 403


def test_the_csv_export_runs_no_formula(client, board, make_post, host):
    make_post(author=host, title="=HYPERLINK(\"http://evil\")", body="+SUM(1)")
    client.login(host)
    response = client.get(f"/boards/{board.slug}/export.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[1][4].startswith("'=") and rows[1][5].startswith("'+")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "  =", " @", "\t+"])
def test_no_text_column_of_the_csv_starts_a_formula(client, board, host, start):
    """Every column people type into (section, title, text, link, author) is escaped, also
    when spaces, a tab or a carriage return come first."""
    board.sections[0].name = f"{start}cmd|' /C calc'!A0"
    db.session.add(Post(board=board, section=board.sections[0], rank="m", kind="vraag",
                        title=f"{start}HYPERLINK(1)", body=f"{start}SUM(1)",
                        link_url=f"{start}1+1", author_name=f"{start}Noor", state="open"))
    db.session.commit()
    client.login(host)
    response = client.get(f"/boards/{board.slug}/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    row = list(csv.reader(io.StringIO(response.get_data(as_text=True))))[1]
    for column in (1, 4, 5, 6, 7):
        assert row[column].startswith("'" + start), (column, row[column])


def test_the_print_page_has_every_post(client, board, make_post, host):
    make_post(author=host, title="Op papier")
    assert "Op papier" in client.get(f"/boards/{board.slug}/afdrukken").get_data(as_text=True)


def test_reuse_makes_a_new_board_that_remembers_its_source(client, board, host):
    client.login(host)
    response = client.form(f"/boards/{board.slug}/hergebruiken", {
        "title": "Zomerprikbord", "description": "", "layout": "columns",
        "who_may_post": "anyone", "moderation": "visitors", "reactions_on": "y",
        "comments_on": "y"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Zomerprikbord" in page and "Gestart vanuit" in page


def _full_post(board_id: int, author_id: int, n: int, make_post, image_id: int) -> Post:
    """A post with everything a card can show: a picture, a link, a match, comments (one
    held), reactions, pinned or held or hidden for some."""
    kind = ("vraag", "aanbod", "idee")[n % 3]
    author = db.session.get(User, author_id)
    post = make_post(on=db.session.get(Board, board_id), author=author, kind=kind,
                     section_index=n % 3, title=f"Bericht {n}", body="Met **tekst**",
                     link_url="https://example.org/a", link_title="Een link",
                     pinned=n % 5 == 0)
    post.image_id, post.image_alt = image_id, "Een vlak"
    db.session.add(Reaction(post_id=post.id, voter=f"user:{n}"))
    together.add_comment(db.session, post, Viewer(author), f"Reactie {n}")
    held = together.add_comment(db.session, post, Viewer(author), f"Nog een {n}")
    held.status = HELD
    post.status = ("published", "held", "hidden")[n % 3 if n % 4 == 0 else 0]
    db.session.commit()
    return post


@pytest.mark.parametrize(("layout", "who"), [("wall", "anonymous"), ("columns", "team"),
                                            ("stream", "author")])
def test_the_board_page_runs_the_same_queries_for_few_and_many_posts(
        client, board, make_post, host, visitor, layout, who):
    """One post with everything, then thirty: the same number of queries for the page and
    for the posts region the live check fetches (no query per post, per picture, per
    author, per match or per comment)."""
    board.layout = layout
    db.session.commit()
    image = store_image(db.session, _png()).id
    db.session.commit()
    ids = board.id, host.id, visitor.id
    if who == "author":
        client.login(visitor)
    elif who == "team":
        client.login(host)

    def queries(url: str) -> int:
        db.session.expunge_all()  # nothing already loaded hides a query per post
        with counted_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    urls = (f"/boards/{board.slug}", f"/boards/{board.slug}/berichten")
    first = _full_post(ids[0], ids[2], 0, make_post, image)
    other = _full_post(ids[0], ids[1], 1, make_post, image)
    first.match_id, other.match_id = other.id, first.id
    db.session.commit()
    few = [queries(url) for url in urls]
    for n in range(2, 32):
        _full_post(ids[0], ids[1] if n % 2 else ids[2], n, make_post, image)
    many = [queries(url) for url in urls]
    assert many == few


def _png() -> bytes:
    from PIL import Image as PILImage  # noqa: PLC0415
    out = io.BytesIO()
    PILImage.new("RGB", (40, 30), (10, 120, 200)).save(out, "PNG")
    return out.getvalue()


def test_the_hub_page_shows_its_boards_newest_posts_and_open_questions(client, board, make_post,
                                                                        host):
    make_post(author=host, kind="vraag", title="Open vraag van de hub")
    page = client.get(f"/hubs/{board.hub.slug}").get_data(as_text=True)
    assert "Open vragen" in page and "Open vraag van de hub" in page


def test_the_home_page_shows_the_newest_posts(client, board, make_post, host):
    make_post(author=host, title="Nieuw op het bord")
    assert "Nieuw op het bord" in client.get("/").get_data(as_text=True)


def test_the_account_page_shows_my_posts(client, board, make_post, visitor):
    make_post(author=visitor, title="Mijn eigen vraag", status=HELD)
    client.login(visitor)
    page = client.get("/account").get_data(as_text=True)
    assert "Mijn berichten" in page and "Mijn eigen vraag" in page
