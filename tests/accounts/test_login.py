"""Logging in and out, and the CSRF check every form gets."""

import pytest

from hubsite.extensions import db
from tests.conftest import PASSWORD, without_tokens

WRONG = ("Dit e-mailadres en wachtwoord horen niet bij elkaar, of het account is nog niet "
         "bevestigd. Probeer het opnieuw. Heb je net een account gemaakt? Bevestig het dan "
         "eerst via de link in je mail.")
EXPIRED_FORM = (
    "Het formulier is verlopen of niet compleet. Laad de pagina opnieuw en probeer het nog eens."
)


def log_in(client, email: str, password: str = PASSWORD, url: str = "/inloggen"):
    return client.form(url, {"email": email, "password": password})


def is_logged_in(client) -> bool:
    return client.get("/account").status_code == 200


def test_an_unconfirmed_account_is_refused_with_the_message_for_a_wrong_password(
        client, make_user, host):
    make_user(email="nieuw@example.nl", email_confirmed_at=None)
    wrong_password = log_in(client, "host@example.nl", "niet het goede wachtwoord")

    unconfirmed = log_in(client, "nieuw@example.nl")

    assert unconfirmed.status_code == wrong_password.status_code == 422
    assert WRONG in unconfirmed.get_data(as_text=True)
    assert (without_tokens(unconfirmed.get_data(as_text=True).replace("nieuw@", "ADRES@"))
            == without_tokens(wrong_password.get_data(as_text=True).replace("host@", "ADRES@")))
    assert not is_logged_in(client)


def test_the_right_password_logs_in_and_shows_the_name(client, host):
    response = log_in(client, "host@example.nl")

    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Aylin Host" in page and "Uitloggen" in page


def test_the_email_address_is_not_case_sensitive(client, host):
    log_in(client, "Host@Example.nl")

    assert is_logged_in(client)


def test_a_wrong_password_is_refused(client, host):
    response = log_in(client, "host@example.nl", "niet het goede wachtwoord")

    assert response.status_code == 422
    assert WRONG in response.get_data(as_text=True)
    assert not is_logged_in(client)


def test_an_unknown_address_gets_the_same_answer_as_a_wrong_password(client, host):
    wrong_password = log_in(client, "host@example.nl", "niet het goede wachtwoord")
    unknown = log_in(client, "niemand@example.nl")

    assert unknown.status_code == wrong_password.status_code == 422
    assert WRONG in unknown.get_data(as_text=True)
    assert "bestaat niet" not in unknown.get_data(as_text=True)


def test_after_log_in_the_person_returns_to_the_page_they_came_from(client, host):
    response = log_in(client, "host@example.nl", url="/inloggen?next=/hubs")

    assert response.headers["Location"] == "/hubs"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
def test_a_next_address_on_another_site_is_ignored(client, host, target):
    response = client.form("/inloggen", {"email": "host@example.nl", "password": PASSWORD},
                           query_string={"next": target})

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_a_page_that_needs_an_account_sends_to_log_in_and_back(client, host):
    response = client.get("/account")

    assert response.status_code == 302
    assert response.headers["Location"] == "/inloggen?next=/account"


def test_an_htmx_request_for_such_a_page_gets_a_full_page_redirect(hx):
    response = hx.get("/account")

    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/inloggen?next=/account"


def test_a_boosted_link_returns_to_the_page_it_asked_for(hx):
    response = hx.get("/account", headers={"HX-Boosted": "true",
                                           "HX-Current-URL": "http://localhost/hubs/almelo"})

    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/inloggen?next=/account"


def test_an_htmx_post_returns_to_the_page_in_the_address_bar(hx):
    response = hx.form("/account/agenda-link",
                       headers={"HX-Current-URL": "http://localhost/hubs/almelo?x=1"})

    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/inloggen?next=/hubs/almelo?x%3D1"


def test_a_form_post_returns_to_the_page_it_was_sent_from(client):
    response = client.form("/account/agenda-link", headers={"Referer": "http://localhost/account"})

    assert response.headers["Location"] == "/inloggen?next=/account"


def test_a_form_post_from_another_site_does_not_set_where_to_return(client):
    response = client.form("/account/agenda-link", headers={"Referer": "https://evil.example/x"})

    assert response.headers["Location"] == "/inloggen"


def test_log_out_is_a_post(client, host):
    client.login(host)

    response = client.get("/uitloggen")

    assert response.status_code == 405
    assert is_logged_in(client)


def test_logging_out_ends_the_session(client, host):
    client.login(host)

    response = client.form("/uitloggen")

    assert response.status_code == 302
    assert not is_logged_in(client)


@pytest.mark.parametrize("token", [None, "not-a-token"], ids=["missing", "wrong"])
def test_a_form_without_a_valid_csrf_token_changes_nothing(client, host, token):
    client.login(host)
    data = {"email-email": "ander@example.nl", "email-current_password": PASSWORD}
    if token:
        data["csrf_token"] = token

    response = client.post("/account/e-mail", data=data)

    assert response.status_code == 400
    assert EXPIRED_FORM in response.get_data(as_text=True)
    db.session.refresh(host)
    assert host.email == "host@example.nl"


def test_logging_out_needs_a_csrf_token(client, host):
    client.login(host)

    response = client.post("/uitloggen")

    assert response.status_code == 400
    assert is_logged_in(client)


def test_log_in_without_a_csrf_token_is_refused(client, host):
    response = client.post("/inloggen", data={"email": "host@example.nl", "password": PASSWORD})

    assert response.status_code == 400
    assert EXPIRED_FORM in response.get_data(as_text=True)
    assert not is_logged_in(client)


def test_the_log_in_form_has_no_attributes_that_say_none(client):
    page = client.get("/inloggen").get_data(as_text=True)

    assert '="None"' not in page
    assert '<input id="remember" name="remember" type="checkbox" value="y">' in page
