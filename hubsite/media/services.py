"""Storing pictures: checked by decoding them, re-encoded, kept in `images`.

Only the pixels of an upload are kept: they are copied into a new image, so no
metadata (EXIF and GPS, XMP, JPEG/PNG/GIF comments, text chunks, colour profiles)
and nothing else the file carried (scripts in an SVG disguised as a PNG, trailing
bytes) can reach a stored file. Colours described by an embedded profile are
converted to sRGB first, so the picture still looks the same without it.
"""

from __future__ import annotations

import io
import warnings

from flask_babel import gettext as _
from PIL import Image as PILImage
from PIL import ImageCms, ImageOps, UnidentifiedImageError
from sqlalchemy.orm import Session

from hubsite.media.models import Image

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_SOURCE_PIXELS = 40_000_000
MAX_SIDE = 1600
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


class ImageError(ValueError):
    """An upload that is not a usable picture; the message says why."""


def store_image(session: Session, data: bytes) -> Image:
    """Check an uploaded picture, re-encode it as JPEG (at most 1600 px) and store it."""
    if not data:
        raise ImageError(_("Het bestand is leeg."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageError(_("De afbeelding is groter dan 8 MB. Kies een kleinere afbeelding."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(data)) as probe:
                if probe.format not in ACCEPTED_FORMATS:
                    raise ImageError(_("Kies een foto of afbeelding in JPEG-, PNG-, WebP- of "
                                       "GIF-formaat."))
                if probe.width * probe.height > MAX_SOURCE_PIXELS:
                    raise ImageError(_("De afbeelding heeft te veel pixels."))
                probe.verify()
            with PILImage.open(io.BytesIO(data)) as source:
                source.load()
                picture = _pixels_only(source)
    except ImageError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError,
            PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as error:
        raise ImageError(_("Dit bestand is geen afbeelding die we kunnen gebruiken. Kies een "
                           "JPEG-, PNG-, WebP- of GIF-bestand.")) from error
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=84, optimize=True, progressive=True)
    image = Image(content_type="image/jpeg", width=picture.width, height=picture.height,
                  data=out.getvalue())
    session.add(image)
    session.flush()
    return image


def _pixels_only(source: PILImage.Image) -> PILImage.Image:
    """The upload's pixels upright, at most MAX_SIDE, in sRGB, in a new image without metadata.

    Pillow copies `info` (comments, XMP, the colour profile) through `convert`,
    `thumbnail` and into the saved file, so the result is built from raw pixels.
    """
    picture = ImageOps.exif_transpose(source)
    if picture.mode not in ("RGB", "RGBA", "L", "LA", "CMYK"):
        has_alpha = "A" in picture.mode or "transparency" in picture.info
        picture = picture.convert("RGBA" if has_alpha else "RGB")
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    picture = _flatten(_to_srgb(picture, source.info.get("icc_profile")))
    return PILImage.frombytes("RGB", picture.size, picture.tobytes())


SRGB = ImageCms.createProfile("sRGB")


def _to_srgb(picture: PILImage.Image, icc_profile: bytes | None) -> PILImage.Image:
    """Colours converted from the embedded profile to sRGB (browsers assume sRGB without one)."""
    if not icc_profile:
        return picture
    output_mode = "RGBA" if picture.mode in ("RGBA", "LA") else "RGB"
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        return ImageCms.profileToProfile(picture, profile, SRGB, outputMode=output_mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        # A broken profile, or one that does not fit the pixels: use the pixels as they are.
        return picture


def _flatten(picture: PILImage.Image) -> PILImage.Image:
    """RGB on a white background (JPEG has no transparency)."""
    if picture.mode in ("RGBA", "LA") or (picture.mode == "P" and "transparency" in picture.info):
        rgba = picture.convert("RGBA")
        background = PILImage.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return picture.convert("RGB")
