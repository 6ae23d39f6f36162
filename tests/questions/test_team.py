"""The hub team's inbox and question page: what they show, to whom, and the actions."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from hubsite.extensions import db
from hubsite.projects.models import Project
from hubsite.questions import services
from hubsite.questions.attachments import Upload, attach
from hubsite.questions.models import Question
from tests.conftest import counted_queries, field_error
from tests.questions.conftest import PDF_BYTES, png_bytes


def test_the_inbox_shows_new_questions_with_their_age(client, make_question, coordinator, hub):
    question = make_question(title="Speelhuis voor het plein")
    question.created_at -= timedelta(days=3)
    db.session.commit()
    client.login(coordinator)
    response = client.get(f"/hubs/{hub.slug}/vragen")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    assert "Speelhuis voor het plein" in page and "3 dagen" in page
    assert "1 nieuwe vraag" in page
    assert question.email not in page  # contact data only on the question's own page


def test_the_inbox_filter_answers_htmx_with_the_list_only(hx, make_question, coordinator, hub):
    closed = make_question(title="Afgewezen vraag")
    services.decline(db.session, closed, coordinator, "Helaas.")
    make_question(title="Open vraag")
    db.session.commit()
    hx.login(coordinator)
    response = hx.get(f"/hubs/{hub.slug}/vragen?toon=alle")
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in fragment
    assert fragment.lstrip().startswith('<section id="inbox"')
    assert "Afgewezen vraag" in fragment and "Open vraag" in fragment
    assert "Afgewezen vraag" not in hx.get(f"/hubs/{hub.slug}/vragen").get_data(as_text=True)


def test_the_inbox_runs_a_constant_number_of_queries(app, client, make_question, coordinator,
                                                     hub, make_organisation):
    app.config["MAIL_SEND_AFTER_REQUEST"] = False  # the mails the setting-up queued
    client.login(coordinator)

    def queries() -> int:
        with counted_queries() as statements:
            assert client.get(f"/hubs/{hub.slug}/vragen").status_code == 200
        return len(statements)

    make_question()
    few = queries()
    for n in range(6):
        make_organisation(name=f"Partner {n}")
        make_question(title=f"Vraag {n}", organisation_name=f"Partner {n}")
    make_question(hub=None)
    assert queries() == few


def test_the_question_page_runs_a_constant_number_of_queries(app, client, make_question,
                                                             coordinator, host):
    app.config["MAIL_SEND_AFTER_REQUEST"] = False  # the mails the setting-up queued
    question = make_question()
    client.login(coordinator)

    def queries() -> int:
        with counted_queries() as statements:
            assert client.get(f"/inbox/{question.id}").status_code == 200
        return len(statements)

    few = queries()
    for n in range(4):
        services.ask_for_information(db.session, question, host if n % 2 else coordinator,
                                     f"Vraag {n}")
        question.status = "nieuw"
    attach(db.session, question, Upload("a.pdf", PDF_BYTES), 10**6, 10**7)
    attach(db.session, question, Upload("b.pdf", PDF_BYTES), 10**6, 10**7)
    db.session.commit()
    assert queries() == few


def test_the_question_page_shows_the_contact_data_and_the_actions(client, make_question,
                                                                  coordinator):
    question = make_question()
    client.login(coordinator)
    page = client.get(f"/inbox/{question.id}").get_data(as_text=True)
    assert 'href="mailto:kees@bloemen.example.nl"' in page and "06 12345678" in page
    for action in ("Aannemen als project", "Meer informatie vragen",
                   "Doorsturen naar een andere hub", "Afwijzen"):
        assert action in page


def test_a_host_may_read_and_ask_but_not_decide(client, make_question, host):
    question = make_question()
    client.login(host)
    page = client.get(f"/inbox/{question.id}").get_data(as_text=True)
    assert "Meer informatie vragen" in page and "Aannemen als project" not in page
    assert client.form(f"/inbox/{question.id}/accepteren", {}).status_code == 403
    response = client.form(f"/inbox/{question.id}/meer-info", {"info-message": "Wanneer?"})
    assert response.status_code == 303
    assert db.session.get(Question, question.id).status == "meer_info"


def test_an_action_with_htmx_swaps_the_question_in_place(hx, make_question, coordinator):
    question = make_question()
    hx.login(coordinator)
    response = hx.form(f"/inbox/{question.id}/meer-info", {"info-message": "Hoe groot?"})
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in fragment
    assert fragment.lstrip().startswith('<div id="question"') and "Hoe groot?" in fragment
    assert "Je vraag is naar de vrager gestuurd." in fragment


def test_an_empty_message_is_refused_next_to_the_field(hx, make_question, coordinator):
    question = make_question()
    hx.login(coordinator)
    response = hx.form(f"/inbox/{question.id}/afwijzen", {"decline-message": ""})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "decline-message") == "Schrijf een bericht."
    assert db.session.get(Question, question.id).status == "nieuw"


def test_accepting_without_hub_asks_for_one(client, make_question, coordinator, hub):
    question = make_question(hub=None)
    client.login(coordinator)
    response = client.form(f"/inbox/{question.id}/accepteren", {"accept-hub": "nergens"})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "accept-hub") == \
        "Kies een van de mogelijkheden uit de lijst."
    response = client.form(f"/inbox/{question.id}/accepteren", {"accept-hub": hub.slug})
    assert response.status_code == 303
    project = db.session.scalar(sa.select(Project))
    assert project.hub_id == hub.id and project.client.name == "Bloemen & Zo"


def test_passing_on_out_of_sight_goes_back_to_the_inbox(client, make_question, coordinator,
                                                        other_hub):
    question = make_question()
    client.login(coordinator)
    response = client.form(f"/inbox/{question.id}/doorsturen",
                           {"pass-hub": other_hub.slug, "pass-note": "Zij hebben een bouwopleiding."})
    assert response.status_code == 303 and response.location.endswith("/vragen/inbox")
    assert db.session.get(Question, question.id).hub_id == other_hub.id
    assert client.get(f"/inbox/{question.id}").status_code == 403


def test_documents_are_downloads_for_the_team_only(client, make_question, coordinator,
                                                   other_host, visitor):
    question = make_question()
    document = attach(db.session, question, Upload("tekening.pdf", PDF_BYTES), 10**6, 10**7)
    picture = attach(db.session, question, Upload("plein.png", png_bytes()), 10**6, 10**7)
    db.session.commit()
    url = f"/inbox/{question.id}/bijlagen/{document.id}"
    client.login(coordinator)
    response = client.get(url)
    assert response.status_code == 200 and response.data == PDF_BYTES
    assert response.headers["Content-Disposition"] == "attachment; filename=tekening.pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/images/{picture.image_id}").status_code == 200
    for someone in (other_host, visitor):
        client.login(someone)
        assert client.get(url).status_code == 403
        assert client.get(f"/images/{picture.image_id}").status_code == 404
    client.post("/uitloggen", data={"csrf_token": client.csrf_token()})
    assert client.get(f"/images/{picture.image_id}").status_code == 404


def test_the_dashboard_and_the_navigation_count_new_questions(client, make_question,
                                                              coordinator, hub):
    make_question(title="Speelhuis")
    make_question(title="Zonder hub", hub=None)
    client.login(coordinator)
    page = client.get(f"/hubs/{hub.slug}/beheer").get_data(as_text=True)
    assert 'id="dash-questions-title"' in page and "Speelhuis" in page and "Zonder hub" in page
    assert 'class="nav-questions">Vragen <span class="q-count" aria-label="2 nieuwe vragen">2' \
        in page


def test_the_organisation_page_shows_open_questions_to_hub_teams_only(
        client, make_question, make_organisation, coordinator, visitor):
    school = make_organisation(name="Basisschool De Regenboog", kind="onderwijs")
    make_question(organisation_name=school.name, title="Speelhuis voor het plein")
    assert "Speelhuis voor het plein" not in client.get(
        f"/organisaties/{school.slug}").get_data(as_text=True)
    client.login(visitor)
    assert "Speelhuis voor het plein" not in client.get(
        f"/organisaties/{school.slug}").get_data(as_text=True)
    client.login(coordinator)
    page = client.get(f"/organisaties/{school.slug}").get_data(as_text=True)
    assert "Speelhuis voor het plein" in page and "kees@bloemen" not in page


def test_the_inbox_marks_a_question_the_asker_answered(client, make_question, coordinator, host,
                                                        hub):
    answered = make_question(title="Beantwoord")
    services.ask_for_information(db.session, answered, host, "Wanneer?")
    services.reply_by_asker(db.session, answered, "In juni.")
    waiting = make_question(title="Wacht")
    services.ask_for_information(db.session, waiting, host, "Hoe groot?")
    db.session.commit()
    assert services.answered_by_asker(db.session, [answered, waiting]) == {answered.id}
    client.login(coordinator)
    page = client.get(f"/hubs/{hub.slug}/vragen").get_data(as_text=True)
    assert page.count("Antwoord van de vrager") == 1
