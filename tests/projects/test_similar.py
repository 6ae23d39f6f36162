"""Similar projects beside a project's story (slot project.aside)."""

from __future__ import annotations

from hubsite.extensions import db
from hubsite.projects.similar import similar_projects
from hubsite.slots import render_slot
from tests.conftest import counted_queries


def test_projects_sharing_programmes_tags_and_kinds_come_first(archive):
    found = [s.project.title for s in similar_projects(db.session, archive.challenge)]

    # The speelhuis shares retail, duurzaamheid and the municipality; the stadscafé
    # marketing, evenementen and two kinds; the bakker only marketing.
    assert found == ["Een speelhuis voor de basisschool", "Gastvrijheid in het Stadscafé",
                     "Huisstijl voor de bakker"]


def test_words_alone_make_a_project_similar(archive, build_project):
    lonely = build_project(archive.utrecht, "Een kas voor de basisschool")

    found = [s.project.title for s in similar_projects(db.session, lonely)]

    assert found == ["Een speelhuis voor de basisschool"]


def test_requests_and_the_project_itself_are_never_similar(archive):
    found = {s.project.title for s in similar_projects(db.session, archive.stadscafe)}

    assert "Gastvrijheid in de wijk" not in found  # shares horeca, but is a request
    assert "Gastvrijheid in het Stadscafé" not in found


def test_at_most_five(archive, build_project):
    for i in range(8):
        build_project(archive.almelo, f"Horeca-avond {i}", programmes=[archive.horeca],
                     tags=[archive.tag_horeca])
    assert len(similar_projects(db.session, archive.stadscafe)) == 5


def test_the_panel_fills_the_project_aside_slot_with_links(app, archive):
    with app.test_request_context("/projects/1"):
        html = render_slot("project.aside", project=archive.challenge, is_team=False)

    assert "Vergelijkbare projecten" in html
    assert "Een speelhuis voor de basisschool" in html
    assert f"/projects/{archive.speelhuis.id}" in html


def test_similar_projects_take_as_many_queries_for_3_as_for_40(archive, build_project):
    def add(n: int) -> None:
        for i in range(n):
            build_project(archive.almelo, f"Duurzame markt {i}", programmes=[archive.retail],
                         tags=[archive.tag_green], client=archive.gemeente)

    def queries() -> int:
        db.session.expire_all()
        with counted_queries() as statements:
            for similar in similar_projects(db.session, archive.challenge):
                _ = similar.project.hub.name
        return len(statements)

    add(3)
    few = queries()
    add(37)
    assert queries() == few
