"""A hub's region, every new route's access rule, and the personal data that never reaches
a visitor through the offers, the year plan or its feed."""

from __future__ import annotations

import re

from hubsite.extensions import db
from hubsite.hubs.models import ROLE_COORDINATOR
from tests.conftest import field_error
from tests.hubs.test_views import HUB_FORM

# Every route of the capability and who may use it; a new route must be put here.
PUBLIC_GET = {"collaboration.index", "collaboration.detail", "collaboration.sent",
              "collaboration.year_plan", "collaboration.hub_year_plan",
              "collaboration.year_plan_feed", "collaboration.hub_year_plan_feed"}
PUBLIC_POST = {"collaboration.respond"}  # bot trap, rate limits, CSRF
TEAM = {"collaboration.create", "collaboration.edit", "collaboration.archive",
        "collaboration.restore"}


def test_every_route_has_a_known_access_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()
                 if rule.endpoint.startswith("collaboration.")}
    assert endpoints == PUBLIC_GET | PUBLIC_POST | TEAM
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_GET:
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule
        if rule.endpoint in {"collaboration.archive", "collaboration.restore",
                             "collaboration.respond"}:
            assert rule.methods <= {"POST", "OPTIONS"}, rule


def test_a_coordinator_sets_the_hubs_region(client, coordinator, hub):
    client.login(coordinator)
    response = client.form(f"/hubs/{hub.slug}/bewerken",
                           {**HUB_FORM, "slug": hub.slug, "region": "zuid"})
    assert response.status_code == 302
    db.session.refresh(hub)
    assert hub.region == "zuid"
    response = client.form(f"/hubs/{hub.slug}/bewerken",
                           {**HUB_FORM, "slug": hub.slug, "region": "mars"})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "region") == \
        "Kies een van de regio's uit de lijst."


def test_no_personal_contact_data_reaches_a_visitor(client, make_offer, make_user, hub,
                                                    response_data, make_event):
    hub.email = "almelo@hubs.example.nl"
    member = make_user(hub=hub, role=ROLE_COORDINATOR, name="Mark Jansen",
                       email="mark.prive@example.nl")
    offer = make_offer(contact_user_id=member.id)
    make_event(hub, title="Open inloop")
    client.form(f"/samenwerken/{offer.id}/meedoen",
                response_data(offer, email="jan.prive@bolk.example.nl", phone="06 99887766"))
    secrets = ("mark.prive@example.nl", "jan.prive@bolk.example.nl", "06 99887766",
               "Jan Bolk")
    for url in ("/samenwerken", f"/samenwerken/{offer.id}", "/jaarplanning",
                f"/hubs/{hub.slug}/jaarplanning", "/jaarplanning.ics",
                f"/hubs/{hub.slug}/jaarplanning.ics", f"/hubs/{hub.slug}"):
        page = client.get(url).get_data(as_text=True)
        for secret in secrets:
            assert secret not in page, (url, secret)
    offer_page = client.get(f"/samenwerken/{offer.id}").get_data(as_text=True)
    assert "Mark Jansen" in offer_page and "almelo@hubs.example.nl" in offer_page
    assert not re.search(r'href="tel:', offer_page)
