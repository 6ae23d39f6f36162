"""Check-in at the door in Chromium on a 375 px phone: a QR code read by the page's own
decoder (from a photo, and straight into the decode function), by name, a double
check-in, codes for another date and another activity; and two phones checking in
offline at once, synced once each when the network returns."""

from __future__ import annotations

import base64
import io
import os
import re
import time
from datetime import datetime, timedelta

import sqlalchemy as sa
from PIL import Image
from playwright.sync_api import expect

from hubsite.agenda.recurrence import Recurrence
from hubsite.bookings import checkin, seating
from hubsite.bookings.models import Booking
from hubsite.extensions import db
from hubsite.timeutil import LOCAL_TZ
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, assert_no_axe_violations
from tests.browser.test_journeys import log_in

PHONE = {"width": 375, "height": 740}
SHOTS = os.environ.get("HUBSITE_SHOTS")  # a folder to keep screenshots in, for people


def soon() -> datetime:
    """A local wall-clock time within the hour: today's date at the door."""
    return (datetime.now(LOCAL_TZ) + timedelta(minutes=40)).replace(
        tzinfo=None, second=0, microsecond=0)


def book(occurrence, name: str, seats: int = 1) -> Booking:
    booking = seating.book(db.session, occurrence.id, name=name, seats=seats,
                           email=f"{name.split()[0].lower()}@example.nl", by_host=True,
                           notify=False)
    db.session.commit()
    return booking


def qr_file(tmp_path, booking: Booking, name: str) -> str:
    path = tmp_path / f"{name}.png"
    path.write_bytes(checkin.qr_png(booking))
    return str(path)


def attended_ids() -> list[int]:
    db.session.expire_all()
    return sorted(db.session.scalars(
        sa.select(Booking.id).where(Booking.status == "attended")))


def wait_for_offline_copy(tab) -> None:
    """Until the service worker controls the page and its cache holds the page and files."""
    deadline = time.monotonic() + 20
    while not tab.evaluate(r"""async () => {
        await navigator.serviceWorker.ready;
        if (!navigator.serviceWorker.controller) return false;
        // Static files may carry a content hash in their names (site.3f2a9c1b7d0e.css).
        const keys = (await (await caches.open("hubsite-door-v1")).keys()).map(
          (r) => new URL(r.url).pathname.replace(/\.[0-9a-f]{12}(\.[a-z]+)$/, "$1"));
        return ["/static/js/checkin.js", "/static/vendor/jsQR.js", "/static/css/checkin.css",
                location.pathname].every((path) => keys.includes(path));
    }"""):
        assert time.monotonic() < deadline, "the page never got its offline copy"
        tab.wait_for_timeout(200)


def wait_until_synced(tab) -> None:
    expect(tab.locator("#door-network")).to_have_attribute("data-pending", "0", timeout=20_000)


