""""Leg een vraag neer": the public form, its checks, its bot trap and rate limits, the
confirmation page and mail."""

from __future__ import annotations

import io

import sqlalchemy as sa

from hubsite.extensions import db
from hubsite.questions.models import Question, QuestionAttachment
from tests.conftest import field_error, links_in, mail_messages, mail_text
from tests.questions.conftest import PDF_BYTES, png_bytes


def _questions() -> list[Question]:
    return list(db.session.scalars(sa.select(Question)))


def test_the_form_offers_the_partners_and_the_hubs(client, hub, make_organisation):
    make_organisation(name="Gemeente Almelo", kind="overheid")
    page = client.get("/vragen/nieuw").get_data(as_text=True)
    assert '<datalist id="partner-names">' in page and '<option value="Gemeente Almelo">' in page
    assert 'list="partner-names"' in page
    assert f'<option value="{hub.slug}">Hub Almelo (Almelo)</option>' in page
    assert 'name="website"' in page and 'name="started"' in page
    for label in ("Organisatie", "Contactpersoon", "E-mailadres", "Telefoonnummer",
                  "Wat wil je vragen?", "Voor wie is het?", "Eenmalig", "Bijlagen"):
        assert label in page


def test_a_hub_page_link_chooses_that_hub(client, hub):
    page = client.get(f"/vragen/nieuw?hub={hub.slug}").get_data(as_text=True)
    assert f'<option selected value="{hub.slug}">' in page


def test_asking_saves_and_shows_a_friendly_confirmation(client, form_data, hub, app):
    response = client.form("/vragen/nieuw", form_data(recurring="terugkerend"))
    assert response.status_code == 303
    [question] = _questions()
    assert response.location.endswith(f"/vragen/{question.token}/verstuurd")
    assert question.hub_id == hub.id and question.recurring and question.phone == "0546 123 456"
    assert str(question.wanted_by) == "2027-06-01" and question.language == "nl"
    page = client.get(response.location)
    text = page.get_data(as_text=True)
    assert "Dank je wel, je vraag is verstuurd!" in text
    assert "ingrid@regenboog.example.nl" in text
    assert f"http://localhost/vragen/{question.token}" in text
    assert page.headers["X-Robots-Tag"].startswith("noindex")


def test_the_confirmation_mail_has_the_private_link_in_text_and_html(client, form_data, app):
    client.form("/vragen/nieuw", form_data())
    [question] = _questions()
    [message] = mail_messages(app)
    assert message["To"] == "ingrid@regenboog.example.nl"
    assert message["Subject"] == "We hebben je vraag ontvangen: Een speelhuis voor ons schoolplein"
    assert "Hub Almelo via Ruimte voor ondernemendheid" in message["From"]
    link = f"http://hubsite.test/vragen/{question.token}"
    assert link in links_in(mail_text(message))
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f'href="{link}"' in html
    assert client.get(link.replace("http://hubsite.test", "")).status_code == 200


def test_missing_fields_get_a_message_next_to_each_and_keep_what_was_typed(client, form_data):
    response = client.form("/vragen/nieuw", form_data(organisation="", title="", what=""))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(page, "organisation") == "Vul de naam van je organisatie, school of gemeente in."
    assert field_error(page, "title") == "Geef je vraag een korte titel."
    assert field_error(page, "what") == "Beschrijf wat je zoekt."
    assert 'value="Ingrid Hofman"' in page and 'value="0546 123 456"' in page
    assert _questions() == []


