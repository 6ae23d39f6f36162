"""No metadata of an upload reaches a stored or served picture (issue 13: comments survived)."""

from __future__ import annotations

import io

import pytest
from PIL import Image as PILImage

from hubsite.extensions import db
from hubsite.media.services import store_image
from tests.media.helpers import GPS_IFD, SECRETS, UPLOADS_WITH_METADATA


def stored_files(image) -> list[bytes]:
    """Every file kept for `image`: the picture and each of its sizes."""
    return [image.data] + [variant.data for variant in image.variants]


def served_urls(image) -> list[str]:
    """Every URL a page may use for `image`."""
    return [f"/images/{image.id}"] + [f"/images/{image.id}/{width}.{extension}"
                                      for width, _ in image.sizes for extension in ("webp", "jpg")]


@pytest.mark.parametrize("kind", sorted(UPLOADS_WITH_METADATA))
def test_no_metadata_of_an_upload_is_stored_or_served(client, make_event, hub, kind):
    image = store_image(db.session, UPLOADS_WITH_METADATA[kind](size=(1200, 900)))
    make_event(hub, image=image, image_alt="Een blauw vlak")
    files = stored_files(image) + [client.get(url).data for url in served_urls(image)]

    assert len(files) == 2 * (1 + 2 * 3)  # the picture and 3 sizes in 2 formats, stored and served

    for data in files:
        assert not [secret for secret in SECRETS if secret in data]
        with PILImage.open(io.BytesIO(data)) as picture:
            assert not picture.getexif() and not picture.getexif().get_ifd(GPS_IFD)
            assert not {"comment", "exif", "xmp", "icc_profile"} & set(picture.info)
