"""The partner organisations' pages."""

from hubsite.extensions import db
from hubsite.organisations.models import Organisation


def _organisation(**values) -> Organisation:
    organisation = Organisation(**{"slug": "bakkerij-bolk", "name": "Bakkerij Bolk",
                                   "kind": "ondernemers", "city": "Almelo", **values})
    db.session.add(organisation)
    db.session.commit()
    return organisation


def test_the_list_links_to_each_organisation_page(client):
    _organisation()
    page = client.get("/organisaties").get_data(as_text=True)
    assert 'href="/organisaties/bakkerij-bolk"' in page


def test_an_organisation_page_shows_who_they_are(client):
    _organisation(website="https://bolk.example.nl", description="Brood uit de wijk.")
    response = client.get("/organisaties/bakkerij-bolk")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1" in page and "Bakkerij Bolk" in page
    assert "Almelo" in page and "Brood uit de wijk." in page
    assert 'href="https://bolk.example.nl"' in page


def test_an_unknown_organisation_is_not_found(client):
    assert client.get("/organisaties/bestaat-niet").status_code == 404
