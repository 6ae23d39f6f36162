"""The archive page: full page and htmx fragment, filters in the URL, empty states, bad
input, the menu, the XSS corpus in snippets, and a fixed number of queries."""

from __future__ import annotations

import re
from html import unescape

import pytest

from hubsite.extensions import db
from tests.conftest import counted_queries
from tests.pinboard.test_xss import _clean
from tests.test_markup import XSS_PAYLOADS


def card_titles(page: str) -> list[str]:
    return [unescape(re.sub(r"</?mark>", "", t)) for t in re.findall(
        r'<h3 class="project-card__title"><a href="[^"]*">(.*?)</a>', page)]


def facet_count(page: str, param: str, value: str) -> int | None:
    match = re.search(rf'id="facet-{param}-{re.escape(value)}"[^>]*>.*?'
                      r'<span class="facet__count">(\d+)<', page, re.S)
    return int(match.group(1)) if match else None


def test_the_page_lists_public_projects_with_their_facts(client, archive):
    response = client.get("/projects")
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert card_titles(page) == ["Een speelhuis voor de basisschool", "Huisstijl voor de bakker",
                                 "Gastvrijheid in het Stadscafé",
                                 "Design challenge met vmbo-leerlingen"]
    assert "Gastvrijheid in de wijk" not in page
    assert "4 projecten" in page
    assert "hergebruikt 2×" in page
    assert 'role="search"' in page and 'for="archive-q"' in page
    assert '<a href="/projects"' in page or 'href="/projects"' in page  # the menu


def test_searching_shows_ranked_results_with_marked_snippets(client, archive):
    page = client.get("/projects?q=gastvrij").get_data(as_text=True)

    assert card_titles(page) == ["Gastvrijheid in het Stadscafé", "Huisstijl voor de bakker"]
    assert "<mark>gastvrij</mark>" in page                  # the tip
    assert "<mark>Gastvrijheid</mark> in het Stadscafé" in page  # the title
    assert "2 projecten" in page and "voor “gastvrij”" in page


def test_facet_counts_on_the_page_agree_with_the_results_they_lead_to(client, archive):
    page = client.get("/projects?q=studenten").get_data(as_text=True)
    count = facet_count(page, "kind", "overheid")
    narrowed = client.get("/projects?q=studenten&kind=overheid").get_data(as_text=True)

    assert count == len(card_titles(narrowed)) > 0
    assert f"{count} project" in narrowed


def test_chosen_filters_show_as_chips_that_remove_them(client, archive):
    page = client.get("/projects?q=studenten&hub=almelo&tag=duurzaamheid").get_data(
        as_text=True)

    assert card_titles(page) == ["Een speelhuis voor de basisschool"]
    chips = dict((unescape(label).strip(), unescape(url)) for url, label in re.findall(
        r'<a class="chip chip--remove" href="([^"]*)"[^>]*><span class="visually-hidden">'
        r'[^<]*</span>([^<]*)<', page))
    assert chips == {"“studenten”": "/projects?hub=almelo&tag=duurzaamheid",
                     "Hub Almelo": "/projects?q=studenten&tag=duurzaamheid",
                     "duurzaamheid": "/projects?q=studenten&hub=almelo"}
    assert 'id="facet-hub-almelo" checked' in page


def test_an_htmx_search_answers_with_the_results_and_the_facets_out_of_band(hx, archive):
    response = hx.get("/projects?q=gastvrij&hub=&sort=")
    fragment = response.get_data(as_text=True)

    assert response.status_code == 200
    assert fragment.lstrip().startswith('<section id="archive-results"')
    assert "<html" not in fragment and "<h1" not in fragment
    assert '<div class="facets" id="archive-facets" hx-swap-oob="true">' in fragment
    assert 'id="archive-filter-count" hx-swap-oob="true"' in fragment
    assert response.headers["HX-Push-Url"] == "/projects?q=gastvrij"
    assert "HX-Request" in response.headers["Vary"]
    assert 'data-focus data-announce="2 projecten voor “gastvrij”"' in unescape(fragment)


def test_without_javascript_a_sent_form_is_tidied_to_its_short_url(client, archive):
    response = client.get("/projects?q=gastvrij&hub=&kind=overheid&sort=&page=1")

    assert response.status_code == 302
    assert response.headers["Location"] == "/projects?q=gastvrij&kind=overheid"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert card_titles(page) == ["Gastvrijheid in het Stadscafé"]


def test_the_sort_can_be_chosen_without_javascript(client, archive):
    page = client.get("/projects?sort=most_reused").get_data(as_text=True)

    assert card_titles(page)[0] == "Gastvrijheid in het Stadscafé"
    assert '<option value="most_reused" selected>' in page
    assert "archive-sort__apply" in page  # a button for browsers without JavaScript


