"""Offers at /samenwerken: the public list and page, "Ik doe mee" into the hub team's inbox,
the team's create / edit / archive, and what a visitor never sees."""

from __future__ import annotations

import sqlalchemy as sa

from hubsite.collaboration.models import KIND_VISIT, STATUS_ARCHIVED, Offer
from hubsite.extensions import db
from hubsite.hubs.models import ROLE_COORDINATOR
from hubsite.organisations.models import ContactPerson, Organisation
from hubsite.questions.models import KIND_OFFER_RESPONSE, Question
from tests.conftest import field_error, mail_messages, mail_text


def test_the_list_filters_on_hub_and_kind(client, make_offer, other_hub):
    make_offer(title="Gastles ondernemen")
    make_offer(other_hub, title="Bezoek aan de werkplaats", kind=KIND_VISIT)
    page = client.get("/samenwerken").get_data(as_text=True)
    assert "Gastles ondernemen" in page and "Bezoek aan de werkplaats" in page
    page = client.get(f"/samenwerken?hub={other_hub.slug}").get_data(as_text=True)
    assert "Gastles ondernemen" not in page and "Bezoek aan de werkplaats" in page
    page = client.get("/samenwerken?soort=gastles").get_data(as_text=True)
    assert "Gastles ondernemen" in page and "Bezoek aan de werkplaats" not in page
    assert 'href="/jaarplanning"' in page


def test_the_offer_page_says_what_it_asks_when_and_who(client, make_offer, make_user, hub):
    hub.email = "almelo@hubs.example.nl"
    contact = make_user(hub=hub, role=ROLE_COORDINATOR, name="Mark Jansen",
                        email="mark.prive@example.nl")
    offer = make_offer(contact_user_id=contact.id)
    page = client.get(f"/samenwerken/{offer.id}").get_data(as_text=True)
    for text in ("Wat vraagt het van je als bedrijf?", "1 dagdeel", "Eén ondernemer",
                 "oktober", "maart", "middag", "mbo-4", "Mark Jansen", "almelo@hubs.example.nl",
                 "Ik doe mee"):
        assert text in page
    # The team member's own address never reaches a visitor.
    assert "mark.prive@example.nl" not in page


def test_a_company_responds_and_it_lands_in_the_inbox_with_its_organisation(
        client, make_offer, make_organisation, response_data, hub):
    known = make_organisation(name="Bakkerij Bolk B.V.")
    offer = make_offer()
    response = client.form(f"/samenwerken/{offer.id}/meedoen",
                           response_data(offer, organisation="bakkerij bolk"))
    assert response.status_code == 303
    question = db.session.scalar(sa.select(Question))
    assert question.kind == KIND_OFFER_RESPONSE and question.hub_id == hub.id
    assert question.organisation_id == known.id
    assert "Gastles: zo start je een eigen zaak" in question.title
    assert "ochtend" in question.what
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 1
    assert db.session.scalar(sa.select(ContactPerson.email)) == "jan@bolk.example.nl"
    [mail] = mail_messages(client.application)
    assert mail["To"] == "jan@bolk.example.nl"
    assert f"/vragen/{question.token}" in mail_text(mail)
    page = client.get(response.location).get_data(as_text=True)
    assert "je aanmelding is verstuurd" in page


def test_a_new_organisation_is_added_to_the_partner_file(client, make_offer, response_data):
    offer = make_offer()
    client.form(f"/samenwerken/{offer.id}/meedoen",
                response_data(offer, organisation="Garage Nieuwkomer"))
    organisation = db.session.scalar(sa.select(Organisation))
    assert organisation.name == "Garage Nieuwkomer" and organisation.status == "geinteresseerd"
    assert db.session.scalar(sa.select(Question.organisation_id)) == organisation.id


def test_bad_input_gets_422_and_messages_next_to_the_fields(client, make_offer, response_data):
    offer = make_offer()
    response = client.form(f"/samenwerken/{offer.id}/meedoen", response_data(
        offer, organisation="", email="geen-adres", dayparts=[], contact_name=""))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(page, "organisation")
    assert "geen geldig e-mailadres" in field_error(page, "email")
    assert field_error(page, "contact_name")
    assert "Kies minstens één dagdeel" in page
    response = client.form(f"/samenwerken/{offer.id}/meedoen",
                           response_data(offer, dayparts=["nacht"]))
    assert response.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(Question.id))) == 0


def test_the_bot_trap_refuses_a_filled_in_trap_field(client, make_offer, response_data):
    offer = make_offer()
    response = client.form(f"/samenwerken/{offer.id}/meedoen",
                           response_data(offer, website="http://spam.example"))
    assert response.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(Question.id))) == 0


def test_the_team_creates_edits_and_archives_an_offer(client, host, hub):
    client.login(host)
    page = client.get(f"/hubs/{hub.slug}/samenwerken/nieuw")
    assert page.status_code == 200
    response = client.form(f"/hubs/{hub.slug}/samenwerken/nieuw", {
        "kind": "bedrijfsbezoek", "title": "Kijken in de keuken", "what": "Een ochtend mee.",
        "dayparts_needed": "1", "months": ["9", "10"], "dayparts": ["ochtend"],
        "levels": ["mbo-2"], "contact": str(host.id)})
    assert response.status_code == 303
    offer_id = int(response.location.rstrip("/").split("/")[-1])
    response = client.form(f"/samenwerken/{offer_id}/bewerken", {
        "kind": "bedrijfsbezoek", "title": "Kijken in de keuken en de zaal",
        "what": "Een ochtend mee.", "dayparts_needed": "2", "months": ["9"], "contact": ""})
    assert response.status_code == 303
    client.form(f"/samenwerken/{offer_id}/archiveren")
    anonymous = client.application.test_client()
    assert anonymous.get(f"/samenwerken/{offer_id}").status_code == 404
    assert "Kijken in de keuken" not in anonymous.get("/samenwerken").get_data(as_text=True)
    offer = db.session.get(Offer, offer_id)
    db.session.refresh(offer)
    assert offer.status == STATUS_ARCHIVED and offer.dayparts_needed == 2


def test_the_offer_form_says_what_is_wrong(client, host, hub):
    client.login(host)
    response = client.form(f"/hubs/{hub.slug}/samenwerken/nieuw", {
        "kind": "iets", "title": "", "what": "", "dayparts_needed": "0", "contact": "999"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for field_id in ("kind", "title", "what", "dayparts_needed", "contact"):
        assert field_error(page, field_id), field_id


def test_only_the_hubs_team_changes_its_offers(client, make_offer, other_host, visitor):
    offer = make_offer()
    for user in (None, visitor, other_host):
        if user is not None:
            client.login(user)
        expected = {401, 302} if user is None else {403}
        assert client.get(f"/samenwerken/{offer.id}/bewerken").status_code in expected
        assert client.form(f"/samenwerken/{offer.id}/bewerken", {"title": "x"}).status_code \
            in expected
        assert client.form(f"/samenwerken/{offer.id}/archiveren").status_code in expected
        assert client.form(f"/samenwerken/{offer.id}/terugzetten").status_code in expected
        assert client.get(f"/hubs/{offer.hub.slug}/samenwerken/nieuw").status_code in expected
    assert client.post(f"/samenwerken/{offer.id}/archiveren").status_code in {400, 403}
