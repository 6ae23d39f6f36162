"""The one view that serves pictures, whoever uses them; the owner decides who may see one."""

from __future__ import annotations

from flask import Blueprint, Response, abort, request
from flask_login import current_user

from hubsite.extensions import db
from hubsite.media import services
from hubsite.media.models import Image

bp = Blueprint("media", __name__)

# A URL never gets other content (a new upload is a new picture), so public
# copies may be kept for a year without asking again.
PUBLIC_CACHE = "public, max-age=31536000, immutable"
PRIVATE_CACHE = "private, no-store"
EXTENSIONS = {"webp": "webp", "jpg": "jpeg"}


@bp.get("/images/<int:image_id>")
def image(image_id: int) -> Response:
    """A stored picture as uploaded (re-encoded, at most 1600 px)."""
    picture, cache = _visible_image_or_404(image_id)
    return _file(picture.data, picture.content_type, f"image-{picture.id}", cache)


@bp.get("/images/<int:image_id>/<int:width>.<any(webp, jpg):extension>")
def variant(image_id: int, width: int, extension: str) -> Response:
    """One size of a picture, in WebP or JPEG, for `srcset`."""
    picture, cache = _visible_image_or_404(image_id)
    found = services.variant_of(db.session, picture, EXTENSIONS[extension], width)
    if found is None:
        abort(404)
    # Making a missing size (a picture stored before sizes existed) is the only write here.
    db.session.commit()
    return _file(found.data, found.content_type, f"image-{picture.id}-{width}.{extension}", cache)


def _visible_image_or_404(image_id: int) -> tuple[Image, str]:
    """The picture and its Cache-Control, or 404 when this viewer may not see it.

    404 rather than 403, so a draft's picture does not tell that it exists.
    """
    picture = db.session.get(Image, image_id)
    if picture is None:
        abort(404)
    seen = services.visibility(db.session, picture, current_user)
    if seen is services.Visibility.HIDDEN:
        abort(404)
    return picture, PUBLIC_CACHE if seen is services.Visibility.PUBLIC else PRIVATE_CACHE


def _file(data: bytes, content_type: str, etag: str, cache: str) -> Response:
    response = Response(data, mimetype=content_type)
    response.headers["Cache-Control"] = cache
    response.set_etag(etag)
    return response.make_conditional(request)
