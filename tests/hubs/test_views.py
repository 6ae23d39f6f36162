"""Hub pages: the list, one hub, and managing a hub and its team."""

import pytest
import sqlalchemy as sa

from hubsite.extensions import db
from hubsite.hubs.models import ROLE_COORDINATOR, Hub
from hubsite.hubs.permissions import role_in
from tests.conftest import field_error

HUB_FORM = {
    "name": "Hub Zwolle", "slug": "zwolle", "city": "Zwolle", "tagline": "Samen aan de slag",
    "about": "", "address": "Stationsplein 1", "postcode": "8011 CW",
    "opening_hours": "ma–vr 9:00–17:00", "email": "zwolle@example.nl",
}


def hub_named(slug: str) -> Hub | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(Hub).where(Hub.slug == slug))


def test_the_hub_list_shows_every_hub_with_its_address(client, hub, other_hub):
    page = client.get("/hubs").get_data(as_text=True)

    assert '<a href="/hubs/almelo">Hub Almelo</a>' in page
    assert '<a href="/hubs/utrecht">Hub Utrecht</a>' in page
    assert "Sluiskade 5, 7607 AA Almelo" in page


def test_a_hub_page_shows_address_opening_hours_and_team(client, make_hub, make_user):
    hub = make_hub(slug="zuidhorn", name="Hub Westerkwartier", city="Zuidhorn",
                   address="Hooiweg 3", postcode="9801 AK", opening_hours="wo–vr\n9:00–16:00")
    make_user(hub=hub, role="host", name="Aylin Host")
    make_user(hub=hub, role=ROLE_COORDINATOR, name="Mark Begeleider")

    response = client.get("/hubs/zuidhorn")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>Hub Westerkwartier</h1>" in page
    assert "Hooiweg 3<br>9801 AK Zuidhorn" in page
    assert "wo–vr<br>\n9:00–16:00" in page
    assert "Aylin Host" in page and "Mark Begeleider" in page
    assert "Hub bewerken" not in page, "visitors get no management links"


def test_hub_text_is_escaped(client, make_hub):
    make_hub(slug="x", name="<script>alert(1)</script>", about="<b>vet</b>\nregel")

    page = client.get("/hubs/x").get_data(as_text=True)

    assert "<script>alert(1)" not in page
    assert "&lt;b&gt;vet&lt;/b&gt;<br>" in page


def test_an_unknown_hub_is_a_404_in_the_site_style(client):
    response = client.get("/hubs/bestaat-niet")

    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "<h1>Niet gevonden</h1>" in page
    assert 'class="site-header"' in page and 'href="/static/css/site.' in page


def test_an_admin_creates_a_hub(client, admin):
    client.login(admin)

    response = client.form("/hubs/nieuw", HUB_FORM)

    assert response.status_code == 302
    assert response.headers["Location"] == "/hubs/zwolle"
    assert "Stationsplein 1" in client.get("/hubs/zwolle").get_data(as_text=True)


@pytest.mark.parametrize("person", ["coordinator", "host", "visitor"])
def test_only_admins_create_hubs(request, client, person):
    client.login(request.getfixturevalue(person))

    assert client.get("/hubs/nieuw").status_code == 403
    assert client.form("/hubs/nieuw", HUB_FORM).status_code == 403
    assert hub_named("zwolle") is None


def test_anonymous_visitors_are_sent_to_log_in_to_create_a_hub(client):
    response = client.get("/hubs/nieuw")

    assert response.status_code == 302
    assert response.headers["Location"] == "/inloggen?next=/hubs/nieuw"


def test_a_taken_slug_is_refused_next_to_the_field(client, admin, hub):
    client.login(admin)

    response = client.form("/hubs/nieuw", {**HUB_FORM, "slug": "almelo"})

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert field_error(page, "slug") == "Deze korte naam is al in gebruik door een andere hub."
    assert 'value="Hub Zwolle"' in page, "the rest of the form is kept"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Hub)) == 1


def test_a_slug_with_capitals_or_spaces_is_refused(client, admin):
    client.login(admin)

    response = client.form("/hubs/nieuw", {**HUB_FORM, "slug": "Hub Zwolle"})

    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "slug") == (
        "Gebruik alleen kleine letters, cijfers en streepjes.")


def test_a_coordinator_edits_their_hub(client, coordinator, hub):
    client.login(coordinator)
    assert "Hub bewerken" in client.get("/hubs/almelo").get_data(as_text=True)

    response = client.form("/hubs/almelo/bewerken",
                           {**HUB_FORM, "slug": "almelo", "name": "Hub Almelo Centrum"})

    assert response.status_code == 302
    assert hub_named("almelo").name == "Hub Almelo Centrum"


