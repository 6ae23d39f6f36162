"""The hub screen and the posters in Chromium.

The screen runs with a short check interval (SCREEN_CHECK_SECONDS) through many
cycles: changes to activities and posts show within the interval without a reload and
without the page's memory growing; with the network cut the last state stays, and back
online it catches up. The posters print on one A4 page each, and their QR code decodes
to the right absolute address.
"""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from hubsite.agenda.models import Event
from hubsite.extensions import db
from hubsite.onsite import screens
from hubsite.pinboard import boards, posts
from hubsite.pinboard.access import Viewer
from tests.browser.conftest import assert_no_axe_violations
from tests.browser.test_journeys import log_in
from tests.onsite.conftest import local_in

CHECK_SECONDS = 0.2
# A change is on screen within one interval plus a check, a fetch and a morph; the margin
# is for a busy test machine (the server runs in this process).
LIVE_WITHIN = 3.0
SHOTS = Path(os.environ.get("ONSITE_SHOTS", "/tmp/onsite-shots"))


@pytest.fixture
def fast_screen(live_app, monkeypatch):
    monkeypatch.setitem(live_app.config, "SCREEN_CHECK_SECONDS", CHECK_SECONDS)


@pytest.fixture
def busy_hub(hub, host, make_event):
    """A hub with something on now, later today, this week, and a board with posts."""
    make_event(hub, starts_at=local_in(-40), ends_at=local_in(80), title="Open inloop",
               room="De werkplaats")
    make_event(hub, starts_at=local_in(60 * 24 + 30), title="Rondleiding door de hub",
               booking_required=True, capacity=12)
    make_event(hub, starts_at=local_in(60 * 24 * 2), title="Co-creatiesessie gemeente",
               booking_required=True, capacity=8, room="Lokaal 2")
    make_event(hub, starts_at=local_in(60 * 24 * 3 + 60), title="Gastles ondernemen")
    board = boards.ensure_hub_board(db.session, hub)
    db.session.commit()
    viewer = Viewer(host, None)
    posts.create_post(db.session, board, viewer, board.sections[0], kind="vraag",
                      title="Wie helpt met de website van de buurtsuper?", state="open")
    posts.create_post(db.session, board, viewer, board.sections[0], kind="aanbod",
                      title="Werkplekken vrij op vrijdag")
    db.session.commit()
    screen, _old = screens.renew_link(db.session, hub)
    db.session.commit()
    return {"hub": hub, "board": board, "screen": screen, "host": host}


def screen_path(setting) -> str:
    return f"/hubs/{setting['hub'].slug}/scherm/{setting['screen'].secret}"


def js_heap(cdp) -> float:
    """The page's JavaScript heap in use after a full garbage collection, in bytes."""
    cdp.send("HeapProfiler.collectGarbage")
    metrics = cdp.send("Performance.getMetrics")["metrics"]
    return next(m["value"] for m in metrics if m["name"] == "JSHeapUsedSize")


def add_post(setting, title: str) -> None:
    board = setting["board"]
    posts.create_post(db.session, board, Viewer(setting["host"], None), board.sections[0],
                      kind="idee", title=title)
    db.session.commit()


def test_the_screen_follows_changes_for_many_cycles_without_reload_or_growing_memory(
        page, busy_hub, fast_screen):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(screen_path(busy_hub))
    expect(page.get_by_text("Open inloop")).to_be_visible()
    page.evaluate("window.__screenMarker = 'still the first load'")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    event = db.session.scalar(db.select(Event).where(Event.title == "Open inloop"))

    def one_round(n: int) -> None:
        started = time.monotonic()
        if n % 2:
            add_post(busy_hub, f"Idee nummer {n}")
            expect(page.get_by_text(f"Idee nummer {n}")).to_be_visible(timeout=5_000)
        else:
            event.title = f"Open inloop ronde {n}"
            db.session.commit()
            expect(page.get_by_text(f"Open inloop ronde {n}")).to_be_visible(timeout=5_000)
        # Within the interval: one check, one fetch (and the server's work) — not a page load.
        assert time.monotonic() - started < LIVE_WITHIN

    for n in range(6):  # warm up: the fetch, the morph and the heap settle
        one_round(n)
    before = js_heap(cdp)
    for n in range(6, 66):
        one_round(n)
    time.sleep(CHECK_SECONDS * 50)  # fifty quiet checks (304)
    after = js_heap(cdp)

    assert page.evaluate("window.__screenMarker") == "still the first load"
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    print(f"JS heap: {before / 1e6:.2f} MB before, {after / 1e6:.2f} MB after 60 changes")
    assert after < before * 1.2 + 256_000, f"the heap grew from {before} to {after} bytes"
    # The board shows the newest three posts, not all sixty: nothing piles up in the page.
    assert page.locator(".screen-post").count() <= 6


