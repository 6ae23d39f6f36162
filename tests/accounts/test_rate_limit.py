"""Guessing passwords: repeated failed log-ins are stopped with 429."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis

from tests.conftest import PASSWORD, app_config

REDIS_URL = "redis://127.0.0.1:6379/15"
# One prefix per run keeps these counters apart from other runs on the same Redis.
KEY_PREFIX = f"hubsite-test-{uuid.uuid4().hex[:8]}"
TOO_MANY = "Te veel pogingen achter elkaar."


def fail_to_log_in(client, email: str = "host@example.nl"):
    return client.form("/inloggen", {"email": email, "password": "niet het goede wachtwoord"})


def test_repeated_failures_are_stopped(make_app, host):
    client = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute").test_client()

    answers = [fail_to_log_in(client).status_code for _ in range(3)]
    stopped = fail_to_log_in(client)

    assert answers == [422, 422, 422]
    assert stopped.status_code == 429
    assert TOO_MANY in stopped.get_data(as_text=True)
    assert "Retry-After" in stopped.headers


def test_after_the_limit_even_the_right_password_is_refused(make_app, host):
    client = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute").test_client()
    for _ in range(3):
        fail_to_log_in(client)

    response = client.form("/inloggen", {"email": "host@example.nl", "password": PASSWORD})

    assert response.status_code == 429
    assert client.get("/account").status_code == 302, "not logged in"


def test_successful_log_ins_do_not_count(make_app, host):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    for _ in range(4):
        response = app.test_client().form(
            "/inloggen", {"email": "host@example.nl", "password": PASSWORD})
        assert response.status_code == 302

    assert fail_to_log_in(app.test_client()).status_code == 422


def from_address(client, address: str):
    """The client as seen by the app behind a proxy that reports `address`."""
    client.environ_base["HTTP_X_FORWARDED_FOR"] = address
    return client


def test_behind_a_proxy_each_visitor_has_their_own_count(make_app, host):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_ADDRESS_RATE_LIMIT="2 per minute",
                   TRUSTED_PROXIES=1)
    guesser = from_address(app.test_client(), "203.0.113.9")
    colleague = from_address(app.test_client(), "198.51.100.7")

    fail_to_log_in(guesser, "een@example.nl")
    fail_to_log_in(guesser, "twee@example.nl")

    assert fail_to_log_in(guesser, "drie@example.nl").status_code == 429
    response = colleague.form("/inloggen", {"email": "host@example.nl", "password": PASSWORD})
    assert response.status_code == 302


def test_without_a_trusted_proxy_a_made_up_address_does_not_escape_the_limit(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_ADDRESS_RATE_LIMIT="2 per minute")
    client = app.test_client()

    fail_to_log_in(from_address(client, "203.0.113.1"), "een@example.nl")
    fail_to_log_in(from_address(client, "203.0.113.2"), "twee@example.nl")

    assert fail_to_log_in(from_address(client, "203.0.113.3"), "drie@example.nl").status_code == 429


def at_address(client, address: str):
    """The client as connecting from `address` (no proxy in between)."""
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_failures_from_one_address_do_not_lock_the_account_out_elsewhere(make_app, host):
    app = make_app(RATELIMIT_ENABLED=True)  # the default limits
    guesser = at_address(app.test_client(), "203.0.113.9")
    owner = at_address(app.test_client(), "198.51.100.7")

    answers = [fail_to_log_in(guesser).status_code for _ in range(10)]

    assert answers == [422] * 10
    assert fail_to_log_in(guesser).status_code == 429, "the guesser is stopped"
    response = owner.form("/inloggen", {"email": "host@example.nl", "password": PASSWORD})
    assert response.status_code == 302, "the owner still gets in"


def test_failures_for_one_email_from_many_addresses_are_stopped_too(make_app, host):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_EMAIL_RATE_LIMIT="3 per minute")

    answers = [fail_to_log_in(at_address(app.test_client(), f"203.0.113.{n}")).status_code
               for n in range(1, 5)]

    assert answers == [422, 422, 422, 429]


def test_one_address_trying_many_accounts_is_stopped(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_ADDRESS_RATE_LIMIT="3 per minute")
    client = at_address(app.test_client(), "203.0.113.9")

    answers = [fail_to_log_in(client, f"iemand{n}@example.nl").status_code for n in range(4)]

    assert answers == [422, 422, 422, 429]


def redis_problem() -> str | None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError as error:
        return f"Redis is not reachable on 127.0.0.1:6379 ({error})"
    return None


# A second worker: its own process, its own app, the same Redis.
OTHER_WORKER = """
import json, os, sys
from hubsite import create_app
from tests.conftest import Client
app = create_app(json.loads(os.environ["HUBSITE_TEST_SETTINGS"]))
app.test_client_class = Client
client = app.test_client()
for _ in range(int(sys.argv[1])):
    response = client.form("/inloggen", {"email": sys.argv[2], "password": "niet goed genoeg"})
    print(response.status_code)
"""


def fail_in_another_worker(settings: dict, times: int, email: str) -> list[int]:
    result = subprocess.run(
        [sys.executable, "-c", OTHER_WORKER, str(times), email],
        env={**os.environ, "HUBSITE_TEST_SETTINGS": json.dumps(settings)},
        cwd=Path(__file__).parents[2], capture_output=True, text=True, timeout=60, check=True,
    )
    return [int(line) for line in result.stdout.split()]


def test_workers_share_the_count_through_redis(make_app, database_url, tmp_path, host):
    if problem := redis_problem():
        pytest.skip(problem)
    settings = {**app_config(database_url, tmp_path), "RATELIMIT_ENABLED": True,
                "LOGIN_RATE_LIMIT": "3 per minute", "RATELIMIT_STORAGE_URI": REDIS_URL,
                "RATELIMIT_KEY_PREFIX": KEY_PREFIX}
    email = f"{uuid.uuid4().hex[:8]}@example.nl"
    this_worker = make_app(**settings).test_client()

    assert fail_in_another_worker(settings, 3, email) == [422, 422, 422]
    assert fail_to_log_in(this_worker, email).status_code == 429