def test_a_malformed_email_address_is_refused_next_to_the_field(client, form_data):
    response = client.form("/vragen/nieuw", form_data(email="ingrid@@regenboog"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(page, "email").startswith("Dit is geen geldig e-mailadres")
    assert 'value="ingrid@@regenboog"' in page
    assert "Een speelhuis dat studenten met onze kinderen bouwen." in page


def test_a_date_that_is_not_a_date_and_a_hub_that_does_not_exist(client, form_data):
    response = client.form("/vragen/nieuw", form_data(wanted_by="morgen", hub="atlantis",
                                                      recurring="soms"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(page, "wanted_by").startswith("Vul een datum in")
    assert field_error(page, "hub") == "Kies een van de mogelijkheden uit de lijst."
    assert field_error(page, "recurring") == "Kies eenmalig of terugkerend."


def test_files_are_kept_when_they_are_what_they_say(client, form_data):
    data = form_data()
    data["files"] = [(io.BytesIO(png_bytes()), "plein.png"),
                     (io.BytesIO(PDF_BYTES), "tekening.pdf")]
    response = client.form("/vragen/nieuw", data, content_type="multipart/form-data")
    assert response.status_code == 303
    files = db.session.scalars(sa.select(QuestionAttachment)).all()
    assert sorted(f.filename for f in files) == ["plein.png", "tekening.pdf"]


def test_a_file_of_the_wrong_type_is_refused_and_the_text_kept(client, form_data):
    data = form_data()
    data["files"] = [(io.BytesIO(b"<script>alert(1)</script>"), "brief.pdf")]
    response = client.form("/vragen/nieuw", data, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "geen PDF, Word-, Excel-, PowerPoint- of OpenDocument-bestand" in field_error(
        page, "files")
    assert 'value="Een speelhuis voor ons schoolplein"' in page
    assert _questions() == [] and db.session.scalar(
        sa.select(sa.func.count(QuestionAttachment.id))) == 0


def test_a_document_that_is_too_large_is_refused(client, form_data, app):
    app.config["QUESTION_DOCUMENT_BYTES"] = 1000
    data = form_data()
    data["files"] = [(io.BytesIO(PDF_BYTES + b"0" * 2000), "groot.pdf")]
    response = client.form("/vragen/nieuw", data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "groter dan" in field_error(response.get_data(as_text=True), "files")


def test_more_than_three_files_are_refused(client, form_data):
    data = form_data()
    data["files"] = [(io.BytesIO(PDF_BYTES), f"{n}.pdf") for n in range(4)]
    response = client.form("/vragen/nieuw", data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "hoogstens 3 bestanden" in field_error(response.get_data(as_text=True), "files")


def test_the_bot_trap_catches_a_filled_hidden_field(client, form_data):
    response = client.form("/vragen/nieuw", form_data(website="http://spam.example"))
    assert response.status_code == 422 and _questions() == []
    assert "Laat het veld ‘Laat dit veld leeg’" in response.get_data(as_text=True)


def test_the_bot_trap_catches_a_form_sent_too_fast_or_without_stamp(client, form_data, app):
    assert client.form("/vragen/nieuw", form_data(started="")).status_code == 422
    app.config["QUESTION_MIN_FORM_SECONDS"] = 60
    response = client.form("/vragen/nieuw", form_data())
    assert response.status_code == 422 and _questions() == []
    assert "Dat ging wel erg snel" in response.get_data(as_text=True)


def test_rate_limits_per_address_and_per_email(make_app, form_data):
    limited = make_app(RATELIMIT_ENABLED=True, QUESTION_RATE_LIMIT="3 per minute",
                       QUESTION_EMAIL_RATE_LIMIT="2 per minute", QUESTION_MIN_FORM_SECONDS=0)
    client = limited.test_client()
    with limited.app_context():
        codes = [client.form("/vragen/nieuw", form_data()).status_code for _ in range(3)]
        assert codes == [303, 303, 429]
        other = limited.test_client()
        other.environ_base["REMOTE_ADDR"] = "10.0.0.9"
        assert other.form("/vragen/nieuw", form_data(email="ander@example.nl")).status_code == 303
        assert other.form("/vragen/nieuw", form_data(email="ander@example.nl")).status_code == 303
        assert other.form("/vragen/nieuw", form_data(email="ander@example.nl")).status_code == 429


def test_english_askers_get_english_mail(client, form_data, app):
    client.form("/taal", {"taal": "en", "next": "/vragen/nieuw"})
    assert client.form("/vragen/nieuw", form_data()).status_code == 303
    [message] = mail_messages(app)
    assert message["Subject"].startswith("We received your question")
    assert _questions()[0].language == "en"


def test_a_request_larger_than_the_site_takes_is_refused_with_413_not_500(client, form_data,
                                                                          app):
    app.config["MAX_CONTENT_LENGTH"] = 5000
    data = form_data()
    data["files"] = [(io.BytesIO(PDF_BYTES + b"0" * 6000), "groot.pdf")]
    response = client.form("/vragen/nieuw", data, content_type="multipart/form-data")
    assert response.status_code == 413 and _questions() == []
    assert "Het bestand is te groot." in response.get_data(as_text=True)


def test_the_hint_names_the_limits_from_the_settings(client, app):
    app.config["QUESTION_DOCUMENT_BYTES"] = 2 * 1024 * 1024
    page = client.get("/vragen/nieuw").get_data(as_text=True)
    assert "Tot 3 bestanden, samen hoogstens 8 MB" in page and "tot 2 MB." in page
