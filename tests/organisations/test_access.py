"""Who sees and changes what in the partner file.

Contact persons, phone numbers, e-mail addresses, the log, the status and the offers notes
never reach a visitor: every page, feed and export of the URL map is fetched as a visitor
and as an account without a team. Every changing route of the partner file is tried by
every role (visitor, account without a team, host, coordinator, admin).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from hubsite.extensions import db
from hubsite.organisations.models import (
    ContactLogEntry,
    ContactPerson,
    Organisation,
    PendingImport,
)
from hubsite.partners.models import organisation_programmes
from hubsite.projects.models import Programme
from tests.organisations.conftest import (
    SECRET_EMAIL,
    SECRET_LOG,
    SECRET_NAME,
    SECRET_NOTE,
    SECRET_PHONE,
)

# (The status is looked for as its label: the word itself is in a URL the page echoes.)
SECRETS = (SECRET_EMAIL, SECRET_PHONE, SECRET_NAME, SECRET_LOG, SECRET_NOTE, "Slapend",
           "12345678", "Rondleiding in de bakkerij", "voeding")


def _get_urls(app, values: dict) -> list[str]:
    """Every GET route of the URL map whose arguments we can fill in."""
    adapter = app.url_map.bind("hubsite.test")
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        if not set(rule.arguments) <= set(values):
            continue
        try:
            urls.append(adapter.build(rule.endpoint, {name: values[name] for name in rule.arguments}))
        except Exception:  # a converter that does not take the value (e.g. an "any")
            continue
    return sorted(set(urls))


@pytest.mark.parametrize("role", ["anonymous", "account_without_team"])
def test_nothing_only_teams_may_see_reaches_a_visitor_anywhere(
        app, client, partner, hub, make_event, visitor, role):
    partner.slug = "almelo"  # the same link name as the hub: every <slug> page shows one
    event = make_event(hub, title="Open dag bij de bakker", organisation_id=partner.id)
    db.session.commit()
    if role == "account_without_team":
        client.login(visitor)
    values = {"slug": "almelo", "event_id": event.id, "extension": "csv", "token": "x"}
    urls = _get_urls(app, values) + ["/organisaties/export.xlsx", "/organisaties?status=slapend",
                                     "/organisaties?q=bolk", f"/events/{event.id}.ics",
                                     "/agenda.ics", "/hubs/almelo/agenda.ics"]
    assert "/organisaties/almelo" in urls and "/organisaties/export.csv" in urls
    seen_partner = False
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        body = response.get_data(as_text=True) if response.mimetype.startswith("text") else \
            response.data.decode("latin-1")
        for secret in SECRETS:
            assert secret not in body, (url, secret)
        seen_partner |= "Bakkerij Bolk" in body
    assert seen_partner  # the pages did show the organisation itself
    assert client.get("/organisaties/export.csv").status_code in (302, 401, 403)


# --------------------------------------------------------------------------- changing routes

ROLES = ("anonymous", "account_without_team", "host", "coordinator", "admin")
# Who may use each changing route: hub teams edit, coordinators and admins merge and import.
TEAM = {"host", "coordinator", "admin"}
COORDINATORS = {"coordinator", "admin"}
MAY = {
    "organisations.create": TEAM,
    "organisations.edit": TEAM,
    "organisations.add_contact": TEAM,
    "organisations.edit_contact": TEAM,
    "organisations.remove_contact": TEAM,
    "organisations.add_log": TEAM,
    "organisations.merge": COORDINATORS,
    "organisations.import_upload": COORDINATORS,
    "organisations.import_preview": COORDINATORS,
    "partners.programmes": TEAM,
    "partners.contacted": TEAM,
    "partners.digest_offer": TEAM,
    # Public: a contact person asks for the digest, confirms and unsubscribes by the
    # link's token (an unknown token is not found, whoever asks).
    "partners.digest_request": set(ROLES),
    "partners.digest_confirm": set(ROLES),
    "partners.digest_unsubscribe": set(ROLES),
}
# Not found is fine here: an unknown token, or (digest_offer) the contact person an earlier
# route of the loop removed.
TOKEN_ROUTES = {"partners.digest_confirm", "partners.digest_unsubscribe", "partners.digest_offer"}


def _changing_endpoints(app) -> list[str]:
    return sorted({rule.endpoint for rule in app.url_map.iter_rules()
                   if rule.endpoint.split(".")[0] in ("organisations", "partners")
                   and "POST" in rule.methods})


def test_every_changing_route_is_covered(app):
    assert _changing_endpoints(app) == sorted(MAY)


def _snapshot() -> tuple:
    return (sorted(db.session.execute(sa.select(Organisation.id, Organisation.name,
                                                Organisation.status, Organisation.kvk_number))),
            sorted(db.session.execute(sa.select(ContactPerson.id, ContactPerson.name,
                                                ContactPerson.organisation_id))),
            sorted(db.session.execute(sa.select(ContactLogEntry.id, ContactLogEntry.text))),
            db.session.scalar(sa.select(sa.func.count(PendingImport.id))),
            sorted(db.session.execute(sa.select(organisation_programmes))))


@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_do_exactly_what_it_is_allowed(app, client, partner, make_user, hub,
                                                    make_organisation, admin, coordinator,
                                                    host, visitor, role):
    other = make_organisation(slug="bolk-bv", name="Bolk BV")
    programme = Programme(name="Bakker", level="mbo-2")
    db.session.add(programme)
    db.session.add(PendingImport(data=b"Naam\r\nEen\r\n", filename="a.csv",
                                 created_by_id={"coordinator": coordinator.id}.get(role, admin.id),
                                 token="tok"))
    db.session.commit()
    people = {"account_without_team": visitor, "host": host, "coordinator": coordinator,
              "admin": admin}
    if role in people:
        client.login(people[role])
    values = {"slug": partner.slug, "contact_id": partner.contacts[0].id, "token": "tok"}
    form = {"name": "Overgenomen", "kind": "anders", "status": "actief", "text": "Notitie",
            "noted_on": "2026-12-01", "hub": "", "programme": str(programme.id),
            "kolom-0": "name", "create_anyway": "y"}
    for endpoint in _changing_endpoints(app):
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
        url = app.url_map.bind("hubsite.test").build(
            endpoint, {name: values[name] for name in rule.arguments})
        if endpoint == "organisations.merge":
            url += "?met=bolk-bv"
        before = _snapshot()
        response = client.form(url, form)
        if role in MAY[endpoint]:
            allowed = (200, 303, 404, 409, 422) if endpoint in TOKEN_ROUTES else \
                (200, 303, 409, 422)
            assert response.status_code in allowed, (endpoint, response.status_code)
        else:
            assert response.status_code in (302, 401, 403), (endpoint, response.status_code)
            if response.status_code == 302:
                assert "/inloggen" in response.location, endpoint
            assert _snapshot() == before, endpoint
    if role in COORDINATORS:
        assert db.session.get(Organisation, other.id) is None or \
            db.session.get(Organisation, partner.id) is None  # the merge happened


def test_the_htmx_refusal_goes_to_the_message_region(hx, partner, visitor):
    hx.login(visitor)
    response = hx.form(f"/organisaties/{partner.slug}/logboek", {"text": "x"})
    assert response.status_code == 403 and response.headers["HX-Retarget"] == "#messages"


def test_a_host_sees_no_merge_or_import_buttons(client, partner, host, coordinator):
    client.login(host)
    assert "/samenvoegen" not in client.get(f"/organisaties/{partner.slug}").get_data(as_text=True)
    assert "/importeren" not in client.get("/organisaties").get_data(as_text=True)
    client.login(coordinator)
    assert "/samenvoegen" in client.get(f"/organisaties/{partner.slug}").get_data(as_text=True)
    assert "/importeren" in client.get("/organisaties").get_data(as_text=True)
