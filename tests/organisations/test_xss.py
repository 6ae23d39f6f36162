"""What people type into any field of the partner file, or put in a spreadsheet they
import, comes out escaped."""

from __future__ import annotations

import io
from datetime import date

import pytest

from hubsite.extensions import db
from hubsite.organisations.models import Organisation
from hubsite.organisations.services import add_contact, add_log_entry
from tests.organisations.conftest import csv_bytes
from tests.pinboard.test_xss import _clean
from tests.test_markup import XSS_PAYLOADS


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payloads_in_every_text_field_come_out_harmless(client, hub, coordinator, payload):
    organisation = Organisation(slug="xss", name=payload[:160], kind="ondernemers",
                                sector=payload[:120], city=payload[:80], description=payload,
                                offers_note=payload, limitations=payload, themes=payload[:300],
                                status="actief")
    organisation.hubs = [hub]
    db.session.add(organisation)
    db.session.add(Organisation(slug="ander", name="Ander", kind="anders"))
    db.session.flush()
    contact = add_contact(db.session, organisation, payload[:120], payload[:120], "a@example.nl",
                          payload[:40], hub)
    add_log_entry(db.session, organisation, coordinator, date(2026, 12, 1), payload)
    db.session.commit()
    for who in (None, coordinator):
        if who is not None:
            client.login(who)
        for url in ("/organisaties", "/organisaties/xss", "/organisaties?q=" + payload[:20]):
            response = client.get(url)
            assert response.status_code == 200, url
            _clean(response.get_data(as_text=True))
    for url in ("/organisaties/xss/bewerken", f"/organisaties/xss/contactpersonen/{contact.id}",
                "/organisaties/xss/samenvoegen", "/organisaties/xss/samenvoegen?met=ander",
                "/organisaties/ander/samenvoegen?met=xss&blijft=ander",
                f"/organisaties/xss/contactpersonen/{contact.id}/verwijderen"):
        response = client.get(url)
        assert response.status_code == 200, url
        _clean(response.get_data(as_text=True))
    upload = client.post("/organisaties/importeren", data={
        "csrf_token": client.csrf_token(),
        "file": (io.BytesIO(csv_bytes([["Naam", payload.replace(";", ",")],
                                       [payload.replace(";", ","), "x"], [payload[:50], "y"]])),
                 "x.csv")}, content_type="multipart/form-data")
    assert upload.status_code == 303
    preview = client.get(upload.location)
    assert preview.status_code in (200, 422)  # 422: a payload's commas made it one column
    _clean(preview.get_data(as_text=True))
