"""The site starts and its pages answer."""

import re


def test_home_lists_the_hubs_in_dutch(client, hub, other_hub):
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Hub Almelo" in page and "Hub Utrecht" in page
    assert '<html lang="nl">' in page


def test_every_script_and_stylesheet_of_the_layout_is_served(client):
    page = client.get("/").get_data(as_text=True)
    assets = re.findall(r'(?:src|href)="(/static/[^"?]+)', page)

    # Content-hashed names (hubsite.static_files), served with a year-long cache.
    assert any(re.fullmatch(r"/static/vendor/htmx\.min\.[0-9a-f]{12}\.js", a) for a in assets)
    for path in assets:
        response = client.get(path)
        response.close()
        assert response.status_code == 200, f"{path} is missing (run `make vendor`?)"
