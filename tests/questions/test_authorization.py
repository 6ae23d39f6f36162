"""Every changing route of the questions blueprint, generated from the URL map, tried by
every role: only those who may, change anything."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from hubsite.extensions import db
from hubsite.projects.models import Project
from hubsite.questions.models import Question, QuestionMessage

# Open to anyone: the public form, and the reply of whoever holds the private link.
OPEN_TO_EVERYONE = {"questions.ask", "questions.reply"}
# Who may use the rest. Hosts read and ask for information; coordinators decide.
ALLOWED = {
    "questions.ask_info": {"host", "coordinator", "admin"},
    "questions.accept": {"coordinator", "admin"},
    "questions.pass_on": {"coordinator", "admin"},
    "questions.decline": {"coordinator", "admin"},
}
ROLES = ("visitor", "other_hub_host", "host", "other_hub_coordinator", "coordinator", "admin")
FORM = {"info-message": "Hoe groot?", "decline-message": "Helaas.", "accept-message": "Welkom",
        "pass-note": "Voor jullie"}


def _changing_endpoints(app) -> list[str]:
    return sorted({rule.endpoint for rule in app.url_map.iter_rules()
                   if rule.endpoint.startswith("questions.") and "POST" in rule.methods
                   and rule.endpoint not in OPEN_TO_EVERYONE})


def test_every_changing_route_is_classified(app):
    assert _changing_endpoints(app) == sorted(ALLOWED)


def _snapshot() -> tuple:
    return (sorted(db.session.execute(sa.select(Question.id, Question.status,
                                                Question.hub_id)).all()),
            db.session.scalar(sa.select(sa.func.count(QuestionMessage.id))),
            db.session.scalar(sa.select(sa.func.count(Project.id))))


@pytest.fixture
def people(host, coordinator, other_host, other_coordinator, admin):
    return {"visitor": None, "other_hub_host": other_host, "host": host,
            "other_hub_coordinator": other_coordinator, "coordinator": coordinator,
            "admin": admin}


@pytest.mark.parametrize("role", ROLES)
def test_each_route_and_role(app, client, make_question, people, other_hub, role):
    if people[role] is not None:
        client.login(people[role])
    for endpoint in _changing_endpoints(app):
        question = make_question()
        db.session.commit()
        url = app.url_map.bind("hubsite.test").build(endpoint, {"question_id": question.id})
        before = _snapshot()
        response = client.form(url, {**FORM, "pass-hub": other_hub.slug})
        if role in ALLOWED[endpoint]:
            assert response.status_code == 303, (endpoint, role, response.status_code)
            assert _snapshot() != before, (endpoint, role)
        else:
            assert response.status_code in (302, 401, 403), (endpoint, role, response.status_code)
            if response.status_code == 302:
                assert "/inloggen" in response.location
            assert _snapshot() == before, (endpoint, role)


@pytest.mark.parametrize("role", ROLES)
def test_reading_the_inbox_and_a_question(app, client, make_question, people, hub, role):
    question = make_question()
    if people[role] is not None:
        client.login(people[role])
    may_read = role in ("host", "coordinator", "admin")
    for url in (f"/hubs/{hub.slug}/vragen", f"/inbox/{question.id}"):
        response = client.get(url)
        if may_read:
            assert response.status_code == 200, (url, role)
        else:
            assert response.status_code in (302, 401, 403), (url, role)


def test_a_form_without_csrf_token_changes_nothing(client, make_question, coordinator):
    question = make_question()
    client.login(coordinator)
    before = _snapshot()
    response = client.post(f"/inbox/{question.id}/afwijzen", data={"decline-message": "Nee"})
    assert response.status_code == 400 and _snapshot() == before


def test_the_htmx_refusal_goes_to_the_message_region(hx, make_question, host):
    question = make_question()
    hx.login(host)
    response = hx.form(f"/inbox/{question.id}/afwijzen", {"decline-message": "Nee"})
    assert response.status_code == 403 and response.headers["HX-Retarget"] == "#messages"
