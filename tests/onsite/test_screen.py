"""The hub screen: what it shows, its secret link, its cheap "anything new?" check."""

from __future__ import annotations

from datetime import timedelta

import pytest
import redis

from hubsite.bookings import seating
from hubsite.extensions import db
from hubsite.onsite import screens
from hubsite.onsite.models import HubScreen
from hubsite.timeutil import utcnow
from tests.conftest import counted_queries
from tests.onsite.conftest import local_in


def screen_url(hub, screen) -> str:
    return f"/hubs/{hub.slug}/scherm/{screen.secret}"


def version_of(hub_screen) -> int:
    db.session.expire_all()
    return db.session.get(HubScreen, hub_screen.id).version


def test_the_screen_shows_now_next_and_the_week_with_free_seats(client, hub, hub_screen, make_event):
    make_event(hub, starts_at=local_in(-30), ends_at=local_in(60), title="Open inloop nu")
    later = local_in(60 * 24 * 2)
    tour = make_event(hub, starts_at=later, title="Rondleiding", booking_required=True,
                      capacity=5, booking_max_group=2)
    seating.book(db.session, tour.occurrences[0].id, name="Ann", email="ann@example.nl",
                 seats=2, notify=False)
    db.session.commit()

    page = client.get(screen_url(hub, hub_screen)).get_data(as_text=True)

    assert "Open inloop nu" in page
    assert "Rondleiding" in page
    assert "Nog 3 plekken vrij" in page
    assert 'name="robots" content="noindex, nofollow"' in page


def test_the_screen_shows_the_newest_posts_and_open_questions(client, hub, hub_screen, make_post):
    make_post(title="Wie maakt onze poster?", kind="vraag", state="open")
    make_post(title="Workshop 3D-printen aangeboden", kind="aanbod")
    held = make_post(title="Nog niet goedgekeurd")
    held.status = "held"
    db.session.commit()

    page = client.get(screen_url(hub, hub_screen)).get_data(as_text=True)

    assert "Wie maakt onze poster?" in page
    assert "Workshop 3D-printen aangeboden" in page
    assert "Nog niet goedgekeurd" not in page


def test_drafts_of_the_hub_stay_off_the_screen(client, hub, hub_screen, make_event):
    make_event(hub, starts_at=local_in(120), title="Geheim concept", status="draft")
    page = client.get(screen_url(hub, hub_screen)).get_data(as_text=True)
    assert "Geheim concept" not in page


def test_a_wrong_secret_or_another_hubs_slug_answers_404(client, hub, other_hub, hub_screen):
    assert client.get(f"/hubs/{hub.slug}/scherm/wrong-secret").status_code == 404
    assert client.get(f"/hubs/{other_hub.slug}/scherm/{hub_screen.secret}").status_code == 404
    assert client.get(f"/hubs/{hub.slug}/scherm/wrong-secret/versie").status_code == 404
    assert client.get(f"/hubs/{other_hub.slug}/scherm/{hub_screen.secret}/versie").status_code == 404


def test_the_htmx_refresh_gets_only_the_content_region(hx, hub, hub_screen):
    response = hx.get(screen_url(hub, hub_screen))
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<main id="screen"')
    assert "<html" not in body
    assert "HX-Request" in response.headers["Vary"]


def test_the_screen_is_private_and_keeps_its_link_out_of_referers(client, hub, hub_screen):
    response = client.get(screen_url(hub, hub_screen))
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "private" in response.headers["Cache-Control"]


def test_the_version_check_answers_304_while_nothing_changed(client, hub, hub_screen):
    url = screen_url(hub, hub_screen) + "/versie"
    first = client.get(url)
    assert first.status_code == 200
    etag = first.headers["ETag"]

    again = client.get(url, headers={"If-None-Match": etag})

    assert again.status_code == 304
    assert again.get_data() == b""


