"""Lighthouse's four scores for the main pages, on a phone and on a desktop.

    make lighthouse       (or: python tools/lighthouse.py [--base-url URL])

Starts the demo site like tools/shots.py, runs the `lighthouse` command (from npm; the
Makefile installs it in .lighthouse/) against Debian's Chromium for the home, agenda, hub,
activity, booking and log-in pages, and prints performance, accessibility, best practices
and SEO per page and form factor. Not part of the test suite: scores vary with the load on
the machine. Everything runs offline.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
from pathlib import Path

from tools.shots import CHROMIUM, ROOT, demo_pages, start_site

PAGES = ("home", "agenda-list", "hub", "activity", "booking", "login")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LIGHTHOUSE = ROOT / ".lighthouse" / "node_modules" / ".bin" / "lighthouse"


def scores(url: str, preset: str, out: Path) -> dict[str, float]:
    """Run Lighthouse once; the category scores (0–1)."""
    report = out / "report.json"
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
               "--only-categories=" + ",".join(CATEGORIES),
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
    if preset == "desktop":
        command.append("--preset=desktop")
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    data = json.loads(report.read_text())
    return {name: data["categories"][name]["score"] for name in CATEGORIES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="score this running site instead of starting one")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("lighthouse is missing: run `make lighthouse`")
    server = None
    if args.base_url:
        base_url = args.base_url
    else:
        instance = Path(tempfile.mkdtemp(prefix="hubsite-lighthouse-"))
        os.environ["HUBSITE_INSTANCE_PATH"] = str(instance)
        server, base_url = start_site(instance)
    try:
        shots = {shot.name: shot for shot in demo_pages() if shot.role is None}
        print(f"{'page':<14}{'form':<9}" + "".join(f"{c:>16}" for c in CATEGORIES))
        with tempfile.TemporaryDirectory() as out:
            for name in PAGES:
                for preset in ("mobile", "desktop"):
                    result = scores(base_url + shots[name].path, preset, Path(out))
                    print(f"{name:<14}{preset:<9}"
                          + "".join(f"{result[c]:>16.2f}" for c in CATEGORIES), flush=True)
    finally:
        if server:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
