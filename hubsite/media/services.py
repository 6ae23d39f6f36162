"""Storing and serving pictures: checked by decoding, re-encoded, made in several sizes.

Only the pixels of an upload are kept: they are copied into a new image, so no
metadata (EXIF and GPS, XMP, JPEG/PNG/GIF comments, text chunks, colour profiles)
and nothing else the file carried (scripts in an SVG disguised as a PNG, trailing
bytes) can reach a stored file. Colours described by an embedded profile are
converted to sRGB first, so the picture still looks the same without it.

Who may see a picture is decided by the capability that uses it: it registers a
rule with `register_image_owner`, and `visibility` asks every rule.
"""

from __future__ import annotations

import enum
import io
import warnings
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from PIL import Image as PILImage
from PIL import ImageCms, ImageOps, UnidentifiedImageError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hubsite.config import DEFAULT_MAX_UPLOAD_BYTES
from hubsite.media.models import VARIANT_FORMATS, Image, ImageVariant

MAX_SOURCE_PIXELS = 40_000_000
MAX_SIDE = 1600
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


class ImageError(ValueError):
    """An upload that is not a usable picture; the message says why."""


def store_image(session: Session, data: bytes, max_bytes: int = DEFAULT_MAX_UPLOAD_BYTES) -> Image:
    """Check an uploaded picture, re-encode it as JPEG (at most 1600 px) and store it
    with its sizes (see `Image.sizes`) in WebP and JPEG."""
    if not data:
        raise ImageError(_("Het bestand is leeg."))
    if len(data) > max_bytes:
        raise ImageError(_("De afbeelding is groter dan %(mb)d MB. Kies een kleinere afbeelding.",
                           mb=max_bytes // (1024 * 1024)))
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
    for width, height in image.sizes:
        resized = picture.resize((width, height), PILImage.Resampling.LANCZOS) \
            if width != picture.width else picture
        for format_ in VARIANT_FORMATS:
            image.variants.append(ImageVariant(format=format_, width=width, height=height,
                                               data=_encode(resized, format_)))
    session.add(image)
    session.flush()
    return image


def variant_of(session: Session, image: Image, format_: str, width: int) -> ImageVariant | None:
    """The stored size `width` of `image` in `format_`; None if no such size is made.

    A size that is missing (a picture stored before sizes were made, or a width
    added later) is made now and stored, so each is made once.
    """
    if format_ not in VARIANT_FORMATS:
        return None
    height = dict(image.sizes).get(width)
    if height is None:
        return None
    query = sa.select(ImageVariant).filter_by(image_id=image.id, format=format_, width=width)
    found = session.scalar(query)
    if found is not None:
        return found
    with PILImage.open(io.BytesIO(image.data)) as source:
        picture = source.convert("RGB").resize((width, height), PILImage.Resampling.LANCZOS)
    variant = ImageVariant(image_id=image.id, format=format_, width=width, height=height,
                           data=_encode(picture, format_))
    try:
        with session.begin_nested():
            session.add(variant)
    except IntegrityError:
        # Another request made the same size at the same moment: use theirs.
        return session.scalar(query)
    return variant


def _encode(picture: PILImage.Image, format_: str) -> bytes:
    """`picture` as a file; `picture` carries no `info`, so no metadata is written."""
    out = io.BytesIO()
    if format_ == "webp":
        picture.save(out, "WEBP", quality=80, method=4)
    else:
        picture.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()


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


# --------------------------------------------------------------------------- who may see it


class Visibility(enum.Enum):
    """What a picture's owner says about one viewer."""

    PUBLIC = "public"  # anyone may see it: caches may keep it
    PRIVATE = "private"  # this viewer may, not everyone (a draft's picture): no cache keeps it
    HIDDEN = "hidden"  # the owner's, and this viewer may not see it


# A rule answers for the pictures of one capability, None for a picture that is not its.
OwnerRule = Callable[[Session, Image, Any], Visibility | None]
_owners: dict[str, OwnerRule] = {}


def register_image_owner(kind: str, rule: OwnerRule) -> None:
    """Let the capability `kind` decide who sees its pictures (registering again replaces)."""
    _owners[kind] = rule


def visibility(session: Session, image: Image, user: Any) -> Visibility:
    """Whether `user` (maybe anonymous) may see `image`, and whether caches may keep it.

    Public as soon as one owner shows it to anyone; a picture no owner claims is
    hidden (an upload whose activity was never saved, a board post's picture
    before the board registers its rule).
    """
    answers = {rule(session, image, user) for rule in _owners.values()}
    for answer in (Visibility.PUBLIC, Visibility.PRIVATE):
        if answer in answers:
            return answer
    return Visibility.HIDDEN
