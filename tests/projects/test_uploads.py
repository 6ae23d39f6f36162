"""Uploads of the wrong type or size on a project: a message next to the field and a 4xx,
what was typed kept, nothing saved; for the cover photo and for attachments, as a full
page and in place with htmx."""

from __future__ import annotations

import io

import sqlalchemy as sa

from hubsite.extensions import db
from hubsite.projects.models import Attachment, Project
from tests.conftest import field_error
from tests.projects.conftest import png_bytes


def _story(client, **files) -> dict:
    return {"csrf_token": client.csrf_token(), "title": "Stadscafé",
            "what": "Mijn lange verhaal over de avond", "image_alt": "De zaal vol gasten",
            **files}


def test_a_cover_that_is_no_picture_is_refused_and_the_story_kept(client, host, make_project):
    project = make_project()
    client.login(host)
    response = client.post(f"/projects/{project.id}/bewerken", data=_story(
        client, image=(io.BytesIO(b"%PDF-1.4 geen foto"), "omslag.png")),
        content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(page, "image")
    assert "Mijn lange verhaal over de avond" in page and "De zaal vol gasten" in page
    db.session.expire_all()
    assert db.session.get(Project, project.id).image_id is None
    assert db.session.get(Project, project.id).what != "Mijn lange verhaal over de avond"


def test_a_cover_that_is_too_large_is_refused(client, host, make_project, app):
    project = make_project()
    client.login(host)
    app.config["MAX_UPLOAD_BYTES"] = 500
    response = client.post(f"/projects/{project.id}/bewerken", data=_story(
        client, image=(io.BytesIO(png_bytes((400, 300)) + b"\0" * 1000), "omslag.png")),
        content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and field_error(page, "image")
    assert "Mijn lange verhaal over de avond" in page


def test_in_place_a_wrong_file_shows_its_message_in_the_section(hx, host, make_project):
    project = make_project()
    hx.login(host)
    response = hx.post(f"/projects/{project.id}/bijlagen", data={
        "csrf_token": hx.csrf_token(), "file-description": "Het programma van de avond",
        "file-file": (io.BytesIO(b"MZ\x90 programma"), "programma.pdf")},
        content_type="multipart/form-data")
    fragment = response.get_data(as_text=True)
    assert response.status_code == 422
    assert fragment.lstrip().startswith('<section id="attachments"')  # the section, not a page
    assert "Dit soort bestand kan niet" in fragment
    assert 'value="Het programma van de avond"' in fragment
    assert db.session.scalars(sa.select(Attachment)).all() == []
