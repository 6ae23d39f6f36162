"""A project's photos and documents.

What a file is comes from its content, never from its name or the browser's word for it:
a picture is decoded and re-encoded by the media layer; a document is kept as it is only
when its first bytes say PDF (`%PDF-`), an Office Open XML package (a zip whose
`[Content_Types].xml` names a Word, Excel or PowerPoint main part, without macros), an
OpenDocument package (its `mimetype` entry), or a legacy Office file (the OLE compound
file signature). Everything else is refused with a message that says what is allowed.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from hubsite.hubs.permissions import is_hub_team
from hubsite.media.models import Image
from hubsite.media.services import ImageError, Visibility, register_image_owner, store_image
from hubsite.projects.models import Attachment, Project

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
DOC, XLS, PPT = "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
# The main part's content type in [Content_Types].xml → the document's type and extension.
OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml":
        (DOCX, "docx"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml":
        (XLSX, "xlsx"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml":
        (PPTX, "pptx"),
}
OPENDOCUMENT_TYPES = {ODT: "odt", ODS: "ods", ODP: "odp"}
OLE_TYPES = {"doc": DOC, "xls": XLS, "ppt": PPT}
MAX_ZIP_ENTRIES = 5000
MAX_CONTENT_TYPES_BYTES = 1_000_000


class AttachmentError(ValueError):
    """An upload that cannot be attached; the message says why and what is allowed."""


@dataclass(frozen=True)
class DocumentKind:
    content_type: str
    extension: str


def _not_allowed() -> AttachmentError:
    return AttachmentError(_("Dit soort bestand kan niet. Kies een foto (JPEG, PNG, WebP of GIF), "
                             "een PDF of een Office-bestand (Word, Excel, PowerPoint of "
                             "OpenDocument)."))


def document_kind(data: bytes, filename: str = "") -> DocumentKind | None:
    """What document the bytes are (by their signature), or None when they are none we keep.

    Raises AttachmentError for an Office file with macros.
    """
    if data.startswith(b"%PDF-"):
        return DocumentKind(PDF, "pdf")
    if data.startswith(OLE_SIGNATURE):
        # The compound file itself does not say Word or Excel without parsing its
        # directory; the name picks among the three legacy types, else Word.
        extension = _extension(filename)
        extension = extension if extension in OLE_TYPES else "doc"
        return DocumentKind(OLE_TYPES[extension], extension)
    if data.startswith(ZIP_SIGNATURE):
        return _package_kind(data)
    return None


def _package_kind(data: bytes) -> DocumentKind | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                return None
            names = {info.filename for info in infos}
            if "mimetype" in names:
                mimetype = package.read("mimetype")[:100].decode("ascii", "ignore").strip()
                if mimetype in OPENDOCUMENT_TYPES:
                    return DocumentKind(mimetype, OPENDOCUMENT_TYPES[mimetype])
            if "[Content_Types].xml" not in names:
                return None
            if package.getinfo("[Content_Types].xml").file_size > MAX_CONTENT_TYPES_BYTES:
                return None
            types = package.read("[Content_Types].xml").decode("utf-8", "ignore")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, ValueError,
            NotImplementedError, RuntimeError):
        return None
    if "macroEnabled" in types or any(name.endswith("vbaProject.bin") for name in names):
        raise AttachmentError(_("Office-bestanden met macro's kunnen niet. Sla het bestand op "
                                "zonder macro's (bijvoorbeeld als .docx of .xlsx)."))
    for main_part, (content_type, extension) in OOXML_MAIN_PARTS.items():
        if f'ContentType="{main_part}"' in types:
            return DocumentKind(content_type, extension)
    return None


def _extension(filename: str) -> str:
    return PurePosixPath(filename).suffix.lower().lstrip(".")


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
                                mb=_megabytes(max_bytes)))
    kind = document_kind(data, filename)
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


def _megabytes(size: int) -> str:
    megabytes = size / (1024 * 1024)
    return f"{megabytes:.0f}" if megabytes >= 1 else f"{megabytes:.1f}"


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
