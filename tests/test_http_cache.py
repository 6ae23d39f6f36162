"""HTTP validators on their own: a tiny view answers 200 with validators, then 304."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask, make_response

from hubsite import http_cache

CHANGED = datetime(2027, 3, 2, 13, 5, 30, 123456)  # stored: naive UTC, with microseconds


@pytest.fixture
def board():
    """A stand-in for anything with a version: the view builds its answer only when asked."""
    return {"version": 1, "builds": 0}


@pytest.fixture
def tiny(board):
    app = Flask(__name__)

    @app.route("/thing", methods=["GET", "HEAD", "POST"])
    def thing():
        etag = http_cache.make_etag("thing", board["version"])
        if http_cache.is_fresh(etag, CHANGED):
            return http_cache.not_modified(etag, CHANGED)
        board["builds"] += 1
        response = make_response(f"version {board['version']}")
        return http_cache.set_validators(response, etag, CHANGED)

    return app.test_client()


def test_the_etag_depends_on_every_part_and_only_on_them():
    assert http_cache.make_etag("a", 1, (2, 3)) == http_cache.make_etag("a", 1, (2, 3))
    assert http_cache.make_etag("a", 1) != http_cache.make_etag("a", 2)
    assert http_cache.make_etag("a", 1) != http_cache.make_etag("a1")
    assert http_cache.make_etag(("a", "b")) != http_cache.make_etag("a", "b")


def test_a_first_request_gets_the_body_with_both_validators(tiny):
    response = tiny.get("/thing")
    assert response.status_code == 200 and response.text == "version 1"
    assert response.headers["ETag"] == f'"{http_cache.make_etag("thing", 1)}"'
    assert response.headers["Last-Modified"] == "Tue, 02 Mar 2027 13:05:30 GMT"


def test_a_matching_if_none_match_gets_an_empty_304_without_building(tiny, board):
    etag = tiny.get("/thing").headers["ETag"]
    again = tiny.get("/thing", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    assert board["builds"] == 1


def test_a_weak_or_listed_or_star_validator_matches_too(tiny):
    etag = tiny.get("/thing").headers["ETag"]
    for header in (f"W/{etag}", f'"other", {etag}', "*"):
        assert tiny.get("/thing", headers={"If-None-Match": header}).status_code == 304, header


def test_a_changed_thing_is_sent_again(tiny, board):
    etag = tiny.get("/thing").headers["ETag"]
    board["version"] = 2
    again = tiny.get("/thing", headers={"If-None-Match": etag})
    assert again.status_code == 200 and again.text == "version 2"
    assert again.headers["ETag"] != etag


def test_if_modified_since_counts_in_whole_seconds(tiny):
    assert tiny.get("/thing", headers={
        "If-Modified-Since": "Tue, 02 Mar 2027 13:05:30 GMT"}).status_code == 304
    assert tiny.get("/thing", headers={
        "If-Modified-Since": "Tue, 02 Mar 2027 13:05:29 GMT"}).status_code == 200


def test_if_none_match_wins_over_if_modified_since(tiny):
    response = tiny.get("/thing", headers={"If-None-Match": '"stale"',
                                           "If-Modified-Since": "Wed, 01 Jan 2031 00:00:00 GMT"})
    assert response.status_code == 200


def test_head_is_answered_like_get(tiny):
    etag = tiny.get("/thing").headers["ETag"]
    assert tiny.head("/thing", headers={"If-None-Match": etag}).status_code == 304


def test_a_write_is_never_answered_304(tiny, board):
    etag = tiny.get("/thing").headers["ETag"]
    response = tiny.post("/thing", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert board["builds"] == 2


def test_times_must_be_stored_values():
    with pytest.raises(TypeError):
        http_cache.http_time(datetime(2027, 3, 2, 13, tzinfo=UTC))
    assert http_cache.http_time(None) is None
