"""Demo partner file: the organisations of sources 000, 001 and 004 with their status, hubs,
offers, invented contact persons (example.nl, 06-12345678-style numbers) and log entries.

Idempotent: organisations are found by slug, contacts by name, log entries by their text.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hubsite.accounts.models import User
from hubsite.hubs.models import Hub
from hubsite.organisations.models import ContactLogEntry, ContactPerson, Organisation
from hubsite.organisations.services import add_contact, add_log_entry
from hubsite.timeutil import local_today

# Organisations not yet in the foundation's list (sources 001 and 004).
NEW_ORGANISATIONS = [
    ("kind-en-co-bso-rocki", "Kind & Co (BSO Rocki)", "anders", "Utrecht", "kinderopvang",
     "Buitenschoolse opvang in het wijkleerbedrijf aan de Vondellaan, samen met studenten."),
    ("lyvore", "Lyvore", "ondernemers", "Amersfoort", "ouderenzorg",
     "Ouderenzorgorganisatie; studenten ondersteunen bij wijk- en dagbestedingsactiviteiten."),
    ("gebiedscooperatie-westerkwartier", "Gebiedscoöperatie Westerkwartier", "anders", "Zuidhorn",
     "gebiedsontwikkeling",
     "Richt de Innovatiewerkplaats Sterk Techniek Onderwijs in: ondernemers, onderwijs, "
     "overheden en burgers werken samen aan techniekonderwijs."),
]

# slug: (status, hub slugs, offers, offers note, limitations, themes, website, kvk)
DETAILS = {
    "ondernemersvereniging-almelo": (
        "actief", ["almelo"], "bedrijfsbezoek,opdracht",
        "Leden stellen zich open voor mystery visits en denken mee over gastvrijheid.",
        "Geen bezoeken in december (drukte in de winkels).", "gastvrijheid, binnenstad, retail",
        "https://www.ondernemersvereniging-almelo.example.nl", ""),
    "sok-organiseert": (
        "actief", ["almelo"], "gastles,workshop,opdracht",
        "Jeannine geeft een gastles over gastvrijheid en begeleidt een praktische opdracht.",
        "Hoogstens twee dagdelen per maand.", "gastvrijheid, evenementen", "", "12345678"),
    "roc-van-twente": (
        "actief", ["almelo"], "faciliteiten,keuzevak",
        "Locaties in Almelo voor bijeenkomsten; horeca-opleidingen verzorgen catering.", "",
        "horeca, retail, muziek", "https://www.rocvantwente.example.nl", ""),
    "gemeente-almelo": (
        "actief", ["almelo"], "opdracht", "Opdrachtgever voor onderzoek naar de binnenstad.",
        "Besluiten lopen via het college: reken op enkele weken.", "gastvrijheid, binnenstad",
        "https://www.almelo.example.nl", ""),
    "almelo-stadspromotie": (
        "geinteresseerd", ["almelo"], "opdracht", "", "", "marketing, evenementen", "", ""),
    "techniekbedrijf-de-vonk": (
        "actief", ["utrecht"], "bedrijfsbezoek,stageplek,gastles",
        "Rondleiding in de werkplaats voor groepen tot 12 leerlingen.",
        "Geen leerlingen onder de 16 in de werkplaats.", "duurzame energie, installatietechniek",
        "", "87654321"),
    "zorggroep-de-linde": (
        "slapend", ["nieuwegein"], "werkplek", "", "Alleen met VOG.", "zorg, welzijn", "", ""),
    "gemeente-westerkwartier": (
        "actief", ["westerkwartier"], "opdracht,bedrijfsbezoek", "", "", "leefbaarheid, techniek",
        "", ""),
    "kind-en-co-bso-rocki": (
        "actief", ["utrecht"], "werkplek", "Studenten pedagogiek lopen mee in de BSO.", "",
        "kinderopvang", "", ""),
    "lyvore": (
        "geinteresseerd", ["amersfoort"], "werkplek,opdracht", "", "", "zorg, zorgtechnologie", "",
        ""),
    "gebiedscooperatie-westerkwartier": (
        "actief", ["westerkwartier"], "opdracht,faciliteiten,keuzevak",
        "Innovatiewerkplaats: vmbo, mbo en hbo werken samen aan vragen met een technische "
        "oplossing.", "", "techniek, innovatie", "", ""),
}

# slug: [(name, role, email, phone, hub slug, primary)]
CONTACTS = {
    "ondernemersvereniging-almelo": [
        ("Henk Ter Horst", "voorzitter", "voorzitter@ondernemersvereniging-almelo.example.nl",
         "06-12345678", "almelo", True)],
    "sok-organiseert": [("Jeannine Sok", "eigenaar", "jeannine@sok-organiseert.example.nl",
                         "06-23456789", "almelo", True)],
    "roc-van-twente": [
        ("Marieke Bos", "projectleider Hub", "m.bos@rocvantwente.example.nl", "06-34567890",
         "almelo", True),
        ("Karin Vermeulen", "projectleider Hub", "k.vermeulen@rocvantwente.example.nl",
         "06-45678901", "almelo", False)],
    "gemeente-almelo": [("Peter de Graaf", "beleidsmedewerker binnenstad",
                         "p.degraaf@almelo.example.nl", "0546-123456", "almelo", True)],
    "techniekbedrijf-de-vonk": [("Ilse van Dijk", "HR en opleidingen", "ilse@devonk.example.nl",
                                 "06-56789012", "utrecht", True)],
    "gebiedscooperatie-westerkwartier": [
        ("Jan Hoekstra", "coördinator innovatiewerkplaats", "jan@gebiedscooperatie.example.nl",
         "06-67890123", "westerkwartier", True)],
    "lyvore": [("Anouk Smit", "coördinator vrijwilligers", "a.smit@lyvore.example.nl",
                "06-78901234", "amersfoort", True)],
}

# slug: [(days ago, text)]
LOG = {
    "ondernemersvereniging-almelo": [
        (12, "Bezocht op de ledenavond: twaalf winkels doen mee aan de mystery visits."),
        (40, "Belde over de prijs 'meest gastvrije ondernemer'; uitreiking in het Stadscafé.")],
    "sok-organiseert": [(20, "Gastles over gastvrijheid afgesproken voor de horecaklas.")],
    "gemeente-almelo": [(8, "Overleg over het Stadscafé: datum en locatie rond."),
                        (60, "Eerste gesprek: de gemeente wil de binnenstad gastvrijer maken.")],
    "techniekbedrijf-de-vonk": [(30, "Rondleiding voor vmbo-techniek ingepland in het voorjaar.")],
    "zorggroep-de-linde": [(240, "Mailde over een vervolg; nog geen antwoord.")],
    "gebiedscooperatie-westerkwartier": [
        (15, "Bezocht de innovatiewerkplaats in Noordhorn met de vmbo-docenten.")],
}


def seed(session: Session) -> str:
    """Add the missing organisations, details, contacts and log entries."""
    hubs = {hub.slug: hub for hub in session.scalars(sa.select(Hub))}
    for slug, name, kind, city, sector, description in NEW_ORGANISATIONS:
        if session.scalar(sa.select(Organisation.id).where(Organisation.slug == slug)) is None:
            session.add(Organisation(slug=slug, name=name, kind=kind, city=city, sector=sector,
                                     description=description))
    session.flush()
    organisations = {o.slug: o for o in session.scalars(sa.select(Organisation))}
    author = session.scalar(sa.select(User).where(User.email == "begeleider@example.nl"))
    today = local_today()
    for slug, (status, hub_slugs, offers, note, limits, themes, website, kvk) in DETAILS.items():
        organisation = organisations.get(slug)
        if organisation is None:
            continue
        if not organisation.hubs:
            organisation.status, organisation.offers = status, offers
            organisation.offers_note, organisation.limitations = note, limits
            organisation.themes = themes
            organisation.website = organisation.website or website
            organisation.kvk_number = organisation.kvk_number or kvk
            organisation.hubs = [hubs[h] for h in hub_slugs if h in hubs]
        known = {c.name for c in organisation.contacts}
        for name, role, email, phone, hub_slug, primary in CONTACTS.get(slug, []):
            if name not in known:
                add_contact(session, organisation, name, role, email, phone, hubs.get(hub_slug),
                            primary)
        noted = {e.text for e in organisation.log_entries}
        for days, text in LOG.get(slug, []):
            if text not in noted:
                add_log_entry(session, organisation, author, today - timedelta(days=days), text)
    session.flush()
    contacts = session.scalar(sa.select(sa.func.count(ContactPerson.id)))
    entries = session.scalar(sa.select(sa.func.count(ContactLogEntry.id)))
    return f"partners: {len(organisations)} organisations, {contacts} contact persons, " \
           f"{entries} log entries"
