"""Fixtures for projects: a told project with partners, programmes, deelprojecten and lessons."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image as PILImage

from hubsite.extensions import db
from hubsite.projects import services
from hubsite.projects.models import STATUS_DONE, Programme
from tests.projects.archive_data import archive, build_project  # noqa: F401  (the search tests' known archive)


@pytest.fixture
def make_programme(app):
    def make(name: str = "Manager/ondernemer horeca", level: str = "mbo-4",
             school: str = "ROC van Twente") -> Programme:
        programme = services.find_or_add_programme(db.session, name, level, school)
        db.session.commit()
        return programme

    return make


@pytest.fixture
def make_project(app, hub, make_organisation):
    """`make_project(status="afgerond", subprojects=3, lessons=2, partners=2)`."""
    def make(on=None, status: str = STATUS_DONE, subprojects: int = 1, lessons: int = 1,
             partners: int = 1, **fields):
        fields.setdefault("what", "Een avond over **gastvrijheid** in de binnenstad.")
        fields.setdefault("approach", "Studenten organiseren de avond.")
        project = services.create_project(db.session, on or hub,
                                          fields.pop("title", "Stadscafé"), status=status,
                                          **fields)
        for n in range(subprojects):
            programme = services.find_or_add_programme(db.session, f"Opleiding {n}", "mbo-4")
            services.add_subproject(db.session, project, f"Deelproject {n}", f"Wat {n}",
                                    programme.id, students=f"Student {n}")
            project.programmes.append(programme)
        for n in range(lessons):
            services.add_lesson(db.session, project, ("tip", "top", "valkuil")[n % 3],
                                f"Les {n}")
        for n in range(partners):
            organisation = make_organisation(name=f"Partner {n}",
                                             kind=("ondernemers", "onderwijs", "overheid")[n % 3])
            services.add_partner(db.session, project, organisation, f"Bijdrage {n}")
        services.set_tags(db.session, project, ["horeca", "gastvrijheid"])
        db.session.commit()
        return project

    return make


def png_bytes(size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", size, (200, 100, 50)).save(out, "PNG")
    return out.getvalue()


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


TODAY = date(2026, 3, 1)
