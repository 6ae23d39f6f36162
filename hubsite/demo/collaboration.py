"""Demo collaboration offers and the hubs' school holiday regions.

Idempotent: a hub's region is set only while it has none; an offer is looked up by its
hub and title and left alone when it exists. Runs after the projects seeder, which adds
the study programmes the offers name.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hubsite.collaboration.models import (
    AFTERNOON,
    EVENING,
    KIND_ASSIGNMENT,
    KIND_GUEST_LESSON,
    KIND_ORIENTATION,
    KIND_PROJECT,
    KIND_VISIT,
    MORNING,
    Offer,
)
from hubsite.collaboration.services import OfferValues, save_offer, team_members
from hubsite.holiday_calendar import REGION_MIDDLE, REGION_NORTH
from hubsite.hubs.models import Hub
from hubsite.projects.models import Programme

# Almelo (Overijssel) and the Westerkwartier (Groningen) are in the north region; Utrecht,
# Amersfoort and Nieuwegein in the middle one.
REGIONS = {"almelo": REGION_NORTH, "westerkwartier": REGION_NORTH, "utrecht": REGION_MIDDLE,
           "amersfoort": REGION_MIDDLE, "nieuwegein": REGION_MIDDLE}

# (hub, kind, title, what, dagdelen, people, place, material, months, dagdelen, period,
#  levels, programme names)
OFFERS = [
    ("almelo", KIND_VISIT, "Bedrijfsbezoek voor eerstejaars horeca",
     "Een groep van twaalf eerstejaars studenten horeca komt een ochtend kijken hoe jullie "
     "keuken en bediening werken. Ze bereiden vragen voor, lopen mee en vertellen aan het "
     "eind wat hen opviel. Daarna krijg je hun verslag.",
     1, "Eén medewerker die rondleidt en vragen beantwoordt", "Bij jullie bedrijf",
     "Niets; de studenten nemen schrijfspullen mee", [10, 11, 3], [MORNING],
     "In de oriëntatieweken", ["mbo-4"], ["Manager/ondernemer horeca"]),
    ("almelo", KIND_GUEST_LESSON, "Gastles: zo start je een eigen zaak",
     "Vertel studenten over jouw weg als ondernemer: hoe begon je, wat ging mis, wat zou je "
     "anders doen? Een uur vertellen, een half uur vragen. De docent bereidt de les samen "
     "met je voor.", 1, "Eén ondernemer", "In de hub, Sluiskade Noordzijde 5",
     "Een laptop en beamer zijn er", [9, 10, 11, 1, 2, 3, 4], [AFTERNOON],
     "", ["mbo-3", "mbo-4"], ["Manager retail", "Marketing, communicatie & evenementen"]),
    ("almelo", KIND_ASSIGNMENT, "Praktijkopdracht: een evenement voor je klanten",
     "Een groep studenten evenementen organiseert in tien weken een evenement voor jouw "
     "klanten of medewerkers: van plan tot uitvoering. Jij bent de opdrachtgever en komt "
     "drie keer: bij de start, halverwege en bij de presentatie.",
     3, "Eén opdrachtgever", "Start en presentatie in de hub", "Een budget voor het evenement",
     [2, 3, 4, 5], [AFTERNOON, EVENING], "Blok 3 en 4", ["mbo-4"],
     ["Marketing, communicatie & evenementen"]),
    ("utrecht", KIND_PROJECT, "Project: slimmer werken met techniek",
     "Heb je een proces dat handiger kan? Studenten mechatronica en engineering onderzoeken "
     "het een projectperiode lang en bouwen een prototype. Je denkt mee in drie "
     "werksessies.", 4, "Een technisch medewerker", "Bij jullie bedrijf en op school",
     "Toegang tot de werkplek; eventueel onderdelen", [9, 10, 11, 2, 3], [MORNING, AFTERNOON],
     "", ["mbo-4"], ["Technicus mechatronica", "Technicus engineering"]),
    ("utrecht", KIND_ORIENTATION, "Stage-oriëntatie: een dag meelopen",
     "Tweedejaars lopen een dag met een van jullie medewerkers mee, om te zien of een "
     "stage bij jullie iets voor hen is. Daarna praten jullie samen kort na.",
     2, "Eén medewerker om mee te lopen", "Bij jullie bedrijf", "", [1, 2], [MORNING, AFTERNOON],
     "Vóór de stagekeuze in maart", ["mbo-3", "mbo-4"], []),
    ("westerkwartier", KIND_VISIT, "Bezoek aan een boerderij of natuurterrein",
     "Vmbo-leerlingen groen komen een ochtend kijken en meehelpen op jullie bedrijf of "
     "terrein, met hun docent.", 1, "Een boer, beheerder of vrijwilliger",
     "Op jullie erf of terrein", "Laarzen hebben de leerlingen zelf", [9, 10, 4, 5, 6],
     [MORNING], "", ["vmbo"], ["Groen"]),
]


def seed(session: Session) -> str:
    """Set the hubs' regions and add the demo offers that are missing."""
    hubs = {hub.slug: hub for hub in session.scalars(sa.select(Hub))}
    for slug, region in REGIONS.items():
        if slug in hubs and not hubs[slug].region:
            hubs[slug].region = region
    programmes = {p.name: p for p in session.scalars(sa.select(Programme))}
    added = 0
    for (slug, kind, title, what, needed, people, place, material, months, dayparts, period,
         levels, programme_names) in OFFERS:
        hub = hubs.get(slug)
        if hub is None or session.scalar(sa.select(Offer.id).where(
                Offer.hub_id == hub.id, Offer.title == title)) is not None:
            continue
        members = team_members(session, hub)
        save_offer(session, hub, None, OfferValues(
            kind=kind, title=title, what=what, dayparts_needed=needed, people=people,
            place=place, material=material, months=months, dayparts=dayparts,
            period_note=period, levels=levels,
            programme_ids=[programmes[n].id for n in programme_names if n in programmes],
            contact_user_id=members[0].id if members else None))
        added += 1
    session.flush()
    return f"collaboration: {len(REGIONS)} hub regions, {added} offers added"