def test_check_in_by_qr_code_and_by_name_on_a_375_px_phone(page, make_event, hub, host,
                                                          tmp_path):
    event = make_event(hub, starts_at=soon(), title="Open inloop", booking_required=True,
                       capacity=20, booking_max_group=4, recurrence=Recurrence("WEEKLY", count=2))
    today, next_week = event.occurrences
    other = make_event(hub, starts_at=soon() + timedelta(days=2), title="Gastles",
                       booking_required=True, capacity=20)
    ann = book(today, "Ann de Gast", seats=2)
    bo = book(today, "Bo Jansen")
    book(today, "Cas van Dijk")
    later = book(next_week, "Dirk Later")
    elsewhere = book(other.occurrences[0], "Eva Elders")

    page.set_viewport_size(PHONE)
    log_in(page, "host@example.nl")
    expect(page.get_by_text("Je bent ingelogd.")).to_be_visible()
    page.goto(f"/datums/{today.id}/deelnemers")
    page.get_by_role("link", name="Inchecken met QR-code").click()
    expect(page.get_by_role("heading", name="Inchecken")).to_be_visible()
    expect(page.locator("#door-count")).to_have_text("0 van 3 binnen")

    # The page's decoder reads a generated code (jsQR here: this Chromium has no
    # BarcodeDetector; a phone's camera frames go through the same function).
    png = base64.b64encode(checkin.qr_png(ann)).decode()
    decoded = page.evaluate("""async (png) => {
        const image = new Image();
        image.src = "data:image/png;base64," + png;
        await image.decode();
        return window.hubsiteDoor.decode(image);
    }""", png)
    assert decoded == checkin.code_for(ann)

    # A photo of Ann's code: checked in, with a clear confirmation.
    result = page.locator("#door-result")
    page.locator("#door-photo").set_input_files(qr_file(tmp_path, ann, "ann"))
    expect(result).to_have_attribute("data-result", "ok")
    expect(result).to_have_text(re.compile(r"✓\s*Welkom, Ann de Gast! \(2 plaatsen\)"))
    expect(page.locator("#door-count")).to_have_text("1 van 3 binnen")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/checkin-ok-375.png", full_page=True)
    wait_until_synced(page)
    assert attended_ids() == [ann.id]
    first = db.session.get(Booking, ann.id).checked_in_at

    # The same code again: said so, with the time of the first check-in.
    page.locator("#door-photo").set_input_files(qr_file(tmp_path, ann, "ann-again"))
    expect(result).to_have_attribute("data-result", "already")
    expect(result).to_have_text(re.compile(
        rf"Ann de Gast was al ingecheckt om {checkin.time_label(first)}"))
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/checkin-already-375.png")

    # Codes for another date of this activity, and for another activity.
    page.locator("#door-photo").set_input_files(qr_file(tmp_path, later, "later"))
    expect(result).to_have_attribute("data-result", "wrong")
    expect(result).to_have_text(re.compile(r"Deze code is voor een andere datum"))
    page.locator("#door-photo").set_input_files(qr_file(tmp_path, elsewhere, "elsewhere"))
    expect(result).to_have_text(re.compile(r"Deze code is voor een andere activiteit: “Gastles”"))
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/checkin-wrong-375.png")

    # By name: type, tap.
    page.get_by_label("Naam", exact=True).fill("bo")
    expect(page.locator("#door-list .door__person")).to_have_count(1)
    page.get_by_role("button", name=re.compile(r"^Binnen\W+Bo Jansen$")).click()
    expect(result).to_have_attribute("data-result", "ok")
    expect(result).to_have_text(re.compile(r"Welkom, Bo Jansen!"))
    expect(page.locator("#door-list .door__person")).to_have_text(re.compile(r"Binnen om \d\d:\d\d"))
    page.get_by_label("Naam", exact=True).fill("")
    expect(page.locator("#door-count")).to_have_text("2 van 3 binnen")
    wait_until_synced(page)
    assert attended_ids() == sorted([ann.id, bo.id])
    assert db.session.get(Booking, bo.id).checked_in_by_id == host.id

    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_axe_violations(page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/checkin-list-375.png", full_page=True)


def test_offline_check_ins_on_two_phones_are_synced_once_each(page, browser, live_server,
                                                            make_event, hub, host,
                                                            coordinator, tmp_path):
    event = make_event(hub, starts_at=soon(), title="Open inloop", booking_required=True,
                       capacity=20)
    occurrence = event.occurrences[0]
    people = [book(occurrence, name) for name in (
        "Anna Eerst", "Bram Twee", "Cor Drie", "Dina Vier", "Emre Vijf", "Fleur Zes")]
    url = f"/inchecken/{occurrence.id}"

    other_context = browser.new_context(base_url=live_server, locale="nl-NL", viewport=PHONE)
    other_context.set_default_timeout(10_000)
    try:
        second = other_context.new_page()
        phones = [(page, "host@example.nl"), (second, "begeleider@example.nl")]
        for tab, email in phones:
            tab.set_viewport_size(PHONE)
            log_in(tab, email)
            expect(tab.get_by_text("Je bent ingelogd.")).to_be_visible()
            tab.goto(url)
            expect(tab.locator("#door-count")).to_have_text("0 van 6 binnen")
            wait_for_offline_copy(tab)

        for tab, _email in phones:
            tab.context.set_offline(True)
        # Offline the page still opens (from the service worker) and keeps its list.
        second.reload()
        expect(second.locator("#door-network")).to_have_attribute("data-online", "no")
        expect(second.locator("#door-count")).to_have_text("0 van 6 binnen")

        def by_name(tab, booking):
            tab.get_by_label("Naam", exact=True).fill(booking.name.split()[0])
            tab.get_by_role("button", name=re.compile(rf"^Binnen\W+{booking.name}$")).click()
            expect(tab.locator("#door-result")).to_have_attribute("data-result", "ok")
            tab.get_by_label("Naam", exact=True).fill("")

        # The first phone: three by name. The second: one of the same, one other, and a
        # code from a photo; at the same time, neither knows of the other.
        for booking in people[:3]:
            by_name(page, booking)
        by_name(second, people[2])
        by_name(second, people[3])
        second.locator("#door-photo").set_input_files(qr_file(tmp_path, people[4], "emre"))
        expect(second.locator("#door-result")).to_have_text(re.compile("Welkom, Emre Vijf!"))
        expect(page.locator("#door-network")).to_have_attribute("data-pending", "3")
        expect(second.locator("#door-network")).to_have_attribute("data-pending", "3")
        expect(page.locator("#door-network")).to_contain_text("Offline")
        assert attended_ids() == []  # nothing reached the server

        # A phone reloaded offline keeps its queue (localStorage).
        page.reload()
        expect(page.locator("#door-network")).to_have_attribute("data-pending", "3")
        expect(page.locator("#door-count")).to_have_text("3 van 6 binnen")
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/checkin-offline-375.png", full_page=True)

        for tab, _email in phones:
            tab.context.set_offline(False)
        for tab, _email in phones:
            wait_until_synced(tab)

        assert attended_ids() == sorted(b.id for b in people[:5])
        counts = seating.counts_by_date(db.session, [occurrence.id])[occurrence.id]
        assert counts.bookings["attended"] == 5
        # Cor, checked in on both phones, counts once, for the phone that was first.
        cor = db.session.get(Booking, people[2].id)
        assert cor.checked_in_by_id in (host.id, coordinator.id)
        # Both phones end with the whole picture.
        for tab, _email in phones:
            expect(tab.locator("#door-count")).to_have_text("5 van 6 binnen", timeout=20_000)
        # Both show the time of the check-in that counts; a phone whose check-in came in
        # second to the server is told so.
        cor_in = f"Binnen om {checkin.time_label(cor.checked_in_at)}"
        for tab, _email in phones:
            expect(tab.locator("#door-list .door__person", has_text="Cor Drie")).to_contain_text(cor_in)
        told = [tab.locator("#door-network").text_content() for tab, _email in phones]
        assert sum("Al eerder ingecheckt door een ander: Cor Drie" in text for text in told) <= 1
    finally:
        other_context.close()


def camera_file(tmp_path, booking: Booking) -> str:
    """A video of the booking's QR code held up to a camera: a .y4m file for Chromium's
    fake camera (grey frames, the code in the middle)."""
    width, height = 640, 480
    code = Image.open(io.BytesIO(checkin.qr_png(booking, scale=8))).convert("L")
    frame = Image.new("L", (width, height), 200)
    frame.paste(code, ((width - code.width) // 2, (height - code.height) // 2))
    chroma = bytes([128]) * (width // 2 * height // 2)
    path = tmp_path / "camera.y4m"
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(3):
            out.write(b"FRAME\n" + frame.tobytes() + chroma + chroma)
    return str(path)


def test_the_camera_reads_a_code_held_up_to_it(browser, live_server, app, make_event, hub,
                                               host, tmp_path):
    occurrence = make_event(hub, starts_at=soon(), booking_required=True,
                            capacity=10).occurrences[0]
    ann = book(occurrence, "Ann de Gast")
    camera = browser.browser_type.launch(
        executable_path=str(CHROMIUM), headless=True,
        args=[*CHROMIUM_ARGS, "--use-fake-ui-for-media-stream",
              "--use-fake-device-for-media-stream",
              f"--use-file-for-fake-video-capture={camera_file(tmp_path, ann)}"])
    try:
        context = camera.new_context(base_url=live_server, locale="nl-NL", viewport=PHONE,
                                     permissions=["camera"])
        context.set_default_timeout(15_000)
        tab = context.new_page()
        log_in(tab, "host@example.nl")
        expect(tab.get_by_text("Je bent ingelogd.")).to_be_visible()
        tab.goto(f"/inchecken/{occurrence.id}")
        tab.get_by_role("button", name="Scan QR-code").click()
        expect(tab.locator("#door-video")).to_be_visible()
        result = tab.locator("#door-result")
        expect(result).to_have_attribute("data-result", "ok")
        expect(result).to_have_text(re.compile(r"Welkom, Ann de Gast!"))
        if SHOTS:
            tab.screenshot(path=f"{SHOTS}/checkin-camera-375.png", full_page=True)
        wait_until_synced(tab)
        assert attended_ids() == [ann.id]
        # The same code in front of the camera a moment later is not a second check-in.
        expect(result).to_have_attribute("data-result", "already", timeout=15_000)
        tab.get_by_role("button", name="Camera uit").click()
        expect(tab.locator("#door-video")).to_be_hidden()
        assert attended_ids() == [ann.id]
    finally:
        camera.close()


def test_the_code_on_the_manage_page_lets_its_guest_in(page, make_event, hub, host, tmp_path):
    occurrence = make_event(hub, starts_at=soon(), booking_required=True,
                            capacity=10).occurrences[0]
    guest = book(occurrence, "Gijs Gast")
    page.set_viewport_size(PHONE)
    page.goto(f"/bookings/{guest.token}")
    code = page.locator(".checkin-qr__picture svg")
    expect(page.get_by_role("heading", name="Je code om in te checken")).to_be_visible()
    box = code.bounding_box()
    assert 200 <= box["width"] <= PHONE["width"] - 32
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_axe_violations(page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/manage-qr-375.png", full_page=True)
    shown = tmp_path / "shown.png"
    code.screenshot(path=str(shown))

    # What the guest's phone shows, as the host's phone sees it.
    log_in(page, "host@example.nl")
    expect(page.get_by_text("Je bent ingelogd.")).to_be_visible()
    page.goto(f"/inchecken/{occurrence.id}")
    page.locator("#door-photo").set_input_files(str(shown))
    expect(page.locator("#door-result")).to_have_text(re.compile("Welkom, Gijs Gast!"))
    wait_until_synced(page)
    assert attended_ids() == [guest.id]


def test_offline_codes_for_other_dates_are_told_and_a_stale_token_loses_nothing(
        page, make_event, hub, host, tmp_path):
    event = make_event(hub, starts_at=soon(), booking_required=True, capacity=10,
                       recurrence=Recurrence("WEEKLY", count=2))
    occurrence, next_week = event.occurrences
    other = make_event(hub, starts_at=soon() + timedelta(days=1), booking_required=True,
                       capacity=10, title="Gastles")
    guest = book(occurrence, "Hanna Later")
    later = book(next_week, "Ivo Volgende")
    elsewhere = book(other.occurrences[0], "Jet Elders")
    page.set_viewport_size(PHONE)
    log_in(page, "host@example.nl")
    expect(page.get_by_text("Je bent ingelogd.")).to_be_visible()
    page.goto(f"/inchecken/{occurrence.id}")
    page.context.set_offline(True)
    result = page.locator("#door-result")
    page.locator("#door-photo").set_input_files(qr_file(tmp_path, later, "later"))
    expect(result).to_have_text(re.compile("Deze code is voor een andere datum van deze activiteit."))
    page.locator("#door-photo").set_input_files(qr_file(tmp_path, elsewhere, "elsewhere"))
    expect(result).to_have_text(re.compile("Deze code is voor een andere activiteit."))
    page.get_by_role("button", name=re.compile(r"^Binnen\W+Hanna Later$")).click()
    expect(page.locator("#door-network")).to_have_attribute("data-pending", "1")
    # The token the phone kept no longer holds (say, the host logged in again elsewhere).
    page.evaluate("() => { window.hubsiteDoor.state().csrf = 'verlopen'; }")
    page.context.set_offline(False)
    wait_until_synced(page)
    assert attended_ids() == [guest.id]
