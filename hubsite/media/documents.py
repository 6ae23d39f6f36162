"""Documents people upload (PDF and office files): recognised by their content, not by
their name or the type the browser claims, and kept as they are.

Part of the shared layer. A picture goes through `hubsite.media.services.store_image`
(re-encoded); a document cannot be re-encoded, so it is only accepted when its bytes
are what its extension says, and it is only ever served as a download
(`download_headers`: `Content-Disposition: attachment`, `nosniff`), never shown inline.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from flask_babel import gettext as _
from werkzeug.http import dump_options_header

PDF = "application/pdf"
# Office Open XML and OpenDocument files are zip archives; the part that names their kind.
_OOXML = {
    "docx": ("word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pptx": ("ppt/", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
}
_OPENDOCUMENT = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
DOCUMENT_EXTENSIONS = ("pdf", *_OOXML, *_OPENDOCUMENT)
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")


class DocumentError(ValueError):
    """An upload that is not an accepted document; the message says why."""


@dataclass(frozen=True)
class Document:
    """A checked document: a safe file name, its real type and its bytes."""

    filename: str
    content_type: str
    data: bytes


def safe_filename(name: str, fallback: str = "bestand") -> str:
    """A file name fit for a header and a disk: no path, no quotes, at most 120 characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = " ".join(_SAFE_NAME.sub("_", base).split()).strip(". ")
    return cleaned[-120:] or fallback


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_document(filename: str, data: bytes, max_bytes: int) -> Document:
    """The upload as a `Document`, or DocumentError when its content is not what its
    extension says, it is empty or it is larger than `max_bytes`."""
    if not data:
        raise DocumentError(_("Het bestand %(name)s is leeg.", name=safe_filename(filename)))
    if len(data) > max_bytes:
        raise DocumentError(_("Het bestand %(name)s is groter dan %(mb)s MB.",
                              name=safe_filename(filename), mb=_megabytes(max_bytes)))
    extension = extension_of(filename)
    content_type = _content_type(extension, data)
    if content_type is None:
        raise DocumentError(_(
            "%(name)s is geen PDF, Word-, Excel-, PowerPoint- of OpenDocument-bestand "
            "(of de inhoud past niet bij de naam).", name=safe_filename(filename)))
    return Document(safe_filename(filename), content_type, data)


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.0f}" if value >= 1 else f"{value:.1f}"


def _content_type(extension: str, data: bytes) -> str | None:
    if extension == "pdf":
        return PDF if data.startswith(b"%PDF-") else None
    if extension not in _OOXML and extension not in _OPENDOCUMENT:
        return None
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if extension in _OOXML:
                folder, content_type = _OOXML[extension]
                if "[Content_Types].xml" in names and any(n.startswith(folder) for n in names):
                    return content_type
                return None
            expected = _OPENDOCUMENT[extension]
            if "mimetype" in names and archive.read("mimetype").decode("ascii", "replace") \
                    .strip() == expected:
                return expected
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, RuntimeError):
        return None
    return None


def download_headers(filename: str) -> dict[str, str]:
    """Headers that make a browser save a document instead of opening it in the page."""
    return {
        "Content-Disposition": dump_options_header("attachment", {"filename": filename}),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
        "Content-Security-Policy": "sandbox; default-src 'none'",
    }
