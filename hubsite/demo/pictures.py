"""Demo pictures, drawn for this project with Pillow: an abstract, colourful composition
per activity type (a gradient, soft shapes, the type's motif) and per hub, so a fresh
demo looks like a site in use. No photo from elsewhere.

Stored through media's `store_image` like any upload; idempotent: only activities and
hubs of the demo set without a picture get one, and the activities of one type share it.
"""

from __future__ import annotations

import io
import random

import sqlalchemy as sa
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter
from sqlalchemy.orm import Session

from hubsite.agenda.models import Event
from hubsite.demo.agenda import UID_SUFFIX
from hubsite.hubs.models import Hub
from hubsite.media.models import Image
from hubsite.media.services import store_image

SIZE = (1200, 675)
# Per activity type: two colours of the gradient, the accent, and the motif drawn on top.
TYPE_LOOKS = {
    "co-creatiesessie": ("#0b5d50", "#2a9d8f", "#f4a261", "circles"),
    "training": ("#1d3557", "#457b9d", "#ffb703", "chart"),
    "brainstorm": ("#6d28d9", "#a855f7", "#facc15", "bulb"),
    "opdrachtgesprek": ("#c2410c", "#f97316", "#fff7ed", "bubbles"),
    "open-inloop": ("#0f766e", "#14b8a6", "#fde68a", "door"),
    "bijeenkomst": ("#b45309", "#f59e0b", "#fff7ed", "table"),
    "werkgroep": ("#166534", "#22c55e", "#dcfce7", "grid"),
    "rondleiding": ("#0369a1", "#38bdf8", "#fde68a", "path"),
    "bedrijfsbezoek": ("#334155", "#64748b", "#fb923c", "factory"),
    "gastles": ("#9d174d", "#ec4899", "#fdf2f8", "board"),
    "workshop": ("#7c2d12", "#ea580c", "#fef3c7", "gear"),
    "excursie": ("#065f46", "#10b981", "#fef9c3", "hills"),
}
DEFAULT_LOOK = ("#0b5d50", "#c2410c", "#fde8dc", "circles")
HUB_LOOKS = {
    "almelo": ("#0b5d50", "#c2410c", "#fde8dc"),
    "utrecht": ("#1d3557", "#e76f51", "#f1faee"),
    "amersfoort": ("#6d28d9", "#0ea5e9", "#fef9c3"),
    "nieuwegein": ("#166534", "#f59e0b", "#fff7ed"),
    "westerkwartier": ("#065f46", "#84cc16", "#fefce8"),
}
TYPE_ALT = "Illustratie: {name}"
HUB_ALT = "Illustratie van {name}: gekleurde vlakken en huizen in de stijl van de site"


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def _gradient(start: str, end: str) -> PILImage.Image:
    """A diagonal gradient from `start` (top left) to `end` (bottom right)."""
    small = PILImage.new("RGB", (64, 36))
    a, b = _rgb(start), _rgb(end)
    for x in range(64):
        for y in range(36):
            t = (x / 63 + y / 35) / 2
            small.putpixel((x, y), tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3)))
    return small.resize(SIZE, PILImage.Resampling.BICUBIC)


