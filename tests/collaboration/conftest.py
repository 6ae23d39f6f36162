"""Fixtures for collaboration: an offer made through the service, the "Ik doe mee" form."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hubsite import antibot
from hubsite.collaboration import services
from hubsite.collaboration.models import AFTERNOON, KIND_GUEST_LESSON, MORNING, Offer
from hubsite.collaboration.views import FORM_STAMP_SALT
from hubsite.extensions import db


@pytest.fixture(autouse=True)
def _no_waiting(app):
    """Tests send the form at once (the "too fast" check is the questions' own)."""
    app.config["QUESTION_MIN_FORM_SECONDS"] = 0


@pytest.fixture
def make_offer(app, hub) -> Callable[..., Offer]:
    def make(hub_=None, **changes) -> Offer:
        values = services.OfferValues(
            kind=KIND_GUEST_LESSON, title="Gastles: zo start je een eigen zaak",
            what="Vertel studenten over jouw weg als ondernemer.", dayparts_needed=1,
            people="Eén ondernemer", place="In de hub", material="", months=[10, 3],
            dayparts=[AFTERNOON], levels=["mbo-4"])
        for name, value in changes.items():
            setattr(values, name, value)
        offer = services.save_offer(db.session, hub_ or hub, None, values)
        db.session.commit()
        return offer

    return make


@pytest.fixture
def response_data(app) -> Callable[..., dict]:
    def make(offer: Offer, **changes) -> dict:
        with app.test_request_context():
            stamp = antibot.form_stamp(offer.id, FORM_STAMP_SALT)
        data = {"organisation": "Bakkerij Bolk", "contact_name": "Jan Bolk",
                "email": "jan@bolk.example.nl", "phone": "06 11122233",
                "dayparts": [MORNING], "message": "Graag in oktober.", "website": "",
                "started": stamp}
        data.update(changes)
        return {k: v for k, v in data.items() if v is not None}

    return make
