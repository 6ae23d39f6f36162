"""Static files under content-hashed names, cached for a year by browsers and proxies."""

from __future__ import annotations

import re

from hubsite.static_files import IMMUTABLE


def test_pages_name_static_files_by_their_content(client):
    page = client.get("/").get_data(as_text=True)
    sheet = re.search(r'href="(/static/css/site\.([0-9a-f]{12})\.css)"', page)
    assert sheet
    response = client.get(sheet.group(1))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == IMMUTABLE
    assert response.data == client.get("/static/css/site.css").data


def test_a_plain_or_outdated_name_still_gets_the_file_without_the_promise(client):
    plain = client.get("/static/css/site.css")
    old = client.get("/static/css/site.000000000000.css")
    for response in (plain, old):
        assert response.status_code == 200
        assert "immutable" not in response.headers.get("Cache-Control", "")
    assert old.data == plain.data
    assert client.get("/static/css/nothing.0123456789ab.css").status_code == 404
