"""Bad input on every pinboard form: a clear message next to the field, a 4xx (never a
500), and what was typed is still there to correct."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from hubsite.extensions import db
from hubsite.pinboard.models import Post
from tests.conftest import field_error
from tests.pinboard.conftest import form_values, post_data
from tests.pinboard.test_authorization import AUTHOR_OR_TEAM, OPEN_TO_EVERYONE, TEAM_ONLY

KEEP = "Wat ik net heb getypt"


def _posting(client, board, **values):
    page = client.get(f"/boards/{board.slug}").get_data(as_text=True)
    data = post_data(title="Mijn titel", body=KEEP, display_name="Noor",
                     section=board.sections[0].id, **form_values(page))
    data.update(values)
    return client.form(f"/boards/{board.slug}/berichten", data)


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"title": ""}, "title", "Geef je bericht een titel."),
    ({"title": "x" * 141}, "title", "korter dan 140"),
    ({"title": "Twee\nregels"}, "title", "één regel"),
    ({"body": KEEP + "x" * 5000}, "body", "korter dan 5000"),
    ({"link_url": "geen adres"}, "link_url", "webadres"),
    ({"link_url": "[klik](javascript:alert(1))"}, "link_url", "webadres"),
    ({"kind": "spam"}, "kind", ""),
    ({"display_name": ""}, "display_name", "naam"),
    ({"display_name": "n" * 81}, "display_name", "korter dan 80"),
])
def test_a_visitors_post_with_a_mistake_is_refused_next_to_the_field(client, board, values,
                                                                   field, message):
    response = _posting(client, board, **values)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    shown = field_error(page, field)
    assert shown is not None and message in shown, shown
    assert KEEP in page  # what was typed is still in the form
    if field != "title":
        assert 'value="Mijn titel"' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Post)) == 0


def test_a_post_into_a_section_of_another_board_is_refused(client, board):
    response = _posting(client, board, section="999999")
    assert response.status_code == 422 and KEEP in response.get_data(as_text=True)
    assert field_error(response.get_data(as_text=True), "section")


def test_editing_with_a_mistake_keeps_the_change(client, board, make_post, host):
    post = make_post(author=host, body="Oud")
    client.login(host)
    response = client.form(f"/berichten/{post.id}/bewerken",
                           post_data(title="", body=KEEP, section=board.sections[0].id))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and field_error(page, "title")
    assert KEEP in page
    assert db.session.get(Post, post.id).body == "Oud"


@pytest.mark.parametrize(("values", "field"), [({"body": ""}, "body"),
                                               ({"body": KEEP + "x" * 2000}, "body"),
                                               ({"display_name": "n" * 81}, "display_name")])
def test_a_comment_with_a_mistake_is_refused_next_to_the_field(client, board, make_post, host,
                                                               values, field):
    post = make_post(author=host)
    page = client.get(f"/berichten/{post.id}").get_data(as_text=True)
    data = {"body": KEEP, "display_name": "Noor", "website": "", "parent_id": "",
            **form_values(page), **values}
    response = client.form(f"/berichten/{post.id}/reacties", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and field_error(page, field)
    if values.get("body") != "":
        assert KEEP in page


@pytest.mark.parametrize("reason", ["", "x" * 501])
def test_a_report_with_a_mistake_is_refused_next_to_the_field(client, board, make_post, host,
                                                              reason):
    post = make_post(author=host)
    response = client.form(f"/berichten/{post.id}/melden", {"reason": reason})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "reason")


BOARD_FORM = {"title": "Bord", "description": KEEP, "layout": "wall", "who_may_post": "anyone",
              "moderation": "visitors", "blocked_words": ""}


@pytest.mark.parametrize("where", ["settings", "new", "reuse"])
@pytest.mark.parametrize(("values", "field"), [({"title": ""}, "title"),
                                               ({"title": "t" * 121}, "title"),
                                               ({"layout": "spiraal"}, "layout"),
                                               ({"moderation": "nooit"}, "moderation")])
def test_a_board_form_with_a_mistake_keeps_the_description(client, board, host, where, values,
                                                           field):
    client.login(host)
    url = {"settings": f"/boards/{board.slug}/instellingen",
           "new": f"/boards/nieuw?hub={board.hub.slug}",
           "reuse": f"/boards/{board.slug}/hergebruiken"}[where]
    response = client.form(url, {**BOARD_FORM, **values})
    page = response.get_data(as_text=True)
    assert response.status_code == 422, response.status_code
    assert field_error(page, field), field
    assert KEEP in page


@pytest.mark.parametrize("name", ["", "   ", "k" * 81])
def test_a_section_name_with_a_mistake_is_refused_next_to_the_field(client, board, host, name):
    client.login(host)
    section = board.sections[0]
    old = section.name
    response = client.form(f"/boards/{board.slug}/kolommen/{section.id}/hernoemen",
                           {"name": name})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(page, f"section-name-{section.id}")
    assert f'value="{name}"' in page  # the typed name, to correct
    db.session.expire_all()
    assert board.sections[0].name == old
    response = client.form(f"/boards/{board.slug}/kolommen", {"name": name})
    assert response.status_code == 422 and field_error(response.get_data(as_text=True), "name")


@pytest.mark.parametrize(("url", "values", "says"), [
    ("/berichten/{post}/verplaatsen", {"section": "abc"}, "Kies een kolom"),
    ("/berichten/{post}/verplaatsen", {"section": "999999"}, "Kies een kolom"),
    ("/berichten/{post}/stand", {"state": "klaar"}, "geldige stand"),
    ("/berichten/{post}/match", {"match": "abc"}, ""),
    ("/berichten/{post}/modereren", {"action": "opblazen"}, "Kies wat er"),
])
def test_a_button_form_with_bad_values_says_why(client, board, make_post, host, url, values,
                                                says):
    post = make_post(author=host)
    client.login(host)
    response = client.form(url.format(post=post.id), values)
    assert 400 <= response.status_code < 500, response.status_code
    assert says in response.get_data(as_text=True)


GARBAGE = ["", " ", "-1", "0", "99999999999999999999", "abc", "x" * 10_000, "\x00", "1.5",
           "<script>alert(1)</script>", "ü\u202e", "[]", "{}"]


@pytest.mark.parametrize("junk", GARBAGE)
def test_no_changing_route_answers_garbage_with_a_500(app, client, board, make_post, host, junk):
    """Every POST route of the blueprint (from the URL map), every field filled with junk,
    by the team (who gets furthest): never a 500."""
    post = make_post(author=host, kind="vraag")
    client.login(host)
    fields = ("title", "body", "kind", "state", "match", "richting", "section", "voor",
              "index", "action", "note", "name", "move_to", "layout", "who_may_post",
              "moderation", "description", "hub", "colour", "link_url", "reason",
              "parent_id", "display_name", "started", "website", "terug", "blocked_words")
    for endpoint in sorted(OPEN_TO_EVERYONE | AUTHOR_OR_TEAM | TEAM_ONLY):
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
        values = {"slug": board.slug, "post_id": post.id, "comment_id": 1,
                  "section_id": board.sections[0].id}
        url = app.url_map.bind("hubsite.test").build(
            endpoint, {name: values[name] for name in rule.arguments})
        response = client.form(url, dict.fromkeys(fields, junk))
        assert response.status_code < 500, (endpoint, junk, response.status_code)
        db.session.rollback()


def test_a_vraag_cannot_be_matched_to_a_held_aanbod(client, board, make_post, host, visitor):
    """The match form offers published posts only; a held post's id typed in is refused
    (its title would otherwise show to everyone on the vraag)."""
    vraag = make_post(author=visitor, kind="vraag")
    held = make_post(author=host, kind="aanbod", title="Nog geheim", status="held",
                     section_index=1)
    client.login(visitor)
    response = client.form(f"/berichten/{vraag.id}/match", {"match": held.id})
    assert response.status_code == 422
    assert db.session.get(Post, vraag.id).match_id is None
    assert "Nog geheim" not in client.get(f"/berichten/{vraag.id}").get_data(as_text=True)


@pytest.mark.parametrize("junk", ["99999999999999999999", "\u00b2", "-1", " 7x"])
def test_a_reply_to_a_comment_id_that_cannot_be_is_a_plain_comment(client, board, make_post,
                                                                   host, junk):
    post = make_post(author=host)
    client.login(host)
    response = client.form(f"/berichten/{post.id}/reacties", {"body": "Hoi", "parent_id": junk})
    assert response.status_code == 303
