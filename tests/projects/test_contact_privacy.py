"""The e-mail addresses and phone numbers of askers and of a project's contacts never reach
a visitor: every GET route of the URL map (pages, feeds, exports, files), its parameters
filled from seeded data, asked by someone without an account, by a logged-in visitor,
and (for the askers' details) by a host of another hub.

A new GET route is tried automatically; a route whose parameter this test cannot fill
fails `test_every_parameter_can_be_filled`, so it is never skipped silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import pytest
from werkzeug.routing import AnyConverter

from hubsite.bookings import seating
from hubsite.collaboration import services as collaboration
from hubsite.extensions import db
from hubsite.hubs.models import ROLE_HOST
from hubsite.onsite.screens import renew_link
from hubsite.organisations.models import ContactPerson
from hubsite.projects import attachments as project_attachments
from hubsite.projects import services as projects
from hubsite.questions import attachments as question_attachments
from hubsite.questions import services as questions
from tests.bookings.conftest import days_ahead
from tests.pinboard.conftest import board, make_post  # noqa: F401  (fixtures)
from tests.projects.conftest import pdf_bytes, png_bytes

ASKER_EMAIL, ASKER_PHONE = "vrager.geheim@buurtpodium.example.nl", "0546 111 222"
OPEN_ASKER_EMAIL, OPEN_ASKER_PHONE = "open.vraag@kwekerij.example.nl", "06 333 44 555"
PARTNER_EMAIL, PARTNER_PHONE = "partnercontact.geheim@buurtpodium.example.nl", "053 777 88 99"
TEAM_CONTACT_EMAIL = "projectcontact.geheim@hub.example.nl"

ASKER_SECRETS = (ASKER_EMAIL, ASKER_PHONE, OPEN_ASKER_EMAIL, OPEN_ASKER_PHONE)
PROJECT_CONTACT_SECRETS = (PARTNER_EMAIL, PARTNER_PHONE, TEAM_CONTACT_EMAIL)
# A phone number as a link (tel:0546111222) or written without spaces.
SPELLINGS = {secret: {secret, secret.replace(" ", "")} for secret in
             ASKER_SECRETS + PROJECT_CONTACT_SECRETS}
UNKNOWN_TOKEN = "nietbestaand0123456789abcdef"


@dataclass
class Seeded:
    values: dict[str, object]       # URL parameter → value
    slugs: dict[str, str]           # first part of the rule → slug


@pytest.fixture
def seeded(app, hub, coordinator, make_user, make_event, make_organisation, board,  # noqa: F811
           make_post) -> Seeded:  # noqa: F811
    """A question that became a published project with every kind of part, an open
    question with an attachment, a partner contact at the client, a hub team member as the
    project's contact, an activity with a booking, and a board with a post."""
    contact = make_user(hub=hub, role=ROLE_HOST, email=TEAM_CONTACT_EMAIL,
                        name="Yara Projectcontact")
    accepted = questions.submit_question(db.session, questions.Asked(
        organisation_name="Stichting Het Buurtpodium", contact_name="Marloes Reis",
        email=ASKER_EMAIL, phone=ASKER_PHONE, title="Een buurtcafé voor één avond",
        what="Studenten die een avond een buurtcafé runnen.", hub=hub))
    questions.ask_for_information(db.session, accepted, coordinator, "Voor hoeveel gasten?")
    questions.reply_by_asker(db.session, accepted, "Zestig. Bel me op " + ASKER_PHONE)
    project = questions.accept(db.session, accepted, coordinator, text="Welkom")
    db.session.add(ContactPerson(organisation=project.client, name="Joost Partner",
                                 role="Programmamaker", email=PARTNER_EMAIL,
                                 phone=PARTNER_PHONE, is_primary=True))
    projects.update_project(db.session, project, contact_user_id=contact.id,
                            contact_name="", contact_role="", summary="Een avond lang.")
    projects.add_subproject(db.session, project, "Bediening", "Gastvrijheid aan tafel", None,
                            students="Sanne en Ravi")
    projects.add_lesson(db.session, project, "tip", "Spreek op tijd af.")
    projects.add_partner(db.session, project, make_organisation(name="ROC", kind="onderwijs"),
                         "Studenten")
    photo = project_attachments.add_attachment(db.session, project, png_bytes(), "foto.png",
                                               "De zaal", 5_000_000)
    project_attachments.add_attachment(db.session, project, pdf_bytes(), "draaiboek.pdf",
                                       "Draaiboek", 5_000_000)
    projects.set_status(db.session, project, "afgerond", may_archive=True)
    event = make_event(hub, starts_at=days_ahead(10), title="Buurtcafé-avond",
                       booking_required=True, capacity=10, organisation=project.client)
    projects.link_event(db.session, project, event)

    still_open = questions.submit_question(db.session, questions.Asked(
        organisation_name="Kwekerij Groen", contact_name="Piet Groen", email=OPEN_ASKER_EMAIL,
        phone=OPEN_ASKER_PHONE, title="Een moestuin", what="Een moestuin bij de school.",
        hub=hub))
    file = question_attachments.attach(db.session, still_open, question_attachments.Upload(
        "plan.pdf", pdf_bytes()), 5_000_000, 5_000_000)
    db.session.commit()
    booking = seating.book(db.session, event.occurrences[0].id, name="Gast Een",
                           email="gast.een@example.nl")
    # An offer whose contact is the project's contact (the team member's address stays off).
    offer = collaboration.save_offer(db.session, hub, None, collaboration.OfferValues(
        kind="gastles", title="Gastles gastvrijheid", what="Over gastvrijheid.",
        months=[10], dayparts=["middag"], contact_user_id=contact.id))
    screen, _old = renew_link(db.session, hub)
    db.session.commit()
    image = photo.image
    values = {
        "project_id": project.id, "attachment_id": photo.id, "item_id": project.subprojects[0].id,
        "kind": "deelprojecten", "partner_id": project.partners[0].id, "event_id": event.id,
        "occurrence_id": event.occurrences[0].id, "booking_id": booking.id,
        "question_id": still_open.id, "image_id": image.id, "width": image.sizes[0][0],
        "extension": "jpg", "user_id": contact.id, "contact_id": project.client.contacts[0].id,
        "token": UNKNOWN_TOKEN, "post_id": make_post(author=contact).id,
        "offer_id": offer.id, "secret": screen.secret,
    }
    slugs = {"hubs": hub.slug, "boards": board.slug, "organisaties": project.client.slug}
    seeded = Seeded(values, slugs)
    seeded.values["question_attachment_id"] = file.id
    return seeded


