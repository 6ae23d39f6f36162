"""Browser fixtures: the site on a real port, Chromium through Playwright, axe-core.

Chromium is Debian's (`/usr/bin/chromium`, `make chromium`); without it these tests
are skipped, unless HUBSITE_REQUIRE_BROWSER is set (as CI does), then they fail.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from hubsite import ROOT, create_app
from hubsite.extensions import db
from tests.conftest import app_config

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"phone": 375, "desktop": 1280}


def _missing(what: str, how: str) -> None:
    message = f"{what} is missing ({how})"
    if os.environ.get("HUBSITE_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def live_app(database_url: str, tmp_path_factory) -> Flask:
    """The app the browser talks to, on the shared test database."""
    return create_app(app_config(database_url, tmp_path_factory.mktemp("live")))


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[str]:
    """The site served on a free 127.0.0.1 port in a thread; yields its base URL.

    Tests that use it also use the `app` fixture (through `page`), which wipes
    the tables after each test, so every test starts from an empty database.
    """
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    live_app.config["BASE_URL"] = base_url  # links in mail point at this server
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield base_url
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()
    with live_app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _missing("Chromium", "install it with `make chromium`")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class ConsoleLog:
    """What the page wrote to the browser console, and the errors it threw."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.errors: list[str] = []

    def csp_violations(self) -> list[str]:
        return [m for m in self.messages if "Content Security Policy" in m]

    def problems(self) -> list[str]:
        return [m for m in self.messages if m.startswith("error:")] + self.errors


@pytest.fixture
def console() -> ConsoleLog:
    return ConsoleLog()


@pytest.fixture
def page(browser, live_server: str, app: Flask, console: ConsoleLog):
    """A fresh browser tab (own cookies) on the live site, Dutch, 1280 px wide.

    `page.goto("/hubs")` is relative to the live server. After the test the
    console must show no Content-Security-Policy violation.
    """
    context = browser.new_context(base_url=live_server, locale="nl-NL",
                                  viewport={"width": WIDTHS["desktop"], "height": 900})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.on("console", lambda m: console.messages.append(f"{m.type}: {m.text}"))
    tab.on("pageerror", lambda error: console.errors.append(f"page error: {error}"))
    yield tab
    context.close()
    assert console.csp_violations() == [], "the page broke the Content-Security-Policy"


def assert_no_axe_violations(page) -> None:
    """Run axe-core on the page as it is now; fail listing every violation."""
    if not AXE.exists():
        _missing("axe-core", "run `npm ci` or `make setup`")
    # DevTools evaluation is not bound by the page's CSP, so axe needs no bypass.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text())
    result = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.map(n => n.target.join(" ")),
        }));
    }""")
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}; at {json.dumps(v['targets'])}"
        for v in result)
    assert not result, f"axe-core found violations on {page.url}:\n{report}"
