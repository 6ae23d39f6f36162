"""What a worker loads. Only what most requests need: libraries for rare pages (a spreadsheet
import or export, choosing a password) are imported when such a page asks, not by every
worker at start (together some 30 MB of each worker's memory)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RARE = ("openpyxl", "zxcvbn")


def test_a_started_worker_has_not_loaded_the_libraries_of_rare_pages(tmp_path):
    script = (
        "import sys\n"
        "from hubsite import create_app\n"
        "app = create_app()\n"
        "assert app.test_client().get('/healthz').status_code == 200\n"
        f"print(sorted(name for name in {RARE!r} if name in sys.modules))\n"
    )
    env = {**os.environ, "HUBSITE_INSTANCE_PATH": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"



def test_redis_replies_are_parsed_in_c():
    """Every kept page, feed and version check reads Redis: with hiredis installed,
    redis-py parses the replies in C instead of Python (measured: a quarter of a 304)."""
    import redis  # noqa: PLC0415

    client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    assert type(client.connection_pool.make_connection()._parser).__name__ == "_HiredisParser"