def test_pages_of_results(client, archive, build_project):
    for i in range(25):
        build_project(archive.almelo, f"Project nummer {i:02d}", lessons=[("tip", "Studenten")])
    first = client.get("/projects?q=studenten").get_data(as_text=True)
    second = client.get("/projects?q=studenten&page=2").get_data(as_text=True)

    assert len(card_titles(first)) == 20
    assert "Pagina 1 van 2" in first and 'href="/projects?q=studenten&amp;page=2"' in first
    assert not set(card_titles(first)) & set(card_titles(second))
    assert len(card_titles(first)) + len(card_titles(second)) == 28


def test_nothing_found_says_what_to_try(client, archive):
    page = unescape(client.get("/projects?q=zeppelin+gastvrij&hub=utrecht&kind=overheid")
                    .get_data(as_text=True))

    assert "Niets gevonden voor “zeppelin gastvrij”" in page
    assert 'href="/projects?q=zeppelin gastvrij"' in page.replace("+", " ")  # no filters
    assert ">zeppelin</a>" in page and ">gastvrij</a>" in page           # one word at a time
    assert "een andere spelling" in page
    assert 'href="/projects?tag=duurzaamheid"' in page                   # most used tags


def test_the_hub_team_sees_its_own_requests(client, archive, host):
    client.login(host)
    page = client.get("/projects?q=gastvrijheid").get_data(as_text=True)

    assert "Gastvrijheid in de wijk" in card_titles(page)
    assert facet_count(page, "status", "aanvraag") == 1


@pytest.mark.parametrize("query", [
    "q=" + "gastvrij+" * 400,
    "hub=nergens&tag=bestaat-niet&organisation=x&programme=abc&programme=99999999999",
    "year=12&year=99999&status=geheim&kind=alles",
    "page=-1", "page=999999999999", "page=abc", "sort=drop+table",
    "q=%22%27%3B--+OR+*+NEAR+%28",
    "q=a*+OR+b+NOT+c+%5E+%7B%7D",
])
def test_bad_input_is_ignored_or_refused_never_a_500(client, archive, query):
    response = client.get(f"/projects?{query}", follow_redirects=True)

    assert response.status_code < 500
    assert response.status_code in (200, 400)


def test_a_nul_in_the_query_is_refused(client, archive):
    assert client.get("/projects?q=gast%00vrij").status_code == 400


def test_a_very_long_query_is_cut_to_what_the_field_holds(client, archive):
    response = client.get("/projects?q=" + "gastvrij+" * 400)

    assert response.status_code == 302
    assert len(response.headers["Location"]) < 300


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payloads_in_projects_come_out_harmless_in_cards_snippets_and_chips(
        client, archive, build_project, payload):
    build_project(archive.almelo, f"Gastvrij {payload}"[:200], summary=payload[:300],
                 what=f"gastvrij {payload}", lessons=[("tip", f"{payload} gastvrij")],
                 subprojects=[(payload[:200], f"gastvrij {payload}", None)])
    archive.tag_green.name = payload[:80]
    db.session.commit()
    for url in ("/projects", "/projects?q=gastvrij", "/projects?q=alert",
                "/projects?tag=duurzaamheid", f"/projects?q={payload[:100]}"):
        page = client.get(url, follow_redirects=True).get_data(as_text=True)
        _clean(page)
        assert "<mark>" not in page or not re.search(r"<mark>[^<]*<(?!/mark>)", page)


def _queries(client, url: str) -> int:
    db.session.expire_all()
    with counted_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


@pytest.mark.parametrize("url", ["/projects", "/projects?q=studenten",
                                 "/projects?q=studenten&kind=onderwijs&tag=evenementen",
                                 "/projects?q=zeppelin"])
def test_the_page_runs_as_many_queries_for_3_as_for_40_projects(client, archive,
                                                                build_project, url):
    def add(n: int) -> None:
        for i in range(n):
            build_project(archive.almelo, f"Studenten en horeca {i}", client=archive.cafe,
                         partners=[archive.roc], programmes=[archive.horeca],
                         tags=[archive.tag_events], lessons=[("tip", "Studenten")])

    add(3)
    few = _queries(client, url)
    add(37)
    assert _queries(client, url) == few


def test_projecten_is_in_the_main_menu(client, archive):
    page = client.get("/").get_data(as_text=True)
    nav = page[page.index('class="nav"'):]
    assert re.search(r'<a href="/projects"[^>]*>Projecten</a>', nav)


def test_the_archive_speaks_english_on_request(client, archive):
    client.form("/taal", {"taal": "en", "next": "/projects"})
    page = client.get("/projects?q=gastvrij").get_data(as_text=True)

    assert "2 projects" in page and "Show projects" in page and "Best match" in page
    assert "Kind of organisation" in page and "Government" in page
