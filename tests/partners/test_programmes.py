"""The programmes a partner is interested in: chosen by a hub team on the organisation's
page (htmx and without JavaScript), invisible to visitors, and kept through a merge."""

import sqlalchemy as sa

from hubsite.extensions import db
from hubsite.organisations.services import merge_organisations
from hubsite.partners.models import organisation_programmes
from hubsite.partners.services import programmes_of
from hubsite.projects.models import Programme


def _programmes() -> tuple[Programme, Programme]:
    chef = Programme(name="Kok", level="mbo-2", school="ROC van Twente")
    retail = Programme(name="Manager retail", level="mbo-4")
    db.session.add_all([chef, retail])
    db.session.commit()
    return chef, retail


def test_a_team_chooses_programmes_with_htmx(hx, host, make_organisation):
    organisation = make_organisation(slug="bolk", name="Bolk")
    chef, retail = _programmes()
    hx.login(host)
    assert "Interesse in opleidingen" in hx.get("/organisaties/bolk").get_data(as_text=True)
    response = hx.form("/organisaties/bolk/opleidingen", {"programme": [str(chef.id), "999"]})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and page.lstrip().startswith('<section class="panel org-programmes"')
    assert [p.id for p in programmes_of(db.session, organisation)] == [chef.id]


def test_without_javascript_the_choice_redirects_back(client, host, make_organisation):
    make_organisation(slug="bolk", name="Bolk")
    chef, _retail = _programmes()
    client.login(host)
    response = client.form("/organisaties/bolk/opleidingen", {"programme": str(chef.id)})
    assert response.status_code == 303 and response.location.endswith("#opleidingen")
    assert client.form("/organisaties/bolk/opleidingen", {"programme": "kok"}).status_code == 400


def test_visitors_do_not_see_the_interests(client, make_organisation):
    organisation = make_organisation(slug="bolk", name="Bolk")
    chef, _retail = _programmes()
    db.session.execute(sa.insert(organisation_programmes).values(
        organisation_id=organisation.id, programme_id=chef.id))
    db.session.commit()
    page = client.get("/organisaties/bolk").get_data(as_text=True)
    assert "Kok" not in page and "Interesse in opleidingen" not in page


def test_a_merge_keeps_the_programmes_of_both(app, make_organisation):
    chef, retail = _programmes()
    target, source = make_organisation(name="Bolk"), make_organisation(name="Bolk BV")
    db.session.execute(sa.insert(organisation_programmes), [
        {"organisation_id": target.id, "programme_id": chef.id},
        {"organisation_id": source.id, "programme_id": chef.id},
        {"organisation_id": source.id, "programme_id": retail.id}])
    merge_organisations(db.session, source, target)
    db.session.commit()
    assert [p.name for p in programmes_of(db.session, target)] == ["Kok", "Manager retail"]


def test_the_team_page_is_in_english_on_request(client, host, make_organisation):
    make_organisation(slug="bolk", name="Bolk")
    client.login(host)
    client.form("/taal", {"taal": "en", "next": "/organisaties/bolk"})
    page = client.get("/organisaties/bolk").get_data(as_text=True)
    assert "Contact persons" in page and "Contact log" in page and "Interest in programmes" in page
    assert "Contactpersonen" not in page
