"""Telling a project, its status, its lists, organisations that merge, files and reuse."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from hubsite.extensions import db
from hubsite.media.documents import OLE_SIGNATURE, PDF, XLS
from hubsite.organisations.signals import organisations_merged
from hubsite.projects import attachments, reuse, services
from hubsite.projects.models import Project, ProjectPartner
from tests.media.helpers import DOCX_MAIN, ooxml
from tests.projects.conftest import pdf_bytes, png_bytes


def test_a_project_needs_a_title(hub):
    with pytest.raises(services.ProjectError):
        services.create_project(db.session, hub, "   ")


def test_an_end_before_the_start_is_refused(make_project):
    project = make_project()
    with pytest.raises(services.ProjectError) as error:
        services.update_project(db.session, project, starts_on=date(2026, 5, 1),
                                ends_on=date(2026, 4, 1))
    assert error.value.field == "ends_on"


def test_only_a_coordinator_archives(make_project):
    project = make_project(status="afgerond")
    with pytest.raises(PermissionError):
        services.set_status(db.session, project, "gearchiveerd", may_archive=False)
    services.set_status(db.session, project, "gearchiveerd", may_archive=True)
    assert project.status == "gearchiveerd" and project.archived_at is not None
    with pytest.raises(PermissionError):
        services.set_status(db.session, project, "lopend", may_archive=False)


def test_lessons_keep_their_order_per_kind_and_move(make_project):
    project = make_project(lessons=0)
    first = services.add_lesson(db.session, project, "tip", "Eerste")
    second = services.add_lesson(db.session, project, "tip", "Tweede")
    services.add_lesson(db.session, project, "valkuil", "Te snel willen")
    services.move_item(db.session, [x for x in project.lessons if x.kind == "tip"], second, "up")
    db.session.commit()
    db.session.expire_all()
    ordered = services.lessons_by_kind(db.session.get(Project, project.id))
    assert [x.text for x in ordered["tip"]] == ["Tweede", "Eerste"]
    assert [x.text for x in ordered["valkuil"]] == ["Te snel willen"]
    assert first.id != second.id


def test_tags_are_parsed_without_doubles():
    assert services.parse_tag_names("horeca, Horeca;  gastvrijheid ,,") == ["horeca",
                                                                             "gastvrijheid"]


def test_partners_are_grouped_per_o(make_project):
    project = make_project(partners=3)
    assert list(services.partners_by_kind(project)) == ["ondernemers", "onderwijs", "overheid"]


def test_a_merged_organisation_moves_its_projects_and_a_double_partner_is_kept_once(
        make_project, make_organisation):
    project = make_project(partners=0)
    source, target = make_organisation(name="Bakkerij Bolk"), make_organisation(name="Bolk BV")
    project.client_id = source.id
    services.add_partner(db.session, project, source, "Brood")
    services.add_partner(db.session, project, target, "Taart")
    other = make_project(title="Ander project", partners=0)
    services.add_partner(db.session, other, source, "Koffie")
    db.session.commit()

    organisations_merged.send(source, session=db.session, target=target)
    db.session.commit()

    assert db.session.get(Project, project.id).client_id == target.id
    rows = db.session.scalars(sa.select(ProjectPartner)).all()
    assert sorted((r.project_id, r.organisation_id) for r in rows) == sorted(
        [(project.id, target.id), (other.id, target.id)])
    kept = next(r for r in rows if r.project_id == project.id)
    assert "Taart" in kept.contribution and "Brood" in kept.contribution


# --------------------------------------------------------------------------- files


def test_a_documents_name_gets_the_extension_of_what_it_is():
    assert attachments.safe_filename('../../etc/"ver<slag>".exe', "pdf") == "ver slag.pdf"
    assert attachments.safe_filename("C:\\Users\\x\\plan.docx", "pdf") == "plan.pdf"
    assert attachments.safe_filename("", "pdf").endswith(".pdf")


def test_a_photo_is_reencoded_and_a_document_kept(make_project):
    project = make_project()
    photo = attachments.add_attachment(db.session, project, png_bytes(), "foto.png", "Zaal",
                                       10_000_000)
    document = attachments.add_attachment(db.session, project, pdf_bytes(), "plan.pdf", "",
                                          10_000_000)
    assert photo.image is not None and photo.content_type == "image/jpeg"
    assert document.image is None and document.content_type == PDF


def test_a_file_too_big_or_of_the_wrong_kind_is_refused(make_project):
    project = make_project()
    with pytest.raises(attachments.AttachmentError, match="groter"):
        attachments.add_attachment(db.session, project, pdf_bytes(), "a.pdf", "", 10)
    with pytest.raises(attachments.AttachmentError, match="Dit soort bestand"):
        attachments.add_attachment(db.session, project, b"#!/bin/sh\n", "a.pdf", "", 1000)
    with pytest.raises(attachments.AttachmentError, match="macro"):
        attachments.add_attachment(db.session, project, ooxml(DOCX_MAIN, macros=True),
                                   "a.docx", "", 100_000)


def test_a_document_is_named_after_what_it_is_and_old_office_files_are_kept(make_project):
    project = make_project()
    renamed = attachments.add_attachment(db.session, project, pdf_bytes(), "verslag.docx", "",
                                         10_000)
    legacy = attachments.add_attachment(db.session, project, OLE_SIGNATURE + b"\0" * 100,
                                        "begroting.xls", "", 10_000)
    assert (renamed.filename, renamed.content_type) == ("verslag.pdf", PDF)
    assert (legacy.filename, legacy.content_type) == ("begroting.xls", XLS)


# --------------------------------------------------------------------------- reuse


def test_reuse_takes_the_ticked_parts_and_never_people_unless_ticked(
        app, make_project, other_hub, make_organisation):
    source = make_project(subprojects=2, lessons=3, partners=1)
    source.client_id = make_organisation(name="Gemeente").id
    source.result, source.contact_name = "Tachtig bezoekers", "Marieke"
    db.session.commit()
    with app.test_request_context():
        copy = reuse.reuse_project(db.session, source, other_hub,
                                   {"approach", "subprojects", "lessons", "tags"}, None)
    assert copy.status == "aanvraag" and copy.reused_from_id == source.id
    assert copy.hub_id == other_hub.id and copy.what == source.what
    assert [s.title for s in copy.subprojects] == ["Deelproject 0", "Deelproject 1"]
    assert all(s.students == "" for s in copy.subprojects)
    assert len(copy.lessons) == 3 and {t.slug for t in copy.tags} == {"horeca", "gastvrijheid"}
    assert copy.client_id is None and copy.result == "" and copy.contact_name == ""
    assert copy.programmes == [] and copy.partners == []


def test_reuse_takes_people_and_results_when_ticked(app, make_project, hub):
    source = make_project()
    source.result, source.contact_name = "Tachtig bezoekers", "Marieke"
    attachments.add_attachment(db.session, source, pdf_bytes(), "plan.pdf", "", 10_000)
    db.session.commit()
    with app.test_request_context():
        copy = reuse.reuse_project(db.session, source, hub, set(reuse.ALL_PARTS), None)
    assert copy.result == "Tachtig bezoekers" and copy.contact_name == "Marieke"
    assert copy.subprojects[0].students == "Student 0"
    assert [a.filename for a in copy.attachments] == ["plan.pdf"]
    assert copy.programmes == source.programmes
