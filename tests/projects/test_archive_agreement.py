"""The archive page against the known answer: for the data set of archive_data.py, the
results a URL shows, the number it announces and every facet count on the page are what a
plain Python reading of that data set gives, for visitors and for a hub team, on
whichever database the suite runs on.

Facet semantics: a value's count is the number of projects the page would show with that
value chosen *instead of* the values chosen in its own facet, the other facets as they are
(so the values of one facet are alternatives, and facets narrow each other).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode

import pytest

from tests.projects.archive_data import Archive
from tests.projects.test_archive import card_titles

# What each search word finds, read from the texts in archive_data.py (Dutch stems:
# "studenten" also finds "student", "gastvrij" also finds "gastvrijheid").
WORD_FINDS = {
    "studenten": {"stadscafe", "speelhuis", "challenge", "wijk"},
    "gastvrij": {"stadscafe", "huisstijl", "wijk"},
}
PARAMS = ("hub", "programme", "kind", "organisation", "tag", "year", "status")


def _known(archive: Archive) -> dict[str, dict[str, set[str]]]:
    """Every project of the data set as the values it has per facet parameter."""
    def of(project) -> dict[str, set[str]]:
        organisations = [project.client] + [p.organisation for p in project.partners]
        return {
            "title": {project.title},
            "hub": {project.hub.slug},
            "programme": {str(p.id) for p in project.programmes},
            "kind": {o.kind for o in organisations},
            "organisation": {o.slug for o in organisations},
            "tag": {t.slug for t in project.tags},
            "year": {str(project.starts_on.year)},
            "status": {project.status},
        }
    return {name: of(getattr(archive, name))
            for name in ("stadscafe", "huisstijl", "speelhuis", "wijk", "challenge")}


def _expected(known, query: dict[str, list[str]], team: bool) -> set[str]:
    """The names of the projects a URL's filters must show."""
    names = {n for n, p in known.items() if team or p["status"] != {"aanvraag"}}
    if not team:
        names.discard("wijk")
    for word in query.get("q", []):
        names &= WORD_FINDS[word]
    for param in PARAMS:
        chosen = set(query.get(param, []))
        if chosen:
            names = {n for n in names if known[n][param] & chosen}
    return names


def _facets_on(page: str) -> dict[tuple[str, str], int]:
    """Every facet value on the page with the count it shows."""
    return {(param, value): int(count) for param, value, count in re.findall(
        r'<input type="checkbox" name="(\w+)" value="([^"]+)" id="facet-[^"]+"[^>]*>'
        r'.*?<span class="facet__count">(\d+)<', page, re.S)}


URLS = [
    "",
    "q=studenten",
    "q=gastvrij",
    "kind=overheid",
    "kind=overheid&kind=onderwijs&tag=evenementen",
    "q=studenten&year=2025",
    "hub=almelo&status=lopend&status=gearchiveerd",
    "q=gastvrij&hub=utrecht",
    "organisation=stadscafe-de-kroon&tag=duurzaamheid",
]


@pytest.mark.parametrize("viewer", ["visitor", "team"])
@pytest.mark.parametrize("url", URLS)
def test_results_count_and_every_facet_agree_with_the_known_answer(client, archive, host,
                                                                   url, viewer):
    team = viewer == "team"
    if team:
        client.login(host)  # on Hub Almelo's team: sees its request "wijk" too
    known = _known(archive)
    title_of = {name: next(iter(p["title"])) for name, p in known.items()}
    query: dict[str, list[str]] = {}
    for key, value in parse_qsl(url):
        query.setdefault(key, []).append(value)

    page = client.get(f"/projects?{url}").get_data(as_text=True)
    expected = _expected(known, query, team)
    assert set(card_titles(page)) == {title_of[n] for n in expected}
    noun = "project" if len(expected) == 1 else "projecten"
    assert re.search(rf'id="archive-results-title"[^>]*>\s*{len(expected)} {noun}\b', page)

    shown = _facets_on(page)
    for param in PARAMS:
        others = {k: v for k, v in query.items() if k != param}
        values = {v for n in known for v in known[n][param]}
        for value in values:
            count = len(_expected(known, {**others, param: [value]}, team))
            chosen = value in query.get(param, [])
            if count or chosen:
                assert shown.get((param, value)) == count, (param, value)
            else:
                assert (param, value) not in shown, (param, value)


@pytest.mark.parametrize("url", ["q=studenten", "kind=overheid&tag=evenementen"])
def test_following_a_facet_shows_as_many_projects_as_it_counted(client, archive, url):
    page = client.get(f"/projects?{url}").get_data(as_text=True)
    for (param, value), count in _facets_on(page).items():
        query = [(k, v) for k, v in parse_qsl(url) if k != param] + [(param, value)]
        narrowed = client.get(f"/projects?{urlencode(query)}").get_data(as_text=True)
        assert len(card_titles(narrowed)) == count, (param, value)


def test_an_htmx_search_sends_the_same_counts_as_the_page(client, hx, archive):
    page = client.get("/projects?q=studenten&kind=overheid").get_data(as_text=True)
    fragment = hx.get("/projects?q=studenten&kind=overheid").get_data(as_text=True)
    assert 'id="archive-facets" hx-swap-oob="true"' in fragment
    assert _facets_on(fragment) == _facets_on(page)
    assert card_titles(fragment) == card_titles(page)


def test_a_title_match_ranks_above_a_single_mention_in_a_tip_on_the_page(client, archive,
                                                                          build_project):
    # A newer project that mentions the word once in a tip, and is reused, still ranks
    # below the one whose title has it.
    tipped = build_project(archive.almelo, "Lunch op de markt",
                           lessons=[("tip", "Wees gastvrij voor de marktkooplui.")],
                           starts_on=archive.speelhuis.starts_on)
    build_project(archive.utrecht, "Nog een lunch", reused_from=tipped)
    titles = card_titles(client.get("/projects?q=gastvrij").get_data(as_text=True))
    assert titles[0] == "Gastvrijheid in het Stadscafé"
    assert set(titles[1:]) == {"Huisstijl voor de bakker", "Lunch op de markt"}