def _soft_shapes(picture: PILImage.Image, accent: str, rng: random.Random) -> None:
    """Blurred light and dark discs and a wave at the bottom, for depth."""
    layer = PILImage.new("RGBA", SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    w, h = SIZE
    for _ in range(3):
        r = rng.randint(140, 320)
        x, y = rng.randint(-100, w + 100), rng.randint(-100, h + 100)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255, 26))
    r = rng.randint(240, 340)
    draw.ellipse((-r // 2, h - r, r * 1.4, h + r), fill=(0, 0, 0, 22))
    layer = layer.filter(ImageFilter.GaussianBlur(18))
    picture.paste(layer, mask=layer)
    draw = ImageDraw.Draw(picture, "RGBA")
    points = [(x, h - 90 + round(28 * rng.random() - 14) + (40 if 300 < x < 800 else 0))
              for x in range(0, w + 100, 100)]
    draw.polygon([(0, h), *points, (w, h)], fill=(0, 0, 0, 24))
    for _ in range(5):
        r = rng.randint(8, 22)
        x, y = rng.randint(40, w - 40), rng.randint(40, h - 140)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(*_rgb(accent), 200))


def _motif(picture: PILImage.Image, motif: str, accent: str) -> None:
    """The type's motif in the middle, in white and the accent colour."""
    draw = ImageDraw.Draw(picture, "RGBA")
    white, acc, ink = (255, 255, 255, 235), (*_rgb(accent), 240), (29, 35, 39, 220)
    cx, cy = SIZE[0] // 2, SIZE[1] // 2 - 20
    if motif == "circles":
        for dx, dy, fill in ((-70, 30, white), (70, 30, acc), (0, -50, (255, 255, 255, 150))):
            draw.ellipse((cx + dx - 115, cy + dy - 115, cx + dx + 115, cy + dy + 115), fill=fill)
    elif motif == "chart":
        draw.rounded_rectangle((cx - 190, cy - 120, cx + 190, cy + 120), 20, fill=white)
        draw.line([(cx - 140, cy + 70), (cx - 60, cy - 10), (cx, cy + 30), (cx + 120, cy - 80)],
                  fill=ink, width=16, joint="curve")
        draw.ellipse((cx + 100, cy - 100, cx + 140, cy - 60), fill=acc)
    elif motif == "bulb":
        draw.ellipse((cx - 110, cy - 150, cx + 110, cy + 70), fill=acc)
        draw.rounded_rectangle((cx - 50, cy + 60, cx + 50, cy + 110), 14, fill=white)
        draw.rounded_rectangle((cx - 38, cy + 120, cx + 38, cy + 150), 12, fill=white)
    elif motif == "bubbles":
        draw.rounded_rectangle((cx - 230, cy - 130, cx + 40, cy + 20), 30, fill=white)
        draw.polygon([(cx - 170, cy + 15), (cx - 200, cy + 80), (cx - 110, cy + 15)], fill=white)
        draw.rounded_rectangle((cx - 40, cy - 20, cx + 230, cy + 130), 30, fill=(*_rgb(accent), 230))
        for dx in (40, 95, 150):
            draw.ellipse((cx + dx - 14, cy + 41, cx + dx + 14, cy + 69), fill=ink)
    elif motif == "door":
        draw.rounded_rectangle((cx - 120, cy - 180, cx + 120, cy + 190), 16, fill=white)
        draw.polygon([(cx - 90, cy - 150), (cx + 60, cy - 150), (cx + 95, cy - 130),
                      (cx + 95, cy + 190), (cx - 90, cy + 190)], fill=acc)
        draw.ellipse((cx + 40, cy + 10, cx + 64, cy + 34), fill=ink)
    elif motif == "table":
        draw.ellipse((cx - 250, cy - 10, cx + 250, cy + 130), fill=white)
        for i, dx in enumerate((-230, -120, 0, 120, 230)):
            dy = -70 if dx in (-230, 230) else -110
            draw.ellipse((cx + dx - 45, cy + dy - 45, cx + dx + 45, cy + dy + 45),
                         fill=acc if i % 2 else ink)
    elif motif == "grid":
        for dx in (-1, 1):
            for dy in (-1, 1):
                x, y = cx + dx * 100, cy + dy * 80
                draw.rounded_rectangle((x - 85, y - 65, x + 85, y + 65), 18,
                                       fill=white if dx == dy else acc)
                draw.line([(x - 45, y), (x + 45, y)], fill=ink, width=12)
    elif motif == "path":
        draw.line([(cx - 330, cy + 170), (cx - 120, cy + 60), (cx + 60, cy + 90),
                   (cx + 220, cy - 60)], fill=white, width=18, joint="curve")
        draw.line([(cx + 220, cy - 60), (cx + 220, cy - 230)], fill=white, width=14)
        draw.polygon([(cx + 226, cy - 230), (cx + 340, cy - 230), (cx + 310, cy - 190),
                      (cx + 340, cy - 150), (cx + 226, cy - 150)], fill=acc)
    elif motif == "factory":
        draw.polygon([(cx - 260, cy + 170), (cx - 260, cy - 30), (cx - 140, cy + 40),
                      (cx - 140, cy - 30), (cx - 20, cy + 40), (cx - 20, cy - 30), (cx + 100, cy + 40),
                      (cx + 100, cy - 170), (cx + 200, cy - 170), (cx + 200, cy + 170)], fill=white)
        for dx in (-200, -80, 40):
            draw.rectangle((cx + dx, cy + 80, cx + dx + 50, cy + 130), fill=acc)
    elif motif == "board":
        draw.rounded_rectangle((cx - 260, cy - 160, cx + 200, cy + 100), 18, fill=ink)
        for i, length in enumerate((220, 320, 160)):
            y = cy - 100 + i * 60
            draw.line([(cx - 210, y), (cx - 210 + length, y)], fill=white, width=14)
        draw.ellipse((cx + 190, cy + 50, cx + 270, cy + 130), fill=acc)
        draw.pieslice((cx + 160, cy + 140, cx + 300, cy + 280), 180, 360, fill=acc)
    elif motif == "gear":
        for angle in range(0, 360, 45):
            draw.pieslice((cx - 150, cy - 150, cx + 150, cy + 150), angle, angle + 22, fill=acc)
        draw.ellipse((cx - 115, cy - 115, cx + 115, cy + 115), fill=acc)
        draw.ellipse((cx - 45, cy - 45, cx + 45, cy + 45), fill=(0, 0, 0, 60))
    elif motif == "hills":
        draw.polygon([(cx - 380, cy + 200), (cx - 140, cy - 120), (cx + 20, cy + 60),
                      (cx + 120, cy - 40), (cx + 380, cy + 200)], fill=white)
        draw.ellipse((cx + 200, cy - 210, cx + 300, cy - 110), fill=acc)


def _houses(picture: PILImage.Image, accent: str, rng: random.Random) -> None:
    """A row of simple houses with a hub's door in the middle: the hub's motif."""
    draw = ImageDraw.Draw(picture, "RGBA")
    w, h = SIZE
    base = h - 150
    x = 80
    while x < w - 120:
        width, height = rng.randint(110, 170), rng.randint(160, 300)
        fill = (255, 255, 255, 235) if rng.random() < .6 else (*_rgb(accent), 235)
        draw.rectangle((x, base - height, x + width, base), fill=fill)
        draw.polygon([(x - 8, base - height), (x + width // 2, base - height - 70),
                      (x + width + 8, base - height)], fill=fill)
        for wy in range(base - height + 30, base - 60, 60):
            draw.rectangle((x + 22, wy, x + 48, wy + 30), fill=(29, 35, 39, 90))
            draw.rectangle((x + width - 48, wy, x + width - 22, wy + 30), fill=(29, 35, 39, 90))
        x += width + rng.randint(18, 40)
    draw.rounded_rectangle((w // 2 - 45, base - 120, w // 2 + 45, base), 10, fill=(29, 35, 39, 220))


def type_picture(slug: str) -> bytes:
    """The demo picture of an activity type, as a PNG."""
    start, end, accent, motif = TYPE_LOOKS.get(slug, DEFAULT_LOOK)
    rng = random.Random(slug)
    picture = _gradient(start, end)
    _soft_shapes(picture, accent, rng)
    _motif(picture, motif, accent)
    return _png(picture)


def hub_picture(slug: str) -> bytes:
    """The demo picture of a hub, as a PNG."""
    start, end, accent = HUB_LOOKS.get(slug, DEFAULT_LOOK[:3])
    rng = random.Random(slug)
    picture = _gradient(start, end)
    _soft_shapes(picture, accent, rng)
    _houses(picture, accent, rng)
    return _png(picture)


def _png(picture: PILImage.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def seed(session: Session) -> str:
    """Give the demo activities and hubs without a picture one; returns a summary line."""
    events = session.scalars(sa.select(Event).where(Event.uid.like("%" + UID_SUFFIX),
                                                    Event.image_id.is_(None))).all()
    by_type: dict[str, Image] = {}
    for event in events:
        slug = event.activity_type.slug
        if slug not in by_type:
            by_type[slug] = store_image(session, type_picture(slug))
        event.image = by_type[slug]
        event.image_alt = TYPE_ALT.format(name=event.activity_type.name_nl)
    hubs = session.scalars(sa.select(Hub).where(Hub.image_id.is_(None))).all()
    for hub in hubs:
        hub.image = store_image(session, hub_picture(hub.slug))
        hub.image_alt = HUB_ALT.format(name=hub.name)
    session.flush()
    return f"pictures: {len(events)} activities and {len(hubs)} hubs got a picture"
