"""The partner file as CSV and XLSX, for hub teams (the only ones who may export it).

A cell that starts with = + - @ (or a tab or carriage return) would be run as a formula
by a spreadsheet program; such cells get a leading apostrophe, so that a name typed by
anyone never becomes a formula on a coordinator's computer.
"""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _

from hubsite.organisations.models import Organisation
from hubsite.spreadsheet import safe_cell


def export_rows(organisations: list[Organisation]) -> list[list[str]]:
    """A header row and one row per organisation with its point of contact; every cell
    made safe."""
    header = [_("Naam"), _("Soort"), _("Sector"), _("Plaats"), _("Website"), _("KvK-nummer"),
              _("Status"), _("Hubs"), _("Mogelijkheden"), _("Interesses"),
              _("Contactpersoon"), _("Functie"), _("E-mailadres"), _("Telefoon"),
              _("Omschrijving")]
    rows = [header]
    for o in organisations:
        contact = o.primary_contact
        rows.append([o.name, o.kind, o.sector, o.city, o.website, o.kvk_number, o.status,
                     ", ".join(hub.name for hub in o.hubs), ", ".join(o.offer_list), o.themes,
                     contact.name if contact else "", contact.role if contact else "",
                     contact.email if contact else "", contact.phone if contact else "",
                     o.description])
    return [[safe_cell(cell or "") for cell in row] for row in rows]


def as_csv(rows: list[list[str]]) -> bytes:
    """CSV as Dutch Excel opens it by double-click: semicolons, UTF-8 with a BOM."""
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(rows: list[list[str]]) -> bytes:
    """An Excel workbook with one sheet; every cell is text, never a formula."""
    # Imported here: openpyxl takes 15 MB in every worker, for a rare export.
    from openpyxl import Workbook  # noqa: PLC0415

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Organisaties"))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
