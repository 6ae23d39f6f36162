"""A hub's contact page, its picture (uploaded on the edit form, public), and the schema.org
`Place` on its pages."""

from __future__ import annotations

import io
import json
import re

from hubsite.extensions import db
from hubsite.media.services import store_image
from tests.conftest import counted_queries
from tests.media.helpers import png_bytes


def test_the_contact_page_shows_address_hours_hub_mail_and_team_names(
        client, make_hub, make_user):
    hub = make_hub(email="hub@example.nl", opening_hours="ma–vr 9:00–17:00")
    make_user(hub, "coordinator", name="Mark Jansen", email="mark.jansen@example.nl")
    make_user(hub, "host", name="Aylin Yılmaz", email="aylin.prive@example.nl")
    page = client.get(f"/hubs/{hub.slug}/contact").get_data(as_text=True)
    assert "Sluiskade 5" in page and "7607 AA" in page and "ma–vr 9:00–17:00" in page
    assert 'href="mailto:hub@example.nl"' in page
    assert "Mark Jansen" in page and "Aylin Yılmaz" in page
    assert "openstreetmap.org/search?query=" in page


def test_the_contact_page_shows_no_personal_e_mail_address(client, make_hub, make_user):
    hub = make_hub(email="hub@example.nl")
    make_user(hub, "coordinator", name="Mark Jansen", email="mark.jansen@example.nl")
    make_user(hub, "host", name="Aylin", email="aylin.prive@example.nl")
    page = client.get(f"/hubs/{hub.slug}/contact").get_data(as_text=True)
    addresses = set(re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+", page))
    assert addresses == {"hub@example.nl"}


def test_an_unknown_hub_has_no_contact_page(client):
    assert client.get("/hubs/bestaat-niet/contact").status_code == 404


def test_the_hub_page_links_to_its_contact_page(client, hub):
    assert f'href="/hubs/{hub.slug}/contact"' in client.get(f"/hubs/{hub.slug}").get_data(
        as_text=True)


def test_a_hub_page_is_a_schema_org_place(client, hub):
    page = client.get(f"/hubs/{hub.slug}").get_data(as_text=True)
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(block)
    assert data["@type"] == "Place" and data["name"] == hub.name
    assert data["address"]["streetAddress"] == "Sluiskade 5"
    assert data["address"]["addressLocality"] == "Almelo"


def test_a_coordinator_uploads_a_picture_with_its_description(client, coordinator, hub):
    client.login(coordinator)
    response = client.form(f"/hubs/{hub.slug}/bewerken", {
        "name": hub.name, "slug": hub.slug, "city": hub.city,
        "image": (io.BytesIO(png_bytes((800, 450))), "hub.png"),
        "image_alt": "De ingang van de hub"}, content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.refresh(hub)
    assert hub.image is not None and hub.image_alt == "De ingang van de hub"
    page = client.get(f"/hubs/{hub.slug}").get_data(as_text=True)
    assert 'alt="De ingang van de hub"' in page
    assert f"/images/{hub.image.id}/" in page and 'type="image/webp"' in page


def test_a_picture_without_description_is_refused_next_to_the_field(client, coordinator, hub):
    client.login(coordinator)
    response = client.form(f"/hubs/{hub.slug}/bewerken", {
        "name": hub.name, "slug": hub.slug, "city": hub.city,
        "image": (io.BytesIO(png_bytes((80, 45))), "hub.png")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Beschrijf wat er op de afbeelding te zien is." in response.get_data(as_text=True)
    db.session.refresh(hub)
    assert hub.image is None


def test_a_file_that_is_no_picture_is_refused_next_to_the_field(client, coordinator, hub):
    client.login(coordinator)
    response = client.form(f"/hubs/{hub.slug}/bewerken", {
        "name": hub.name, "slug": hub.slug, "city": hub.city, "image_alt": "x",
        "image": (io.BytesIO(b"<svg></svg>"), "hub.png")}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert 'id="image-error"' in response.get_data(as_text=True)


def test_a_hubs_picture_is_public(client, hub):
    hub.image = store_image(db.session, png_bytes((80, 45)))
    db.session.commit()
    response = client.get(f"/images/{hub.image.id}")
    assert response.status_code == 200
    assert "public" in response.headers["Cache-Control"]


def test_the_list_of_hubs_shows_their_pictures_in_a_constant_number_of_queries(
        client, make_hub):
    def queries(count: int) -> int:
        for _ in range(count):
            hub = make_hub()
            hub.image = store_image(db.session, png_bytes((80, 45)))
            hub.image_alt = "Een hub"
        db.session.commit()
        db.session.expire_all()
        with counted_queries() as statements:
            page = client.get("/hubs").get_data(as_text=True)
        assert 'alt="Een hub"' in page
        return len(statements)

    assert queries(1) == queries(4)
