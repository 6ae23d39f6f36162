"""Security headers, cookies, production settings, error pages, language and dates."""

import re
from datetime import date, datetime

import pytest
from flask import Flask
from flask_babel import force_locale

from hubsite import create_app
from hubsite.config import ConfigError
from hubsite.dates import local_date, local_datetime, local_time
from tests.conftest import PASSWORD


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

    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []
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