def test_a_coordinator_cannot_take_the_slug_of_another_hub(client, coordinator, hub, other_hub):
    client.login(coordinator)

    response = client.form("/hubs/almelo/bewerken", {**HUB_FORM, "slug": "utrecht"})

    assert response.status_code == 422
    assert hub_named("almelo").name == "Hub Almelo"


def test_a_coordinator_cannot_edit_another_hub(client, coordinator, other_hub):
    client.login(coordinator)

    assert client.get("/hubs/utrecht/bewerken").status_code == 403
    assert client.form("/hubs/utrecht/bewerken", {**HUB_FORM, "slug": "utrecht"}).status_code == 403
    assert hub_named("utrecht").name == "Hub Utrecht"


def test_a_host_cannot_edit_their_hub(client, host, hub):
    client.login(host)

    assert "Hub bewerken" not in client.get("/hubs/almelo").get_data(as_text=True)
    assert client.get("/hubs/almelo/bewerken").status_code == 403
    assert client.form("/hubs/almelo/bewerken", {**HUB_FORM, "slug": "almelo"}).status_code == 403
    assert hub_named("almelo").name == "Hub Almelo"


def test_editing_without_csrf_token_changes_nothing(client, coordinator, hub):
    client.login(coordinator)

    response = client.post("/hubs/almelo/bewerken", data={**HUB_FORM, "slug": "almelo"})

    assert response.status_code == 400
    assert hub_named("almelo").name == "Hub Almelo"


class TestTeam:
    def change(self, client, user, role, slug="almelo"):
        return client.form(f"/hubs/{slug}/team/{user.id}", {"role": role})

    def test_the_team_page_lists_the_members(self, client, coordinator, host):
        client.login(coordinator)

        page = client.get("/hubs/almelo/team").get_data(as_text=True)

        assert "Aylin Host" in page and "host@example.nl" in page

    def test_a_coordinator_makes_a_host_coordinator(self, client, coordinator, host, hub):
        client.login(coordinator)

        response = self.change(client, host, "coordinator")

        assert response.status_code == 302
        db.session.expire_all()
        assert role_in(host, hub) == ROLE_COORDINATOR

    def test_a_coordinator_removes_someone_from_the_team(self, client, coordinator, host, hub):
        client.login(coordinator)

        self.change(client, host, "remove")

        db.session.expire_all()
        assert role_in(host, hub) is None
        assert "Aylin Host" not in client.get("/hubs/almelo").get_data(as_text=True)

    def test_the_last_coordinator_cannot_leave_the_hub_without_one(self, client, coordinator, hub):
        client.login(coordinator)

        response = self.change(client, coordinator, "remove")

        assert "Een hub houdt minstens één begeleider." in client.get(
            response.headers["Location"]).get_data(as_text=True)
        db.session.expire_all()
        assert role_in(coordinator, hub) == ROLE_COORDINATOR

    def test_an_unknown_role_is_refused(self, client, coordinator, host, hub):
        client.login(coordinator)

        response = self.change(client, host, "admin")

        assert response.status_code == 400
        assert "Kies een geldige rol." in response.get_data(as_text=True)
        db.session.expire_all()
        assert role_in(host, hub) == "host"

    def test_someone_outside_the_team_cannot_be_changed(self, client, coordinator, other_host):
        client.login(coordinator)

        assert self.change(client, other_host, "coordinator").status_code == 404

    @pytest.mark.parametrize("person", ["host", "other_host", "visitor"])
    def test_only_coordinators_change_the_team(self, request, client, coordinator, host, hub,
                                               person):
        client.login(request.getfixturevalue(person))

        assert self.change(client, coordinator, "remove").status_code == 403
        db.session.expire_all()
        assert role_in(coordinator, hub) == ROLE_COORDINATOR

    def test_changes_are_posts_with_a_csrf_token(self, client, coordinator, host, hub):
        client.login(coordinator)

        url = f"/hubs/almelo/team/{host.id}"

        asked = client.get(url, query_string={"role": "remove"})  # only asks (no JavaScript)
        assert "Weet je het zeker?" in asked.text
        assert client.post(url, data={"role": "remove"}).status_code == 400
        db.session.expire_all()
        assert role_in(host, hub) == "host"

    def test_an_admin_manages_any_team(self, client, admin, host, hub):
        client.login(admin)

        assert self.change(client, host, "coordinator").status_code == 302
        db.session.expire_all()
        assert role_in(host, hub) == ROLE_COORDINATOR
