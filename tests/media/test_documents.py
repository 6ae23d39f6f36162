"""Documents are known by their content (the shared check of projects and questions):
PDF, Office Open XML without macros, OpenDocument, legacy Office only where allowed."""

from __future__ import annotations

import pytest

from hubsite.media.documents import (
    DOCX,
    ODT,
    OLE_SIGNATURE,
    PDF,
    XLS,
    XLSX,
    DocumentError,
    check_document,
    document_kind,
)
from tests.media.helpers import XLSX_MAIN, ooxml, opendocument

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize(("data", "name", "expected"), [
    (PDF_BYTES, "verslag.exe", PDF),
    (ooxml(), "plan.pdf", DOCX),
    (ooxml(XLSX_MAIN), "cijfers.xlsx", XLSX),
    (opendocument(), "brief.odt", ODT),
    (b"MZ\x90\x00 not a document", "verslag.pdf", None),
    (b"<html><script>alert(1)</script>", "verslag.docx", None),
    (b"PK\x03\x04 broken zip", "x.docx", None),
    (OLE_SIGNATURE + b"\0" * 100, "begroting.xls", None),  # legacy: not unless allowed
])
def test_documents_are_known_by_their_content(data, name, expected):
    kind = document_kind(data, name)
    assert (kind.content_type if kind else None) == expected


def test_legacy_office_files_where_the_caller_allows_them():
    kind = document_kind(OLE_SIGNATURE + b"\0" * 100, "begroting.xls", legacy_office=True)
    assert (kind.content_type, kind.extension) == (XLS, "xls")


def test_office_files_with_macros_are_refused():
    with pytest.raises(DocumentError, match="macro"):
        document_kind(ooxml(macros=True))


def test_a_checked_document_must_be_what_its_name_says(app):
    with app.test_request_context():
        assert check_document("brief.docx", ooxml(), 10**6).content_type == DOCX
        with pytest.raises(DocumentError, match="geen PDF"):
            check_document("brief.pdf", ooxml(), 10**6)
        with pytest.raises(DocumentError, match="groter dan"):
            check_document("brief.pdf", PDF_BYTES, 10)
        with pytest.raises(DocumentError, match="macro"):
            check_document("brief.docx", ooxml(macros=True), 10**6)
