"""The whole path of a question: asked through the form, followed through the link in the
mail, a question back and an answer, accepted as a project with the asker as client."""

from __future__ import annotations

import sqlalchemy as sa

from hubsite.demo import seed_demo
from hubsite.extensions import db
from hubsite.projects.models import Project
from hubsite.questions.models import Question
from tests.conftest import links_in, mail_messages, mail_text


def _link_in_last_mail(app, number: int) -> str:
    messages = mail_messages(app)
    assert len(messages) == number
    [link] = [u for u in links_in(mail_text(messages[-1])) if "/vragen/" in u]
    return link.replace("http://hubsite.test", "")


def test_from_the_form_to_a_project(app, client, form_data, coordinator, hub):
    # A school asks, without an account.
    asked = client.form("/vragen/nieuw", form_data(organisation="Basisschool De Regenboog"))
    assert asked.status_code == 303
    private = _link_in_last_mail(app, 1)
    assert "Je vraag ligt bij het team" in client.get(private).get_data(as_text=True)

    # The coordinator sees it in the inbox and asks for more information.
    team = app.test_client()
    team.login(coordinator)
    inbox = team.get(f"/hubs/{hub.slug}/vragen").get_data(as_text=True)
    question = db.session.scalar(sa.select(Question))
    assert f"/inbox/{question.id}" in inbox and "Een speelhuis voor ons schoolplein" in inbox
    team.form(f"/inbox/{question.id}/meer-info",
              {"info-message": "Hoe groot is de plek op het plein?"})
    assert _link_in_last_mail(app, 2) == private
    assert "Hoe groot is de plek op het plein?" in mail_text(mail_messages(app)[-1])

    # The school answers through the link from the mail.
    page = client.get(private).get_data(as_text=True)
    assert "Hoe groot is de plek op het plein?" in page and "Antwoord het team" in page
    assert client.form(private + "/antwoord", {"message": "Vier bij vijf meter."}).status_code \
        == 303
    inbox = team.get(f"/hubs/{hub.slug}/vragen").get_data(as_text=True)
    assert "1 nieuwe vraag" in inbox
    assert "Vier bij vijf meter." in team.get(f"/inbox/{question.id}").get_data(as_text=True)

    # The coordinator accepts: a project with the school as client.
    response = team.form(f"/inbox/{question.id}/accepteren", {"accept-message": "Tot snel!"})
    assert response.status_code == 303
    project = db.session.scalar(sa.select(Project))
    assert (project.title, project.status, project.hub_id) == (
        "Een speelhuis voor ons schoolplein", "aanvraag", hub.id)
    assert project.client.name == "Basisschool De Regenboog"
    assert project.client.kind == "onderwijs"
    assert project.what == "Een speelhuis dat studenten met onze kinderen bouwen."
    accepted = mail_messages(app)[-1]
    assert accepted["Subject"] == "Goed nieuws: we gaan aan de slag met je vraag"
    assert "Tot snel!" in mail_text(accepted)
    page = client.get(private).get_data(as_text=True)
    assert "je vraag is aangenomen" in page and 'name="message"' not in page
    assert "Deze vraag is een project geworden." in team.get(
        f"/inbox/{question.id}").get_data(as_text=True)


def test_the_demo_has_three_open_questions_one_with_an_exchange(app):
    seed_demo(db.session)
    db.session.commit()
    seed_demo(db.session)
    db.session.commit()
    questions = db.session.scalars(sa.select(Question).order_by(Question.id)).all()
    assert len(questions) == 3 and all(q.is_open for q in questions)
    assert [len(q.messages) for q in questions] == [2, 0, 0]
    assert {q.hub.slug if q.hub else None for q in questions} == {"almelo", None}
