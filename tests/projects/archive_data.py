"""The search tests' archive: a small data set where the right answers are known, and a
factory that builds projects row by row (imported into conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import count

import pytest

from hubsite.extensions import db
from hubsite.hubs.models import Hub
from hubsite.organisations.models import Organisation
from hubsite.projects.models import (
    STATUS_ARCHIVED,
    STATUS_DONE,
    STATUS_REQUEST,
    STATUS_RUNNING,
    Lesson,
    Programme,
    Project,
    ProjectPartner,
    SubProject,
    Tag,
)

_numbers = count(1)


@pytest.fixture
def build_project(app) -> Callable[..., Project]:
    """A project with its parts: `build_project(hub, title=…, lessons=[("tip", "…")],
    subprojects=[("Bediening", "…", programme)], partners=[organisation])`."""
    def make(hub: Hub, title: str | None = None, status: str = STATUS_DONE,
             programmes=(), tags=(), partners=(), subprojects=(), lessons=(),
             **fields) -> Project:
        project = Project(hub=hub, title=title or f"Project {next(_numbers)}", status=status,
                          **fields)
        project.programmes = list(programmes)
        project.tags = list(tags)
        project.partners = [ProjectPartner(organisation=o) for o in partners]
        project.subprojects = [SubProject(title=t, description=d, programme=p, position=i)
                               for i, (t, d, p) in enumerate(subprojects)]
        project.lessons = [Lesson(kind=k, text=t, position=i)
                           for i, (k, t) in enumerate(lessons)]
        db.session.add(project)
        db.session.commit()
        return project

    return make


@dataclass
class Archive:
    """The known data set (see the fixture for who is who)."""

    almelo: Hub
    utrecht: Hub
    cafe: Organisation
    roc: Organisation
    gemeente: Organisation
    bakker: Organisation
    horeca: Programme
    marketing: Programme
    retail: Programme
    tag_horeca: Tag
    tag_events: Tag
    tag_green: Tag
    stadscafe: Project
    huisstijl: Project
    speelhuis: Project
    wijk: Project
    challenge: Project


@pytest.fixture
def archive(hub, other_hub, make_organisation, build_project) -> Archive:
    """Five projects: four public, one still a request (aanvraag) of Hub Almelo.

    | project    | hub     | client   | partners      | programmes        | tags           | year | status       |
    | stadscafe  | almelo  | cafe (O) | roc, gemeente | horeca, marketing | horeca, events | 2024 | gearchiveerd |
    | huisstijl  | utrecht | bakker   |               | marketing         |                | 2025 | afgerond     |
    | speelhuis  | almelo  | gemeente | roc           | retail            | green          | 2025 | lopend       |
    | wijk       | almelo  | roc      |               | horeca            | horeca         | 2026 | aanvraag     |
    | challenge  | utrecht | gemeente | cafe          | retail, marketing | green, events  | 2023 | gearchiveerd |
    """
    cafe = make_organisation(slug="stadscafe-de-kroon", name="Stadscafé De Kroon",
                             kind="ondernemers")
    roc = make_organisation(slug="roc-van-twente", name="ROC van Twente", kind="onderwijs")
    gemeente = make_organisation(slug="gemeente-almelo", name="Gemeente Almelo",
                                 kind="overheid")
    bakker = make_organisation(slug="bakkerij-jansen", name="Bakkerij Jansen",
                               kind="ondernemers")
    horeca = Programme(name="Horeca", level="mbo-4", school="ROC van Twente")
    marketing = Programme(name="Marketing en communicatie", level="mbo-4",
                          school="ROC van Twente")
    retail = Programme(name="Retail", level="mbo-2", school="ROC van Twente")
    tag_horeca = Tag(slug="horeca", name="horeca")
    tag_events = Tag(slug="evenementen", name="evenementen")
    tag_green = Tag(slug="duurzaamheid", name="duurzaamheid")
    db.session.add_all([horeca, marketing, retail, tag_horeca, tag_events, tag_green])
    db.session.commit()
    stadscafe = build_project(
        hub, "Gastvrijheid in het Stadscafé", status=STATUS_ARCHIVED, client=cafe,
        partners=[roc, gemeente], programmes=[horeca, marketing],
        tags=[tag_horeca, tag_events], starts_on=date(2024, 3, 1), ends_on=date(2024, 6, 30),
        summary="Een avond lang runden studenten het café van de stad.",
        what="Kunnen studenten een avond lang een café runnen, van keuken tot muziek?",
        approach="Elke opleiding nam een deel van de avond voor haar rekening.",
        subprojects=[("Bediening", "De horeca-studenten verzorgden de bediening en de bar.",
                      horeca),
                     ("Promotie", "Affiches en berichten op sociale media.", marketing)],
        lessons=[("tip", "Spreek de muzikanten ruim op tijd."),
                 ("top", "De gasten bleven tot sluitingstijd."),
                 ("valkuil", "De kassa was te laat klaar.")])
    huisstijl = build_project(
        other_hub, "Huisstijl voor de bakker", status=STATUS_DONE, client=bakker,
        programmes=[marketing], starts_on=date(2025, 2, 1),
        summary="Een nieuw logo, een menukaart en een website voor een bakkerij.",
        what="De bakker wilde er fris uitzien voor een nieuwe generatie klanten.",
        lessons=[("tip", "Wees gastvrij voor de ideeën van de klant.")])
    speelhuis = build_project(
        hub, "Een speelhuis voor de basisschool", status=STATUS_RUNNING, client=gemeente,
        partners=[roc], programmes=[retail], tags=[tag_green], starts_on=date(2025, 9, 1),
        summary="Een houten speelhuis, ontworpen met de kinderen van groep 5.",
        what="Een student bouwt samen met leerlingen een speelhuis van oud hout.",
        reused_from=stadscafe)
    wijk = build_project(
        hub, "Gastvrijheid in de wijk", status=STATUS_REQUEST, client=roc,
        programmes=[horeca], tags=[tag_horeca], starts_on=date(2026, 1, 10),
        summary="Een wijkleerbedrijf waar studenten leren door te doen.")
    challenge = build_project(
        other_hub, "Design challenge met vmbo-leerlingen", status=STATUS_ARCHIVED,
        client=gemeente, partners=[cafe], programmes=[retail, marketing],
        tags=[tag_green, tag_events], starts_on=date(2023, 10, 2),
        summary="Vmbo-leerlingen ontwierpen een duurzame markt.",
        what="Hoe maak je een weekmarkt duurzamer? Leerlingen bedachten het, studenten hielpen.",
        reused_from=stadscafe)
    return Archive(hub, other_hub, cafe, roc, gemeente, bakker, horeca, marketing, retail,
                   tag_horeca, tag_events, tag_green, stadscafe, huisstijl, speelhuis, wijk,
                   challenge)
