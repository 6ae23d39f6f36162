"""The partner file's pages: what visitors and hub teams see, adding with "Bedoel je …?",
contact persons and the log (page and htmx fragment), merging, import and export."""

import io
from datetime import date

import sqlalchemy as sa
from openpyxl import load_workbook
from PIL import Image as PILImage

from hubsite.extensions import db
from hubsite.organisations import importing
from hubsite.organisations.models import ContactLogEntry, ContactPerson, Organisation
from tests.conftest import counted_queries, field_error
from tests.organisations.conftest import (
    SECRET_EMAIL,
    SECRET_LOG,
    SECRET_NAME,
    SECRET_PHONE,
    csv_bytes,
    xlsx_bytes,
)


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


# --------------------------------------------------------------------------- reading


def test_the_list_links_to_each_organisation_page_grouped_by_kind(client, make_organisation):
    make_organisation(slug="bakkerij-bolk", name="Bakkerij Bolk")
    make_organisation(slug="gemeente-x", name="Gemeente X", kind="overheid")
    page = client.get("/organisaties").get_data(as_text=True)
    assert 'href="/organisaties/bakkerij-bolk"' in page and 'href="/organisaties/gemeente-x"' in page
    assert page.index('id="kind-ondernemers"') < page.index("Bakkerij Bolk") \
        < page.index('id="kind-overheid"') < page.index("Gemeente X")


def test_an_organisation_page_shows_who_they_are(client, partner):
    response = client.get("/organisaties/bakkerij-bolk")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1" in page and "Bakkerij Bolk" in page and "bakkerij" in page
    assert "Almelo" in page and "Brood uit de wijk." in page
    assert 'href="https://www.bolk.example.nl"' in page


def test_an_unknown_organisation_is_not_found(client):
    assert client.get("/organisaties/bestaat-niet").status_code == 404


def test_a_hub_team_sees_the_whole_file_on_the_page(client, partner, host):
    client.login(host)
    response = client.get("/organisaties/bakkerij-bolk")
    page = response.get_data(as_text=True)
    for shown in (SECRET_NAME, SECRET_EMAIL, SECRET_PHONE, SECRET_LOG, "Slapend",
                  "Rondleiding in de bakkerij", "Vast aanspreekpunt", "Hub Almelo", "12345678"):
        assert shown in page, shown
    assert "no-store" in response.headers["Cache-Control"]


def test_the_list_searches_by_name_and_filters_by_kind(client, make_organisation):
    make_organisation(name="Café de Zon", kind="ondernemers")
    make_organisation(name="ROC Zon", kind="onderwijs")
    make_organisation(name="Bakkerij Bolk")
    page = client.get("/organisaties?q=cafe").get_data(as_text=True)
    assert "Café de Zon" in page and "Bakkerij Bolk" not in page
    page = client.get("/organisaties?q=zon&soort=onderwijs").get_data(as_text=True)
    assert "ROC Zon" in page and "Café de Zon" not in page


def test_a_visitor_cannot_filter_on_what_only_teams_see(client, make_organisation, hub):
    make_organisation(name="Slaper", status="slapend")
    awake = make_organisation(name="Wakker", status="actief")
    awake.hubs = [hub]
    db.session.commit()
    page = client.get("/organisaties?status=actief&hub=almelo").get_data(as_text=True)
    assert "Slaper" in page and "Wakker" in page  # ignored: filtering would tell the status
    assert 'name="status"' not in page


def test_a_team_filters_on_status_and_hub_in_a_table(client, make_organisation, hub, host):
    make_organisation(name="Slaper", status="slapend")
    awake = make_organisation(name="Wakker", status="actief")
    awake.hubs = [hub]
    db.session.commit()
    client.login(host)
    page = client.get("/organisaties?status=actief").get_data(as_text=True)
    assert "<table" in page and "Wakker" in page and "Slaper" not in page
    page = client.get("/organisaties?hub=almelo").get_data(as_text=True)
    assert "Wakker" in page and "Slaper" not in page


def test_filtering_with_htmx_answers_only_the_results(hx, make_organisation):
    make_organisation(name="Bakkerij Bolk")
    response = hx.get("/organisaties?q=bolk")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and page.lstrip().startswith('<section id="org-results"')
    assert "Bakkerij Bolk" in page and "<html" not in page
    assert "HX-Request" in response.headers["Vary"]


def test_the_list_runs_a_constant_number_of_queries(client, make_organisation, hub, host):
    client.login(host)

    def queries() -> int:
        with counted_queries() as statements:
            assert client.get("/organisaties").status_code == 200
        return len(statements)

    for n in range(8):
        organisation = make_organisation(name=f"Extra {n}")
        organisation.hubs = [hub]
        db.session.add(ContactPerson(organisation=organisation, name=f"P{n}", is_primary=True,
                                     hub=hub))
        db.session.commit()
        if n == 0:
            few = queries()
    assert queries() == few


