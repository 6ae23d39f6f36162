"""Draw the PNG icons from the same shapes as static/img/mark.svg (Pillow, no SVG renderer).

    python tools/icons.py      writes static/img/favicon-32.png, icon-192.png, icon-512.png,
                               icon-maskable-192.png, icon-maskable-512.png, apple-touch-icon.png

The mark is drawn on a 48-unit grid, like the SVG: a room (rounded square), a doorway, the
open door and a round shape stepping in. The maskable icons fill the whole square and keep the
mark inside the middle 60 %, the safe zone every launcher's mask leaves visible.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "static" / "img"
BRAND = "#0b5d50"
DOORWAY = "#ffffff"
DOOR = "#8fd3bf"
ROUND = "#f6b73c"
SUPERSAMPLE = 4  # draw larger, then shrink: smooth edges without an antialiasing API


def draw_mark(size: int, *, maskable: bool = False) -> Image.Image:
    """The mark as a size×size RGBA image."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle((0, 0, big, big), fill=BRAND)
        scale, offset = big * 0.6 / 48, big * 0.2
    else:
        scale, offset = big / 48, 0.0
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=11 * scale, fill=BRAND)

    def pt(x: float, y: float) -> tuple[float, float]:
        return offset + x * scale, offset + y * scale

    # The doorway: M11.5 38 V22 a8 8 0 0 1 16 0 V38 z
    draw.rectangle((*pt(11.5, 22), *pt(27.5, 38)), fill=DOORWAY)
    draw.pieslice((*pt(11.5, 14), *pt(27.5, 30)), 180, 360, fill=DOORWAY)
    # The open door: M27.5 14 l9 -3.5 v31 L27.5 38 z
    draw.polygon([pt(27.5, 14), pt(36.5, 10.5), pt(36.5, 41.5), pt(27.5, 38)], fill=DOOR)
    # The round one stepping in.
    draw.ellipse((*pt(19.5 - 4.5, 30 - 4.5), *pt(19.5 + 4.5, 30 + 4.5)), fill=ROUND)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    files = {
        "favicon-32.png": draw_mark(32),
        "icon-192.png": draw_mark(192),
        "icon-512.png": draw_mark(512),
        "icon-maskable-192.png": draw_mark(192, maskable=True),
        "icon-maskable-512.png": draw_mark(512, maskable=True),
        # iOS puts its own rounded mask over a full square.
        "apple-touch-icon.png": draw_mark(180, maskable=True).convert("RGB"),
    }
    for name, image in files.items():
        image.save(OUT / name, optimize=True)
        print(OUT / name)


if __name__ == "__main__":
    main()
