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
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
DOC, XLS, PPT = "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
# Office Open XML: the main part's content type in [Content_Types].xml → type, extension.
OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml":
        (DOCX, "docx"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml":
        (XLSX, "xlsx"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml":
        (PPTX, "pptx"),
}
# OpenDocument: the `mimetype` entry of the package.
OPENDOCUMENT_TYPES = {ODT: "odt", ODS: "ods", ODP: "odp"}
# Legacy Office (OLE compound files): only where the caller allows them (they may carry
# macros that cannot be seen without parsing the file).
OLE_TYPES = {"doc": DOC, "xls": XLS, "ppt": PPT}
DOCUMENT_EXTENSIONS = ("pdf", "docx", "xlsx", "pptx", *OPENDOCUMENT_TYPES.values())
MAX_ZIP_ENTRIES = 5000
MAX_SMALL_ENTRY_BYTES = 1_000_000  # [Content_Types].xml and mimetype are small
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")


class DocumentError(ValueError):
    """An upload that is not an accepted document; the message says why."""


@dataclass(frozen=True)
class DocumentKind:
    """What a document really is, by its content."""

    content_type: str
    extension: str


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


def document_kind(data: bytes, filename: str = "", *,
                  legacy_office: bool = False) -> DocumentKind | None:
    """What document the bytes are (by their signature and package contents), or None
    when they are none we keep. The name only picks among the legacy Office types.

    Raises DocumentError for an Office file with macros.
    """
    if data.startswith(b"%PDF-"):
        return DocumentKind(PDF, "pdf")
    if legacy_office and data.startswith(OLE_SIGNATURE):
        # The compound file does not say Word or Excel without parsing its directory.
        extension = extension_of(filename)
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
            sizes = {info.filename: info.file_size for info in infos}
            if sizes.get("mimetype", MAX_SMALL_ENTRY_BYTES + 1) <= MAX_SMALL_ENTRY_BYTES:
                mimetype = package.read("mimetype")[:100].decode("ascii", "ignore").strip()
                if mimetype in OPENDOCUMENT_TYPES:
                    return DocumentKind(mimetype, OPENDOCUMENT_TYPES[mimetype])
            if sizes.get("[Content_Types].xml", MAX_SMALL_ENTRY_BYTES + 1) \
                    > MAX_SMALL_ENTRY_BYTES:
                return None
            types = package.read("[Content_Types].xml").decode("utf-8", "ignore")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, ValueError,
            NotImplementedError, RuntimeError):
        return None
    if "macroEnabled" in types or any(name.endswith("vbaProject.bin") for name in sizes):
        raise DocumentError(_("Office-bestanden met macro's kunnen niet. Sla het bestand op "
                              "zonder macro's (bijvoorbeeld als .docx of .xlsx)."))
    for main_part, (content_type, extension) in OOXML_MAIN_PARTS.items():
        if f'ContentType="{main_part}"' in types:
            return DocumentKind(content_type, extension)
    return None


def megabytes(size: int) -> str:
    """A size limit in MB as people read it ("10", "0.5")."""
    value = size / (1024 * 1024)
    return f"{value:.0f}" if value >= 1 else f"{value:.1f}"


def check_document(filename: str, data: bytes, max_bytes: int) -> Document:
    """The upload as a `Document`, or DocumentError when its content is not what its
    extension says, it is empty, it is larger than `max_bytes` or it carries macros."""
    if not data:
        raise DocumentError(_("Het bestand %(name)s is leeg.", name=safe_filename(filename)))
    if len(data) > max_bytes:
        raise DocumentError(_("Het bestand %(name)s is groter dan %(mb)s MB.",
                              name=safe_filename(filename), mb=megabytes(max_bytes)))
    kind = document_kind(data, filename)
    if kind is None or kind.extension != extension_of(filename):
        raise DocumentError(_(
            "%(name)s is geen PDF, Word-, Excel-, PowerPoint- of OpenDocument-bestand "
            "(of de inhoud past niet bij de naam).", name=safe_filename(filename)))
    return Document(safe_filename(filename), kind.content_type, data)


def download_headers(filename: str) -> dict[str, str]:
    """Headers that make a browser save a document instead of opening it in the page."""
    return {
        "Content-Disposition": dump_options_header("attachment", {"filename": filename}),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
        "Content-Security-Policy": "sandbox; default-src 'none'",
    }
