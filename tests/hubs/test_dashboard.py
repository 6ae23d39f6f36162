""""Mijn hub": where the hub team lands after logging in."""

from __future__ import annotations

from datetime import timedelta

from hubsite.agenda.models import STATUS_DRAFT
from hubsite.bookings import seating
from hubsite.extensions import db
from hubsite.hubs.models import ROLE_HOST, HubMembership
from hubsite.hubs.services import invite_to_hub
from tests.conftest import PASSWORD, counted_queries, next_week


def log_in(client, email: str, **query):
    return client.form("/inloggen", {"email": email, "password": PASSWORD}, query_string=query)


def test_a_host_lands_on_mijn_hub_after_log_in(client, host, hub):
    response = log_in(client, "host@example.nl")

    assert response.headers["Location"] == "/mijn-hub"
    hub_page = client.get("/mijn-hub")
    assert hub_page.headers["Location"] == "/hubs/almelo/beheer"
    page = client.get("/hubs/almelo/beheer").get_data(as_text=True)
    assert "<h1>Hub Almelo</h1>" in page
    assert 'href="/hubs/almelo/activiteiten/nieuw">Nieuwe activiteit</a>' in page


def test_a_next_address_still_wins_for_a_host(client, host):
    assert log_in(client, "host@example.nl", next="/agenda").headers["Location"] == "/agenda"


def test_a_visitor_still_lands_on_the_home_page(client, visitor):
    assert log_in(client, "bezoeker@example.nl").headers["Location"] == "/"
    assert client.get("/mijn-hub").status_code == 403


def test_someone_on_two_teams_chooses_a_hub(client, host, hub, other_hub):
    db.session.add(HubMembership(user=host, hub=other_hub, role=ROLE_HOST))
    db.session.commit()
    client.login(host)

    page = client.get("/mijn-hub").get_data(as_text=True)

    assert 'href="/hubs/almelo/beheer"' in page and 'href="/hubs/utrecht/beheer"' in page


def test_the_account_menu_links_to_mijn_hub_for_the_team_only(client, host, visitor):
    client.login(host)
    assert '<a href="/mijn-hub">Mijn hub</a>' in client.get("/agenda").get_data(as_text=True)
    client.login(visitor)
    assert "/mijn-hub" not in client.get("/agenda").get_data(as_text=True)


def test_another_hubs_team_cannot_see_it(client, other_host, hub):
    client.login(other_host)
    assert client.get("/hubs/almelo/beheer").status_code == 403


def _bookable_dates(make_event, hub, n: int):
    events = []
    for i in range(n):
        event = make_event(hub, starts_at=next_week() + timedelta(days=i), title=f"Workshop {i}",
                           booking_required=True, capacity=2)
        events.append(event)
        for j in range(3):  # two seats, then the waiting list
            seating.book(db.session, event.occurrences[0].id, name=f"Gast {i}{j}",
                         email=f"gast{i}{j}@example.nl")
    db.session.commit()
    return events


def test_mijn_hub_shows_booked_of_capacity_waiting_lists_and_drafts(client, coordinator, hub,
                                                                      make_event):
    _bookable_dates(make_event, hub, 1)
    make_event(hub, title="Nog geheim", status=STATUS_DRAFT)
    client.login(coordinator)

    page = client.get("/hubs/almelo/beheer").get_data(as_text=True)

    assert "Workshop 0" in page
    assert "2 / 2 gereserveerd · 1 op de wachtlijst" in page
    assert "Wachtlijsten" in page and "1 wacht" in page
    drafts = page.split('id="dash-drafts-title"')[1]
    assert "Nog geheim" in drafts


def test_mijn_hub_lists_open_invitations_for_coordinators(client, coordinator, hub):
    invite_to_hub(db.session, hub, "nieuw@example.nl", "host", coordinator, 14, lambda t: t)
    db.session.commit()
    client.login(coordinator)

    page = client.get("/hubs/almelo/beheer").get_data(as_text=True)

    assert "Openstaande uitnodigingen" in page and "nieuw@example.nl" in page


def test_hosts_do_not_see_the_invited_addresses(client, coordinator, host, hub):
    invite_to_hub(db.session, hub, "nieuw@example.nl", "host", coordinator, 14, lambda t: t)
    db.session.commit()
    client.login(host)

    assert "nieuw@example.nl" not in client.get("/hubs/almelo/beheer").get_data(as_text=True)


def test_mijn_hub_takes_the_same_number_of_queries_for_one_or_many_dates(
        client, coordinator, hub, make_event):
    client.login(coordinator)
    _bookable_dates(make_event, hub, 1)
    make_event(hub, title="Concept", status=STATUS_DRAFT)
    client.get("/hubs/almelo/beheer")  # sends the booking mails queued meanwhile
    with counted_queries() as few:
        assert client.get("/hubs/almelo/beheer").status_code == 200
    _bookable_dates(make_event, hub, 5)
    make_event(hub, title="Concept", status=STATUS_DRAFT)
    client.get("/hubs/almelo/beheer")  # sends the booking mails queued meanwhile
    with counted_queries() as many:
        page = client.get("/hubs/almelo/beheer").get_data(as_text=True)

    assert page.count("gereserveerd") == 6 and page.count("wacht<") == 6
    assert len(many) == len(few)

