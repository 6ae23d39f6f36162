"""Demo hubs, activity types, partner organisations and one account per role."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hubsite.accounts.models import User
from hubsite.agenda.models import ActivityType
from hubsite.hubs.models import ROLE_COORDINATOR, ROLE_HOST, Hub, HubMembership
from hubsite.hubs.permissions import role_in
from hubsite.organisations.models import Organisation

# The demo passwords are listed in the README's demo section; they are for a local demo only.
DEMO_PASSWORD = "hub-demo-2026"

HUBS = [
    dict(slug="almelo", name="Hub Almelo", city="Almelo", address="Sluiskade Noordzijde 5",
         postcode="7607 AA", email="hub.almelo@example.nl",
         tagline="Leren in de praktijk: studenten van ROC van Twente pakken echte opdrachten op.",
         about="Elke dag krijgt het ROC vragen van bedrijven, de gemeente en verenigingen om studenten in te zetten: "
               "van gastvrouw bij een opening tot het ontwerpen van een huisstijl. De hub brengt die vragen in goede "
               "banen en verbindt opleidingen met elkaar.\n\nHier werd het Stadscafé over gastvrijheid in de "
               "binnenstad bedacht en georganiseerd.",
         opening_hours="ma–do 9:00–17:00\nvr 9:00–13:00"),
    dict(slug="utrecht", name="Hub Utrecht", city="Utrecht", address="Croeselaan 100",
         postcode="3521 CB", email="hub.utrecht@example.nl",
         tagline="Ondernemers, onderwijs en overheid aan één tafel, midden in de stad.",
         about="Een open werkplaats waar mbo-studenten samen met ondernemers uit de regio werken aan vragen over "
               "duurzaamheid, techniek en zorg. Iedere dinsdagmiddag open inloop.",
         opening_hours="ma–vr 9:00–17:30"),
    dict(slug="amersfoort", name="Hub Amersfoort", city="Amersfoort", address="De Nieuwe Poort 21",
         postcode="3812 PH", email="hub.amersfoort@example.nl",
         tagline="Broedplaats voor co-creatie tussen studenten en bedrijven.",
         about="In Amersfoort draaien studenten de hub: ze ontvangen bezoekers, organiseren co-creatiesessies "
               "en koppelen vragen van bedrijven aan opleidingen.",
         opening_hours="di–vr 10:00–17:00"),
    dict(slug="nieuwegein", name="Hub Nieuwegein", city="Nieuwegein", address="Stadsplein 1",
         postcode="3431 LZ", email="hub.nieuwegein@example.nl",
         tagline="Sociale innovatie en actief burgerschap in de wijk.",
         about="Samen met de gemeente en maatschappelijke organisaties werken studenten hier aan vragen uit de wijk: "
               "van buurtmaaltijden tot een repair café.",
         opening_hours="ma–do 9:00–16:30"),
    dict(slug="westerkwartier", name="Hub Westerkwartier", city="Zuidhorn", address="Hooiweg 3",
         postcode="9801 AK", email="hub.westerkwartier@example.nl",
         tagline="Het platteland als leeromgeving: agrarisch, techniek en recreatie.",
         about="Een hub op het platteland, met boeren, technische bedrijven en de gemeente Westerkwartier als "
               "partners. Bedrijfsbezoeken en excursies staan hier centraal.",
         opening_hours="wo–vr 9:00–16:00"),
]

ACTIVITY_TYPES = [
    ("co-creatiesessie", "Co-creatiesessie", "Co-creation session"),
    ("training", "Training", "Training"),
    ("brainstorm", "Brainstorm", "Brainstorm"),
    ("opdrachtgesprek", "Opdrachtgesprek", "Assignment meeting"),
    ("open-inloop", "Open inloop", "Drop-in hours"),
    ("bijeenkomst", "Bijeenkomst", "Meeting"),
    ("werkgroep", "Werkgroep", "Working group"),
    ("rondleiding", "Rondleiding", "Guided tour"),
    ("bedrijfsbezoek", "Bedrijfsbezoek", "Company visit"),
    ("gastles", "Gastles", "Guest lecture"),
    ("workshop", "Workshop", "Workshop"),
    ("excursie", "Excursie", "Excursion"),
]

ORGANISATIONS = [
    ("ondernemersvereniging-almelo", "Ondernemersvereniging Almelo", "ondernemers", "Almelo",
     "Vereniging van ondernemers in de binnenstad van Almelo."),
    ("sok-organiseert", "Sok Organiseert", "ondernemers", "Almelo",
     "Zelfstandig ondernemer met expertise in gastvrijheid en evenementen."),
    ("techniekbedrijf-de-vonk", "Techniekbedrijf De Vonk", "ondernemers", "Utrecht",
     "Installatiebedrijf dat studenten meeneemt in duurzame energie."),
    ("zorggroep-de-linde", "Zorggroep De Linde", "ondernemers", "Nieuwegein",
     "Zorgorganisatie in de wijk, opdrachtgever voor zorg- en welzijnsstudenten."),
    ("roc-van-twente", "ROC van Twente", "onderwijs", "Almelo",
     "Mbo-school; de hub is het centrale punt voor Leren in de praktijk."),
    ("mbo-utrecht", "MBO Utrecht", "onderwijs", "Utrecht", "Mbo-opleidingen in techniek, zorg en economie."),
    ("vmbo-westerkwartier", "Vmbo Westerkwartier", "onderwijs", "Zuidhorn",
     "Vmbo-school met de profielen groen, techniek en economie."),
    ("gemeente-almelo", "Gemeente Almelo", "overheid", "Almelo",
     "Gemeente die zichzelf een mbo-stad noemt en de binnenstad gastvrijer wil maken."),
    ("almelo-stadspromotie", "Almelo Stadspromotie", "overheid", "Almelo",
     "Promotie van de stad Almelo voor bewoners en bezoekers."),
    ("gemeente-westerkwartier", "Gemeente Westerkwartier", "overheid", "Zuidhorn",
     "Plattelandsgemeente die met de hub werkt aan leefbaarheid."),
]

# (email, name, admin, [(hub slug, role)])
DEMO_PEOPLE = [
    ("admin@example.nl", "Sanne de Vries (beheer)", True, []),
    ("begeleider@example.nl", "Mark Jansen", False, [("almelo", ROLE_COORDINATOR)]),
    ("host@example.nl", "Aylin Yılmaz", False, [("almelo", ROLE_HOST)]),
    ("host.utrecht@example.nl", "Daan Bakker", False, [("utrecht", ROLE_HOST)]),
    ("bezoeker@example.nl", "Fatima El Amrani", False, []),
]


def _get_or_add(session: Session, model, key: str, value: str, **fields):
    instance = session.scalar(sa.select(model).where(getattr(model, key) == value))
    if instance is None:
        instance = model(**{key: value}, **fields)
        session.add(instance)
    return instance


def seed(session: Session) -> str:
    hubs = {spec["slug"]: _get_or_add(session, Hub, "slug", spec["slug"],
                                       **{k: v for k, v in spec.items() if k != "slug"})
            for spec in HUBS}
    for slug, name_nl, name_en in ACTIVITY_TYPES:
        _get_or_add(session, ActivityType, "slug", slug, name_nl=name_nl, name_en=name_en)
    for slug, name, kind, city, description in ORGANISATIONS:
        _get_or_add(session, Organisation, "slug", slug, name=name, kind=kind, city=city,
                    description=description)
    session.flush()
    for email, name, admin, memberships in DEMO_PEOPLE:
        user = session.scalar(sa.select(User).where(User.email == email))
        if user is None:
            user = User(email=email, name=name, is_admin=admin)
            user.set_password(DEMO_PASSWORD)
            user.confirm_email()
            session.add(user)
            session.flush()
        for slug, role in memberships:
            if role_in(user, hubs[slug]) is None:
                session.add(HubMembership(user=user, hub=hubs[slug], role=role))
    session.flush()
    return f"foundation: {len(HUBS)} hubs, {len(ACTIVITY_TYPES)} activity types, " \
           f"{len(ORGANISATIONS)} organisations, {len(DEMO_PEOPLE)} demo accounts"
