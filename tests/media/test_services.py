"""Storing an upload: checked by decoding, re-encoded, bounded, colours kept."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from PIL import Image as PILImage

from hubsite.extensions import db
from hubsite.media.models import Image
from hubsite.media.services import ImageError, store_image
from tests.media.helpers import jpeg_with_profile, linear_rgb_profile, png_bytes


def opened(data: bytes) -> PILImage.Image:
    picture = PILImage.open(io.BytesIO(data))
    picture.load()
    return picture


def test_colours_of_an_embedded_profile_are_converted_to_srgb_and_the_profile_dropped(app):
    image = store_image(db.session, jpeg_with_profile(linear_rgb_profile(), grey=128))

    picture = opened(image.data)
    assert "icc_profile" not in picture.info
    red, green, blue = picture.getpixel((20, 15))
    assert all(180 <= value <= 196 for value in (red, green, blue))  # linear 128 is sRGB 188


def test_a_broken_profile_keeps_the_pixels_as_they_are(app):
    image = store_image(db.session, jpeg_with_profile(b"not a profile", grey=128))

    picture = opened(image.data)
    assert "icc_profile" not in picture.info
    assert all(124 <= value <= 132 for value in picture.getpixel((20, 15)))


def test_transparency_is_flattened_on_white(app):
    out = io.BytesIO()
    PILImage.new("RGBA", (20, 20), (0, 0, 0, 0)).save(out, "PNG")
    image = store_image(db.session, out.getvalue())

    assert all(value >= 250 for value in opened(image.data).getpixel((10, 10)))


def test_a_large_picture_is_made_at_most_1600_pixels_wide(app):
    image = store_image(db.session, png_bytes((3200, 1000)))

    assert (image.width, image.height) == (1600, 500)
    assert opened(image.data).size == (1600, 500)


@pytest.mark.parametrize("data, message", [
    (b"", "leeg"),
    (b"%PDF-1.4 not a picture", "geen afbeelding die we kunnen gebruiken"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
     "geen afbeelding die we kunnen gebruiken"),
    (png_bytes()[:60], "geen afbeelding die we kunnen gebruiken"),
])
def test_what_is_not_a_usable_picture_is_refused_and_nothing_stored(app, data, message):
    with pytest.raises(ImageError, match=message):
        store_image(db.session, data)
    assert db.session.scalar(sa.select(sa.func.count(Image.id))) == 0
