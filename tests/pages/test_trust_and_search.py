"""The site's own pages: privacy and accessibility statements, the sitemap, robots.txt,
and the head every page has (canonical URL, link previews)."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from hubsite.agenda.models import STATUS_DRAFT

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_the_privacy_statement_says_how_long_from_the_setting(make_app, make_hub):
    app = make_app(PERSONAL_DATA_DAYS=45)
    client = app.test_client()
    page = client.get("/privacy").get_data(as_text=True)
    assert "45 dagen na de datum van de activiteit" in page
    assert "30 dagen" not in page
    assert "Verwijder mijn gegevens" in page


def test_the_privacy_statement_is_in_english_too(client):
    client.set_cookie("taal", "en")
    response = client.get("/privacy")
    assert response.status_code == 200
    assert "Privacy statement" in response.get_data(as_text=True)


def test_the_accessibility_statement_names_status_tests_gaps_and_contact(client, hub):
    page = client.get("/toegankelijkheid").get_data(as_text=True)
    for text in ("WCAG 2.1", "axe-core", "360 pixels", "Wat nog niet goed is", hub.name):
        assert text in page


def test_every_page_links_to_privacy_accessibility_and_contact(client):
    footer = client.get("/").get_data(as_text=True).split('<footer')[1]
    assert 'href="/privacy"' in footer and 'href="/toegankelijkheid"' in footer
    assert 'href="/hubs"' in footer


def test_forms_that_ask_for_personal_data_link_to_the_privacy_statement(client):
    assert 'href="/privacy"' in client.get("/registreren").get_data(as_text=True).split(
        "<footer")[0]


def sitemap_urls(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    root = ElementTree.fromstring(response.get_data())
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def test_the_sitemap_lists_hubs_and_published_activities_not_drafts(client, make_event, hub):
    published = make_event(hub, title="Open")
    draft = make_event(hub, title="Nog niet", status=STATUS_DRAFT)
    urls = sitemap_urls(client)
    assert f"http://hubsite.test/events/{published.id}" in urls
    assert f"http://hubsite.test/events/{draft.id}" not in urls
    assert f"http://hubsite.test/hubs/{hub.slug}" in urls
    assert "http://hubsite.test/privacy" in urls


def test_robots_txt_points_to_the_sitemap_and_keeps_personal_links_out(client):
    response = client.get("/robots.txt")
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/plain"
    assert "Sitemap: http://hubsite.test/sitemap.xml" in text
    for path in ("/bookings/", "/account", "/calendar/"):
        assert f"Disallow: {path}" in text
    # The booking and log-in forms are public pages a search engine may show.
    assert "Disallow: /datums/\n" not in text and "Disallow: /inloggen" not in text


def test_every_page_has_a_canonical_url_without_its_query(client):
    head = client.get("/agenda?q=zorg").get_data(as_text=True).split("</head>")[0]
    assert '<link rel="canonical" href="http://hubsite.test/agenda">' in head
    assert re.search(r'<meta property="og:title" content="[^"]+">', head)
