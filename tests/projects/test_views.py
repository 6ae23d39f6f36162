"""The project page as visitors and the hub team see it, and telling a project."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa

from hubsite.extensions import db
from hubsite.projects import services
from hubsite.projects.attachments import add_attachment
from hubsite.projects.models import Attachment, Lesson, Project, SubProject, project_events
from tests.conftest import counted_queries, field_error
from tests.projects.conftest import pdf_bytes, png_bytes


def _page(response) -> str:
    return response.get_data(as_text=True)


# --------------------------------------------------------------------------- reading


def test_visitor_sees_the_story(client, make_project):
    project = make_project(subprojects=2, lessons=3, partners=3)
    page = _page(client.get(f"/projects/{project.id}"))
    assert "Stadscafé" in page and "<strong>gastvrijheid</strong>" in page
    assert "Deelproject 0" in page and "Deelproject 1" in page
    assert "Les 0" in page and "Les 2" in page
    assert "Ondernemers" in page and "Onderwijs" in page and "Overheid" in page
    assert "Partner 2" in page and "Bijdrage 2" in page
    assert "Bewerken" not in page


def test_a_request_is_for_the_hub_team_only(client, make_project, host, other_host):
    project = make_project(status="aanvraag")
    assert client.get(f"/projects/{project.id}").status_code == 404
    client.login(other_host)
    assert client.get(f"/projects/{project.id}").status_code == 404
    client.login(host)
    page = _page(client.get(f"/projects/{project.id}"))
    assert "Alleen het hubteam ziet deze aanvraag." in page and "Bewerken" in page


def test_students_names_stay_off_the_public_page(client, make_project):
    project = make_project(subprojects=1)
    assert "Student 0" not in _page(client.get(f"/projects/{project.id}"))


def test_contact_details_never_reach_visitors(client, make_project, make_user, hub,
                                              make_organisation):
    contact = make_user(hub=hub, role="host", email="contact.persoon@example.nl",
                        name="Karin Contact")
    partner = make_organisation(name="Bakkerij Bolk", website="https://bolk.example")
    project = make_project(partners=0, contact_user_id=contact.id,
                           contact_role="Projectleider")
    services.add_partner(db.session, project, partner, "Brood")
    project.client_id = partner.id
    db.session.commit()
    hub.email = "hub@example.nl"
    db.session.commit()
    for url in (f"/projects/{project.id}", f"/organisaties/{partner.slug}",
                f"/hubs/{hub.slug}"):
        page = _page(client.get(url))
        assert "contact.persoon@example.nl" not in page, url
        # a phone number, not the hex digits of a static file's hashed name
        assert not re.search(r"(?<![0-9a-f.])0[0-9]{1,2}[- ]?[0-9]{6,8}(?![0-9a-f])", page), url
    page = _page(client.get(f"/projects/{project.id}"))
    assert "Karin Contact" in page and "Projectleider" in page


@pytest.mark.parametrize("size", [1, 8])
def test_the_page_runs_a_constant_number_of_queries(client, make_project, make_event, hub,
                                                     size):
    project = make_project(subprojects=size, lessons=size, partners=size)
    for n in range(size):
        attachment = Attachment(project=project, filename=f"d{n}.pdf",
                                content_type="application/pdf", size=10, data=pdf_bytes())
        db.session.add(attachment)
        services.link_event(db.session, project, make_event(hub, title=f"Activiteit {n}"))
        services.create_project(db.session, hub, f"Vervolg {n}", status="lopend").reused_from_id \
            = project.id
    db.session.commit()
    client.get(f"/projects/{project.id}")  # warm up (the user, the translations)
    with counted_queries() as statements:
        assert client.get(f"/projects/{project.id}").status_code == 200
    # The project and its lists (7), the lineage, the activities, similar projects (3).
    assert len(statements) <= 12


def test_the_number_of_queries_does_not_grow(client, make_project, make_event, hub):
    # A neighbour telling the same kind of story: every measured page shows similar projects
    # (a page without any runs one query fewer, which is not growth).
    make_project(title="Buur")
    measured = []
    for size in (1, 6):
        project = make_project(title=f"P{size}", subprojects=size, lessons=size,
                               partners=size)
        for n in range(size):
            db.session.add(Attachment(project=project, filename=f"d{n}.pdf", size=1,
                                      content_type="application/pdf", data=b"%PDF-1"))
            services.link_event(db.session, project, make_event(hub, title=f"A{size}{n}"))
        db.session.commit()
        client.get(f"/projects/{project.id}")
        with counted_queries() as statements:
            client.get(f"/projects/{project.id}")
        measured.append(len(statements))
    assert measured[0] == measured[1]


def test_lineage_is_shown_both_ways(client, make_project, other_hub):
    source = make_project(title="Het origineel", status="gearchiveerd")
    for n in range(3):
        copy = make_project(title=f"Kopie {n}", on=other_hub, status="lopend")
        copy.reused_from_id = source.id
    db.session.commit()
    page = _page(client.get(f"/projects/{source.id}"))
    assert "Hergebruikt in" in page and "3×" in page and "Kopie 2" in page
    page = _page(client.get(f"/projects/{copy.id}"))
    assert "Gebaseerd op" in page and "Het origineel" in page


def test_print_leaves_out_the_team_tools(client, make_project, host):
    project = make_project()
    client.login(host)
    page = _page(client.get(f"/projects/{project.id}"))
    assert 'class="team-tools no-print"' in page
    css = client.get("/static/css/projects.css").get_data(as_text=True)
    assert "@media print" in css and ".team-tools" in css


# --------------------------------------------------------------------------- editing


def test_a_host_starts_a_project_at_their_hub(client, host, hub, other_hub):
    client.login(host)
    page = _page(client.get("/projects/new"))
    assert hub.name in page and other_hub.name not in page
    response = client.form("/projects/new", {"hub": other_hub.id, "title": "Niet van mij"})
    assert response.status_code == 422
    response = client.form("/projects/new", {"hub": hub.id, "title": "Speelhuis"})
    assert response.status_code == 302
    project = db.session.scalar(sa.select(Project).where(Project.title == "Speelhuis"))
    assert project.status == "aanvraag" and project.hub_id == hub.id


def test_editing_keeps_what_was_typed_on_a_mistake(client, host, make_project):
    project = make_project()
    client.login(host)
    response = client.form(f"/projects/{project.id}/bewerken", {
        "title": "", "what": "Mijn lange verhaal", "starts_on": "2026-05-01",
        "ends_on": "2026-04-01"})
    page = _page(response)
    assert response.status_code == 422
    assert "Mijn lange verhaal" in page
    assert field_error(page, "title") and field_error(page, "ends_on")


def test_editing_saves_every_field(client, host, make_project, make_programme, make_organisation):
    project = make_project(subprojects=0)
    programme = make_programme(name="Muzikant")
    client_org = make_organisation(name="Gemeente Almelo", kind="overheid")
    client.login(host)
    response = client.form(f"/projects/{project.id}/bewerken", {
        "title": "Stadscafé 2", "summary": "Kort", "client": client_org.id,
        "starts_on": "2026-01-05", "ends_on": "2026-02-05", "what": "Wat", "who": "Wie",
        "approach": "Hoe", "support": "Steun", "result": "Resultaat",
        "programmes": [programme.id], "tags": "muziek, Horeca", "contact_name": "Karin",
        "contact_role": "Projectleider", "image_alt": ""})
    assert response.status_code == 302
    project = db.session.get(Project, project.id)
    assert (project.title, project.client_id, project.result) == ("Stadscafé 2", client_org.id,
                                                                   "Resultaat")
    assert [p.name for p in project.programmes] == ["Muzikant"]
    assert {t.slug for t in project.tags} == {"muziek", "horeca"}


@pytest.mark.parametrize("bad", ["abc", "99999999999", "", "2026-13-45"])
def test_bad_input_is_a_message_not_a_500(client, host, make_project, bad):
    project = make_project()
    client.login(host)
    response = client.form(f"/projects/{project.id}/bewerken", {
        "title": "T", "client": bad, "contact_user": bad, "programmes": [bad],
        "starts_on": bad})
    assert response.status_code in (302, 422)
    for url, data in ((f"/projects/{project.id}/deelprojecten", {"sub-title": "x",
                                                                  "sub-programme": bad}),
                      (f"/projects/{project.id}/lessen", {"lesson-kind": bad,
                                                          "lesson-text": "x"}),
                      (f"/projects/{project.id}/partners", {"partner-organisation": bad}),
                      (f"/projects/{project.id}/status", {"status": bad})):
        assert client.form(url, data).status_code < 500, url


def test_deelprojecten_inline_with_htmx(hx, host, make_project):
    project = make_project(subprojects=0)
    hx.login(host)
    response = hx.form(f"/projects/{project.id}/deelprojecten",
                       {"sub-title": "Hapjesdiner", "sub-description": "Drie gangen"})
    page = _page(response)
    assert response.status_code == 200 and response.headers["HX-Retarget"] == "#subprojects"
    assert page.lstrip().startswith('<section id="subprojects"') and "Hapjesdiner" in page
    assert "<html" not in page

    response = hx.form(f"/projects/{project.id}/deelprojecten",
                       {"sub-title": "", "sub-description": "Wat ik al typte"})
    assert response.status_code == 422 and "Wat ik al typte" in _page(response)

    item = db.session.scalar(sa.select(SubProject).where(SubProject.project_id == project.id))
    form = hx.get(f"/projects/{project.id}/deelprojecten/{item.id}")
    assert _page(form).lstrip().startswith("<li") and "Hapjesdiner" in _page(form)
    response = hx.form(f"/projects/{project.id}/deelprojecten/{item.id}",
                       {f"item{item.id}-title": "Hapjesdiner voor 80",
                        f"item{item.id}-description": "Drie gangen"})
    assert response.status_code == 200 and "Hapjesdiner voor 80" in _page(response)


def test_deelprojecten_without_javascript(client, host, make_project):
    project = make_project(subprojects=2)
    client.login(host)
    first, second = sorted(db.session.get(Project, project.id).subprojects,
                           key=lambda s: s.position)
    response = client.form(f"/projects/{project.id}/deelprojecten/{second.id}/verplaatsen",
                           {"richting": "omhoog"})
    assert response.status_code == 302 and response.location.endswith("#subprojects")
    db.session.expire_all()
    assert [s.title for s in db.session.get(Project, project.id).subprojects] == \
        [second.title, first.title]
    page = _page(client.get(f"/projects/{project.id}/deelprojecten/{first.id}/verwijderen"))
    assert "Weet je het zeker?" in page
    assert client.form(f"/projects/{project.id}/deelprojecten/{first.id}/verwijderen"
                       ).status_code == 302
    assert db.session.get(SubProject, first.id) is None


def test_lessons_each_a_list_item(client, host, make_project):
    project = make_project(lessons=0)
    client.login(host)
    for kind, text in (("tip", "Begin klein"), ("top", "Blije studenten"),
                       ("valkuil", "Te snel willen")):
        assert client.form(f"/projects/{project.id}/lessen",
                           {"lesson-kind": kind, "lesson-text": text}).status_code == 302
    page = _page(client.get(f"/projects/{project.id}"))
    assert re.search(r"<h3>Tips</h3>\s*<ul><li><p>Begin klein</p></li></ul>", page)
    assert "Te snel willen" in page and "Blije studenten" in page
    assert len(db.session.scalars(sa.select(Lesson)).all()) == 3


def test_partners_new_or_existing(client, host, make_project, make_organisation):
    project = make_project(partners=0)
    existing = make_organisation(name="ROC van Twente", kind="onderwijs")
    client.login(host)
    client.form(f"/projects/{project.id}/partners", {"partner-organisation": existing.id,
                                                     "partner-contribution": "Docenten"})
    client.form(f"/projects/{project.id}/partners", {"partner-new_name": "Sok Organiseert",
                                                     "partner-new_kind": "ondernemers"})
    response = client.form(f"/projects/{project.id}/partners", {"partner-contribution": "x"})
    assert response.status_code == 422
    names = {p.organisation.name for p in db.session.get(Project, project.id).partners}
    assert names == {"ROC van Twente", "Sok Organiseert"}


def test_archiving_is_for_coordinators(client, host, coordinator, make_project):
    project = make_project(status="afgerond")
    client.login(host)
    assert client.form(f"/projects/{project.id}/status",
                       {"status": "gearchiveerd"}).status_code == 403
    assert client.form(f"/projects/{project.id}/status", {"status": "lopend"}).status_code == 302
    client.login(coordinator)
    assert client.form(f"/projects/{project.id}/status",
                       {"status": "gearchiveerd"}).status_code == 302
    assert db.session.get(Project, project.id).status == "gearchiveerd"


# --------------------------------------------------------------------------- attachments


def test_uploads_of_the_wrong_type_or_size_get_a_message(client, host, make_project, app):
    project = make_project()
    client.login(host)
    app.config["MAX_DOCUMENT_BYTES"] = 1000
    response = client.post(f"/projects/{project.id}/bijlagen", data={
        "csrf_token": client.csrf_token(), "file-description": "Mijn beschrijving",
        "file-file": (io.BytesIO(b"MZ\x90 programma"), "plan.pdf")},
        content_type="multipart/form-data")
    page = _page(response)
    assert response.status_code == 422 and "Dit soort bestand kan niet" in page
    assert "Mijn beschrijving" in page
    response = client.post(f"/projects/{project.id}/bijlagen", data={
        "csrf_token": client.csrf_token(), "file-description": "Groot",
        "file-file": (io.BytesIO(b"%PDF-" + b"0" * 2000), "groot.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 422 and "groter dan" in _page(response)
    assert db.session.scalars(sa.select(Attachment)).all() == []


def test_documents_download_as_attachments(client, host, make_project):
    project = make_project()
    client.login(host)
    response = client.post(f"/projects/{project.id}/bijlagen", data={
        "csrf_token": client.csrf_token(),
        "file-file": (io.BytesIO(pdf_bytes()), 'draai"boek\r.pdf')},
        content_type="multipart/form-data")
    assert response.status_code == 302
    photo = client.post(f"/projects/{project.id}/bijlagen", data={
        "csrf_token": client.csrf_token(), "file-description": "De zaal",
        "file-file": (io.BytesIO(png_bytes()), "zaal.png")}, content_type="multipart/form-data")
    assert photo.status_code == 302
    document = db.session.scalar(sa.select(Attachment).where(Attachment.image_id.is_(None)))
    client.post("/uitloggen", data={"csrf_token": client.csrf_token()})
    response = client.get(f"/projects/{project.id}/bijlagen/{document.id}")
    assert response.status_code == 200 and response.data == pdf_bytes()
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert '"' not in response.headers["Content-Disposition"].split("filename=")[1].strip('"')
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    page = _page(client.get(f"/projects/{project.id}"))
    assert "De zaal" in page


def test_visitors_get_no_files_of_a_request(client, host, make_project):
    project = make_project(status="aanvraag")
    db.session.add(Attachment(project=project, filename="a.pdf", size=6,
                              content_type="application/pdf", data=b"%PDF-1"))
    db.session.commit()
    attachment = db.session.scalar(sa.select(Attachment))
    assert client.get(f"/projects/{project.id}/bijlagen/{attachment.id}").status_code == 404


# --------------------------------------------------------------------------- reuse, agenda


def test_reuse_from_the_page(client, host, other_host, make_project, other_hub):
    source = make_project(title="Stadscafé", status="gearchiveerd", subprojects=2)
    client.login(other_host)
    page = _page(client.get(f"/projects/{source.id}"))
    assert "Hergebruik dit project" in page
    form = _page(client.get(f"/projects/{source.id}/hergebruik"))
    ticked = set(re.findall(r'<input checked[^>]*value="(\w+)"', form))
    assert {"approach", "subprojects", "lessons"} <= ticked
    assert 'value="students"' in form and not ticked & {"students", "client", "result"}
    response = client.form(f"/projects/{source.id}/hergebruik", {
        "hub": other_hub.id, "title": "Dorpscafé", "parts": ["approach", "subprojects"]})
    assert response.status_code == 302
    copy = db.session.scalar(sa.select(Project).where(Project.title == "Dorpscafé"))
    assert copy.reused_from_id == source.id and copy.hub_id == other_hub.id
    assert len(copy.subprojects) == 2 and all(not s.students for s in copy.subprojects)


def test_only_finished_projects_are_reused(client, host, make_project):
    project = make_project(status="lopend")
    client.login(host)
    assert client.get(f"/projects/{project.id}/hergebruik").status_code == 403


def test_an_activity_started_from_a_project_links_back(client, host, hub, make_project,
                                                       make_activity_type, make_organisation):
    project = make_project(summary="Een avond over gastvrijheid")
    project.client_id = make_organisation(name="Gemeente Almelo").id
    db.session.commit()
    activity_type = make_activity_type()
    client.login(host)
    url = f"/hubs/{hub.slug}/activiteiten/nieuw?vanuit=project:{project.id}"
    form = _page(client.get(url))
    assert 'value="Stadscafé"' in form and "Een avond over gastvrijheid" in form
    assert f'<option selected value="{project.client_id}">' in form
    response = client.form(url, {
        "activity_type": activity_type.id, "title": "Kick-off Stadscafé",
        "date": "2030-03-04", "start_time": "14:00", "end_time": "16:00",
        "repeat": "", "organisation": project.client_id, "action": "publish"})
    assert response.status_code == 302
    linked = db.session.execute(sa.select(project_events)).all()
    assert len(linked) == 1 and linked[0].project_id == project.id
    event_page = _page(client.get(response.location))
    assert "Hoort bij project" in event_page and f"/projects/{project.id}" in event_page
    assert "Kick-off Stadscafé" in _page(client.get(f"/projects/{project.id}"))


def test_an_activity_started_from_someone_elses_project_is_not_linked(
        client, other_host, other_hub, make_project, make_activity_type):
    project = make_project()
    activity_type = make_activity_type()
    client.login(other_host)
    url = f"/hubs/{other_hub.slug}/activiteiten/nieuw?vanuit=project:{project.id}"
    assert 'value="Stadscafé"' not in _page(client.get(url))
    client.form(url, {"activity_type": activity_type.id, "title": "Mijn activiteit",
                      "date": "2030-03-04", "start_time": "14:00", "end_time": "16:00",
                      "repeat": "", "action": "publish"})
    assert db.session.execute(sa.select(project_events)).all() == []


# --------------------------------------------------------------------------- other pages


def test_hub_and_organisation_pages_list_public_projects(client, hub, make_project,
                                                         make_organisation, make_event):
    partner = make_organisation(name="Bakkerij Bolk")
    shown = make_project(title="Huisstijl Bolk", partners=0)
    services.add_partner(db.session, shown, partner, "Opdracht")
    hidden = make_project(title="Geheime aanvraag", status="aanvraag", partners=0)
    services.add_partner(db.session, hidden, partner, "")
    make_event(hub, title="Proeverij bij Bolk", organisation_id=partner.id)
    db.session.commit()
    hub_page = _page(client.get(f"/hubs/{hub.slug}"))
    assert "Huisstijl Bolk" in hub_page and "Geheime aanvraag" not in hub_page
    org_page = _page(client.get(f"/organisaties/{partner.slug}"))
    assert "Huisstijl Bolk" in org_page and "Geheime aanvraag" not in org_page
    assert "Proeverij bij Bolk" in org_page


def test_the_organisation_page_runs_a_constant_number_of_queries(client, make_project,
                                                                  make_organisation):
    partner = make_organisation(name="Gemeente")
    measured = []
    for size in (1, 5):
        for n in range(size):
            project = make_project(title=f"P{size}-{n}", partners=0)
            services.add_partner(db.session, project, partner, "")
        db.session.commit()
        client.get(f"/organisaties/{partner.slug}")
        with counted_queries() as statements:
            client.get(f"/organisaties/{partner.slug}")
        measured.append(len(statements))
    assert measured[0] == measured[1]


def test_programmes_are_kept_by_hub_teams(client, host, visitor):
    client.login(visitor)
    assert client.get("/opleidingen").status_code == 403
    client.login(host)
    response = client.form("/opleidingen", {"name": "Muzikant", "level": "mbo-4",
                                            "school": "ROC van Twente"})
    assert response.status_code == 302
    assert "Muzikant" in _page(client.get("/opleidingen"))
    response = client.form("/opleidingen", {"name": "", "level": "mbo-9", "school": "X"})
    assert response.status_code == 422


@pytest.mark.parametrize("origin", ["project:abc", "project:99999999999999", "project:",
                                    "iets-anders:1", "project:-1"])
def test_a_strange_origin_gives_an_empty_form_not_an_error(client, host, hub, origin):
    client.login(host)
    response = client.get(f"/hubs/{hub.slug}/activiteiten/nieuw", query_string={
        "vanuit": origin})
    assert response.status_code == 200


def test_the_hub_team_sees_its_requests_on_the_hub_page(client, host, hub, make_project):
    make_project(title="Nieuwe vraag van de bakker", status="aanvraag")
    assert "Nieuwe vraag van de bakker" not in _page(client.get(f"/hubs/{hub.slug}"))
    client.login(host)
    page = _page(client.get(f"/hubs/{hub.slug}"))
    assert "Nieuwe vraag van de bakker" in page and "Nieuw project" in page


def test_photos_of_a_request_are_for_the_hub_team_only(client, host, make_project):
    project = make_project(status="aanvraag")
    photo = add_attachment(db.session, project, png_bytes(), "zaal.png", "", 10_000_000)
    db.session.commit()
    width = photo.image.sizes[0][0]
    url = f"/images/{photo.image_id}/{width}.jpg"
    assert client.get(url).status_code == 404
    client.login(host)
    assert client.get(url).status_code == 200
    project.status = "afgerond"
    db.session.commit()
    client.post("/uitloggen", data={"csrf_token": client.csrf_token()})
    assert client.get(url).status_code == 200
