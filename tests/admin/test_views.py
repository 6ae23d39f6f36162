"""Site admins manage people and activity types; nobody else can."""

import pytest
import sqlalchemy as sa

from hubsite.agenda.models import ActivityType
from hubsite.extensions import db


@pytest.mark.parametrize("person", ["coordinator", "host", "visitor"])
def test_only_admins_open_the_admin_page(client, request, person):
    client.login(request.getfixturevalue(person))
    assert client.get("/beheer").status_code == 403
    assert client.form("/beheer/soorten", {"slug": "x", "name_nl": "X", "name_en": "X"}).status_code == 403


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get("/beheer")
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


def test_admin_adds_an_activity_type(client, admin):
    client.login(admin)
    response = client.form("/beheer/soorten", {"slug": "hackathon", "name_nl": "Hackathon",
                                               "name_en": "Hackathon"}, follow_redirects=True)
    assert "De soort activiteit is toegevoegd." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(ActivityType).where(ActivityType.slug == "hackathon"))


def test_duplicate_activity_type_gets_a_message(client, admin, make_activity_type):
    make_activity_type("workshop")
    client.login(admin)
    response = client.form("/beheer/soorten", {"slug": "workshop", "name_nl": "W", "name_en": "W"})
    assert response.status_code == 422
    assert "Er bestaat al een soort activiteit met deze korte naam." in response.get_data(as_text=True)


def test_admin_makes_someone_admin_but_cannot_demote_themselves(client, admin, visitor):
    client.login(admin)
    client.form(f"/beheer/mensen/{visitor.id}/beheerder", {"is_admin": "1"})
    db.session.refresh(visitor)
    assert visitor.is_admin
    response = client.form(f"/beheer/mensen/{admin.id}/beheerder", {"is_admin": "0"},
                           follow_redirects=True)
    assert "Je kunt je eigen beheerdersrol niet intrekken." in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.is_admin
