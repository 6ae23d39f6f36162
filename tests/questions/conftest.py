"""Fixtures for questions: a filled-in form, a question asked through the service, files."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from PIL import Image as PILImage

from hubsite import antibot
from hubsite.extensions import db
from hubsite.hubs.models import ROLE_COORDINATOR
from hubsite.questions import services
from hubsite.questions.models import Question
from hubsite.questions.views import FORM_STAMP_SALT, FORM_STAMP_VALUE
from tests.media.helpers import ooxml


def stamp(app) -> str:
    """The signed moment the form was shown, as the page writes it."""
    with app.test_request_context():
        return antibot.form_stamp(FORM_STAMP_VALUE, FORM_STAMP_SALT)


@pytest.fixture(autouse=True)
def _no_waiting(app):
    """Tests send the form at once; the "too fast" check has its own test."""
    app.config["QUESTION_MIN_FORM_SECONDS"] = 0


@pytest.fixture
def form_data(app, hub) -> Callable[..., dict]:
    """What a person types into "Leg een vraag neer" (override any field)."""
    def make(**changes) -> dict:
        data = {"organisation": "Basisschool De Regenboog", "contact_name": "Ingrid Hofman",
                "email": "ingrid@regenboog.example.nl", "phone": "0546 123 456",
                "title": "Een speelhuis voor ons schoolplein",
                "what": "Een speelhuis dat studenten met onze kinderen bouwen.",
                "for_whom": "Groep 1 tot en met 4", "wanted_by": "2027-06-01",
                "hub": hub.slug, "recurring": "eenmalig", "website": "",
                "started": stamp(app)}
        data.update(changes)
        return {k: v for k, v in data.items() if v is not None}

    return make


@pytest.fixture
def make_question(app, hub) -> Callable[..., Question]:
    """A question asked through the service (its confirmation mail is queued)."""
    def make(**fields) -> Question:
        values = {"organisation_name": "Bloemen & Zo", "contact_name": "Kees Veldkamp",
                  "email": "kees@bloemen.example.nl", "phone": "06 12345678",
                  "title": "Een nieuwe huisstijl", "what": "Logo, kleuren en een winkelbord.",
                  "hub": hub}
        values.update(fields)
        question = services.submit_question(db.session, services.Asked(**values))
        db.session.commit()
        return question

    return make


@pytest.fixture
def other_coordinator(make_user, other_hub):
    return make_user(hub=other_hub, role=ROLE_COORDINATOR, email="begeleider2@example.nl",
                     name="Els Anderhub")


def png_bytes() -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (40, 30), (200, 80, 20)).save(out, "PNG")
    return out.getvalue()


def docx_bytes() -> bytes:
    return ooxml()


PDF_BYTES = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
