"""A project's photos and documents.

What a file is comes from its content, never from its name or the browser's word for it:
a picture is decoded and re-encoded by the media layer; a document is kept as it is only
when the media layer's `document_kind` recognises it (PDF, Office Open XML without macros,
OpenDocument, and here also legacy Office files), and it is named with the extension of
what it really is. Everything else is refused with a message that says what is allowed.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from hubsite.hubs.permissions import is_hub_team
from hubsite.media.documents import DocumentError, document_kind, megabytes
from hubsite.media.models import Image
from hubsite.media.services import ImageError, Visibility, register_image_owner, store_image
from hubsite.projects.models import Attachment, Project


class AttachmentError(ValueError):
    """An upload that cannot be attached; the message says why and what is allowed."""


def _not_allowed() -> AttachmentError:
    return AttachmentError(_("Dit soort bestand kan niet. Kies een foto (JPEG, PNG, WebP of GIF), "
                             "een PDF of een Office-bestand (Word, Excel, PowerPoint of "
                             "OpenDocument)."))


def safe_filename(filename: str, extension: str) -> str:
    """The name to offer on download: the upload's base name without folders or control
    characters, with the extension that fits what the file really is."""
    base = PureWindowsPath(PurePosixPath(filename or "").name).name
    stem = re.sub(r"[\x00-\x1f\x7f/\\\"<>|:*?]+", " ", PurePosixPath(base).stem)
    stem = " ".join(stem.split())[:150] or _("bijlage")
    return f"{stem}.{extension}"


def add_attachment(session: Session, project: Project, data: bytes, filename: str,
                   description: str, max_bytes: int) -> Attachment:
    """Attach a photo (re-encoded through the media layer) or a document (kept as it is)."""
    if not data:
        raise AttachmentError(_("Het bestand is leeg."))
    if len(data) > max_bytes:
        raise AttachmentError(_("Het bestand is groter dan %(mb)s MB. Kies een kleiner bestand.",
                                mb=megabytes(max_bytes)))
    try:
        # A hub team's old Word and Excel files are welcome here (legacy_office).
        kind = document_kind(data, filename, legacy_office=True)
    except DocumentError as error:
        raise AttachmentError(str(error)) from error
    if kind is not None:
        attachment = Attachment(project=project, filename=safe_filename(filename, kind.extension),
                                content_type=kind.content_type, size=len(data), data=data,
                                description=description.strip()[:300])
    else:
        try:
            image = store_image(session, data, max_bytes)
        except ImageError as error:
            if _looks_like_an_image(data):
                raise AttachmentError(str(error)) from error
            raise _not_allowed() from error
        attachment = Attachment(project=project, image=image,
                                filename=safe_filename(filename, "jpg"),
                                content_type=image.content_type, size=len(image.data),
                                description=description.strip()[:300])
    session.add(attachment)
    session.flush()
    return attachment


def _looks_like_an_image(data: bytes) -> bool:
    return data.startswith((b"\xff\xd8", b"\x89PNG", b"GIF8")) or data[8:12] == b"WEBP"


def delete_attachment(session: Session, attachment: Attachment) -> None:
    image = attachment.image
    session.delete(attachment)
    session.flush()
    if image is not None and not session.scalar(
            sa.select(Attachment.id).where(Attachment.image_id == image.id).limit(1)):
        session.delete(image)
        session.flush()


def attachment_data(session: Session, attachment: Attachment) -> bytes:
    """A document's bytes (deferred: loaded only to serve it)."""
    return session.scalar(sa.select(Attachment.data).where(Attachment.id == attachment.id)) or b""


# --------------------------------------------------------------------------- pictures


def picture_visibility(session: Session, image: Image, user: Any) -> Visibility | None:
    """A project's photo (or cover) is as public as the project; else for its hub team."""
    projects = session.scalars(
        sa.select(Project).where(sa.or_(
            Project.image_id == image.id,
            Project.id.in_(sa.select(Attachment.project_id)
                           .where(Attachment.image_id == image.id))))).all()
    if not projects:
        return None
    if any(project.is_public for project in projects):
        return Visibility.PUBLIC
    if any(is_hub_team(user, project.hub) for project in projects):
        return Visibility.PRIVATE
    return Visibility.HIDDEN


def register() -> None:
    """Tell media that projects own their photos."""
    register_image_owner("projects", picture_visibility)
