"""Serving pictures: every size in WebP and JPEG, cached when public, asked of the owner."""

from __future__ import annotations

import html
import io
import re

import pytest
import sqlalchemy as sa
from PIL import Image as PILImage

from hubsite.agenda.models import STATUS_DRAFT
from hubsite.extensions import db
from hubsite.media import services
from hubsite.media.models import ImageVariant
from hubsite.media.services import Visibility, store_image
from tests.media.helpers import png_bytes

EVERY_SIZE = [(480, 360), (960, 720), (1600, 1200)]


def urls_of(image) -> list[str]:
    """The original and every size, in both formats."""
    return [f"/images/{image.id}"] + [f"/images/{image.id}/{width}.{extension}"
                                      for width, _ in EVERY_SIZE for extension in ("webp", "jpg")]


@pytest.fixture
def picture(app):
    """A picture of 2000×1500 px, stored (as 1600×1200) with its sizes."""
    image = store_image(db.session, png_bytes((2000, 1500)))
    db.session.commit()
    return image


def test_a_public_picture_is_served_in_every_size_and_format_with_long_caching(
        client, make_event, hub, picture):
    make_event(hub, image=picture, image_alt="Studenten aan een tafel")

    for width, height in EVERY_SIZE:
        for extension, mimetype, pillow_format in (("webp", "image/webp", "WEBP"),
                                                   ("jpg", "image/jpeg", "JPEG")):
            served = client.get(f"/images/{picture.id}/{width}.{extension}")
            assert served.status_code == 200 and served.mimetype == mimetype
            with PILImage.open(io.BytesIO(served.data)) as file:
                assert (file.format, file.size) == (pillow_format, (width, height))
            assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"
            again = client.get(f"/images/{picture.id}/{width}.{extension}",
                               headers={"If-None-Match": served.headers["ETag"]})
            assert again.status_code == 304


def test_the_activity_page_offers_every_size_as_webp_with_a_jpeg_fallback(
        client, make_event, hub, picture):
    event = make_event(hub, image=picture, image_alt="Studenten aan een tafel")
    page = client.get(f"/events/{event.id}").get_data(as_text=True)

    source = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)">', page)
    assert source is not None
    assert html.unescape(source.group(1)) == ", ".join(
        f"/images/{picture.id}/{width}.webp {width}w" for width, _ in EVERY_SIZE)
    img = re.search(r"<img [^>]*>", page[source.end():]).group(0)
    assert f'src="/images/{picture.id}/960.jpg"' in img
    assert f"/images/{picture.id}/1600.jpg 1600w" in img
    assert 'width="1600" height="1200"' in img and 'alt="Studenten aan een tafel"' in img
    # At the top of the page: loaded at once, not lazily.
    assert 'loading="eager"' in img


def test_the_edit_page_shows_the_picture_small(client, host, make_event, hub, picture):
    event = make_event(hub, image=picture, image_alt="Studenten aan een tafel")
    client.login(host)
    page = client.get(f"/events/{event.id}/bewerken").get_data(as_text=True)

    img = re.search(r'<img [^>]*class="form-preview"[^>]*>', page).group(0)
    assert 'sizes="14rem"' in img and 'loading="lazy"' in img
    assert f"/images/{picture.id}/480.jpg 480w" in img


def test_a_small_picture_is_never_made_larger(client, make_event, hub):
    image = store_image(db.session, png_bytes((300, 200)))
    make_event(hub, image=image, image_alt="Klein")

    assert image.sizes == [(300, 200)]
    assert sorted((v.format, v.width, v.height) for v in image.variants) == [
        ("jpeg", 300, 200), ("webp", 300, 200)]
    assert client.get(f"/images/{image.id}/300.webp").status_code == 200
    assert client.get(f"/images/{image.id}/480.webp").status_code == 404


@pytest.mark.parametrize("path", ["/{id}/123.jpg", "/{id}/480.png", "/{id}/480.jpeg", "/9999",
                                  "/9999/480.jpg"])
def test_an_unknown_picture_size_or_format_is_not_found(client, make_event, hub, picture, path):
    make_event(hub, image=picture, image_alt="Iets")

    assert client.get("/images" + path.format(id=picture.id)).status_code == 404


def test_a_drafts_picture_is_shown_to_its_hub_team_and_never_kept_in_a_cache(
        client, host, other_host, make_event, hub, picture):
    make_event(hub, image=picture, image_alt="Nog geheim", status=STATUS_DRAFT)

    client.login(host)
    for url in urls_of(picture):
        served = client.get(url)
        assert served.status_code == 200
        assert served.headers["Cache-Control"] == "private, no-store"
    client.post("/uitloggen", data={"csrf_token": client.csrf_token()})
    for url in urls_of(picture):
        assert client.get(url).status_code == 404
    client.login(other_host)
    for url in urls_of(picture):
        assert client.get(url).status_code == 404


def test_a_picture_used_by_a_published_activity_is_public_even_if_a_draft_uses_it_too(
        client, make_event, hub, picture):
    make_event(hub, image=picture, image_alt="Concept", status=STATUS_DRAFT)
    make_event(hub, image=picture, image_alt="Gepubliceerd")

    served = client.get(f"/images/{picture.id}/480.jpg")
    assert served.status_code == 200 and "public" in served.headers["Cache-Control"]


def test_a_picture_no_capability_claims_is_not_found(client, host, picture):
    # A board post's picture, before the board tells media who may see it.
    client.login(host)

    for url in urls_of(picture):
        assert client.get(url).status_code == 404


def test_the_owning_capability_decides_who_sees_its_pictures(client, monkeypatch, picture):
    def board_rule(session, image, user):
        return Visibility.PUBLIC if image.id == picture.id else None

    monkeypatch.setitem(services._owners, "board", board_rule)

    served = client.get(f"/images/{picture.id}/960.webp")
    assert served.status_code == 200 and "public" in served.headers["Cache-Control"]


def test_a_picture_stored_before_sizes_existed_gets_them_when_first_asked(
        client, make_event, hub, picture):
    make_event(hub, image=picture, image_alt="Van vroeger")
    db.session.execute(sa.delete(ImageVariant))
    db.session.commit()

    served = client.get(f"/images/{picture.id}/960.webp")
    assert served.status_code == 200 and served.mimetype == "image/webp"
    with PILImage.open(io.BytesIO(served.data)) as file:
        assert file.size == (960, 720)
    stored = db.session.scalars(sa.select(ImageVariant)).all()
    assert [(v.format, v.width, v.height) for v in stored] == [("webp", 960, 720)]
    assert client.get(f"/images/{picture.id}/960.webp").data == served.data
    assert db.session.scalar(sa.select(sa.func.count(ImageVariant.id))) == 1


def test_two_requests_making_the_same_size_at_once_both_get_the_picture(
        client, make_event, hub, picture, monkeypatch):
    make_event(hub, image=picture, image_alt="Druk")
    db.session.execute(sa.delete(ImageVariant))
    db.session.commit()
    encode = services._encode

    def encode_while_another_request_stores_it(image, format_):
        data = encode(image, format_)
        # The other request (another worker) stores the same size first.
        with db.engine.begin() as other:
            other.execute(sa.insert(ImageVariant).values(
                image_id=picture.id, format=format_, width=480, height=360, data=data))
        return data

    monkeypatch.setattr(services, "_encode", encode_while_another_request_stores_it)
    served = client.get(f"/images/{picture.id}/480.jpg")

    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert db.session.scalar(sa.select(sa.func.count(ImageVariant.id))) == 1
