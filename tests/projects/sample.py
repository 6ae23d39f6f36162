"""A believable archive of a few dozen projects, for the browser test and for looking at
the page (invented details, in the spirit of the hubs' own stories)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hubsite.hubs.models import Hub
from hubsite.organisations.models import Organisation
from hubsite.projects.models import Lesson, Programme, Project, ProjectPartner, SubProject, Tag

ORGANISATIONS = [
    ("stadscafe-de-kroon", "Stadscafé De Kroon", "ondernemers"),
    ("bakkerij-van-dam", "Bakkerij Van Dam", "ondernemers"),
    ("fietsenmakerij-oost", "Fietsenmakerij Oost", "ondernemers"),
    ("bouwbedrijf-ter-horst", "Bouwbedrijf Ter Horst", "ondernemers"),
    ("roc-van-twente", "ROC van Twente", "onderwijs"),
    ("obs-de-regenboog", "OBS De Regenboog", "onderwijs"),
    ("vmbo-het-erf", "Vmbo Het Erf", "onderwijs"),
    ("gemeente-almelo", "Gemeente Almelo", "overheid"),
    ("gemeente-utrecht", "Gemeente Utrecht", "overheid"),
    ("provincie-overijssel", "Provincie Overijssel", "overheid"),
]
PROGRAMMES = [("Horeca", "mbo-4"), ("Cas Spijkers Academie", "mbo-4"), ("Muzikant", "mbo-4"),
              ("Retail", "mbo-2"), ("Marketing, communicatie en evenementen", "mbo-4"),
              ("Bouw en infra", "mbo-3"), ("Techniek", "vmbo"), ("Vormgeving", "mbo-4")]
TAGS = ["horeca", "evenementen", "duurzaamheid", "ontwerp", "wijk", "onderwijs", "techniek"]

STORIES = [
    ("Gastvrijheid in het Stadscafé",
     "Een avond lang runden studenten het café van de stad: keuken, bediening, muziek "
     "en promotie.",
     ["Horeca", "Cas Spijkers Academie", "Muzikant", "Marketing, communicatie en evenementen"],
     ["horeca", "evenementen"], "stadscafe-de-kroon", ["gemeente-almelo", "roc-van-twente"],
     [("tip", "Spreek de muzikanten ruim op tijd en regel het geluid zelf."),
      ("top", "De gasten bleven tot sluitingstijd."),
      ("valkuil", "De kassa was pas op het laatste moment klaar.")]),
    ("Een speelhuis voor de basisschool",
     "Studenten bouw ontwierpen en bouwden met groep 5 een houten speelhuis van oud "
     "steigerhout.",
     ["Bouw en infra", "Vormgeving"],
     ["duurzaamheid", "onderwijs"], "obs-de-regenboog", ["bouwbedrijf-ter-horst"],
     [("tip", "Laat de kinderen de eerste schetsen maken."),
      ("valkuil", "Vraag op tijd een vergunning voor het plaatsen.")]),
    ("Huisstijl voor de bakker",
     "Een nieuw logo, een menukaart en een website voor een bakkerij die jongere "
     "klanten wil.",
     ["Vormgeving", "Marketing, communicatie en evenementen"], ["ontwerp"], "bakkerij-van-dam", [],
     [("tip", "Wees gastvrij voor de ideeën van de klant."),
      ("top", "De bakker hing het ontwerp meteen op.")]),
    ("Wijkleerbedrijf De Schakel",
     "In een leeg winkelpand leren studenten door te doen: een kringloopwinkel met "
     "reparatiehoek.",
     ["Retail", "Techniek"], ["wijk", "duurzaamheid"], "gemeente-almelo", ["roc-van-twente"],
     [("tip", "Zoek buurtbewoners die een dagdeel willen meedraaien."),
      ("valkuil", "Te veel spullen tegelijk aannemen.")]),
    ("Make centre in de bibliotheek",
     "Een werkplaats met 3D-printers en lasersnijders waar vmbo-leerlingen jongere "
     "kinderen les geven.",
     ["Techniek"], ["techniek", "onderwijs"], "vmbo-het-erf", ["provincie-overijssel"],
     [("top", "Leerlingen legden het beter uit dan de docenten."),
      ("tip", "Begin met kleine opdrachten van één middag.")]),
    ("Design challenge: de markt van morgen",
     "Vmbo-leerlingen bedachten in drie dagen hoe de weekmarkt duurzamer kan.",
     ["Techniek", "Vormgeving"], ["duurzaamheid", "ontwerp"], "gemeente-utrecht", ["vmbo-het-erf"],
     [("tip", "Nodig marktkooplieden uit bij de pitch."),
      ("valkuil", "Drie dagen is kort: kies vooraf één vraag.")]),
    ("Fietsreparatie op het plein",
     "Elke woensdag repareren studenten techniek gratis fietsen van buurtbewoners.",
     ["Techniek"], ["wijk", "techniek"], "fietsenmakerij-oost", ["gemeente-utrecht"],
     [("tip", "Zorg voor een overkapping: het regent vaker dan je denkt.")]),
    ("Lunch voor de raad",
     "Horecastudenten verzorgden een week lang de lunch voor de gemeenteraad, met "
     "producten uit de streek.",
     ["Horeca", "Cas Spijkers Academie"], ["horeca"], "gemeente-almelo", [],
     [("top", "Raadsleden vroegen om het recept."),
      ("valkuil", "Dieetwensen kwamen pas op de dag zelf.")]),
    ("Opening van de hub",
     "Studenten organiseerden de opening: gastvrouwen, muziek, hapjes en een "
     "rondleiding.",
     ["Horeca", "Muzikant", "Marketing, communicatie en evenementen"],
     ["evenementen", "horeca"], "roc-van-twente", ["gemeente-almelo"],
     [("tip", "Oefen de rondleiding een dag van tevoren."),
      ("top", "Gastvrijheid werd het woord van de avond.")]),
    ("Etalages die verkopen",
     "Retailstudenten richtten de etalages van vijf winkels in het centrum opnieuw in.",
     ["Retail", "Vormgeving"], ["ontwerp", "wijk"], "fietsenmakerij-oost", ["bakkerij-van-dam"],
     [("tip", "Meet de omzet voor en na."), ("valkuil", "Niet elke winkelier wil loslaten.")]),
]


def add_sample_archive(session: Session, hubs: list[Hub], copies: int = 3) -> list[Project]:
    """The stories above, `copies` times over the hubs and years (some reused from
    others), with their organisations, programmes and tags."""
    orgs = {slug: session.scalar(sa.select(Organisation).where(Organisation.slug == slug))
            or Organisation(slug=slug, name=name, kind=kind)
            for slug, name, kind in ORGANISATIONS}
    programmes = {name: Programme(name=name, level=level, school="ROC van Twente")
                  for name, level in PROGRAMMES}
    tags = {name: Tag(slug=name, name=name) for name in TAGS}
    session.add_all([*orgs.values(), *programmes.values(), *tags.values()])
    made: list[Project] = []
    statuses = ["afgerond", "gearchiveerd", "lopend", "gearchiveerd", "afgerond"]
    for round_ in range(copies):
        for i, (title, summary, progs, tag_names, client, partners, lessons) in enumerate(STORIES):
            n = round_ * len(STORIES) + i
            project = Project(
                hub=hubs[n % len(hubs)], title=title if round_ == 0 else f"{title} ({2022 + round_})",
                summary=summary, status=statuses[n % len(statuses)],
                client=orgs[client], starts_on=date(2026 - (n % 4), 1 + n % 12, 1),
                what=summary, approach="Elke opleiding nam een deel voor haar rekening; "
                "de hub regelde de ruimte en de begeleiding.",
                reused_from=made[i] if round_ and n % 2 else None)
            project.programmes = [programmes[p] for p in progs]
            project.tags = [tags[t] for t in tag_names]
            project.partners = [ProjectPartner(organisation=orgs[p]) for p in partners]
            project.subprojects = [
                SubProject(programme=programmes[p], title=p, position=k,
                           description=f"De studenten {p.lower()} deden hun deel van het werk.")
                for k, p in enumerate(progs)]
            project.lessons = [Lesson(kind=kind, text=text, position=k)
                               for k, (kind, text) in enumerate(lessons)]
            session.add(project)
            made.append(project)
    session.flush()
    return made
