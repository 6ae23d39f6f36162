"""Files an asker sends with a question: pictures through the media layer (checked and
re-encoded), documents (PDF, office files) checked by their content and kept as they are.

Both are for the hub team only: a picture is shown to those who may see the question
(the media view asks `picture_visibility`), a document is downloaded by them with
`Content-Disposition: attachment` and `nosniff` (hubsite.media.documents).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import has_request_context
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from hubsite.media.documents import (
    DocumentError,
    check_document,
    extension_of,
    safe_filename,
)
from hubsite.media.models import Image
from hubsite.media.services import ImageError, Visibility, register_image_owner, store_image
from hubsite.questions.access import may_see
from hubsite.questions.models import Question, QuestionAttachment

MAX_FILES = 3
IMAGE_EXTENSIONS = ("jpg", "jpeg", "png", "webp", "gif")
# What a picture starts with: JPEG, PNG, GIF, and WebP (RIFF....WEBP).
_IMAGE_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")


class AttachmentError(ValueError):
    """A file that cannot go with the question; the message says which and why."""


@dataclass(frozen=True)
class Upload:
    """One uploaded file as plain values (no request objects in services)."""

    filename: str
    data: bytes


def _looks_like_picture(data: bytes) -> bool:
    return data.startswith(_IMAGE_SIGNATURES) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


def attach(session: Session, question: Question, upload: Upload, document_max_bytes: int,
           image_max_bytes: int) -> QuestionAttachment:
    """Check one file and add it to the question (flushed)."""
    name = safe_filename(upload.filename)
    if _looks_like_picture(upload.data) or extension_of(name) in IMAGE_EXTENSIONS:
        try:
            image = store_image(session, upload.data, image_max_bytes)
        except ImageError as error:
            raise AttachmentError(f"{name}: {error}") from error
        attachment = QuestionAttachment(question=question, image=image, filename=name,
                                        content_type=image.content_type, size=len(image.data))
    else:
        try:
            document = check_document(name, upload.data, document_max_bytes)
        except DocumentError as error:
            raise AttachmentError(str(error)) from error
        attachment = QuestionAttachment(question=question, filename=document.filename,
                                        content_type=document.content_type,
                                        size=len(document.data), data=document.data)
    session.add(attachment)
    session.flush()
    return attachment


def too_many_files(count: int) -> str | None:
    if count > MAX_FILES:
        return _("Stuur hoogstens %(n)d bestanden mee.", n=MAX_FILES)
    return None


def picture_visibility(session: Session, image: Image, user: Any) -> Visibility | None:
    """A question's picture: only for those who may see the question."""
    question = session.scalar(sa.select(Question).join(QuestionAttachment)
                              .where(QuestionAttachment.image_id == image.id))
    if question is None:
        return None
    if has_request_context() and may_see(user, question):
        return Visibility.PRIVATE
    return Visibility.HIDDEN


def register() -> None:
    """Tell media that questions own the pictures their askers sent."""
    register_image_owner("questions", picture_visibility)
