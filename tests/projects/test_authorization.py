"""Nobody but the project's hub team changes a project, and only its coordinators archive
or delete it: every changing route of the `projects` blueprint, generated from the URL
map, tried by every role."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from hubsite.extensions import db
from hubsite.projects import services
from hubsite.projects.models import (
    Attachment,
    Lesson,
    Programme,
    Project,
    ProjectPartner,
    SubProject,
    project_events,
)

# Open to everyone on any hub team, whatever the project (they change no project).
ANY_TEAM = {"projects.create", "projects.programmes"}
# Any hub team, from a finished or archived project it can see (the new one is its own).
ANY_TEAM_FROM_A_PROJECT = {"projects.reuse_view"}
# Only a coordinator of the project's hub (or an admin).
COORDINATOR_ONLY = {"projects.delete"}
# The project's hub team; archiving through the status is for its coordinators (tested below).
PROJECT_TEAM = {
    "projects.edit", "projects.set_status", "projects.add_subproject", "projects.add_lesson",
    "projects.edit_item", "projects.move_item", "projects.delete_item", "projects.add_partner",
    "projects.remove_partner", "projects.add_attachment", "projects.delete_attachment",
    "projects.unlink_event",
}


def _changing_endpoints(app) -> list[str]:
    return sorted({rule.endpoint for rule in app.url_map.iter_rules()
                   if rule.endpoint.startswith("projects.") and "POST" in rule.methods})


def test_every_changing_route_is_classified(app):
    """A new changing route fails here until it says who may use it."""
    classified = ANY_TEAM | ANY_TEAM_FROM_A_PROJECT | COORDINATOR_ONLY | PROJECT_TEAM
    assert set(_changing_endpoints(app)) == classified


def _snapshot() -> tuple:
    return tuple(sorted(db.session.execute(sa.select(*columns)).all()) for columns in (
        (Project.id, Project.title, Project.status, Project.what, Project.reused_from_id),
        (SubProject.id, SubProject.title, SubProject.position),
        (Lesson.id, Lesson.text, Lesson.position), (ProjectPartner.id,),
        (Attachment.id,), (Programme.id,), (project_events.c.event_id,)))


@pytest.fixture
def told(make_project, make_event, hub):
    project = make_project(status="gearchiveerd", subprojects=2, lessons=2, partners=1)
    db.session.add(Attachment(project=project, filename="a.pdf", size=6,
                              content_type="application/pdf", data=b"%PDF-1"))
    event = make_event(hub)
    services.link_event(db.session, project, event)
    db.session.commit()
    return project, event


def _values(project, event) -> dict:
    return {"project_id": project.id, "item_id": project.subprojects[0].id,
            "kind": "deelprojecten", "partner_id": project.partners[0].id,
            "attachment_id": project.attachments[0].id, "event_id": event.id}


FORM = {"title": "Overgenomen", "what": "Overgenomen", "status": "lopend", "richting": "omlaag",
        "sub-title": "X", "lesson-kind": "tip", "lesson-text": "X", "partner-new_name": "X",
        "name": "X", "level": "mbo-4", "parts": ["approach"]}


@pytest.mark.parametrize("role", ["anonymous", "visitor", "other_hub_host"])
def test_no_one_else_changes_anything(app, client, told, visitor, other_host, other_hub,
                                      role):
    project, event = told
    values = _values(project, event)
    form = dict(FORM, hub=other_hub.id)
    if role == "visitor":
        client.login(visitor)
    elif role == "other_hub_host":
        client.login(other_host)
    before = _snapshot()
    for endpoint in _changing_endpoints(app):
        if role == "other_hub_host" and endpoint in ANY_TEAM | ANY_TEAM_FROM_A_PROJECT:
            continue  # a hub team may add programmes, start and reuse projects
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
        url = app.url_map.bind("hubsite.test").build(
            endpoint, {name: values[name] for name in rule.arguments})
        response = client.form(url, form)
        assert response.status_code in (302, 401, 403, 404), (endpoint, response.status_code)
        if response.status_code == 302:
            assert "/inloggen" in response.location, endpoint
        assert _snapshot() == before, endpoint


@pytest.mark.parametrize("role", ["host", "coordinator", "admin"])
def test_the_hub_team_may(app, client, told, host, coordinator, admin, role):
    project, event = told
    client.login({"host": host, "coordinator": coordinator, "admin": admin}[role])
    values = _values(project, event)
    allowed = (PROJECT_TEAM | ANY_TEAM_FROM_A_PROJECT) - {"projects.set_status"}
    # What removes an item goes last, so that the others still find it.
    for endpoint in sorted(allowed, key=lambda e: ("delete" in e or "remove" in e, e)):
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
        url = app.url_map.bind("hubsite.test").build(
            endpoint, {name: values[name] for name in rule.arguments})
        before = _snapshot()
        response = client.form(url, dict(FORM, hub=project.hub_id, **{
            "file-file": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "plan.pdf"),
            f"item{values['item_id']}-title": "Veranderd"}))
        assert response.status_code in (200, 302), (endpoint, response.status_code)
        assert _snapshot() != before, endpoint  # it was done, not just not refused
    response = client.form(f"/projects/{project.id}/verwijderen")
    assert response.status_code == (403 if role == "host" else 302)


def test_a_host_cannot_archive_but_a_coordinator_can(client, told, host, coordinator):
    project, _event = told
    services.set_status(db.session, project, "afgerond", may_archive=True)
    db.session.commit()
    client.login(host)
    assert client.form(f"/projects/{project.id}/status",
                       {"status": "gearchiveerd"}).status_code == 403
    client.login(coordinator)
    assert client.form(f"/projects/{project.id}/status",
                       {"status": "gearchiveerd"}).status_code == 302


def test_the_htmx_refusal_goes_to_the_message_region(hx, told, host, make_user, other_host):
    project, _event = told
    hx.login(other_host)
    response = hx.form(f"/projects/{project.id}/lessen", {"lesson-kind": "tip",
                                                          "lesson-text": "x"})
    assert response.status_code == 403 and response.headers["HX-Retarget"] == "#messages"
