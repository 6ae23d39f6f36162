"""Fixtures for keeping partners involved: organisations with contacts and a log."""

from __future__ import annotations

from datetime import date

import pytest

from hubsite.extensions import db
from hubsite.organisations.models import Organisation
from hubsite.organisations.services import add_contact, add_log_entry


@pytest.fixture
def make_partner(app, hub):
    """`make_partner("Bakkerij Bolk", last_contact=date(...), themes="brood", offers="gastles")`."""
    def make(name: str, last_contact: date | None = None, email: str = "", status: str = "actief",
             hubs=None, **fields) -> Organisation:
        slug = name.lower().replace(" ", "-")
        organisation = Organisation(slug=slug, name=name, kind="ondernemers", status=status,
                                    **fields)
        organisation.hubs = [hub] if hubs is None else hubs
        db.session.add(organisation)
        db.session.flush()
        if email:
            add_contact(db.session, organisation, f"Contact {name}", "", email, "")
        if last_contact:
            add_log_entry(db.session, organisation, None, last_contact, "Gesproken.")
        db.session.commit()
        return organisation

    return make