def test_the_version_check_is_one_query(client, hub, hub_screen):
    url = screen_url(hub, hub_screen) + "/versie"
    with counted_queries() as statements:
        client.get(url, headers={"If-None-Match": '"v0"'})
    assert len(statements) == 1


@pytest.mark.parametrize("change", ["activity", "booking", "post", "cancel_date"])
def test_every_change_the_screen_shows_raises_its_version(change, hub, hub_screen, make_event,
                                                          make_post):
    event = make_event(hub, starts_at=local_in(60 * 26), booking_required=True, capacity=4)
    before = version_of(hub_screen)

    if change == "activity":
        event.title = "Nieuwe titel"
    elif change == "booking":
        seating.book(db.session, event.occurrences[0].id, name="Bo", email="bo@example.nl",
                     notify=False)
    elif change == "post":
        make_post(title="Nieuw idee")
    elif change == "cancel_date":
        event.occurrences[0].status = "cancelled"
    db.session.commit()

    assert version_of(hub_screen) > before


def test_changes_of_another_hub_leave_the_version_alone(hub, other_hub, hub_screen, make_event):
    before = version_of(hub_screen)
    make_event(other_hub, title="Elders")
    assert version_of(hub_screen) == before


def test_the_content_is_stale_when_the_next_date_starts(app, hub, make_event):
    now = utcnow()
    event = make_event(hub, starts_at=local_in(5), ends_at=local_in(12))
    content = screens.screen_content(db.session, hub, now=now)
    assert content.stale_at == event.occurrences[0].starts_at
    assert [item.occurrence.id for item in content.later_today] == [event.occurrences[0].id]

    started = screens.screen_content(db.session, hub, now=event.occurrences[0].starts_at
                                     + timedelta(minutes=1))
    assert [item.occurrence.id for item in started.current] == [event.occurrences[0].id]
    assert started.stale_at == event.occurrences[0].ends_at


def test_the_screen_content_costs_a_constant_number_of_queries(app, hub, hub_screen, make_event,
                                                               make_post):
    def count() -> int:
        db.session.expire_all()
        with counted_queries() as statements:
            screens.screen_content(db.session, db.session.get(type(hub), hub.id))
        return len(statements)

    make_event(hub, starts_at=local_in(60 * 25))
    make_post()
    few = count()
    for day in range(2, 6):
        make_event(hub, starts_at=local_in(60 * 24 * day), booking_required=True, capacity=3)
        make_post(title=f"Idee {day}")
    assert count() == few


REDIS_URL = "redis://127.0.0.1:6379/13"


@pytest.fixture
def redis_app(app):
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis is not reachable on 127.0.0.1:6379 ({error})")
    app.config["REDIS_URL"] = REDIS_URL
    app.extensions.pop("live.versions", None)
    yield app
    app.extensions.pop("live.versions", None)


def test_with_redis_the_check_reads_no_database_and_a_renewed_link_is_forgotten(
        redis_app, client, hub, hub_screen, coordinator, make_post):
    url = screen_url(hub, hub_screen) + "/versie"
    client.get(url)  # fills the mirror
    make_post(title="Nieuw")  # raises the version, mirrored after the commit
    with counted_queries() as statements:
        response = client.get(url, headers={"If-None-Match": '"v0"'})
    assert response.status_code == 200 and statements == []

    client.login(coordinator)
    client.form(f"/hubs/{hub.slug}/scherm/vernieuwen")
    client.post("/uitloggen", data={"csrf_token": client.csrf_token()})
    assert client.get(url).status_code == 404


def test_the_demo_gives_every_hub_a_screen_link_once(runner, make_hub):
    make_hub(slug="almelo", name="Hub Almelo")
    first = runner.invoke(args=["seed-demo"])
    secrets = set(db.session.scalars(db.select(HubScreen.secret)))
    again = runner.invoke(args=["seed-demo"])

    assert "onsite:" in first.output and "/hubs/almelo/scherm/" in first.output
    assert "onsite: 0 screen links added" in again.output
    assert set(db.session.scalars(db.select(HubScreen.secret))) == secrets
