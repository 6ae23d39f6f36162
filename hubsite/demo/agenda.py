# ruff: noqa: E501  (demo texts read better unwrapped)
"""Demo agenda: three months of believable activities for the five hubs.

Dates are relative to the day of seeding. Each demo activity has a fixed UID,
so running the seeder again adds only what is missing. `seed_bench` makes many
activities for benchmarks.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hubsite.agenda import services
from hubsite.agenda.models import STATUS_DRAFT, STATUS_PUBLISHED, ActivityType, Event
from hubsite.agenda.recurrence import Recurrence
from hubsite.hubs.models import Hub
from hubsite.organisations.models import Organisation
from hubsite.timeutil import LOCAL_TZ

UID_SUFFIX = "@demo.ruimtevoorondernemendheid.nl"
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass
class Demo:
    """One demo activity. `weekday`/`week` place the first date relative to today."""

    key: str
    hub: str
    type: str
    title: str
    summary: str
    weekday: int  # 0 = Monday
    week: int  # 0 = the coming week
    start: time
    hours: float
    description: str = ""
    recurrence: Recurrence | None = None
    organisation: str | None = None
    room: str = ""
    address: str = ""
    online_url: str = ""
    hosting_students: str = ""
    audience: str = "iedereen"
    accessibility: str = ""
    booking_required: bool = False
    capacity: int | None = None
    status: str = STATUS_PUBLISHED
    cancel_date: int | None = None  # index of a date to cancel
    extra: dict = field(default_factory=dict)


STEP_FREE = "De hub is drempelvrij en heeft een toegankelijk toilet."

DEMOS: list[Demo] = [
    # ---- Almelo: the Stadscafé (source 000) and its parts
    Demo("almelo-inloop", "almelo", "open-inloop", "Open inloop: Leren in de praktijk",
         "Loop binnen met je vraag voor studenten: van gastvrouw bij een opening tot een huisstijl.",
         1, 0, time(14, 0), 3, recurrence=Recurrence("WEEKLY", weekdays=("TU",), count=13),
         room="Hubruimte, begane grond", hosting_students="Studenten Manager/ondernemer horeca",
         audience="iedereen,bedrijven,overheid", accessibility=STEP_FREE, cancel_date=5,
         description="Heb je als bedrijf, vereniging of gemeente een vraag waar studenten mee "
                     "aan de slag kunnen? Kom langs zonder afspraak.\n\n"
                     "- We kijken samen welke opleidingen passen\n"
                     "- We maken afspraken over kaders en planning\n"
                     "- Je hoort binnen twee weken of het kan\n\n"
                     "Koffie en thee staan klaar, gezet door studenten van de horecaopleiding."),
    Demo("almelo-cocreatie", "almelo", "co-creatiesessie", "Co-creatiesessie: vragen uit de binnenstad",
         "Ondernemers, docenten en studenten werken samen aan één echte vraag uit de binnenstad.",
         3, 0, time(15, 0), 2,
         recurrence=Recurrence("MONTHLY", monthly_by="weekday", count=3),
         organisation="ondernemersvereniging-almelo", room="Werkplaats",
         audience="mbo,bedrijven,overheid", booking_required=True, capacity=24,
         description="Elke maand brengt een ondernemer uit de binnenstad een vraag mee. In "
                     "twee uur werken we in gemengde groepjes naar een eerste aanpak.\n\n"
                     "**Tip:** kijk vooraf waar je burgerschap en ondernemend gedrag aan je "
                     "project kunt koppelen."),
    Demo("almelo-training-gastvrijheid", "almelo", "training", "Training gastvrijheid met Sok Organiseert",
         "Jeannine Sok deelt haar kennis over gastvrijheid, met een praktische opdracht voor studenten.",
         2, 2, time(13, 30), 3, organisation="sok-organiseert", room="Werkplaats",
         hosting_students="Studenten Manager retail", audience="mbo",
         booking_required=True, capacity=30,
         description="Voorbereiding op het Stadscafé. Wat maakt een ondernemer gastvrij? "
                     "Na de training voeren studenten *mystery visits* uit voor de titel "
                     "‘Meest gastvrije ondernemer van Almelo’ en de studentenprijs."),
    Demo("almelo-mystery-briefing", "almelo", "werkgroep", "Werkgroep mystery visits: briefing",
         "Studenten horeca en retail verdelen de bezoeken aan ondernemers in de binnenstad.",
         4, 3, time(10, 0), 1.5, room="Vergaderruimte 1.04",
         hosting_students="Studenten Manager/ondernemer horeca en Manager retail",
         audience="mbo"),
    Demo("almelo-stadscafe", "almelo", "bijeenkomst", "Stadscafé: gastvrijheid in de binnenstad",
         "Bewoners, bestuurders en ondernemers maken de binnenstad samen gastvrijer. "
         "Studenten organiseren de avond.",
         3, 5, time(19, 0), 3, organisation="gemeente-almelo",
         room="Aula, ROC van Twente", hosting_students="Studenten Manager/ondernemer horeca, "
         "Cas Spijkers Academie, Muzikant en Marketing, communicatie & evenementen",
         audience="iedereen,bedrijven,overheid", accessibility=STEP_FREE + " Er is een ringleiding.",
         booking_required=True, capacity=80,
         description="Gemeente Almelo en Almelo Stadspromotie nodigen je uit voor het Stadscafé. "
                     "Het thema: **gastvrijheid**, een van de drie speerpunten voor de "
                     "binnenstad.\n\n"
                     "### Het programma\n\n"
                     "1. Ontvangst met live muziek van studenten van de opleiding Muzikant\n"
                     "2. Een drie-gangen-hapjesdiner, bedacht en gemaakt door de Cas Spijkers "
                     "Academie\n"
                     "3. Jeannine Sok (Sok Organiseert) over gastvrij ondernemen\n"
                     "4. Uitkomsten van het onderzoek naar gastvrijheid in de openbare ruimte, door "
                     "studenten Marketing, communicatie & evenementen\n"
                     "5. Uitreiking van ‘Meest gastvrije ondernemer van Almelo’ en de "
                     "studentenprijs\n"
                     "6. Borrel met muzikale omlijsting\n\n"
                     "Het facilitaire deel van de avond wordt bedacht en uitgevoerd door "
                     "studenten Manager/ondernemer horeca."),
    Demo("almelo-stadscafe-terugblik", "almelo", "brainstorm", "Terugblik Stadscafé: tips, tops en valkuilen",
         "Wat ging goed, wat kan beter? Met opdrachtgevers, docenten en studenten.",
         1, 7, time(15, 30), 1.5, organisation="almelo-stadspromotie", room="Hubruimte",
         audience="mbo,docenten,overheid"),
    Demo("almelo-concept", "almelo", "rondleiding", "Rondleiding voor nieuwe opdrachtgevers",
         "Concept: nog in overleg met de locatiemanager.", 4, 6, time(11, 0), 1,
         status=STATUS_DRAFT),
    # ---- Utrecht
    Demo("utrecht-inloop", "utrecht", "open-inloop", "Open inloop op dinsdagmiddag",
         "Ondernemers, onderwijs en overheid aan één tafel: kom binnen met je vraag of idee.",
         1, 0, time(13, 30), 3.5, recurrence=Recurrence("WEEKLY", weekdays=("TU",), count=13),
         hosting_students="Studenten van MBO Utrecht", audience="iedereen",
         accessibility=STEP_FREE),
    Demo("utrecht-gastles-warmtepomp", "utrecht", "gastles", "Gastles: warmtepompen in de praktijk",
         "Een monteur van De Vonk vertelt over duurzame installaties, met onderdelen om vast te houden.",
         2, 1, time(10, 0), 1.5, organisation="techniekbedrijf-de-vonk", room="Lokaal T2",
         audience="vmbo,mbo", booking_required=True, capacity=28),
    Demo("utrecht-bedrijfsbezoek", "utrecht", "bedrijfsbezoek", "Bedrijfsbezoek Techniekbedrijf De Vonk",
         "Kijk mee in de werkplaats en op een project waar zonnepanelen worden gelegd.",
         4, 4, time(9, 30), 3, organisation="techniekbedrijf-de-vonk",
         address="Industrieweg 12, 3542 AD Utrecht", audience="mbo,docenten",
         booking_required=True, capacity=15,
         accessibility="De werkplaats heeft een drempel; neem veiligheidsschoenen mee als je die hebt."),
    Demo("utrecht-cocreatie", "utrecht", "co-creatiesessie", "Co-creatiesessie duurzame wijk",
         "Studenten, bewoners en ondernemers bedenken samen hoe de wijk van het gas af kan.",
         3, 1, time(15, 0), 2, recurrence=Recurrence("MONTHLY", monthly_by="weekday", count=3),
         audience="iedereen", booking_required=True, capacity=30),
    # ---- Amersfoort
    Demo("amersfoort-inloop", "amersfoort", "open-inloop", "Open inloop in de broedplaats",
         "Studenten ontvangen je, laten zien waar ze aan werken en denken mee over jouw vraag.",
         2, 0, time(10, 0), 4, recurrence=Recurrence("WEEKLY", weekdays=("WE",), count=13),
         audience="iedereen"),
    Demo("amersfoort-cocreatie", "amersfoort", "co-creatiesessie", "Co-creatiesessie: een app voor de binnenstad",
         "Drie bedrijven, twee opleidingen, één vraag: hoe vinden bezoekers de weg?",
         3, 2, time(14, 0), 3, recurrence=Recurrence("MONTHLY", monthly_by="weekday", count=3),
         audience="mbo,bedrijven", booking_required=True, capacity=20),
    Demo("amersfoort-opdrachtgesprek", "amersfoort", "opdrachtgesprek", "Opdrachtgesprek met een nieuwe opdrachtgever",
         "Studenten stellen hun vragen en maken afspraken over doel, planning en begeleiding.",
         1, 3, time(11, 0), 1, audience="mbo,bedrijven"),
    Demo("amersfoort-workshop", "amersfoort", "workshop", "Workshop pitchen voor studenten",
         "In één middag je idee in twee minuten overtuigend vertellen.", 4, 8, time(13, 0), 2.5,
         audience="mbo,vmbo", booking_required=True, capacity=16,
         online_url="https://meet.example.nl/pitchen"),
    # ---- Nieuwegein
    Demo("nieuwegein-repair", "nieuwegein", "workshop", "Repair café in de wijk",
         "Breng kapotte spullen mee: studenten techniek repareren samen met vrijwilligers.",
         5, 0, time(10, 0), 3, recurrence=Recurrence("MONTHLY", monthly_by="weekday", count=3),
         address="Buurthuis De Schakel, Wijkersloot 2, 3431 AA Nieuwegein", audience="iedereen",
         accessibility="Gelijkvloers, met een invalidenparkeerplaats voor de deur."),
    Demo("nieuwegein-gastles-zorg", "nieuwegein", "gastles", "Gastles: zorg in de wijk",
         "Een wijkverpleegkundige van De Linde over werken bij mensen thuis.",
         1, 2, time(9, 0), 1.5, organisation="zorggroep-de-linde", audience="mbo,vmbo",
         booking_required=True, capacity=25),
    Demo("nieuwegein-buurtmaaltijd", "nieuwegein", "bijeenkomst", "Buurtmaaltijd met studenten",
         "Studenten koken, buren schuiven aan. Een avond over samen leven in de wijk.",
         3, 6, time(17, 30), 2.5, audience="iedereen", booking_required=True, capacity=40),
    Demo("nieuwegein-werkgroep", "nieuwegein", "werkgroep", "Werkgroep actief burgerschap",
         "Met de gemeente: welke maatschappelijke stages passen bij vragen uit de wijk?",
         0, 1, time(15, 0), 1.5, recurrence=Recurrence("WEEKLY", interval=2, weekdays=("MO",),
                                                        count=6),
         audience="docenten,overheid"),
    # ---- Westerkwartier
    Demo("westerkwartier-inloop", "westerkwartier", "open-inloop", "Open inloop op donderdag",
         "Boeren, technische bedrijven en de gemeente komen langs: schuif aan met je vraag.",
         3, 0, time(13, 0), 3, recurrence=Recurrence("WEEKLY", weekdays=("TH",), count=13),
         audience="iedereen"),
    Demo("westerkwartier-melkvee", "westerkwartier", "bedrijfsbezoek", "Bedrijfsbezoek melkveebedrijf",
         "Hoe werkt een melkrobot? Een rondgang over een modern melkveebedrijf.",
         2, 2, time(9, 30), 2.5, address="Oostergast 8, 9801 PS Zuidhorn", audience="vmbo,mbo",
         booking_required=True, capacity=20,
         accessibility="Stevige schoenen aanbevolen; niet alle stallen zijn rolstoeltoegankelijk."),
    Demo("westerkwartier-excursie", "westerkwartier", "excursie", "Excursie: agrarisch natuurbeheer",
         "Met de fiets langs akkerranden en houtwallen, met een boer en een ecoloog.",
         5, 5, time(10, 0), 4, organisation="gemeente-westerkwartier", audience="vmbo,mbo,iedereen",
         booking_required=True, capacity=25),
    Demo("westerkwartier-gastles", "westerkwartier", "gastles", "Gastles: leefbaarheid op het platteland",
         "Een beleidsmaker van de gemeente over dorpen, voorzieningen en wat jongeren nodig hebben.",
         1, 4, time(11, 0), 1, organisation="gemeente-westerkwartier",
         audience="vmbo,mbo,docenten"),
]


def _first_date(today: date, weekday: int, week: int) -> date:
    days_ahead = (weekday - today.weekday()) % 7
    return today + timedelta(days=days_ahead + 7 * week)


def seed(session: Session, today: date | None = None) -> str:
    """Add the demo activities that are missing; returns a summary line."""
    today = today or datetime.now(LOCAL_TZ).date()
    hubs = {h.slug: h for h in session.scalars(sa.select(Hub))}
    types = {t.slug: t for t in session.scalars(sa.select(ActivityType))}
    organisations = {o.slug: o for o in session.scalars(sa.select(Organisation))}
    existing = set(session.scalars(sa.select(Event.uid).where(Event.uid.like("%" + UID_SUFFIX))))
    added = 0
    for demo in DEMOS:
        uid = demo.key + UID_SUFFIX
        if uid in existing or demo.hub not in hubs or demo.type not in types:
            continue
        first = _first_date(today, demo.weekday, demo.week)
        starts_at = datetime.combine(first, demo.start)
        event = services.create_event(
            session, hubs[demo.hub], types[demo.type], demo.title, starts_at,
            starts_at + timedelta(hours=demo.hours), demo.recurrence, status=demo.status,
            uid=uid, summary=demo.summary, description=demo.description,
            organisation=organisations.get(demo.organisation or ""), room=demo.room,
            address=demo.address, online_url=demo.online_url,
            hosting_students=demo.hosting_students, audience=demo.audience,
            accessibility=demo.accessibility, booking_required=demo.booking_required,
            capacity=demo.capacity)
        if demo.cancel_date is not None and demo.cancel_date < len(event.occurrences):
            services.cancel_occurrence(session, event.occurrences[demo.cancel_date],
                                       note="De hub is deze dag gesloten (studiedag).")
        added += 1
    session.flush()
    return f"agenda: {added} demo activities added ({len(DEMOS)} in the demo set)"


def seed_bench(session: Session, count: int, seed_value: int = 7) -> str:
    """`count` activities spread over the hubs and the coming three months; a fifth recur."""
    rng = random.Random(seed_value)
    hubs = list(session.scalars(sa.select(Hub).order_by(Hub.id)))
    types = list(session.scalars(sa.select(ActivityType).order_by(ActivityType.id)))
    if not hubs or not types:
        raise ValueError("run `flask seed-demo` first: there are no hubs or activity types")
    today = datetime.now(LOCAL_TZ).date()
    for n in range(count):
        day = today + timedelta(days=rng.randrange(1, 92))
        starts_at = datetime.combine(day, time(rng.randrange(9, 20), rng.choice((0, 30))))
        recurrence = None
        if n % 5 == 0:
            recurrence = Recurrence("WEEKLY", weekdays=(WEEKDAYS[day.weekday()],),
                                    count=rng.randrange(4, 13))
        services.create_event(
            session, hubs[n % len(hubs)], types[n % len(types)], f"Benchmarkactiviteit {n + 1}",
            starts_at, starts_at + timedelta(hours=rng.choice((1, 1.5, 2, 3))), recurrence,
            status=STATUS_PUBLISHED, uid=f"bench-{n + 1}-{rng.random():.12f}@bench.invalid",
            summary="Een activiteit om de agenda mee te meten.", room="Zaal 1")
        if n % 200 == 199:
            session.flush()
    session.flush()
    return f"bench: {count} activities added"
