"""The project page as visitors and the hub team see it, and editing it."""

from __future__ import annotations

import re

import pytest

from hubsite.extensions import db
from hubsite.projects.models import Lesson, Project, SubProject
from tests.conftest import counted_queries, field_error


def test_visitor_sees_the_story(client, make_project):
    project = make_project(subprojects=2, lessons=3, partners=3)
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "Stadscafé" in page and "<strong>gastvrijheid</strong>" in page
    assert "Deelproject 0" in page and "Deelproject 1" in page
    assert "Les 0" in page and "Les 2" in page
    assert "Partner 2" in page
