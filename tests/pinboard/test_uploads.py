"""Pictures on posts, sent through the post form: only real pictures, within the size
limit, stored without what the camera wrote in them (location above all)."""

from __future__ import annotations

import io
import os
import re

import sqlalchemy as sa
from PIL import Image as PILImage

from hubsite.extensions import db
from hubsite.media.models import Image
from hubsite.pinboard.models import Post
from tests.conftest import field_error
from tests.pinboard.conftest import form_values, post_data

GPS_IFD = 0x8825


def photo_with_location(size: tuple[int, int] = (800, 600)) -> bytes:
    """A JPEG as a phone makes it: a camera make and the place it was taken (Almelo)."""
    picture = PILImage.new("RGB", size, (200, 120, 40))
    exif = PILImage.Exif()
    exif[0x010F] = "Telefoonmerk"  # Make
    exif[0x0132] = "2026:05:01 10:00:00"  # DateTime
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (52.0, 21.0, 24.0), 3: "E", 4: (6.0, 39.0, 36.0)})
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif.tobytes(), quality=90)
    data = out.getvalue()
    with PILImage.open(io.BytesIO(data)) as check:  # the test photo really has a location
        assert check.getexif().get_ifd(GPS_IFD)
    return data


def noise_png(side: int) -> bytes:
    """A PNG that does not compress (random pixels): `side` px square, about 3·side² bytes."""
    picture = PILImage.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def send(client, board, data: bytes, filename: str, **values):
    """The post form as a visitor sends it, with a file."""
    page = client.get(f"/boards/{board.slug}").get_data(as_text=True)
    form = post_data(title="Foto van de opening", body="Zo zag het eruit.",
                     image_alt="Een oranje vlak", display_name="Noor",
                     section=board.sections[0].id, **form_values(page))
    form.update(values)
    form["image"] = (io.BytesIO(data), filename)
    return client.form(f"/boards/{board.slug}/berichten", form,
                       content_type="multipart/form-data")


def post_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Post))


def test_a_file_that_is_not_a_picture_is_refused_next_to_the_field(client, board):
    response = send(client, board, b"%PDF-1.4 not a picture at all", "foto.jpg")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "geen afbeelding" in field_error(page, "image")
    assert post_count() == 0 and db.session.scalar(sa.select(sa.func.count()).select_from(Image)) == 0
    assert 'value="Foto van de opening"' in page and "Zo zag het eruit." in page  # kept


def test_an_svg_named_png_is_refused(client, board):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
    response = send(client, board, svg, "plaatje.png")
    assert response.status_code == 422 and field_error(response.get_data(as_text=True), "image")
    assert post_count() == 0


def test_a_picture_over_the_limit_is_refused_and_what_was_typed_stays(app, client, board):
    app.config["MAX_UPLOAD_BYTES"] = 1024 * 1024  # 1 MB; the request itself may be larger
    big = noise_png(700)
    assert len(big) > 1024 * 1024
    response = send(client, board, big, "groot.png")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "groter dan 1 MB" in field_error(page, "image")
    assert 'value="Foto van de opening"' in page and 'value="Een oranje vlak"' in page
    assert post_count() == 0


def test_a_request_larger_than_the_server_takes_is_a_clear_413(app, client, board):
    app.config["MAX_CONTENT_LENGTH"] = 200_000
    response = send(client, board, noise_png(400), "enorm.png")
    assert response.status_code == 413
    assert "te groot" in response.get_data(as_text=True)
    assert post_count() == 0


def test_a_picture_needs_a_description(client, board):
    response = send(client, board, photo_with_location(), "foto.jpg", image_alt="")
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "image_alt")
    assert post_count() == 0


def test_a_photo_is_stored_without_its_location_or_camera_data(client, board):
    response = send(client, board, photo_with_location(), "foto.jpg")
    assert response.status_code == 303
    post = db.session.scalar(sa.select(Post))
    assert post.image is not None and post.image_alt == "Een oranje vlak"
    stored = [post.image.data] + [variant.data for variant in post.image.variants]
    assert len(stored) > 2  # the picture, and its sizes (a thumbnail among them)
    for data in stored:
        with PILImage.open(io.BytesIO(data)) as picture:
            exif = picture.getexif()
            assert not exif.get_ifd(GPS_IFD) and GPS_IFD not in exif
            assert 0x010F not in exif and "exif" not in picture.info
    assert min(v.width for v in post.image.variants) < post.image.width  # a thumbnail

    # What a browser gets is the same: the served files carry no location either.
    page = client.get(f"/berichten/{post.id}").get_data(as_text=True)
    for url in set(re.findall(r'(/images/\d+/\d+\.(?:jpg|webp))', page)):
        served = client.get(url)
        assert served.status_code == 200
        with PILImage.open(io.BytesIO(served.data)) as picture:
            assert not picture.getexif().get_ifd(GPS_IFD) and "exif" not in picture.info
