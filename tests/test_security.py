"""Security headers, cookies, production settings, error pages, language and dates."""

import io
import re
from datetime import date, datetime

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_babel import force_locale

from hubsite import create_app
from hubsite.accounts.models import User
from hubsite.agenda.models import ActivityType, Event
from hubsite.bookings.models import Booking
from hubsite.config import ConfigError
from hubsite.dates import local_date, local_datetime, local_time
from hubsite.extensions import db
from hubsite.hubs.permissions import role_in
from tests.conftest import PASSWORD, field_error


def csp(response) -> dict[str, list[str]]:
    """The Content-Security-Policy as {directive: [sources]}."""
    directives = {}
    for part in response.headers["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


PAGES = ["/", "/hubs", "/hubs/almelo", "/inloggen", "/registreren", "/wachtwoord-vergeten",
         "/organisaties", "/bestaat-niet"]


@pytest.mark.parametrize("url", [*PAGES, "/static/css/site.css"])
def test_every_response_has_the_security_headers(client, hub, url):
    response = client.get(url)

    policy = csp(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_https_responses_ask_browsers_to_stay_on_https(client):
    assert "Strict-Transport-Security" not in client.get("/").headers

    response = client.get("/", base_url="https://localhost")

    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_behind_a_trusted_proxy_https_is_recognised(make_app):
    client = make_app(TRUSTED_PROXIES=1).test_client()

    response = client.get("/", headers={"X-Forwarded-Proto": "https"})

    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


@pytest.mark.parametrize("url", PAGES)
def test_pages_have_no_inline_script_or_style_that_the_policy_would_block(client, hub, url):
    page = client.get(url).get_data(as_text=True)

    # A JSON-LD data block (schema.org) is not run, so `script-src` does not apply to it.
    assert re.findall(r'<script(?![^>]*\bsrc=)(?![^>]*type="application/ld\+json")[^>]*>',
                      page) == []
    assert re.findall(r"\son[a-z]+\s*=", page) == [], "inline event handlers"
    assert re.findall(r"\sstyle\s*=|<style", page) == [], "inline styles"
    assert "javascript:" not in page


def test_pages_for_logged_in_people_have_no_inline_script_either(client, coordinator, hub):
    client.login(coordinator)
    for url in ["/account", "/hubs/almelo/team", "/hubs/almelo/bewerken"]:
        page = client.get(url).get_data(as_text=True)
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == [], url
        assert re.findall(r"\sstyle\s*=|\son[a-z]+\s*=", page) == [], url


def test_the_session_cookie_is_http_only_and_same_site(client, host):
    response = client.form("/inloggen", {"email": "host@example.nl", "password": PASSWORD})

    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("HUBSITE_ENV", "production")
    monkeypatch.setenv("HUBSITE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("SECRET_KEY", raising=False)

    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


def test_production_sends_cookies_only_over_https(monkeypatch, tmp_path):
    monkeypatch.setenv("HUBSITE_ENV", "production")
    monkeypatch.setenv("HUBSITE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "a-long-production-secret")
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})

    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["SECRET_KEY"] == "a-long-production-secret"


class TestErrorPages:
    """Errors are pages of the site, with its header and a way back."""

    def assert_site_page(self, response, status: int, title: str) -> None:
        assert response.status_code == status
        page = response.get_data(as_text=True)
        assert page.startswith("<!doctype html>")
        assert 'class="site-header"' in page
        assert f"<h1>{title}</h1>" in page
        assert "Naar de startpagina" in page

    def test_400_for_a_form_without_csrf_token(self, client):
        response = client.post("/inloggen", data={"email": "a@example.nl", "password": "x"})
        self.assert_site_page(response, 400, "Ongeldig verzoek")

    def test_403(self, client, host, hub):
        client.login(host)
        self.assert_site_page(client.get("/hubs/almelo/bewerken"), 403, "Geen toegang")

    def test_404(self, client):
        self.assert_site_page(client.get("/bestaat/niet"), 404, "Niet gevonden")

    def test_405_names_the_allowed_methods(self, client):
        response = client.get("/uitloggen")
        self.assert_site_page(response, 405, "Niet toegestaan")
        assert "POST" in response.headers["Allow"] and "GET" not in response.headers["Allow"]

    def test_500_shows_a_calm_page(self, make_app):
        app: Flask = make_app(TESTING=False)

        @app.get("/kapot")
        def broken():
            raise RuntimeError("stuk")

        response = app.test_client().get("/kapot")

        self.assert_site_page(response, 500, "Er ging iets mis")
        assert "stuk" not in response.get_data(as_text=True)

    def test_an_htmx_request_gets_only_the_message(self, hx):
        response = hx.get("/bestaat/niet")

        assert response.status_code == 404
        page = response.get_data(as_text=True)
        assert "Deze pagina bestaat niet (meer)." in page
        assert response.headers["HX-Retarget"] == "#messages"
        assert "site-header" not in page and "<html" not in page

    def test_a_boosted_htmx_request_gets_the_whole_page(self, hx):
        response = hx.get("/bestaat/niet", headers={"HX-Boosted": "true"})

        self.assert_site_page(response, 404, "Niet gevonden")


class TestLanguage:
    def test_dutch_is_the_default(self, client):
        page = client.get("/").get_data(as_text=True)

        assert '<html lang="nl">' in page
        assert 'value="en" lang="en"' in page, "the switch offers English"

    def test_switching_to_english_is_remembered(self, client):
        response = client.form("/taal", {"taal": "en", "next": "/hubs"})

        assert response.status_code == 302
        assert response.headers["Location"] == "/hubs"
        cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("taal="))
        assert cookie.startswith("taal=en;") and "HttpOnly" in cookie
        page = client.get("/hubs").get_data(as_text=True)
        assert '<html lang="en">' in page
        assert 'value="nl" lang="nl"' in page, "and offers the way back"

    def test_switching_back_to_dutch(self, client):
        client.form("/taal", {"taal": "en"})
        client.form("/taal", {"taal": "nl"})

        assert '<html lang="nl">' in client.get("/").get_data(as_text=True)

    def test_an_unknown_language_gives_dutch(self, client):
        client.form("/taal", {"taal": "fr"})

        assert '<html lang="nl">' in client.get("/").get_data(as_text=True)

    def test_the_switch_does_not_send_people_to_another_site(self, client):
        response = client.form("/taal", {"taal": "en", "next": "https://evil.example/"})

        assert response.headers["Location"] == "/"

    def test_the_language_of_a_logged_in_person_is_kept_in_their_account(self, app, client,
                                                                          visitor):
        client.login(visitor)
        client.form("/taal", {"taal": "en"})

        other_device = app.test_client()
        other_device.login(visitor)
        assert '<html lang="en">' in other_device.get("/").get_data(as_text=True)


class TestDates:
    def test_a_date_in_dutch(self, app):
        with app.test_request_context(), force_locale("nl"):
            assert local_date(date(2026, 11, 22)) == "zondag 22 november 2026"
            assert local_date(date(2026, 11, 22), "short") == "22-11-2026"

    def test_a_date_in_english(self, app):
        with app.test_request_context(), force_locale("en"):
            assert local_date(date(2026, 11, 22)) == "Sunday 22 November 2026"

    def test_stored_utc_times_are_shown_in_amsterdam_time(self, app):
        with app.test_request_context(), force_locale("nl"):
            assert local_time(datetime(2026, 7, 1, 12, 0)) == "14:00"  # summer: UTC+2
            assert local_time(datetime(2026, 11, 22, 13, 0)) == "14:00"  # winter: UTC+1
            assert local_date(datetime(2026, 11, 22, 23, 30)) == "maandag 23 november 2026"
            assert local_datetime(datetime(2026, 11, 22, 13, 0)) == "zo 22 nov 2026, 14:00"


class TestControlCharactersAndHugeNumbers:
    """A NUL, a line break in a one-line field or a number beyond 32 bits never reaches
    the database (PostgreSQL answers such values with an error): a message, never a 500."""

    EVENT_FORM = {"title": "Open inloop", "summary": "Kom langs", "description": "Welkom!",
                  "date": "2027-10-12", "start_time": "14:00", "end_time": "16:00",
                  "repeat": "", "ends": "count", "count": "1", "interval": "1",
                  "monthly_by": "date", "organisation": "", "action": "publish"}

    @pytest.mark.parametrize("field, value, message", [
        ("title", "Open\x00inloop", "stuurteken"),
        ("title", "Open\ninloop", "één regel"),
        ("title", "Open\r\ninloop", "één regel"),
        ("summary", "Kom\x1blangs", "stuurteken"),
        ("description", "Welkom\x00!", "stuurteken"),
        ("room", "Werk\nplaats", "één regel"),
    ])
    def test_the_agenda_event_form(self, client, host, hub, make_activity_type, field, value,
                                   message):
        client.login(host)
        data = {**self.EVENT_FORM, "activity_type": str(make_activity_type().id), field: value}

        response = client.form("/hubs/almelo/activiteiten/nieuw", data)

        assert response.status_code == 422
        assert message in (field_error(response.get_data(as_text=True), field) or "")
        assert db.session.scalar(sa.select(sa.func.count(Event.id))) == 0

    def test_a_line_break_in_a_description_is_text(self, client, host, hub, make_activity_type):
        client.login(host)
        data = {**self.EVENT_FORM, "activity_type": str(make_activity_type().id),
                "description": "Regel een\r\n\r\nRegel\ttwee"}

        assert client.form("/hubs/almelo/activiteiten/nieuw", data).status_code == 302
        assert "Regel\ttwee" in db.session.scalar(sa.select(Event.description))

    @pytest.mark.parametrize("url, data, field", [
        ("/registreren", {"name": "Noor\x00", "email": "noor@example.nl",
                          "password": "een lange zin hier"}, "name"),
        ("/registreren", {"name": "Noor\nBcc: x", "email": "noor@example.nl",
                          "password": "een lange zin hier"}, "name"),
        ("/registreren", {"name": "Noor", "email": "noor@example.nl",
                          "password": "een lange\x00zin hier"}, "password"),
        ("/inloggen", {"email": "host@example.nl\x00", "password": PASSWORD}, "email"),
        ("/wachtwoord-vergeten", {"email": "host@example.nl\n"}, "email"),
    ])
    def test_the_account_forms(self, client, host, url, data, field):
        response = client.form(url, data)

        assert response.status_code == 422
        assert "stuurteken" in (field_error(response.get_data(as_text=True), field) or "") or (
            "één regel" in (field_error(response.get_data(as_text=True), field) or ""))
        assert db.session.scalar(sa.select(sa.func.count(User.id))) == 1, "nobody registered"
        assert client.get("/account").status_code == 302, "not logged in"

    def test_the_profile_form(self, client, visitor):
        client.login(visitor)

        response = client.form("/account/profiel", {"profile-name": "Fatima\x00",
                                                     "profile-locale": "nl"})

        assert response.status_code == 422
        assert "stuurteken" in field_error(response.get_data(as_text=True), "profile-name")
        db.session.expire_all()
        assert db.session.get(User, visitor.id).name == "Fatima Bezoeker"

    @pytest.mark.parametrize("field", ["name_nl", "slug"])
    def test_an_admin_form(self, client, admin, field):
        client.login(admin)
        data = {"slug": "hackathon", "name_nl": "Hackathon", "name_en": "Hackathon"}
        data[field] += "\x00"

        response = client.form("/beheer/soorten", data)

        assert response.status_code == 422
        assert "stuurteken" in field_error(response.get_data(as_text=True), field)
        assert db.session.scalar(sa.select(sa.func.count(ActivityType.id))) == 0

    @pytest.mark.parametrize("seats", ["2147483648", "9223372036854775808", "-2147483649"])
    def test_a_huge_number_in_a_form_gets_a_message(self, client, visitor, make_event, hub,
                                                    seats):
        event = make_event(hub, booking_required=True, capacity=10)
        client.login(visitor)

        response = client.form(f"/datums/{event.occurrences[0].id}/reserveren", {"seats": seats})

        assert 400 <= response.status_code < 500
        assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 0

    @pytest.mark.parametrize("query", ["q=%00", "q=open%00inloop", "q=a%0Ab", "van=%00",
                                       "%00=1"])
    def test_a_control_character_in_a_query_parameter_is_refused(self, client, hub, query):
        response = client.get(f"/agenda?{query}")

        assert response.status_code == 400
        assert "stuurteken" in response.get_data(as_text=True)

    def test_a_nul_in_the_address_is_not_found(self, client, hub):
        assert client.get("/hubs/alm%00elo").status_code == 404

    @pytest.mark.parametrize("data", [{"taal": "en\x00"}, {"taal": "en", "next": "/hubs\x00"}])
    def test_a_raw_form_field_with_a_control_character_is_refused(self, client, visitor, data):
        client.login(visitor)

        response = client.form("/taal", data)

        assert response.status_code == 400
        assert "stuurteken" in response.get_data(as_text=True)
        db.session.expire_all()
        assert db.session.get(User, visitor.id).locale == "nl"

    def test_the_team_role_change_refuses_a_control_character(self, client, coordinator, host,
                                                              hub):
        client.login(coordinator)

        response = client.form(f"/hubs/almelo/team/{host.id}", {"role": "coordinator\x00"})

        assert response.status_code == 400
        db.session.expire_all()
        assert role_in(db.session.get(User, host.id), hub) == "host"

    @pytest.mark.parametrize("number", ["2147483648", "9223372036854775808",
                                        "99999999999999999999999"])
    @pytest.mark.parametrize("url", ["/events/{n}", "/events/{n}.ics", "/events/{n}/bewerken",
                                     "/datums/{n}/reserveren", "/images/{n}",
                                     "/events/1/datums/{n}/wijzigen"])
    def test_an_integer_in_the_address_beyond_the_column_is_not_found(self, client, host, url,
                                                                      number):
        client.login(host)

        assert client.get(url.format(n=number)).status_code == 404

    def test_the_largest_id_a_column_holds_is_looked_up(self, client):
        assert client.get("/events/2147483647").status_code == 404


class CountingStream(io.BytesIO):
    """A request body that remembers how much of it was read."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(size)
        self.bytes_read += len(line)
        return line


class TestBigBodies:
    """A 20 MB form to an editing page is refused unread unless the sender may edit there."""

    SIZE = 20 * 1024 * 1024

    def post_big_form(self, client, url: str):
        stream = CountingStream(b"title=" + b"x" * (self.SIZE - 6))
        response = client.post(url, input_stream=stream, content_length=self.SIZE,
                               content_type="application/x-www-form-urlencoded")
        return response, stream

    @pytest.mark.parametrize("url", ["/events/{id}/bewerken", "/events/{id}/dupliceer",
                                     "/hubs/almelo/activiteiten/nieuw"])
    def test_a_visitor_who_is_not_logged_in_is_sent_to_log_in_unread(self, client, make_event,
                                                                      hub, url):
        event = make_event(hub)

        response, stream = self.post_big_form(client, url.format(id=event.id))

        assert response.status_code == 302
        assert "/inloggen" in response.headers["Location"]
        assert stream.bytes_read == 0

    def test_someone_not_on_the_team_gets_403_unread(self, client, make_event, hub, visitor):
        event = make_event(hub)
        client.login(visitor)

        response, stream = self.post_big_form(client, f"/events/{event.id}/bewerken")

        assert response.status_code == 403
        assert stream.bytes_read == 0

    def test_a_host_of_another_hub_gets_403_unread(self, client, make_event, hub, other_host):
        event = make_event(hub)
        client.login(other_host)

        response, stream = self.post_big_form(client, f"/events/{event.id}/datums/"
                                                      f"{event.occurrences[0].id}/wijzigen")

        assert response.status_code == 403
        assert stream.bytes_read == 0
