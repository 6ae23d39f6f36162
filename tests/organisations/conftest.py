"""Fixtures of the partner file: a filled-in organisation with a contact and a log entry,
and spreadsheets built in the test."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook

from hubsite.extensions import db
from hubsite.organisations.models import Organisation
from hubsite.organisations.services import add_contact, add_log_entry

SECRET_PHONE = "06-12345678"
SECRET_EMAIL = "geheim.contact@example.nl"
SECRET_NAME = "Gerda Geheimhouder"
SECRET_LOG = "Belde over de geheime afspraak"
SECRET_NOTE = "Geen leerlingen op vrijdag"


@pytest.fixture
def partner(app, hub, coordinator) -> Organisation:
    """An organisation with everything only hub teams may see."""
    organisation = Organisation(
        slug="bakkerij-bolk", name="Bakkerij Bolk", kind="ondernemers", city="Almelo",
        sector="bakkerij", website="https://www.bolk.example.nl", kvk_number="12345678",
        description="Brood uit de wijk.", status="slapend", offers="bedrijfsbezoek,gastles",
        offers_note="Rondleiding in de bakkerij", limitations=SECRET_NOTE, themes="voeding")
    organisation.hubs = [hub]
    db.session.add(organisation)
    db.session.flush()
    add_contact(db.session, organisation, SECRET_NAME, "eigenaar", SECRET_EMAIL, SECRET_PHONE, hub)
    add_log_entry(db.session, organisation, coordinator, date(2026, 11, 2), SECRET_LOG)
    db.session.commit()
    return organisation


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    """An Excel file with these rows (the first is the header)."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list[str]], delimiter: str = ";", encoding: str = "utf-8-sig") -> bytes:
    return "\r\n".join(delimiter.join(row) for row in rows).encode(encoding)
