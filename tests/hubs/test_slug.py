"""A hub's link name (slug) stays as it is once the hub exists: links and feeds use it."""

from __future__ import annotations

import pytest

from hubsite.extensions import db
from hubsite.hubs.services import HubError, save_hub
from tests.conftest import field_error
from tests.hubs.test_views import HUB_FORM, hub_named


def test_editing_a_hub_cannot_change_its_slug(client, coordinator, hub):
    client.login(coordinator)

    response = client.form("/hubs/almelo/bewerken", {**HUB_FORM, "slug": "almelo-centrum"})

    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "slug") == (
        "De korte naam in de link blijft “almelo”: links en agenda-abonnementen van deze hub "
        "gebruiken hem.")
    assert hub_named("almelo") is not None and hub_named("almelo-centrum") is None
    assert client.get("/hubs/almelo").status_code == 200
    assert client.get("/hubs/almelo/agenda.ics").status_code == 200


def test_an_admin_cannot_change_it_either(client, admin, hub):
    client.login(admin)

    assert client.form("/hubs/almelo/bewerken", {**HUB_FORM, "slug": "nieuw"}).status_code == 422
    assert hub_named("nieuw") is None


def test_the_service_refuses_a_new_slug(hub):
    with pytest.raises(HubError):
        save_hub(db.session, hub, **{**HUB_FORM, "slug": "ander"})
