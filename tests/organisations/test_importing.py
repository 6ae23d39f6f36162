"""Reading partner spreadsheets and sorting their rows: new, matching, invalid."""

import io
import zipfile

import pytest

from hubsite.extensions import db
from hubsite.organisations.importing import (
    INVALID,
    MATCH,
    MAX_IMPORT_ROWS,
    NEW,
    ImportFileError,
    guess_mapping,
    preview_import,
    read_spreadsheet,
    run_import,
)
from hubsite.organisations.models import Organisation
from tests.organisations.conftest import csv_bytes, xlsx_bytes

HEADER = ["Bedrijf", "Plaats", "Website", "KvK", "Contactpersoon", "E-mail", "Telefoon", "Soort"]


def test_csv_with_semicolons_and_a_bom_is_read():
    sheet = read_spreadsheet(csv_bytes([HEADER, ["Café Zon", "Almelo", "", "", "", "", "", ""]]))
    assert sheet.headers[0] == "Bedrijf" and sheet.rows == [
        (2, ["Café Zon", "Almelo", "", "", "", "", "", ""])]


def test_csv_with_commas_in_windows_encoding_is_read():
    data = csv_bytes([["Naam", "Plaats"], ["Café Zon", "Hengelo"]], ",", "cp1252")
    assert read_spreadsheet(data).rows == [(2, ["Café Zon", "Hengelo"])]


def test_xlsx_numbers_and_empty_rows_are_read_as_text():
    data = xlsx_bytes([["Naam", "KvK"], [None, None], ["Bolk", 12345678]])
    assert read_spreadsheet(data).rows == [(3, ["Bolk", "12345678"])]


@pytest.mark.parametrize("data, words", [
    (b"", "leeg"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "geen spreadsheet"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
    (b"PK\x03\x04 this is not really a zip", "beschadigd"),
])
def test_files_that_are_no_spreadsheet_say_why(data, words):
    with pytest.raises(ImportFileError) as error:
        read_spreadsheet(data)
    assert words in str(error.value) and 400 <= error.value.status < 500


def test_a_zip_that_is_no_workbook_or_a_damaged_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(ImportFileError):
        read_spreadsheet(out.getvalue())
    good = xlsx_bytes([["Naam"], ["Bolk"]])
    with pytest.raises(ImportFileError) as error:
        read_spreadsheet(good[: len(good) // 2])
    assert "beschadigd" in str(error.value)


def test_ten_thousand_rows_are_refused_with_a_clear_message():
    rows = [["Naam"]] + [[f"Bedrijf {n}"] for n in range(10_000)]
    for data in (csv_bytes(rows), xlsx_bytes(rows)):
        with pytest.raises(ImportFileError) as error:
            read_spreadsheet(data)
        assert error.value.status == 413 and str(MAX_IMPORT_ROWS) in str(error.value)


def test_the_mapping_is_guessed_from_usual_headers():
    assert guess_mapping(HEADER + ["Functie", "Opmerking"]) == [
        "name", "city", "website", "kvk_number", "contact_name", "email", "phone", "kind",
        "contact_role", ""]
    assert guess_mapping(["Naam", "Organisatie"]) == ["name", ""]  # each field once


def test_rows_are_sorted_into_new_matching_and_invalid(app, make_organisation):
    bolk = make_organisation(name="Bakkerij Bolk")
    site = make_organisation(name="Vonk", website="https://www.vonk.example.nl")
    kvk = make_organisation(name="Gemeente X", kvk_number="11112222")
    sheet = read_spreadsheet(csv_bytes([
        HEADER,
        ["Bakkerij Bolk B.V.", "", "", "", "", "", "", ""],
        ["De Vonk Installaties", "", "vonk.example.nl", "", "", "", "", ""],
        ["Gemeente Iks", "", "", "1111 2222", "", "", "", "overheid"],
        ["Nieuw Bedrijf", "Almelo", "", "", "Anna", "anna@example.nl", "06-12345678", ""],
        ["", "Almelo", "", "", "", "", "", ""],
        ["Slecht Mailen", "", "", "", "Bob", "bob@", "", ""],
        ["Slecht KvK", "", "", "1234", "", "", "", ""],
        ["nieuw bedrijf", "", "", "", "", "", "", ""],
        ["Rare Soort", "", "", "", "", "", "", "ruimtevaart"],
    ]))
    preview = preview_import(db.session, sheet, guess_mapping(sheet.headers))

    outcomes = [(row.line, row.outcome) for row in preview.rows]
    assert outcomes == [(2, MATCH), (3, MATCH), (4, MATCH), (5, NEW), (6, INVALID),
                        (7, INVALID), (8, INVALID), (9, INVALID), (10, INVALID)]
    assert [row.match.id for row in preview.of(MATCH)] == [bolk.id, site.id, kvk.id]
    reasons = {row.line: " ".join(row.reasons) for row in preview.of(INVALID)}
    assert "naam ontbreekt" in reasons[6] and "bob@" in reasons[7]
    assert "KvK" in reasons[8] and "regel 5" in reasons[9] and "ruimtevaart" in reasons[10]
    assert preview.counts == {NEW: 1, MATCH: 3, INVALID: 5}


def test_without_a_name_column_nothing_can_be_previewed(app):
    sheet = read_spreadsheet(csv_bytes([["Plaats"], ["Almelo"]]))
    assert preview_import(db.session, sheet, ["city"]).problem


def test_an_import_adds_new_rows_and_completes_matching_ones(app, make_organisation):
    bolk = make_organisation(name="Bakkerij Bolk")
    sheet = read_spreadsheet(xlsx_bytes([
        HEADER,
        ["Bakkerij Bolk", "Almelo", "bolk.example.nl", "", "Henk", "henk@example.nl", "", ""],
        ["Zorg BV", "Hengelo", "", "", "Anna", "anna@example.nl", "06-12345678", "anders"],
        ["", "", "", "", "", "", "", ""],
    ]))
    added, completed = run_import(db.session, preview_import(db.session, sheet,
                                                             guess_mapping(sheet.headers)))
    db.session.commit()
    assert (added, completed) == (1, 1)
    db.session.refresh(bolk)
    assert bolk.city == "Almelo" and bolk.website == "https://bolk.example.nl"
    assert [c.email for c in bolk.contacts] == ["henk@example.nl"]
    zorg = db.session.query(Organisation).filter_by(name="Zorg BV").one()
    assert zorg.kind == "anders" and zorg.primary_contact.phone == "06-12345678"