def _get_rules(app):
    return [rule for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and rule.endpoint != "static"]


def _urls(app, rule, seeded: Seeded) -> list[str]:
    """The rule's URLs: its parameters from the seeded data, each `any(...)` value once."""
    values: dict[str, object] = {}
    choices: dict[str, list[str]] = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        if isinstance(converter, AnyConverter):
            choices[name] = sorted(converter.items)
        elif name == "slug":
            values[name] = seeded.slugs[rule.rule.strip("/").split("/")[0]]
        elif name == "attachment_id" and rule.endpoint.startswith("questions."):
            values[name] = seeded.values["question_attachment_id"]
        else:
            values[name] = seeded.values[name]
    adapter = app.url_map.bind("hubsite.test")
    return [adapter.build(rule.endpoint, {**values, **dict(zip(choices, combination, strict=True))})
            for combination in product(*choices.values())]


def test_every_parameter_can_be_filled(app, seeded):
    for rule in _get_rules(app):
        assert _urls(app, rule, seeded)  # a KeyError names the parameter to seed


@pytest.mark.parametrize("who", ["anonymous", "visitor", "other_hub_host"])
def test_no_contact_detail_of_askers_or_project_contacts_reaches_a_visitor(
        app, client, seeded, visitor, other_host, who):
    secrets = ASKER_SECRETS + (PROJECT_CONTACT_SECRETS if who != "other_hub_host" else ())
    if who == "visitor":
        client.login(visitor)
    elif who == "other_hub_host":
        client.login(other_host)
    seen = 0
    for url in [u for rule in _get_rules(app) for u in _urls(app, rule, seeded)]:
        response = client.get(url)
        assert response.status_code < 500, url
        seen += response.status_code == 200
        body = response.get_data()
        for secret in secrets:
            for spelling in SPELLINGS[secret]:
                assert spelling.encode() not in body, (url, secret)
    assert seen >= 30  # the public pages answered, not only refusals


def test_the_team_does_see_the_askers_details(app, client, seeded, coordinator):
    """The other side: the test's secrets are where they belong, so it looks in the right place."""
    client.login(coordinator)
    page = client.get(f"/inbox/{seeded.values['question_id']}").get_data(as_text=True)
    assert OPEN_ASKER_EMAIL in page and OPEN_ASKER_PHONE in page
