"""The partner file in Chromium: a coordinator imports a spreadsheet of 30 organisations
(3 already in the file, 2 unusable), sees exactly that in the preview, imports 25 new ones,
merges two records of one organisation; and a note goes into the contact log inline."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from hubsite.extensions import db
from hubsite.organisations.models import Organisation
from tests.browser.conftest import assert_no_axe_violations
from tests.browser.test_journeys import log_in
from tests.organisations.conftest import xlsx_bytes


def _spreadsheet() -> bytes:
    rows: list[list[object]] = [["Bedrijfsnaam", "Plaats", "Website", "KvK", "Contactpersoon",
                                 "E-mail", "Telefoon", "Soort"]]
    for n in range(1, 26):
        rows.append([f"Nieuw Bedrijf {n}", "Almelo", f"www.nieuw{n}.example.nl", None,
                     f"Contact {n}", f"contact{n}@example.nl", "06-12345678", "ondernemers"])
    rows += [
        ["Bakkerij Bolk B.V.", "Almelo", None, None, None, None, None, None],         # name
        ["De Vonk Techniek", None, "https://vonk.example.nl/over", None, None, None, None, None],
        ["Gemeente Iks", None, None, "11 11 22 22", None, None, None, "overheid"],    # KvK
        ["Zonder Mail", None, None, None, "Piet", "piet@@example", None, None],       # e-mail
        ["nieuw bedrijf 3", None, None, None, None, None, None, None],                # twice
    ]
    return xlsx_bytes(rows)


def test_a_coordinator_imports_thirty_rows_and_merges_two_records(
        page, make_organisation, coordinator, tmp_path, console):
    make_organisation(slug="bakkerij-bolk", name="Bakkerij Bolk", city="Almelo")
    make_organisation(slug="de-vonk", name="De Vonk", website="https://www.vonk.example.nl")
    make_organisation(slug="gemeente-x", name="Gemeente X", kind="overheid",
                      kvk_number="11112222")
    file = tmp_path / "partners.xlsx"
    file.write_bytes(_spreadsheet())
    log_in(page, coordinator.email)
    expect(page.get_by_text("Je bent ingelogd.")).to_be_visible()

    page.goto("/organisaties")
    page.get_by_role("link", name="Importeren").click()
    page.get_by_label("Spreadsheet (CSV of Excel)").set_input_files(str(file))
    page.get_by_role("button", name="Bekijk voorbeeld").click()

    expect(page.get_by_role("heading", name="Voorbeeld van de import")).to_be_visible()
    expect(page.get_by_label("Bedrijfsnaam")).to_have_value("name")
    expect(page.locator("[data-count=new]")).to_have_text("25")
    expect(page.locator("[data-count=match]")).to_have_text("3")
    expect(page.locator("[data-count=invalid]")).to_have_text("2")
    invalid = page.locator("#rows-invalid li")
    expect(invalid).to_have_count(2)
    expect(invalid.nth(0)).to_contain_text("piet@@example")
    expect(invalid.nth(1)).to_contain_text("staat al in regel 4")
    matches = page.locator("#rows-match")
    for existing in ("Bakkerij Bolk", "De Vonk", "Gemeente X"):
        expect(matches.get_by_role("link", name=existing)).to_be_visible()
    assert_no_axe_violations(page)
    page.screenshot(path=str(tmp_path / "preview.png"), full_page=True)

    # Changing the mapping updates the preview in place (htmx), and back.
    page.get_by_label("Bedrijfsnaam").select_option("")
    expect(page.get_by_text("Kies welke kolom de naam van de organisatie is.")).to_be_visible()
    # The new form is ready for the next change once htmx has processed it.
    page.wait_for_function("() => document.querySelector('.org-mapping')['htmx-internal-data']"
                           " && !document.querySelector('.htmx-request, .htmx-settling')")
    page.get_by_label("Bedrijfsnaam").select_option("name")
    expect(page.locator("[data-count=new]")).to_have_text("25")

    page.get_by_role("button", name="28 organisaties importeren").click()
    expect(page.get_by_text("25 organisaties toegevoegd, 3 bestaande aangevuld, 2 regels "
                            "overgeslagen.")).to_be_visible()
    assert db.session.query(Organisation).count() == 28
    page.get_by_label("Zoeken op naam").fill("Nieuw Bedrijf")
    expect(page.get_by_role("heading", name="25 organisaties")).to_be_visible()

    # Two records of one organisation become one.
    page.goto("/organisaties/bakkerij-bolk")
    page.get_by_role("link", name="Samenvoegen").click()
    page.get_by_label("Samenvoegen met").select_option(label="De Vonk")
    page.get_by_label("Het andere record").check()
    page.get_by_role("button", name="Bekijk wat er gebeurt").click()
    expect(page.get_by_text("Bakkerij Bolk wordt daarna verwijderd")).to_be_visible()
    page.get_by_role("button", name="Samenvoegen").click()
    expect(page.get_by_text("Bakkerij Bolk is samengevoegd met De Vonk.")).to_be_visible()
    expect(page.get_by_role("heading", name="De Vonk", level=1)).to_be_visible()
    db.session.expire_all()
    assert db.session.query(Organisation).count() == 27
    # The one 422 is the preview without a name column, which htmx swaps in on purpose.
    assert [p for p in console.problems() if "422" not in p] == []


def test_a_log_entry_is_added_inline_and_keeps_the_focus_on_the_log(page, make_organisation, host):
    organisation = make_organisation(slug="bolk", name="Bakkerij Bolk")
    db.session.commit()
    log_in(page, host.email)
    expect(page.get_by_text("Je bent ingelogd.")).to_be_visible()
    page.goto(f"/organisaties/{organisation.slug}")
    page.get_by_label("Wat is er besproken?").fill("Belde over een gastles in maart")
    page.get_by_role("button", name="Notitie toevoegen").click()
    entry = page.locator("#logboek .org-log__list li").first
    expect(entry).to_contain_text("Belde over een gastles in maart")
    expect(entry).to_contain_text("Aylin Host")
    expect(entry).to_be_focused()
    expect(page.get_by_label("Wat is er besproken?")).to_have_value("")
    assert re.search(r"/organisaties/bolk$", page.url)
