"""`make run` (the README's first command) serves where its absolute links point."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from hubsite import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def run_command(*args: str, **env: str) -> str:
    """The command `make run` would start (`make -n` prints it without running anything)."""
    environment = {k: v for k, v in os.environ.items() if k not in ("BASE_URL", "PORT")}
    environment.update(env)
    result = subprocess.run(["make", "-n", "run", *args], cwd=ROOT, env=environment,
                            capture_output=True, text=True, check=True)
    [command] = [line for line in result.stdout.splitlines() if "flask run" in line]
    return command


@pytest.mark.parametrize(("args", "env"), [(("PORT=8000",), {}), ((), {"PORT": "8000"})])
def test_another_port_moves_the_absolute_links_along(args, env):
    command = run_command(*args, **env)

    assert 'BASE_URL="http://127.0.0.1:8000"' in command and "--port 8000" in command


def test_the_default_port_is_5000():
    assert 'BASE_URL="http://127.0.0.1:5000"' in run_command()


def test_a_base_url_that_is_set_is_kept():
    command = run_command("PORT=8000", BASE_URL="https://hubs.example.nl")

    assert 'BASE_URL="https://hubs.example.nl"' in command and "--port 8000" in command