def test_offline_the_last_state_stays_and_back_online_it_catches_up(page, busy_hub, fast_screen):
    page.goto(screen_path(busy_hub))
    expect(page.get_by_text("Werkplekken vrij op vrijdag")).to_be_visible()
    page.evaluate("window.__screenMarker = 1")

    page.context.set_offline(True)
    add_post(busy_hub, "Geplaatst terwijl het scherm offline was")
    time.sleep(CHECK_SECONDS * 10)

    expect(page.locator("#screen-offline")).to_be_visible()
    expect(page.locator("#screen-offline")).to_contain_text("Geen verbinding")
    expect(page.get_by_text("Werkplekken vrij op vrijdag")).to_be_visible()
    expect(page.get_by_text("Open inloop")).to_be_visible()
    expect(page.get_by_text("Geplaatst terwijl het scherm offline was")).to_have_count(0)

    page.context.set_offline(False)
    expect(page.get_by_text("Geplaatst terwijl het scherm offline was")).to_be_visible(timeout=5_000)
    expect(page.locator("#screen-offline")).to_be_hidden()
    assert page.evaluate("window.__screenMarker") == 1


def test_a_renewed_link_blanks_the_old_screen(page, busy_hub, fast_screen):
    old_path = screen_path(busy_hub)
    page.goto(old_path)
    expect(page.get_by_text("Open inloop")).to_be_visible()

    screens.renew_link(db.session, busy_hub["hub"])
    db.session.commit()

    expect(page.get_by_text("Deze schermlink werkt niet meer")).to_be_visible(timeout=5_000)
    expect(page.get_by_text("Open inloop")).to_have_count(0)
    assert page.request.get(old_path).status == 404
    assert page.request.get(screen_path(busy_hub)).status == 200


@pytest.mark.parametrize("width, height", [(1920, 1080), (1080, 1920)])
def test_the_screen_fits_landscape_and_portrait(page, busy_hub, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(screen_path(busy_hub))
    expect(page.get_by_text("Wie helpt met de website van de buurtsuper?")).to_be_visible()
    # Nothing cut off: every region lies inside the viewport (allowing for the drift).
    for region in (".screen__today", ".screen__week", ".screen__board", ".screen__qr"):
        box = page.locator(region).bounding_box()
        assert box and box["x"] >= -20 and box["y"] >= -20, region
        assert box["x"] + box["width"] <= width + 20 and box["y"] + box["height"] <= height + 20, region
    # Large type: the smallest text of a date still reads from three metres.
    size = page.locator(".screen-date__title").first.evaluate(
        "el => parseFloat(getComputedStyle(el).fontSize)")
    assert size >= 30
    # Burn-in: the whole layout moves, slowly (minutes per cycle).
    drift = page.locator(".screen-drift").evaluate(
        "el => [getComputedStyle(el).animationName, getComputedStyle(el).animationDuration]")
    assert drift[0] == "screen-drift" and float(drift[1].rstrip("s")) >= 300
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"screen-{width}x{height}.png"))
    assert_no_axe_violations(page)


def decode_qr(png: bytes) -> list[str]:
    return [found.text for found in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


@pytest.mark.parametrize("kind", ["hub", "board", "activity"])
def test_a_poster_prints_on_one_a4_page_and_its_qr_code_opens_the_page(
        page, busy_hub, make_event, live_server, kind):
    hub, board = busy_hub["hub"], busy_hub["board"]
    event = make_event(hub, starts_at=local_in(60 * 24 * 5), title="Workshop pitchen voor "
                       "startende ondernemers uit de regio Twente", booking_required=True,
                       capacity=20, room="Lokaal 2",
                       summary="In twee uur van idee naar een pitch van één minuut.")
    target, poster = {
        "hub": (f"/hubs/{hub.slug}", f"/hubs/{hub.slug}/poster"),
        "board": (f"/boards/{board.slug}", f"/boards/{board.slug}/poster"),
        "activity": (f"/events/{event.id}", f"/events/{event.id}/poster"),
    }[kind]
    log_in(page, busy_hub["host"].email)
    expect(page.get_by_text("Je bent ingelogd.")).to_be_visible()
    page.goto(target)
    page.get_by_role("link", name="Poster").first.click()
    expect(page).to_have_url(live_server + poster)
    page.set_viewport_size({"width": 1000, "height": 1400})

    SHOTS.mkdir(parents=True, exist_ok=True)
    pdf = page.pdf(format="A4", print_background=True)
    (SHOTS / f"poster-{kind}.pdf").write_bytes(pdf)
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 1
    width_pt, height_pt = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    assert abs(width_pt - 595) < 2 and abs(height_pt - 842) < 2  # A4 in points

    page.emulate_media(media="print")
    sheet = page.locator(".poster").screenshot()
    (SHOTS / f"poster-{kind}.png").write_bytes(sheet)
    assert decode_qr(sheet) == [live_server + target]
    page.emulate_media(media="screen")
    assert_no_axe_violations(page)
