"""The search: Dutch stemming on either database, ranking, facets that agree with the
results, visibility, snippets, the index kept up to date, and a fixed number of queries."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sqlalchemy as sa

from hubsite.extensions import db
from hubsite.projects.models import Lesson, SubProject, Tag
from hubsite.projects.search import (
    ANONYMOUS,
    FACETS,
    ArchiveFilters,
    Viewer,
    highlight,
    reindex_all,
    search,
    stem,
)
from tests.conftest import counted_queries


def titles(filters: ArchiveFilters, viewer: Viewer = ANONYMOUS, **kwargs) -> list[str]:
    return [p.title for p in search(db.session, filters, viewer, **kwargs).projects]


def found(q: str, viewer: Viewer = ANONYMOUS) -> set[str]:
    return set(titles(ArchiveFilters(q=q), viewer))


# --------------------------------------------------------------------------- stemming


def test_gastvrij_finds_gastvrijheid_in_a_title_and_gastvrij_in_a_tip(archive):
    assert found("gastvrij") == {"Gastvrijheid in het Stadscafé", "Huisstijl voor de bakker"}


def test_studenten_finds_student_and_student_finds_studenten(archive):
    # "Een student bouwt …" (speelhuis); "studenten" in the stadscafé, the challenge, …
    assert "Een speelhuis voor de basisschool" in found("studenten")
    assert "Gastvrijheid in het Stadscafé" in found("student")
    assert found("student") == found("studenten")


def test_a_plural_finds_the_singular_in_a_deelproject(archive):
    assert found("bedieningen") == {"Gastvrijheid in het Stadscafé"}  # "de bediening"


def test_every_part_of_a_project_is_searched(archive):
    assert found("muzikanten") == {"Gastvrijheid in het Stadscafé"}       # a tip
    assert found("kassa") == {"Gastvrijheid in het Stadscafé"}            # a valkuil
    assert found("affiches") == {"Gastvrijheid in het Stadscafé"}         # a deelproject
    assert found("Bakkerij Jansen") == {"Huisstijl voor de bakker"}       # the client
    assert found("Twente") >= {"Gastvrijheid in het Stadscafé",           # a partner
                               "Een speelhuis voor de basisschool"}
    assert found("duurzaamheid") == {"Een speelhuis voor de basisschool",  # a tag
                                     "Design challenge met vmbo-leerlingen"}
    assert found("retail") == {"Een speelhuis voor de basisschool",        # a programme
                               "Design challenge met vmbo-leerlingen"}


def test_what_a_page_shows_is_found_on_either_database(archive, build_project):
    # A title shows as it was typed; PostgreSQL's parser would take "<script>" for an
    # XML tag and skip it. Markdown shows without its HTML, so that is not searched.
    build_project(archive.almelo, "Een <script> voor de avond",
                  what="Het thema was <gastvrijheid>.",
                  lessons=[("tip", "Schrijf het <em>draaiboek</em> op tijd")])
    assert found("script") == {"Een <script> voor de avond"}
    assert found("draaiboeken") == {"Een <script> voor de avond"}
    assert "Een <script> voor de avond" not in found("gastvrijheid")


def test_all_words_must_match(archive):
    assert found("gastvrij bakker") == {"Huisstijl voor de bakker"}
    assert found("gastvrij onbestaandwoord") == set()


def test_stop_words_alone_find_everything_visible(archive):
    assert len(found("de het een")) == 4


def test_the_python_stemmer_is_dutch():
    assert stem("gastvrijheid") == stem("gastvrij")
    assert stem("studenten") == stem("student")
    assert stem("basisscholen") == stem("basisschool")


# --------------------------------------------------------------------------- ranking


def test_a_title_match_ranks_above_a_single_mention_in_a_tip(archive):
    assert titles(ArchiveFilters(q="gastvrij")) == [
        "Gastvrijheid in het Stadscafé", "Huisstijl voor de bakker"]


def test_ranking_holds_when_the_tip_project_is_newer_and_reused(archive, build_project):
    build_project(archive.utrecht, "Nieuwer", reused_from=archive.huisstijl,
                 lessons=[("tip", "Iets anders")])
    for project in (archive.huisstijl,):
        project.lessons.append(Lesson(kind="tip", text="Gastvrijheid loont.", position=5))
    db.session.commit()
    assert titles(ArchiveFilters(q="gastvrijheid"))[0] == "Gastvrijheid in het Stadscafé"


def test_sorting_by_most_reused_and_newest(archive):
    assert titles(ArchiveFilters(), sort="most_reused")[0] == "Gastvrijheid in het Stadscafé"
    assert titles(ArchiveFilters(), sort="newest") == [
        "Een speelhuis voor de basisschool", "Huisstijl voor de bakker",
        "Gastvrijheid in het Stadscafé", "Design challenge met vmbo-leerlingen"]
    result = search(db.session, ArchiveFilters())
    by_title = {p.title: result.reuse_counts[p.id] for p in result.projects}
    assert by_title["Gastvrijheid in het Stadscafé"] == 2
    assert by_title["Huisstijl voor de bakker"] == 0


# --------------------------------------------------------------------------- visibility


def test_visitors_never_find_a_request(archive):
    assert "Gastvrijheid in de wijk" not in found("wijk")
    statuses = {v.value for v in search(db.session, ArchiveFilters()).facets["statuses"]}
    assert statuses == {"lopend", "afgerond", "gearchiveerd"}


def test_the_hub_team_finds_its_own_requests_but_not_another_hubs(archive, build_project):
    build_project(archive.utrecht, "Gastvrijheid in Utrecht", status="aanvraag")
    almelo_team = Viewer(frozenset({archive.almelo.id}))
    assert found("gastvrijheid", almelo_team) == {"Gastvrijheid in het Stadscafé",
                                                  "Gastvrijheid in de wijk",
                                                  "Huisstijl voor de bakker"}


# --------------------------------------------------------------------------- facets


def test_facet_counts_on_the_whole_archive(archive):
    facets = search(db.session, ArchiveFilters()).facets
    counts = {name: {v.value: v.count for v in values} for name, values in facets.items()}
    assert counts["hubs"] == {archive.almelo.slug: 2, archive.utrecht.slug: 2}
    assert counts["programmes"] == {str(archive.marketing.id): 3, str(archive.retail.id): 2,
                                    str(archive.horeca.id): 1}
    assert counts["kinds"] == {"ondernemers": 3, "onderwijs": 2, "overheid": 3}
    assert counts["organisations"] == {"gemeente-almelo": 3, "stadscafe-de-kroon": 2,
                                       "roc-van-twente": 2, "bakkerij-jansen": 1}
    assert counts["tags"] == {"duurzaamheid": 2, "evenementen": 2, "horeca": 1}
    assert counts["years"] == {"2023": 1, "2024": 1, "2025": 2}
    assert counts["statuses"] == {"lopend": 1, "afgerond": 1, "gearchiveerd": 2}


COMBINATIONS = [
    ArchiveFilters(),
    ArchiveFilters(q="studenten"),
    ArchiveFilters(kinds=("overheid",)),
    ArchiveFilters(kinds=("overheid", "onderwijs"), tags=("evenementen",)),
    ArchiveFilters(q="een", years=(2025,)),
    ArchiveFilters(hubs=("almelo",), statuses=("lopend", "gearchiveerd")),
]


@pytest.mark.parametrize("filters", COMBINATIONS)
@pytest.mark.parametrize("viewer", ["visitor", "team"])
def test_every_facet_count_is_the_number_of_results_its_value_gives(archive, filters, viewer):
    """Ticking a value alone in its facet (the other facets as they are) shows exactly as
    many projects as its count said; the results agree with every filter."""
    who = Viewer(frozenset({archive.almelo.id})) if viewer == "team" else Viewer()
    result = search(db.session, filters, who, per_page=100)
    assert result.total == len(result.projects)
    for name in FACETS:
        for value in result.facets[name]:
            typed = int(value.value) if name in ("programmes", "years") else value.value
            narrowed = search(db.session, replace(filters, **{name: (typed,)}), who,
                              per_page=100, with_facets=False)
            assert narrowed.total == value.count, (name, value)
        if not getattr(filters, name):
            # A facet nobody chose counts within the current results.
            for value in result.facets[name]:
                assert value.count <= result.total


def test_filters_narrow_to_exactly_the_known_projects(archive):
    assert set(titles(ArchiveFilters(kinds=("onderwijs",)))) == {
        "Gastvrijheid in het Stadscafé", "Een speelhuis voor de basisschool"}
    assert set(titles(ArchiveFilters(organisations=("stadscafe-de-kroon",)))) == {
        "Gastvrijheid in het Stadscafé", "Design challenge met vmbo-leerlingen"}
    assert set(titles(ArchiveFilters(tags=("duurzaamheid", "horeca")))) == {
        "Gastvrijheid in het Stadscafé", "Een speelhuis voor de basisschool",
        "Design challenge met vmbo-leerlingen"}
    assert titles(ArchiveFilters(programmes=(archive.horeca.id,), years=(2024,))) == [
        "Gastvrijheid in het Stadscafé"]
    assert titles(ArchiveFilters(q="gastvrij", hubs=("utrecht",))) == [
        "Huisstijl voor de bakker"]


def test_unknown_facet_values_are_ignored(archive):
    result = search(db.session, ArchiveFilters(hubs=("nergens",), tags=("bestaat-niet",),
                                               organisations=("x",), programmes=(999999,)))
    assert result.total == 4
    assert result.filters.facet_count == 0


# --------------------------------------------------------------------------- snippets


def test_the_snippet_marks_the_words_in_every_form(archive):
    result = search(db.session, ArchiveFilters(q="studenten"))
    speelhuis = next(p for p in result.projects if p.title.startswith("Een speelhuis"))
    assert "<mark>student</mark>" in result.snippets[speelhuis.id]


def test_the_snippet_shows_the_tip_that_matched(archive):
    result = search(db.session, ArchiveFilters(q="gastvrij"))
    bakker = next(p for p in result.projects if p.title.startswith("Huisstijl"))
    assert str(result.snippets[bakker.id]) == (
        "Wees <mark>gastvrij</mark> voor de ideeën van de klant.")


def test_a_snippet_escapes_everything_but_its_own_marks():
    snippet = highlight('<script>alert("gastvrij")</script> <b>gastvrijheid</b> & co',
                        {stem("gastvrij")})
    assert "<script" not in snippet and "<b>" not in snippet
    assert snippet.count("<mark>") == 2
    assert "&lt;script&gt;alert(&#34;<mark>gastvrij</mark>&#34;)" in snippet


def test_a_long_text_is_cut_around_the_first_match():
    text = " ".join(["woord"] * 100 + ["gastvrijheid"] + ["woord"] * 100)
    snippet = highlight(text, {stem("gastvrij")})
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>gastvrijheid</mark>" in snippet
    assert len(snippet.split()) < 40


# --------------------------------------------------------------------------- the index


def test_the_index_follows_every_change_in_the_same_transaction(archive):
    assert found("ijscokar") == set()
    archive.huisstijl.subprojects.append(SubProject(title="IJscokar", description=""))
    db.session.flush()
    assert found("ijscokar") == {"Huisstijl voor de bakker"}
    db.session.rollback()
    assert found("ijscokar") == set()

    lesson = db.session.scalar(sa.select(Lesson).where(Lesson.text.like("Spreek%")))
    lesson.text = "Regel de geluidsinstallatie vroeg."
    db.session.commit()
    assert found("muzikanten") == set()
    assert found("geluidsinstallatie") == {"Gastvrijheid in het Stadscafé"}

    db.session.delete(archive.huisstijl)
    db.session.commit()
    assert found("bakker") == set()


def test_renaming_a_tag_organisation_or_programme_reindexes_its_projects(archive):
    archive.tag_green.name = "circulair"
    archive.bakker.name = "Banketbakkerij Smit"
    archive.retail.name = "Verkoop"
    db.session.commit()
    assert found("circulair") == {"Een speelhuis voor de basisschool",
                                  "Design challenge met vmbo-leerlingen"}
    assert found("Smit") == {"Huisstijl voor de bakker"}
    assert "Een speelhuis voor de basisschool" in found("verkoop")
    db.session.add(Tag(slug="nieuw", name="nieuw"))
    db.session.commit()


def test_reindexing_everything_gives_the_same_answers(archive):
    before = found("gastvrij")
    assert reindex_all(db.session) == 5
    db.session.commit()
    assert found("gastvrij") == before


# --------------------------------------------------------------------------- queries


def _queries_for_search(filters: ArchiveFilters) -> int:
    db.session.expire_all()
    with counted_queries() as statements:
        result = search(db.session, filters)
        for project in result.projects:
            _ = (project.hub.name, project.client and project.client.name,
                 [p.name for p in project.programmes])
    return len(statements)


def _many(archive, build_project, n: int) -> None:
    for i in range(n):
        build_project(archive.almelo if i % 2 else archive.utrecht,
                     f"Studentenproject {i}", client=archive.cafe,
                     partners=[archive.roc], programmes=[archive.horeca, archive.retail],
                     tags=[archive.tag_events], lessons=[("tip", "Studenten helpen graag.")],
                     subprojects=[("Deel", "Studenten deden mee.", archive.horeca)])


@pytest.mark.parametrize("filters", [
    ArchiveFilters(), ArchiveFilters(q="studenten"),
    ArchiveFilters(q="studenten", hubs=("almelo",), tags=("evenementen",),
                   kinds=("onderwijs",), organisations=("roc-van-twente",),
                   programmes=(1,), years=(2025,), statuses=("afgerond",))])
def test_a_search_runs_as_many_queries_for_3_as_for_40_projects(
        app, archive, build_project, filters):
    filters = replace(filters, programmes=(archive.horeca.id,) if filters.programmes else ())
    _many(archive, build_project, 3)
    few = _queries_for_search(filters)
    _many(archive, build_project, 37)
    assert _queries_for_search(filters) == few


def test_the_migration_made_the_index_of_this_database(app):
    tables = set(sa.inspect(db.engine).get_table_names())
    assert "project_search" in tables
    if db.engine.dialect.name == "postgresql":
        indexes = {i["name"] for i in sa.inspect(db.engine).get_indexes("project_search")}
        assert "ix_project_search_document" in indexes
        assert db.session.scalar(sa.text(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_project_search_document'"
        )).lower().count("using gin") == 1
    else:
        assert db.session.scalar(sa.text(
            "SELECT sql FROM sqlite_master WHERE name = 'project_search'")).count("fts5") == 1
