"""Renewing the screen link (who may, what happens to the old one), the posters, and the
buttons that lead to them."""

from __future__ import annotations

import re

import pytest

from hubsite.extensions import db
from hubsite.onsite.models import HubScreen
from hubsite.pinboard import boards
from tests.onsite.conftest import local_in


def renew_url(hub) -> str:
    return f"/hubs/{hub.slug}/scherm/vernieuwen"


def test_a_coordinator_makes_the_first_screen_link_on_mijn_hub(client, hub, coordinator):
    client.login(coordinator)
    before = client.get(f"/hubs/{hub.slug}/beheer").get_data(as_text=True)
    assert "Schermlink maken" in before

    response = client.form(renew_url(hub))

    assert response.status_code == 303
    screen = db.session.scalar(db.select(HubScreen).where(HubScreen.hub_id == hub.id))
    page = client.get(f"/hubs/{hub.slug}/beheer").get_data(as_text=True)
    assert f"http://hubsite.test/hubs/{hub.slug}/scherm/{screen.secret}" in page
    assert "Nieuwe schermlink maken" in page


def test_a_renewed_link_makes_the_old_one_answer_404(client, hub, coordinator, hub_screen):
    old = hub_screen.secret
    assert client.get(f"/hubs/{hub.slug}/scherm/{old}").status_code == 200
    client.login(coordinator)

    client.form(renew_url(hub))

    db.session.expire_all()
    new = db.session.get(HubScreen, hub_screen.id).secret
    assert new != old
    assert client.get(f"/hubs/{hub.slug}/scherm/{old}").status_code == 404
    assert client.get(f"/hubs/{hub.slug}/scherm/{old}/versie").status_code == 404
    assert client.get(f"/hubs/{hub.slug}/scherm/{new}").status_code == 200


def test_without_javascript_renewing_asks_first_on_a_page_of_its_own(client, hub, coordinator,
                                                                      hub_screen):
    client.login(coordinator)
    page = client.get(renew_url(hub))
    assert page.status_code == 200
    assert "Weet je het zeker?" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(HubScreen, hub_screen.id).secret == hub_screen.secret


@pytest.mark.parametrize("who", ["host", "other_host", "visitor"])
def test_only_a_coordinator_renews_the_link(request, client, hub, hub_screen, who):
    client.login(request.getfixturevalue(who))
    assert client.form(renew_url(hub)).status_code == 403
    db.session.expire_all()
    assert db.session.get(HubScreen, hub_screen.id).secret == hub_screen.secret


def test_renewing_needs_a_log_in_and_a_csrf_token(client, hub, coordinator, hub_screen):
    anonymous = client.post(renew_url(hub), data={"csrf_token": client.csrf_token()})
    assert anonymous.status_code == 302 and "/inloggen" in anonymous.headers["Location"]
    client.login(coordinator)
    assert client.post(renew_url(hub)).status_code == 400
    db.session.expire_all()
    assert db.session.get(HubScreen, hub_screen.id).secret == hub_screen.secret


def test_an_admin_renews_any_hubs_link(client, hub, admin, hub_screen):
    client.login(admin)
    assert client.form(renew_url(hub)).status_code == 303


def test_a_host_sees_the_link_but_not_the_button(client, hub, host, hub_screen):
    client.login(host)
    page = client.get(f"/hubs/{hub.slug}/beheer").get_data(as_text=True)
    assert hub_screen.secret in page
    assert "Nieuwe schermlink maken" not in page
    assert "Een begeleider van de hub kan de schermlink maken" in page


# -- Posters ----------------------------------------------------------------------------------


@pytest.fixture
def activity(make_event, hub):
    return make_event(hub, starts_at=local_in(60 * 24 * 3), title="Workshop pitchen",
                      booking_required=True, capacity=12, room="Lokaal 2")


@pytest.fixture
def poster_urls(hub, board, activity):
    return {"hub": f"/hubs/{hub.slug}/poster", "board": f"/boards/{board.slug}/poster",
            "activity": f"/events/{activity.id}/poster"}


@pytest.mark.parametrize("kind", ["hub", "board", "activity"])
def test_a_poster_carries_a_qr_code_title_and_short_url(client, host, poster_urls, kind, hub,
                                                        board, activity):
    client.login(host)
    page = client.get(poster_urls[kind]).get_data(as_text=True)
    title, short = {
        "hub": (hub.name, f"hubsite.test/hubs/{hub.slug}"),
        "board": (board.title, f"hubsite.test/boards/{board.slug}"),
        "activity": (activity.title, f"hubsite.test/events/{activity.id}"),
    }[kind]
    assert re.search(r'<svg role="img" aria-label="QR-code naar [^"]+"', page)
    assert f'<h1 class="poster__title">{title}</h1>' in page
    assert short in page


def test_an_activity_poster_says_when_where_and_how_to_book(client, host, poster_urls):
    client.login(host)
    page = client.get(poster_urls["activity"]).get_data(as_text=True)
    assert "Lokaal 2" in page
    assert "Reserveer je plek" in page
    assert "Er is plaats voor 12 personen per datum." in page


def test_a_poster_of_a_walk_in_activity_says_no_booking_is_needed(client, host, make_event, hub):
    event = make_event(hub, starts_at=local_in(60 * 30), title="Open inloop")
    client.login(host)
    page = client.get(f"/events/{event.id}/poster").get_data(as_text=True)
    assert "Gratis, zonder reserveren" in page


@pytest.mark.parametrize("kind", ["hub", "board", "activity"])
@pytest.mark.parametrize("who, status", [(None, 401), ("visitor", 403), ("other_host", 403)])
def test_posters_are_for_the_hub_team(request, client, poster_urls, kind, who, status):
    if who:
        client.login(request.getfixturevalue(who))
    response = client.get(poster_urls[kind])
    if status == 401:  # to the log-in page
        assert response.status_code == 302 and "/inloggen" in response.headers["Location"]
    else:
        assert response.status_code == status


def test_an_unknown_poster_answers_404(client, host, hub):
    client.login(host)
    assert client.get("/events/99999/poster").status_code == 404
    assert client.get("/boards/nope/poster").status_code == 404
    assert client.get("/hubs/nope/poster").status_code == 404


def test_the_team_finds_the_poster_button_on_hub_board_and_activity_pages(
        client, host, hub, board, activity, poster_urls):
    client.login(host)
    for page_url, kind in ((f"/hubs/{hub.slug}", "hub"), (f"/boards/{board.slug}", "board"),
                           (f"/events/{activity.id}", "activity")):
        page = client.get(page_url).get_data(as_text=True)
        assert f'href="{poster_urls[kind]}"' in page, page_url


def test_visitors_see_no_poster_button(client, visitor, hub, board, activity, poster_urls):
    client.login(visitor)
    for page_url, kind in ((f"/hubs/{hub.slug}", "hub"), (f"/boards/{board.slug}", "board"),
                           (f"/events/{activity.id}", "activity")):
        page = client.get(page_url).get_data(as_text=True)
        assert poster_urls[kind] not in page, page_url


def test_the_network_boards_poster_is_for_site_admins(client, admin, host):
    network = boards.ensure_network_board(db.session)
    db.session.commit()
    client.login(host)
    assert client.get(f"/boards/{network.slug}/poster").status_code == 403
    client.login(admin)
    page = client.get(f"/boards/{network.slug}/poster").get_data(as_text=True)
    assert "Het hele netwerk" in page and f"hubsite.test/boards/{network.slug}" in page
