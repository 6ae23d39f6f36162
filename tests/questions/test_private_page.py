"""The asker's private page `/vragen/<token>`: their question, nothing else."""

from __future__ import annotations

from hubsite.extensions import db
from hubsite.questions import services
from hubsite.questions.models import Question
from tests.conftest import field_error


def test_the_private_page_shows_status_and_conversation_but_no_team_notes(
        client, make_question, coordinator, host, other_hub):
    question = make_question()
    services.pass_to_hub(db.session, question, coordinator, other_hub, "Interne notitie")
    services.ask_for_information(db.session, question, coordinator, "Hoe groot is het plein?")
    db.session.commit()
    response = client.get(f"/vragen/{question.token}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Wacht op de vrager" in page and "Hoe groot is het plein?" in page
    assert "Interne notitie" not in page and coordinator.name not in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert 'name="message"' in page


def test_an_unknown_token_is_not_found(client, make_question):
    make_question()
    assert client.get("/vragen/niet-een-echte-token").status_code == 404
    assert client.get("/vragen/" + "x" * 200).status_code == 404


def test_no_other_askers_data_on_a_private_page(client, make_question):
    mine = make_question(contact_name="Ingrid Hofman", email="ingrid@example.nl")
    make_question(contact_name="Kees Anders", email="kees.anders@example.nl",
                  title="Andermans vraag", phone="06 99999999")
    page = client.get(f"/vragen/{mine.token}").get_data(as_text=True)
    assert "Ingrid Hofman" in page
    for other in ("Kees Anders", "kees.anders@example.nl", "Andermans vraag", "06 99999999"):
        assert other not in page


def test_the_reply_reopens_the_question(client, make_question, host, app):
    question = make_question()
    services.ask_for_information(db.session, question, host, "Wanneer?")
    db.session.commit()
    response = client.form(f"/vragen/{question.token}/antwoord", {"message": "In juni."})
    assert response.status_code == 303
    page = client.get(response.location).get_data(as_text=True)
    assert "Dank je wel, je antwoord is verstuurd naar het team." in page
    assert db.session.get(Question, question.id).status == "nieuw"
    assert 'name="message"' not in page


def test_the_reply_with_htmx_swaps_the_conversation(hx, make_question, host):
    question = make_question()
    services.ask_for_information(db.session, question, host, "Wanneer?")
    db.session.commit()
    response = hx.form(f"/vragen/{question.token}/antwoord", {"message": "In juni."})
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in fragment
    assert fragment.lstrip().startswith('<div id="asker-conversation"')
    assert "In juni." in fragment and "Dank je wel" in fragment


def test_an_empty_reply_is_refused_next_to_the_field(client, make_question, host):
    question = make_question()
    services.ask_for_information(db.session, question, host, "Wanneer?")
    db.session.commit()
    response = client.form(f"/vragen/{question.token}/antwoord", {"message": "  "})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "message") == "Schrijf je antwoord."


def test_a_reply_when_nothing_was_asked_is_refused(client, hx, make_question):
    question = make_question()
    response = client.form(f"/vragen/{question.token}/antwoord", {"message": "Hallo"})
    assert response.status_code == 409
    assert hx.form(f"/vragen/{question.token}/antwoord", {"message": "Hallo"}).headers[
        "HX-Retarget"] == "#messages"
