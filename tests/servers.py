"""The site as production runs it: gunicorn serving wsgi:app on a free loopback port.

For tests that need real server processes (several workers, several servers on one
database): concurrency of bookings, live boards across servers.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn serving wsgi:app on a free loopback port, on `database_url`.

    `threads=1` runs gunicorn's sync workers (one request at a time per worker);
    `settings` become environment variables of the server (`PINBOARD_LIVE_SECONDS="1"`).
    """

    def __init__(self, database_url: str, instance: Path, workers: int = 4, threads: int = 4,
                 **settings: str) -> None:
        instance.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = instance / f"gunicorn-{self.port}.log"
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "server-test-secret",
            "HUBSITE_INSTANCE_PATH": str(instance),
            "RATELIMIT_ENABLED": "0",
            "BASE_URL": self.base,
            "MAIL_BACKEND": "file",
            **settings,
        }
        gunicorn = Path(sys.executable).with_name("gunicorn")
        workers_args = ["--worker-class", "sync"] if threads == 1 else ["--threads", str(threads)]
        self.process = subprocess.Popen(
            [str(gunicorn), "--workers", str(workers), *workers_args,
             "--bind", f"127.0.0.1:{self.port}", "--timeout", "60", "wsgi:app"],
            cwd=ROOT, env=env, stdout=self.log.open("wb"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait_until_up()

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped:\n{self.log.read_text()}")
            try:
                with urllib.request.urlopen(self.base + "/", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
