"""Pages for visitors who are not logged in: no cookie, validators from the data's version,
a 304 without SQL, rendered once per version, never for someone logged in.

And the forms such visitors send (booking a seat, switching the language) still work:
a page that holds a CSRF token (a booking form) starts a session as before and is
never kept; the language switch needs no token when its only effect is its cookie.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta

import flask_babel
import pytest
import redis

from hubsite.bookings.models import Booking
from hubsite.extensions import db
from hubsite.timeutil import LOCAL_TZ
from tests.conftest import counted_queries

REDIS_URL = "redis://127.0.0.1:6379/14"
PAGES = ["/", "/agenda", "/agenda?view=week", "/agenda?hub=almelo", "/hubs", "/hubs/almelo",
         "/projects", "/privacy"]


def in_days(days: int) -> datetime:
    day = datetime.now(LOCAL_TZ).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, 14)


@pytest.fixture
def activity(hub, make_event):
    return make_event(hub, starts_at=in_days(7), title="Open inloop")


@pytest.fixture
def bookable(hub, make_event):
    return make_event(hub, starts_at=in_days(10), title="Rondleiding door de hub",
                      booking_required=True, capacity=10)


@pytest.fixture
def shared_redis(app) -> Iterator[None]:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    app.config.update(REDIS_URL=REDIS_URL, CACHE_NAMESPACE=f"test-{uuid.uuid4().hex}")
    for name in ("live.versions", "pages.cache"):
        app.extensions.pop(name, None)
    yield
    for name in ("live.versions", "pages.cache"):
        app.extensions.pop(name, None)
    app.config.update(REDIS_URL="", CACHE_NAMESPACE="")


@pytest.mark.parametrize("url", PAGES)
def test_an_anonymous_page_sets_no_cookie_and_may_be_kept_by_a_proxy(app, activity, url):
    response = app.test_client().get(url)
    assert response.status_code == 200
    assert response.headers.getlist("Set-Cookie") == []
    assert response.cache_control.public
    assert response.cache_control.s_maxage == app.config["PAGE_CACHE_SECONDS"]
    assert response.cache_control.max_age == 0  # the browser asks again: a cheap 304
    assert response.headers["ETag"]


def test_an_activity_page_without_a_booking_form_sets_no_cookie(app, activity):
    response = app.test_client().get(f"/events/{activity.id}")
    assert b"Open inloop" in response.data
    assert response.headers.getlist("Set-Cookie") == []


@pytest.mark.parametrize("url", ["/", "/agenda", "/hubs/almelo"])
def test_a_conditional_request_gets_a_304_without_sql(app, activity, shared_redis, url):
    client = app.test_client()
    etag = client.get(url).headers["ETag"]
    with counted_queries() as statements:
        again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert statements == []


def test_a_304_is_one_redis_round_trip(app, activity, shared_redis, monkeypatch):
    client = app.test_client()
    etag = client.get("/agenda").headers["ETag"]
    sent: list[str] = []
    send = redis.Redis.execute_command
    monkeypatch.setattr(redis.Redis, "execute_command",
                        lambda self, *args, **options: sent.append(str(args[0]))
                        or send(self, *args, **options))
    again = client.get("/agenda", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert sent == ["MGET"]


@pytest.mark.parametrize("url", ["/agenda", "/hubs/almelo"])
def test_a_304_carries_the_caching_headers_of_the_page(app, activity, url):
    client = app.test_client()
    full = client.get(url)
    again = client.get(url, headers={"If-None-Match": full.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    for name in ("ETag", "Cache-Control", "Vary"):
        assert again.headers[name] == full.headers[name], name
    assert again.headers.getlist("Set-Cookie") == []


def test_an_unchanged_page_is_rendered_once(app, activity, shared_redis):
    client = app.test_client()
    first = client.get("/agenda")
    with counted_queries() as statements:
        second = app.test_client().get("/agenda")
    assert statements == []
    assert second.data == first.data


def test_a_change_shows_at_once(app, activity):
    client = app.test_client()
    before = client.get("/agenda")
    assert b"Open inloop" in before.data
    activity.title = "Open inloop met koffie"
    db.session.commit()
    after = client.get("/agenda", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert b"Open inloop met koffie" in after.data


def test_the_language_makes_its_own_page(app, activity):
    client = app.test_client()
    dutch = client.get("/agenda")
    client.post("/taal", data={"taal": "en"})
    flask_babel.refresh()  # the test's app context outlives requests, and keeps a language
    english = client.get("/agenda")
    assert b'<html lang="en">' in english.data
    assert dutch.headers["ETag"] != english.headers["ETag"]
    assert client.get("/agenda", headers={"If-None-Match": dutch.headers["ETag"]}
                      ).status_code == 200


def test_a_logged_in_person_gets_their_own_page_never_a_kept_one(app, client, visitor,
                                                                  activity):
    anonymous = app.test_client().get("/agenda")
    client.login(visitor)
    response = client.get("/agenda", headers={"If-None-Match": anonymous.headers["ETag"]})
    assert response.status_code == 200
    assert visitor.name.encode() in response.data
    assert not response.cache_control.public


def test_the_language_switch_works_without_a_session(app, activity):
    client = app.test_client()
    page = client.get("/agenda").get_data(as_text=True)
    assert 'name="csrf_token"' not in page
    response = client.post("/taal", data={"taal": "en", "next": "/agenda"})
    assert response.status_code == 302
    cookies = response.headers.getlist("Set-Cookie")
    assert [c.split("=")[0] for c in cookies] == ["taal"]
    flask_babel.refresh()  # the test's app context outlives requests, and keeps a language
    assert b'<html lang="en">' in client.get("/agenda").data


def test_a_logged_in_person_switches_language_only_with_a_token(client, visitor):
    client.login(visitor)
    assert client.post("/taal", data={"taal": "en"}).status_code == 400
    assert client.form("/taal", {"taal": "en"}).status_code == 302


def test_a_guest_books_from_an_anonymous_activity_page(app, bookable):
    """The activity page (kept, no cookie) links to the booking form; the form carries a
    CSRF token, so its page (or its htmx fragment) starts a session and is never kept, and
    the form a guest sends always matches their own session."""
    app.config["BOOKING_MIN_FORM_SECONDS"] = 0
    occurrence = bookable.occurrences[0]
    form_url = f"/datums/{occurrence.id}/reserveren"
    for fragment in (False, True):
        guest = app.test_client()
        activity_page = guest.get(f"/events/{bookable.id}")
        assert activity_page.headers.getlist("Set-Cookie") == []
        assert activity_page.cache_control.public
        assert f'href="{form_url}"'.encode() in activity_page.data

        form = guest.get(form_url, headers={"HX-Request": "true"} if fragment else {})
        assert any(c.startswith("session=") for c in form.headers.getlist("Set-Cookie"))
        assert not form.cache_control.public
        html = form.get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
        started = re.search(r'name="started"[^>]*value="([^"]+)"', html)
        email = f"gast-{uuid.uuid4().hex[:6]}@example.nl"
        response = guest.post(form_url, data={
            "csrf_token": token, "started": started.group(1) if started else "",
            "name": "Gast", "email": email, "seats": "1", "website": ""})
        assert response.status_code in (200, 303), html[:300]
        assert db.session.query(Booking).filter_by(email=email).count() == 1
