"""Feeds validated by the data's version: a 304 runs no SQL, a change shows at once.

The version of the agenda's data moves up in the transaction of every change and is
mirrored in Redis; a feed's ETag is made from it, so the answer to "has it changed?"
is one key look-up, on every worker and every server that shares the Redis.
"""

from __future__ import annotations

import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import redis

from hubsite import data_version
from hubsite.agenda import services as agenda
from hubsite.agenda.recurrence import Recurrence
from hubsite.extensions import db
from tests.conftest import counted_queries
from tests.servers import Server

REDIS_URL = "redis://127.0.0.1:6379/14"
FEEDS = ["/agenda.ics", "/agenda.ics?hub=almelo&type=workshop", "/hubs/almelo/agenda.ics"]


@pytest.fixture
def redis_url() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    return REDIS_URL


@pytest.fixture
def namespace(app, redis_url) -> Iterator[str]:
    """The app with Redis, under a namespace of its own (no other run shares its keys)."""
    name = f"test-{uuid.uuid4().hex}"
    app.config.update(REDIS_URL=redis_url, CACHE_NAMESPACE=name)
    app.extensions.pop("live.versions", None)
    app.extensions.pop("feeds.cache", None)
    yield name
    app.extensions.pop("live.versions", None)
    app.extensions.pop("feeds.cache", None)
    app.config.update(REDIS_URL="", CACHE_NAMESPACE="")


@pytest.fixture
def series(hub, make_event):
    return make_event(hub, starts_at=datetime(2027, 3, 2, 14), title="Open inloop",
                      recurrence=Recurrence("WEEKLY", weekdays=("TU",), count=10))


def urls(series) -> list[str]:
    return [*FEEDS, f"/events/{series.id}.ics"]


def test_a_304_runs_no_sql(client, namespace, series):
    for url in urls(series):
        etag = client.get(url).headers["ETag"]
        db.session.expunge_all()
        with counted_queries() as statements:
            response = client.get(url, headers={"If-None-Match": etag})
        assert response.status_code == 304, url
        assert statements == [], url


@pytest.fixture
def redis_commands(monkeypatch) -> list[str]:
    """The Redis commands sent from now on (each one round trip)."""
    sent: list[str] = []
    send = redis.Redis.execute_command

    def counted(self, *args, **options):
        sent.append(str(args[0]))
        return send(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counted)
    return sent


def test_a_304_is_one_redis_round_trip_and_no_sql(client, namespace, series, request):
    for url in urls(series):
        etag = client.get(url).headers["ETag"]
        db.session.expunge_all()
        sent = request.getfixturevalue("redis_commands")
        sent.clear()
        with counted_queries() as statements:
            response = client.get(url, headers={"If-None-Match": etag})
        assert response.status_code == 304, url
        assert (sent, statements) == (["MGET"], []), url


def test_a_304_carries_the_caching_headers_of_the_feed(client, namespace, series):
    for url in urls(series):
        for headers in ({}, {"Accept-Encoding": "gzip"}):
            full = client.get(url, headers=headers)
            again = client.get(url, headers={**headers, "If-None-Match": full.headers["ETag"]})
            assert again.status_code == 304 and again.data == b"", url
            for name in ("ETag", "Cache-Control", "Vary"):
                assert again.headers[name] == full.headers[name], (url, name)
            assert again.headers.getlist("Set-Cookie") == []


def test_a_cached_feed_runs_no_sql(client, namespace, series):
    for url in urls(series):
        first = client.get(url)
        with counted_queries() as statements:
            again = client.get(url)
        assert again.data == first.data
        assert again.headers.get("Content-Disposition") == first.headers.get(
            "Content-Disposition")
        assert statements == [], url


def test_without_redis_a_304_costs_one_query(client, series):
    etag = client.get("/hubs/almelo/agenda.ics").headers["ETag"]
    with counted_queries() as statements:
        response = client.get("/hubs/almelo/agenda.ics", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert len(statements) <= 1


def test_every_change_moves_the_version_in_its_own_transaction(app, series):
    before = data_version.current("agenda")
    agenda.cancel_occurrence(db.session, series.occurrences[3])
    db.session.rollback()
    assert data_version.current("agenda") == before  # rolled back: nothing changed
    agenda.cancel_occurrence(db.session, series.occurrences[3])
    db.session.commit()
    with app.test_request_context():
        assert data_version.current("agenda") > before


def test_a_changed_activity_changes_etag_and_body_at_once(client, namespace, series):
    before = {url: client.get(url) for url in urls(series)}
    agenda.update_event(db.session, series, datetime(2027, 3, 2, 14), datetime(2027, 3, 2, 16),
                        Recurrence("WEEKLY", weekdays=("TU",), count=10),
                        title="Open inloop (verplaatst)")
    db.session.commit()
    for url, old in before.items():
        response = client.get(url, headers={"If-None-Match": old.headers["ETag"]})
        assert response.status_code == 200, url
        assert response.headers["ETag"] != old.headers["ETag"], url
        assert b"Open inloop (verplaatst)" in response.data, url


def fetch(url: str, etag: str | None = None) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"If-None-Match": etag} if etag else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers["ETag"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["ETag"], b""


def test_two_servers_sharing_redis_never_serve_a_stale_feed(app, namespace, redis_url,
                                                           database_url, tmp_path: Path,
                                                           series):
    servers = [Server(database_url, tmp_path / f"server-{n}", workers=2, threads=1,
                      REDIS_URL=redis_url, CACHE_NAMESPACE=namespace) for n in range(2)]
    try:
        feed = "/hubs/almelo/agenda.ics"
        seen = {}
        for server in servers:
            for _ in range(4):  # every worker builds and caches it
                status, etag, body = fetch(server.base + feed)
                assert status == 200 and b"SUMMARY:Open inloop" in body
            assert fetch(server.base + feed, etag)[0] == 304
            seen[server.base] = etag

        series.title = "Open inloop op dinsdag"
        db.session.commit()  # in this process: the version moves up, Redis follows

        for server in servers:
            for _ in range(4):
                status, etag, body = fetch(server.base + feed, seen[server.base])
                assert status == 200
                assert etag != seen[server.base]
                assert b"SUMMARY:Open inloop op dinsdag" in body
    finally:
        for server in servers:
            server.stop()