# --------------------------------------------------------------------------- adding and editing


def _organisation_form(**values) -> dict:
    return {"name": "Bakkerij Bolk", "kind": "ondernemers", "status": "geinteresseerd", **values}


def test_a_team_adds_an_organisation(client, host, hub):
    client.login(host)
    response = client.form("/organisaties/nieuw", _organisation_form(
        website="www.bolk.example.nl", kvk_number="1234 5678", hubs=str(hub.id),
        offers=["gastles", "stageplek"], themes="voeding, Voeding , brood"))
    assert response.status_code == 303
    organisation = db.session.scalar(sa.select(Organisation))
    assert organisation.website == "https://www.bolk.example.nl"
    assert organisation.kvk_number == "12345678" and organisation.hubs == [hub]
    assert organisation.offers == "gastles,stageplek" and organisation.themes == "voeding, brood"


def test_a_bad_kvk_number_or_website_is_refused_next_to_the_field(client, host):
    client.login(host)
    response = client.form("/organisaties/nieuw", _organisation_form(kvk_number="1234",
                                                                     website="geen site"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "8 cijfers" in field_error(page, "kvk_number")
    assert "webadres" in field_error(page, "website")
    assert 'value="Bakkerij Bolk"' in page and _count(Organisation) == 0


def test_a_look_alike_by_name_is_offered_and_can_be_added_anyway(client, host, partner):
    client.login(host)
    response = client.form("/organisaties/nieuw", _organisation_form(name="bakkerij bolk"))
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "Bedoel je deze organisatie?" in page
    assert 'href="/organisaties/bakkerij-bolk"' in page and "create_anyway" in page
    assert _count(Organisation) == 1
    response = client.form("/organisaties/nieuw", _organisation_form(name="bakkerij bolk",
                                                                     create_anyway="y"))
    assert response.status_code == 303 and _count(Organisation) == 2


def test_the_same_kvk_or_website_is_the_same_organisation_whatever_it_is_called(client, host, partner):
    client.login(host)
    for values in ({"kvk_number": "12345678"}, {"website": "http://bolk.example.nl/contact"}):
        response = client.form("/organisaties/nieuw", _organisation_form(
            name="Heel Anders", create_anyway="y", **values))
        page = response.get_data(as_text=True)
        assert response.status_code == 409 and "staat al in het bestand" in page
    assert _count(Organisation) == 1


def test_editing_may_not_take_another_record_s_kvk_number(client, host, partner, make_organisation):
    other = make_organisation(slug="ander", name="Ander")
    client.login(host)
    response = client.form(f"/organisaties/{other.slug}/bewerken", _organisation_form(
        name="Ander", kvk_number="12345678"))
    assert response.status_code == 409
    response = client.form(f"/organisaties/{partner.slug}/bewerken", _organisation_form(
        name="Bakkerij Bolk", kvk_number="12345678", website="https://www.bolk.example.nl",
        status="actief", hubs=[]))
    assert response.status_code == 303
    db.session.refresh(partner)
    assert partner.status == "actief" and partner.hubs == []


def test_a_logo_is_stored_through_media_and_shown_to_everyone(client, host, partner):
    out = io.BytesIO()
    PILImage.new("RGB", (120, 60), "green").save(out, "PNG")
    client.login(host)
    response = client.post(f"/organisaties/{partner.slug}/bewerken", data={
        **_organisation_form(website=partner.website), "csrf_token": client.csrf_token(),
        "logo": (io.BytesIO(out.getvalue()), "logo.png")}, content_type="multipart/form-data")
    assert response.status_code == 303
    db.session.refresh(partner)
    assert partner.logo is not None
    client.get("/uitloggen")
    with client.session_transaction() as session:
        session.clear()
    assert client.get(f"/images/{partner.logo_id}").status_code == 200
    assert f"/images/{partner.logo_id}/" in client.get("/organisaties").get_data(as_text=True)


def test_a_logo_that_is_no_picture_is_refused_next_to_the_field(client, host, partner):
    client.login(host)
    response = client.post(f"/organisaties/{partner.slug}/bewerken", data={
        **_organisation_form(website=partner.website), "csrf_token": client.csrf_token(),
        "logo": (io.BytesIO(b"<svg onload=alert(1)>"), "logo.png")},
        content_type="multipart/form-data")
    assert response.status_code == 422 and field_error(response.get_data(as_text=True), "logo")


# --------------------------------------------------------------------------- contacts and log


def test_a_contact_person_is_added_with_htmx_and_becomes_the_point_of_contact(hx, host, partner, hub):
    hx.login(host)
    response = hx.form(f"/organisaties/{partner.slug}/contactpersonen", {
        "name": "Nieuwe Baas", "role": "directeur", "email": "baas@example.nl",
        "phone": "06-87654321", "hub": str(hub.id), "is_primary": "y"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and page.lstrip().startswith('<section class="panel org-contacts"')
    assert page.index("Nieuwe Baas") < page.index(SECRET_NAME)  # the point of contact first
    assert partner.primary_contact.name == "Nieuwe Baas"


def test_a_contact_with_a_malformed_email_is_refused_and_kept(hx, host, partner):
    hx.login(host)
    response = hx.form(f"/organisaties/{partner.slug}/contactpersonen",
                       {"name": "Piet", "email": "piet@", "hub": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and field_error(page, "email")
    assert 'value="Piet"' in page and _count(ContactPerson) == 1


def test_without_javascript_a_contact_is_added_and_the_page_shown_again(client, host, partner):
    client.login(host)
    response = client.form(f"/organisaties/{partner.slug}/contactpersonen",
                           {"name": "Piet", "hub": ""})
    assert response.status_code == 303 and response.location.endswith("#contactpersonen")
    assert "Piet" in client.get(response.location).get_data(as_text=True)


def test_a_contact_is_edited_and_removed_after_asking(client, host, partner):
    contact = partner.contacts[0]
    client.login(host)
    url = f"/organisaties/{partner.slug}/contactpersonen/{contact.id}"
    assert client.form(url, {"name": "Gerda G.", "email": "g@example.nl", "hub": ""}).status_code == 303
    assert contact.name == "Gerda G."
    asking = client.get(url + "/verwijderen")
    assert asking.status_code == 200 and "Gerda G." in asking.get_data(as_text=True)
    assert _count(ContactPerson) == 1
    assert client.form(url + "/verwijderen").status_code == 303
    assert _count(ContactPerson) == 0


def test_a_contact_of_another_organisation_is_not_found(client, host, partner, make_organisation):
    other = make_organisation()
    client.login(host)
    assert client.get(f"/organisaties/{other.slug}/contactpersonen/{partner.contacts[0].id}").status_code == 404


def test_a_log_entry_is_added_with_htmx_newest_first_signed_by_its_author(hx, coordinator, partner):
    hx.login(coordinator)
    response = hx.form(f"/organisaties/{partner.slug}/logboek",
                       {"noted_on": "2026-12-01", "text": "Bezocht op de open dag"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and page.lstrip().startswith('<section class="panel org-log"')
    assert page.index("Bezocht op de open dag") < page.index(SECRET_LOG)
    assert "1 december 2026" in page and "Mark Begeleider" in page
    assert "data-focus" in page


def test_an_empty_log_entry_is_refused(hx, host, partner):
    hx.login(host)
    response = hx.form(f"/organisaties/{partner.slug}/logboek", {"noted_on": "2026-12-01", "text": ""})
    assert response.status_code == 422 and field_error(response.get_data(as_text=True), "text")
    assert _count(ContactLogEntry) == 1


def test_without_javascript_a_log_entry_redirects_to_the_log(client, host, partner):
    client.login(host)
    response = client.form(f"/organisaties/{partner.slug}/logboek",
                           {"noted_on": date.today().isoformat(), "text": "Belde"})
    assert response.status_code == 303 and response.location.endswith("#logboek")


# --------------------------------------------------------------------------- merging


def test_a_coordinator_sees_what_a_merge_does_then_merges(client, coordinator, partner, make_organisation):
    double = make_organisation(slug="bolk-bv", name="Bolk BV", city="Enschede")
    client.login(coordinator)
    choose = client.get(f"/organisaties/{partner.slug}/samenvoegen")
    assert choose.status_code == 200 and "Bolk BV" in choose.get_data(as_text=True)
    preview = client.get(f"/organisaties/{partner.slug}/samenvoegen?met=bolk-bv&blijft=ander")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "wordt daarna verwijderd" in page
    assert _count(Organisation) == 2  # asking changes nothing
    response = client.form(f"/organisaties/{partner.slug}/samenvoegen?met=bolk-bv&blijft=ander")
    assert response.status_code == 303 and response.location.endswith("/organisaties/bolk-bv")
    assert _count(Organisation) == 1
    db.session.refresh(double)
    assert double.kvk_number == "12345678" and double.city == "Enschede"
    assert [c.name for c in double.contacts] == [SECRET_NAME]


def test_merging_with_itself_or_an_unknown_record_is_refused(client, coordinator, partner):
    client.login(coordinator)
    for other in ("bakkerij-bolk", "bestaat-niet"):
        assert client.get(f"/organisaties/{partner.slug}/samenvoegen?met={other}").status_code == 422


# --------------------------------------------------------------------------- import


def _upload(client, data: bytes, filename: str = "partners.xlsx"):
    return client.post("/organisaties/importeren", data={
        "csrf_token": client.csrf_token(), "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data")


def test_an_upload_is_previewed_and_imported_in_one_go(client, coordinator, partner):
    client.login(coordinator)
    data = xlsx_bytes([["Bedrijf", "Plaats", "E-mail"], ["Bakkerij Bolk", "Almelo", ""],
                       ["Nieuw BV", "Hengelo", "nieuw@example.nl"], ["", "Almelo", ""]])
    response = _upload(client, data)
    assert response.status_code == 303
    preview = client.get(response.location)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert 'data-count="new">1<' in page and 'data-count="match">1<' in page
    assert 'data-count="invalid">1<' in page and "de naam ontbreekt" in page
    assert _count(Organisation) == 1  # previewing adds nothing
    done = client.form(response.location, {"kolom-0": "name", "kolom-1": "city", "kolom-2": "email"})
    assert done.status_code == 303 and _count(Organisation) == 2
    assert client.get(response.location).status_code == 404  # imported once, gone


def test_the_preview_follows_a_changed_mapping_with_htmx(hx, coordinator):
    hx.login(coordinator)
    location = _upload(hx, csv_bytes([["Kolom A", "Kolom B"], ["Bolk", "Almelo"]]), "a.csv").location
    page = hx.get(location).get_data(as_text=True)
    assert "Kies welke kolom de naam" in page
    response = hx.get(location + "?kolom-0=name&kolom-1=city")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and page.lstrip().startswith('<div id="import-preview"')
    assert 'data-count="new">1<' in page


def test_bad_files_get_a_clear_message_and_a_4xx(client, coordinator):
    client.login(coordinator)
    too_many = xlsx_bytes([["Naam"]] + [[f"Bedrijf {n}"] for n in range(10_000)])
    for data, name, status, words in (
            (b"%PDF-1.4\n\x00\x01binary", "lijst.pdf", 422, "geen spreadsheet"),
            (b"PK\x03\x04kapot", "lijst.xlsx", 422, "beschadigd"),
            (too_many, "groot.xlsx", 413, "5000"),
            (b"", "leeg.csv", 422, "leeg")):
        response = _upload(client, data, name)
        assert response.status_code == status, name
        assert words in response.get_data(as_text=True), name
    assert _count(Organisation) == 0


def test_a_failing_import_leaves_nothing_behind(client, coordinator, monkeypatch):
    client.login(coordinator)
    location = _upload(client, csv_bytes([["Naam"], ["Een"], ["Twee"]]), "a.csv").location
    calls = []
    real = importing.save_organisation

    def fail_on_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("database weg")
        return real(*args, **kwargs)

    monkeypatch.setattr(importing, "save_organisation", fail_on_second)
    client.application.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.form(location, {"kolom-0": "name"})
    assert response.status_code == 500
    db.session.rollback()
    assert _count(Organisation) == 0


def test_someone_else_s_pending_import_is_not_found(client, coordinator, admin, make_user, hub):
    client.login(coordinator)
    location = _upload(client, csv_bytes([["Naam"], ["Een"]]), "a.csv").location
    other = make_user(hub=hub, role="coordinator")
    client.login(other)
    assert client.get(location).status_code == 404
    client.login(admin)
    assert client.get(location).status_code == 200


# --------------------------------------------------------------------------- export


def test_a_team_exports_csv_and_xlsx_with_formulas_defused(client, host, partner, make_organisation):
    make_organisation(name="=HYPERLINK(\"http://evil\")", city="+31", sector="@SUM(A1)")
    client.login(host)
    response = client.get("/organisaties/export.csv")
    text = response.data.decode("utf-8-sig")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    assert SECRET_EMAIL in text and SECRET_PHONE in text
    assert "'=HYPERLINK" in text and ";'+31;" in text and "'@SUM" in text
    response = client.get("/organisaties/export.xlsx?q=bolk")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == "Bakkerij Bolk" and rows[1][12] == SECRET_EMAIL
    response = client.get("/organisaties/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_an_organisation_page_runs_a_constant_number_of_queries(client, partner, host, hub,
                                                               coordinator):
    client.login(host)

    def queries() -> int:
        with counted_queries() as statements:
            assert client.get(f"/organisaties/{partner.slug}").status_code == 200
        return len(statements)

    few = queries()
    for n in range(6):
        db.session.add(ContactPerson(organisation=partner, name=f"Extra {n}", hub=hub))
        db.session.add(ContactLogEntry(organisation=partner, noted_on=date(2026, 10, n + 1),
                                       text=f"Notitie {n}", author=coordinator))
    db.session.commit()
    assert queries() == few
