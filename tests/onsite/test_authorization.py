"""Every on-site route except the screen's own (its secret is its key) is for the hub
team: nobody else makes a screen link, renews it or opens a poster."""

from __future__ import annotations

import pytest

from hubsite.extensions import db
from hubsite.onsite.models import HubScreen

# The screen and its version check: no log-in, the secret in the link is the key.
BY_SECRET = {"onsite.screen", "onsite.screen_version"}
ROLES = ("anonymous", "visitor", "other_host", "host")


def _team_endpoints(app) -> list[str]:
    return sorted({rule.endpoint for rule in app.url_map.iter_rules()
                   if rule.endpoint.startswith("onsite.") and rule.endpoint not in BY_SECRET})


def test_every_team_route_is_covered(app):
    assert _team_endpoints(app) == ["onsite.activity_poster", "onsite.board_poster",
                                    "onsite.hub_poster", "onsite.renew_screen_link"]


@pytest.mark.parametrize("role", ROLES)
def test_no_one_outside_the_team_gets_in_and_only_coordinators_renew(
        request, app, client, hub, board, make_event, hub_screen, role):
    event = make_event(hub)
    values = {"slug": hub.slug, "event_id": event.id}
    if role != "anonymous":
        client.login(request.getfixturevalue(role))
    secret = hub_screen.secret
    for endpoint in _team_endpoints(app):
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
        url = app.url_map.bind("hubsite.test").build(
            endpoint, {name: (board.slug if endpoint == "onsite.board_poster" and name == "slug"
                              else values[name]) for name in rule.arguments})
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.form(url) if method == "POST" else client.get(url)
            if role == "host" and endpoint != "onsite.renew_screen_link":
                assert response.status_code == 200, (endpoint, method)
                continue
            assert response.status_code in (302, 403), (endpoint, method, response.status_code)
            if response.status_code == 302:
                assert role == "anonymous" and "/inloggen" in response.location
    db.session.expire_all()
    assert db.session.get(HubScreen, hub_screen.id).secret == secret
