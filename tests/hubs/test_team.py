"""The team page: removing a member with a confirmation step, open invitations."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from hubsite.extensions import db
from hubsite.hubs.models import Invitation
from hubsite.hubs.permissions import role_in
from hubsite.hubs.services import invite_to_hub


@pytest.fixture
def invitation(hub, coordinator):
    made = invite_to_hub(db.session, hub, "nieuw@example.nl", "host", coordinator, 14,
                         lambda token: f"/uitnodiging/{token}")
    db.session.commit()
    return made


def test_removing_a_member_is_a_visible_button_with_a_confirmation_step(client, coordinator,
                                                                       host, hub):
    client.login(coordinator)
    team = client.get("/hubs/almelo/team").get_data(as_text=True)
    url = f"/hubs/almelo/team/{host.id}/verwijderen"
    assert re.search(rf'<a class="button[^"]*button--danger" href="{url}">Uit het team halen',
                     team)

    confirm = client.get(url).get_data(as_text=True)
    assert "Aylin Host uit het team halen?" in confirm
    db.session.expire_all()
    assert role_in(host, hub) == "host", "the first step changes nothing"

    response = client.form(url)
    assert response.status_code == 303
    db.session.expire_all()
    assert role_in(host, hub) is None
    assert "Aylin Host hoort niet meer bij het team." in client.get(
        response.headers["Location"]).get_data(as_text=True)


def test_removing_needs_a_csrf_token_and_a_coordinator(client, coordinator, host, hub):
    url = f"/hubs/almelo/team/{coordinator.id}/verwijderen"
    client.login(host)
    assert client.form(url).status_code == 403
    client.login(coordinator)
    assert client.post(url).status_code == 400
    db.session.expire_all()
    assert role_in(coordinator, hub) == "coordinator"


def test_the_team_page_lists_open_invitations(client, coordinator, invitation):
    client.login(coordinator)

    page = client.get("/hubs/almelo/team").get_data(as_text=True)

    assert "Openstaande uitnodigingen" in page and "nieuw@example.nl" in page
    assert f"/hubs/almelo/uitnodigingen/{invitation.id}/intrekken" in page


def test_a_coordinator_withdraws_an_invitation_and_its_link_stops_working(client, coordinator,
                                                                         invitation):
    token = invitation.token
    client.login(coordinator)

    response = client.form(f"/hubs/almelo/uitnodigingen/{invitation.id}/intrekken")

    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "De uitnodiging voor nieuw@example.nl is ingetrokken." in page
    assert "geldig tot" not in page
    client.post("/uitloggen", data={"csrf_token": client.csrf_token()})
    assert client.get(f"/uitnodiging/{token}").status_code == 404


@pytest.mark.parametrize("person", ["host", "other_host", "visitor"])
def test_only_a_coordinator_of_the_hub_withdraws(request, client, invitation, person):
    client.login(request.getfixturevalue(person))

    assert client.form(f"/hubs/almelo/uitnodigingen/{invitation.id}/intrekken").status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(Invitation.id))) == 1


def test_withdrawing_is_a_post_with_a_csrf_token(client, coordinator, invitation):
    client.login(coordinator)
    url = f"/hubs/almelo/uitnodigingen/{invitation.id}/intrekken"

    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(Invitation.id))) == 1


def test_another_hubs_invitation_is_not_found(client, make_user, other_hub, invitation):
    client.login(make_user(hub=other_hub, role="coordinator"))

    assert client.form(f"/hubs/utrecht/uitnodigingen/{invitation.id}/intrekken").status_code == 404


def test_removing_a_member_asks_in_a_dialog_or_on_a_page_of_its_own(client, coordinator, host, hub):
    client.login(coordinator)
    page = client.get(f"/hubs/{hub.slug}/team").get_data(as_text=True)
    remove_url = f"/hubs/{hub.slug}/team/{host.id}/verwijderen"

    [form] = [f for f in re.findall(r"<form[^>]*>", page) if remove_url in f]
    assert "js-only" in form and 'data-confirm="' in form
    assert f'<noscript><a class="button button--small button--danger" href="{remove_url}">' in page


def test_the_link_name_of_an_existing_hub_is_shown_read_only(client, coordinator, hub):
    client.login(coordinator)
    page = client.get(f"/hubs/{hub.slug}/bewerken").get_data(as_text=True)

    [slug_input] = re.findall(r'<input[^>]*name="slug"[^>]*>', page)
    assert "readonly" in slug_input
