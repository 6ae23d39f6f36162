"""Check-in at the door: the booking's signed QR code, the check-in page's routes (who
may use them), and check-ins that count once however often and from how many phones
they come."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
import segno
import sqlalchemy as sa

from hubsite.agenda.recurrence import Recurrence
from hubsite.bookings import checkin, seating
from hubsite.bookings.models import Booking
from hubsite.extensions import db
from hubsite.i18n import LOCALE_COOKIE
from hubsite.mail.services import send_pending
from hubsite.timeutil import LOCAL_TZ, utcnow
from tests.bookings.conftest import days_ahead
from tests.conftest import counted_queries, mail_messages


def door_url(occurrence, what: str = "") -> str:
    return f"/inchecken/{occurrence.id}{what}"


def post_code(client, occurrence, code):
    return client.post(door_url(occurrence, "/code"), json={"code": code},
                       headers={"X-CSRFToken": client.csrf_token()})


def post_sync(client, occurrence, items):
    return client.post(door_url(occurrence, "/sync"), json={"checkins": items},
                       headers={"X-CSRFToken": client.csrf_token()})


def attended(booking_id: int) -> Booking:
    db.session.expire_all()
    return db.session.get(Booking, booking_id)


# -- The code ---------------------------------------------------------------------------


def test_a_code_holds_the_booking_and_its_date_and_not_the_manage_token(book):
    booking = book()
    code = checkin.code_for(booking)
    assert checkin.read_code(code) == (booking.id, booking.occurrence_id)
    assert booking.token not in code


@pytest.mark.parametrize("code", [
    "", " ", "x" * 5000, "abc", "WzEsMl0", "WzEsMl0.", "null.abc", "[1,2]",
    "eyJhIjoxfQ.xyz",
])
def test_no_made_up_code_is_read(code, app):
    with pytest.raises(checkin.CheckInProblem) as problem:
        checkin.read_code(code)
    assert problem.value.kind == checkin.INVALID


def test_a_code_with_another_booking_id_and_the_old_signature_is_refused(book):
    booking, other = book(), book()
    payload, signature = checkin.code_for(booking).split(".", 1)
    forged = checkin.code_for(other).split(".", 1)[0] + "." + signature
    with pytest.raises(checkin.CheckInProblem):
        checkin.read_code(forged)
    assert checkin.read_code(payload + "." + signature) == (booking.id, booking.occurrence_id)


def test_a_code_signed_with_another_secret_is_refused(app, book):
    booking = book()
    code = checkin.code_for(booking)
    app.secret_key = "another secret"
    with pytest.raises(checkin.CheckInProblem):
        checkin.read_code(code)


# -- Checking in by code ----------------------------------------------------------------


def test_a_scanned_code_checks_the_booking_in(client, host, occurrence, book):
    booking = book(name="Ann de Gast", seats=2)
    client.login(host)
    response = post_code(client, occurrence, checkin.code_for(booking))
    assert response.status_code == 200
    assert response.json["result"] == "checked_in"
    assert response.json["message"] == "Ann de Gast is ingecheckt."
    booking = attended(booking.id)
    assert booking.status == "attended"
    assert booking.checked_in_by_id == host.id
    assert booking.checked_in_at is not None


def test_a_second_scan_says_when_the_first_was(client, host, coordinator, occurrence, book):
    booking = book(name="Ann de Gast")
    client.login(host)
    post_code(client, occurrence, checkin.code_for(booking))
    first = attended(booking.id).checked_in_at
    client.login(coordinator)
    response = post_code(client, occurrence, checkin.code_for(booking))
    assert response.status_code == 200
    assert response.json["result"] == "already"
    time = checkin.time_label(first)
    assert response.json["message"] == f"Ann de Gast was al ingecheckt om {time}."
    assert response.json["checked_in_by"] == host.name
    assert attended(booking.id).checked_in_at == first
    assert attended(booking.id).checked_in_by_id == host.id


def test_a_tampered_code_is_a_422_not_a_500(client, host, occurrence, book):
    booking = book()
    client.login(host)
    code = checkin.code_for(booking)
    for bad in (code[:-2] + ("AA" if not code.endswith("AA") else "BB"), code + "x", "hallo",
                "", "." * 300):
        response = post_code(client, occurrence, bad)
        assert response.status_code == 422, bad
        assert response.json["result"] == "invalid"
        assert "kennen we niet" in response.json["message"]
    for body in ({"code": 12}, {"code": None}, [], "tekst"):
        response = client.post(door_url(occurrence, "/code"), json=body,
                               headers={"X-CSRFToken": client.csrf_token()})
        assert response.status_code == 422
    assert attended(booking.id).status == "confirmed"


def test_a_code_for_another_date_of_the_activity_says_so(client, host, make_event, hub):
    event = make_event(hub, starts_at=days_ahead(3), booking_required=True, capacity=10,
                       recurrence=Recurrence("WEEKLY", count=3))
    today, next_week = event.occurrences[0], event.occurrences[1]
    booking = seating.book(db.session, next_week.id, name="Bo", email="bo@example.nl")
    db.session.commit()
    client.login(host)
    response = post_code(client, today, checkin.code_for(booking))
    assert response.status_code == 409
    assert response.json["result"] == "other_date"
    assert response.json["message"].startswith("Deze code is voor een andere datum:")
    assert attended(booking.id).status == "confirmed"


def test_a_code_for_another_activity_says_which(client, host, make_event, hub, occurrence):
    other = make_event(hub, starts_at=days_ahead(4), title="Gastles ondernemen",
                       booking_required=True, capacity=10)
    booking = seating.book(db.session, other.occurrences[0].id, name="Bo", email="bo@example.nl")
    db.session.commit()
    client.login(host)
    response = post_code(client, occurrence, checkin.code_for(booking))
    assert response.status_code == 409
    assert response.json["result"] == "other_activity"
    assert "“Gastles ondernemen”" in response.json["message"]


def test_a_cancelled_booking_is_not_let_in(client, host, occurrence, book):
    booking = book(name="Cas")
    seating.cancel(db.session, booking)
    db.session.commit()
    client.login(host)
    response = post_code(client, occurrence, checkin.code_for(booking))
    assert response.status_code == 409
    assert response.json["result"] == "not_booked"
    assert attended(booking.id).status == "cancelled"


def test_a_code_of_a_deleted_booking_says_so(client, host, occurrence, book):
    booking = book()
    code = checkin.code_for(booking)
    db.session.delete(booking)
    db.session.commit()
    client.login(host)
    response = post_code(client, occurrence, code)
    assert response.status_code == 422


# -- Syncing check-ins from phones -------------------------------------------------------


def test_the_same_queue_sent_twice_counts_once(client, host, occurrence, book):
    people = [book() for _ in range(3)]
    client.login(host)
    at = (utcnow() - timedelta(minutes=5)).isoformat() + "Z"
    items = [{"key": f"k{b.id}", "booking_id": b.id, "at": at} for b in people]
    first = post_sync(client, occurrence, items)
    assert first.status_code == 200
    assert [r["result"] for r in first.json["results"]] == ["checked_in"] * 3
    again = post_sync(client, occurrence, items)
    # The same phone sending again (its answer got lost): still counted once, and the
    # answer is the same, so the phone drops them from its queue either way.
    assert [r["key"] for r in again.json["results"]] == [f"k{b.id}" for b in people]
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Booking)
                              .where(Booking.status == "attended"))
    assert count == 3
    assert all(entry["attended"] for entry in again.json["bookings"])


def test_two_phones_the_earliest_check_in_wins_and_the_other_hears_so(
        client, host, coordinator, make_event, hub, book):
    started = datetime.now(LOCAL_TZ).replace(tzinfo=None, microsecond=0) - timedelta(hours=1)
    occurrence = make_event(hub, starts_at=started, booking_required=True,
                            capacity=10).occurrences[0]
    booking = book(occurrence, name="Dirk", by_host=True)
    early = utcnow() - timedelta(minutes=20)
    late = utcnow() - timedelta(minutes=10)
    client.login(coordinator)
    answer = post_sync(client, occurrence, [{"key": "b", "booking_id": booking.id,
                                             "at": late.isoformat() + "Z"}])
    assert answer.json["results"][0]["result"] == "checked_in"
    client.login(host)
    answer = post_sync(client, occurrence, [{"key": "a", "booking_id": booking.id,
                                             "at": early.isoformat() + "Z"}])
    # The host was first at the door (offline): that check-in counts.
    assert answer.json["results"][0]["result"] == "checked_in"
    booking = attended(booking.id)
    assert booking.checked_in_at == early.replace(microsecond=booking.checked_in_at.microsecond)
    assert booking.checked_in_by_id == host.id
    client.login(coordinator)
    answer = post_sync(client, occurrence, [{"key": "b", "booking_id": booking.id,
                                             "at": late.isoformat() + "Z"}])
    assert answer.json["results"][0]["result"] == "already"
    assert answer.json["results"][0]["checked_in_by"] == host.name


def test_a_time_from_the_future_or_long_before_the_date_becomes_now(host, occurrence, book):
    for at in (utcnow() + timedelta(days=1), occurrence.starts_at - timedelta(days=3)):
        booking = book()
        before = utcnow()
        checkin.check_in(db.session, booking, host, at=at)
        assert before <= booking.checked_in_at <= utcnow()


def test_sync_refuses_bookings_of_other_dates_and_bad_bodies(client, host, occurrence, book,
                                                             make_event, hub):
    other = make_event(hub, starts_at=days_ahead(4), booking_required=True, capacity=10)
    stranger = seating.book(db.session, other.occurrences[0].id, name="X", email="x@example.nl")
    db.session.commit()
    client.login(host)
    answer = post_sync(client, occurrence, [{"key": "s", "booking_id": stranger.id},
                                            {"key": "n", "booking_id": "12"}, "rommel",
                                            {"key": "t", "booking_id": book().id, "at": "gisteren"}])
    assert answer.status_code == 200
    assert [(r["key"], r["result"]) for r in answer.json["results"]] == [
        ("s", "invalid"), ("n", "invalid"), ("t", "checked_in")]
    assert attended(stranger.id).status == "confirmed"
    for body in (None, {}, {"checkins": "x"}, {"checkins": [{}] * 501}, [1, 2]):
        response = client.post(door_url(occurrence, "/sync"), json=body,
                               headers={"X-CSRFToken": client.csrf_token()})
        assert response.status_code == 400


def test_sync_without_a_csrf_token_is_refused(client, host, occurrence, book):
    booking = book()
    client.login(host)
    response = client.post(door_url(occurrence, "/sync"),
                           json={"checkins": [{"key": "a", "booking_id": booking.id}]})
    assert response.status_code == 400
    assert attended(booking.id).status == "confirmed"


# -- Who may use the check-in routes -----------------------------------------------------


ROUTES = [("get", ""), ("get", "/lijst.json"), ("post", "/code"), ("post", "/sync")]


def _call(client, occurrence, method, what, code):
    if method == "get":
        return client.get(door_url(occurrence, what))
    body = {"code": code} if what == "/code" else {"checkins": []}
    return client.post(door_url(occurrence, what), json=body,
                       headers={"X-CSRFToken": client.csrf_token()})


@pytest.mark.parametrize(("method", "what"), ROUTES)
def test_anonymous_visitors_are_sent_to_log_in(client, occurrence, book, method, what):
    code = checkin.code_for(book())
    response = _call(client, occurrence, method, what, code)
    assert response.status_code in (302, 401)
    assert response.status_code == 401 or "/inloggen" in response.headers["Location"]


@pytest.mark.parametrize("role", ["visitor", "other_host"])
@pytest.mark.parametrize(("method", "what"), ROUTES)
def test_people_outside_the_hub_team_are_refused(request, client, occurrence, book, role,
                                                 method, what):
    booking = book(name="Geheime Gast")
    client.login(request.getfixturevalue(role))
    response = _call(client, occurrence, method, what, checkin.code_for(booking))
    assert response.status_code == 403
    assert "Geheime Gast" not in response.get_data(as_text=True)
    assert attended(booking.id).status == "confirmed"


@pytest.mark.parametrize("role", ["host", "coordinator", "admin"])
@pytest.mark.parametrize(("method", "what"), ROUTES)
def test_the_hub_team_and_admins_may(request, client, occurrence, book, role, method, what):
    booking = book(name="Gast Een")
    client.login(request.getfixturevalue(role))
    response = _call(client, occurrence, method, what, checkin.code_for(booking))
    assert response.status_code == 200


def test_an_unknown_date_is_a_404(client, host):
    client.login(host)
    assert client.get("/inchecken/999999").status_code == 404
    assert client.post("/inchecken/999999/sync", json={"checkins": []},
                       headers={"X-CSRFToken": client.csrf_token()}).status_code == 404


def test_the_page_may_use_the_camera_and_lists_who_comes(client, host, occurrence, book):
    book(name="Ann de Gast")
    waiting = book(name="Wacht Persoon")
    seating.cancel(db.session, waiting)
    db.session.commit()
    client.login(host)
    response = client.get(door_url(occurrence))
    page = response.get_data(as_text=True)
    assert "camera=(self)" in response.headers["Permissions-Policy"]
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "Ann de Gast" in page and "Wacht Persoon" not in page
    assert re.search(r'src="/static/vendor/jsQR(\.[0-9a-f]+)?\.js"', page)


def test_the_service_worker_is_served_for_the_check_in_pages(client):
    response = client.get("/inchecken/sw.js")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/javascript")
    assert response.headers["Service-Worker-Allowed"] == "/inchecken/"
    assert "addEventListener(\"fetch\"" in response.get_data(as_text=True)


def test_the_page_in_english(client, host, occurrence, book):
    book(name="Ann")
    client.login(host)
    client.set_cookie(LOCALE_COOKIE, "en")
    response = client.get(door_url(occurrence))
    page = response.get_data(as_text=True)
    assert "<h1>Check-in</h1>" in page and "Scan QR code" in page
    assert '"welcome": "Welcome, {name}!"' in page
    client.set_cookie(LOCALE_COOKIE, "nl")
    assert "Scan QR-code" in client.get(door_url(occurrence)).get_data(as_text=True)


# -- The code for the person: the manage page and the mail -------------------------------


def test_the_manage_page_shows_the_booking_s_own_code(client, book):
    booking = book()
    page = client.get(f"/bookings/{booking.token}").get_data(as_text=True)
    assert "Je code om in te checken" in page
    assert checkin.qr_svg(booking) in page
    expected = segno.make(checkin.code_for(booking), error="m")
    assert expected.designator  # a real QR code of the signed code, not of the link


def test_no_code_for_a_waiting_list_or_cancelled_booking(client, book, occurrence):
    for _ in range(10):
        book()
    waiting = book()
    assert waiting.status == "waitlisted"
    assert "Je code om in te checken" not in client.get(
        f"/bookings/{waiting.token}").get_data(as_text=True)


def test_the_confirmation_mail_shows_the_code_inline(app, book):
    booking = book(name="Ann")
    send_pending(db.session, app.config)
    message = mail_messages(app)[-1]
    html = message.get_body(preferencelist=("html",))
    related = [part for part in message.walk() if part.get_content_type() == "multipart/related"]
    assert related, "the HTML and its picture travel together"
    image = next(part for part in message.walk() if part.get_content_type() == "image/png")
    cid = image["Content-ID"].strip("<>")
    assert f'src="cid:{cid}"' in html.get_content()
    assert image.get_content() == checkin.qr_png(booking)
    assert image.get_content_disposition() == "inline"
    # The calendar invitation is still attached.
    assert any(part.get_content_type() == "text/calendar" for part in message.walk())


def test_without_javascript_the_page_checks_in_by_name_and_comes_back(client, host,
                                                                      occurrence, book):
    booking = book(name="Ann de Gast")
    client.login(host)
    page = client.get(door_url(occurrence)).get_data(as_text=True)
    assert f'action="/deelnemers/{booking.id}/aanwezig"' in page
    response = client.form(f"/deelnemers/{booking.id}/aanwezig",
                           {"status": "attended", "back": "door"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(door_url(occurrence))
    page = client.get(door_url(occurrence)).get_data(as_text=True)
    assert "Ann de Gast is ingecheckt." in page
    assert "Binnen om" in page
    assert attended(booking.id).checked_in_by_id == host.id


def test_the_page_does_a_constant_number_of_queries(client, host, occurrence, book,
                                                    coordinator):
    def queries_for(people: int) -> int:
        for _ in range(people):
            checkin.check_in(db.session, book(notify=False), coordinator)
        db.session.commit()
        client.login(host)
        with counted_queries() as statements:
            assert client.get(door_url(occurrence, "/lijst.json")).status_code == 200
            assert client.get(door_url(occurrence)).status_code == 200
        return len(statements)

    assert queries_for(1) == queries_for(5)


def test_mijn_hub_offers_check_in_on_the_day_itself(client, host, hub, make_event, occurrence):
    soon = datetime.now(LOCAL_TZ).replace(tzinfo=None, second=0, microsecond=0) + timedelta(
        minutes=30)
    if soon.date() != datetime.now(LOCAL_TZ).date():  # just before midnight: tomorrow
        pytest.skip("no time left today")
    today = make_event(hub, starts_at=soon, title="Vandaag open", booking_required=True,
                       capacity=10).occurrences[0]
    client.login(host)
    page = client.get(f"/hubs/{hub.slug}/beheer").get_data(as_text=True)
    assert f'href="/inchecken/{today.id}"' in page
    assert f'href="/inchecken/{occurrence.id}"' not in page  # ten days ahead
