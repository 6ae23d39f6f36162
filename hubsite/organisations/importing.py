"""Importing the spreadsheets hubs keep their partners in (CSV or XLSX).

Three steps: the file is read and kept as a `PendingImport` (in the database, so any
worker can answer the next step); the preview maps its columns to fields and sorts every
row into new, matching an existing organisation, or invalid (with the reason); the import
adds the new rows and completes the matching ones in one transaction — the view commits
once, and any failure rolls everything back, so nothing is ever half-imported.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from hubsite.accounts.models import User
from hubsite.organisations.models import (
    KIND_BUSINESS,
    KIND_EDUCATION,
    KIND_GOVERNMENT,
    KIND_OTHER,
    STATUS_ACTIVE,
    STATUS_DORMANT,
    STATUS_INTERESTED,
    Organisation,
    PendingImport,
)
from hubsite.organisations.services import (
    OrganisationError,
    OrganisationIndex,
    add_contact,
    clean_kvk,
    clean_website,
    normalised_name,
    save_organisation,
    themes_text,
    website_domain,
)
from hubsite.text import ascii_fold
from hubsite.timeutil import utcnow

MAX_IMPORT_BYTES = 4 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
# An XLSX is a zip: refuse one that unpacks to far more than a sheet of partners needs.
MAX_UNPACKED_BYTES = 80 * 1024 * 1024
PENDING_HOURS = 24

# The fields a column can fill, in the order the mapping offers them.
IMPORT_FIELDS = {
    "name": _l("Naam"),
    "kind": _l("Soort"),
    "sector": _l("Sector"),
    "city": _l("Plaats"),
    "website": _l("Website"),
    "kvk_number": _l("KvK-nummer"),
    "description": _l("Omschrijving"),
    "status": _l("Status"),
    "themes": _l("Interesses"),
    "contact_name": _l("Contactpersoon"),
    "contact_role": _l("Functie"),
    "email": _l("E-mailadres"),
    "phone": _l("Telefoon"),
}
MAX_LENGTHS = {"name": 160, "sector": 120, "city": 80, "website": 300, "description": 5000,
               "themes": 300, "contact_name": 120, "contact_role": 120, "email": 254,
               "phone": 40}

# Headers people use for each field, compared without accents, case and punctuation.
HEADER_GUESSES = {
    "name": {"naam", "bedrijf", "bedrijfsnaam", "organisatie", "organisatienaam", "name",
             "company", "organisation", "organization", "partner", "instelling"},
    "kind": {"soort", "type", "kind", "o", "categorie", "category"},
    "sector": {"sector", "branche", "branch", "industry"},
    "city": {"plaats", "woonplaats", "stad", "vestigingsplaats", "city", "town", "locatie"},
    "website": {"website", "site", "url", "web", "internet", "homepage", "webadres"},
    "kvk_number": {"kvk", "kvknummer", "kvk nummer", "kvk nr", "kvknr", "kamer van koophandel",
                   "coc", "chamber of commerce"},
    "description": {"omschrijving", "beschrijving", "description", "toelichting", "over"},
    "status": {"status"},
    "themes": {"themas", "thema", "interesses", "interesse", "themes", "interests", "tags"},
    "contact_name": {"contactpersoon", "contact", "naam contactpersoon", "contact person",
                     "contactpersoon naam", "contact name"},
    "contact_role": {"functie", "rol", "role", "function", "functie contactpersoon"},
    "email": {"e mail", "email", "mail", "e mailadres", "emailadres", "e mail adres",
              "email address", "e mail contactpersoon"},
    "phone": {"telefoon", "telefoonnummer", "tel", "mobiel", "phone", "telephone", "gsm",
              "telefoon contactpersoon", "mobile"},
}

KIND_WORDS = {
    KIND_BUSINESS: {"ondernemers", "ondernemer", "ondernemen", "bedrijf", "bedrijven",
                    "bedrijfsleven", "onderneming", "company", "business"},
    KIND_EDUCATION: {"onderwijs", "school", "scholen", "opleiding", "education"},
    KIND_GOVERNMENT: {"overheid", "gemeente", "provincie", "government", "rijk"},
    KIND_OTHER: {"anders", "overig", "overige", "other", "maatschappelijk"},
}
STATUS_WORDS = {
    STATUS_ACTIVE: {"actief", "active", "loopt"},
    STATUS_INTERESTED: {"geinteresseerd", "interested", "potentieel", "interesse", "nieuw"},
    STATUS_DORMANT: {"slapend", "dormant", "inactief", "inactive"},
}

NEW, MATCH, INVALID = "new", "match", "invalid"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ImportFileError(ValueError):
    """A file we cannot import; `status` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Sheet:
    """The cells of a spreadsheet as text: its header row, and the rows below it with their
    line number in the file."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_fold(text).lower()).split())


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        _("Het bestand heeft meer dan %(max)d regels. Splits het in delen van hoogstens "
          "%(max)d organisaties.", max=MAX_IMPORT_ROWS), 413)


def _not_a_spreadsheet() -> ImportFileError:
    return ImportFileError(_("Dit bestand is geen spreadsheet die we kunnen lezen. Kies een "
                             "CSV-bestand of een Excel-bestand (.xlsx)."))


def _sheet(raw_rows) -> Sheet:
    """Header and data rows from rows of cells; empty rows are left out."""
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, raw in enumerate(raw_rows, start=1):
        cells = [_cell_text(value) for value in raw]
        if not any(cells):
            continue
        if headers is None:
            headers = cells
            continue
        if len(rows) >= MAX_IMPORT_ROWS:
            raise _too_many_rows()
        rows.append((number, cells))
    if headers is None:
        raise ImportFileError(_("Het bestand is leeg: er staat geen enkele regel in."))
    width = max([len(headers)] + [len(cells) for _n, cells in rows])
    headers = [h or _("Kolom %(n)d", n=i + 1) for i, h in enumerate(headers + [""] * (width - len(headers)))]
    return Sheet(headers, [(n, cells + [""] * (width - len(cells))) for n, cells in rows])


def _read_xlsx(data: bytes) -> Sheet:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names:
                raise _not_a_spreadsheet()
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise ImportFileError(_("Dit Excel-bestand is te groot om in te lezen."), 413)
    except zipfile.BadZipFile as error:
        raise ImportFileError(_("Dit Excel-bestand is beschadigd en kan niet worden gelezen. "
                                "Sla het opnieuw op als .xlsx of als CSV.")) from error
    try:
        # Imported here: openpyxl takes 15 MB in every worker, for a rare import.
        from openpyxl import load_workbook  # noqa: PLC0415

        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            worksheet = workbook.worksheets[0]
            return _sheet(worksheet.iter_rows(values_only=True))
        finally:
            workbook.close()
    except ImportFileError:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(_("Dit Excel-bestand is beschadigd en kan niet worden gelezen. "
                                "Sla het opnieuw op als .xlsx of als CSV.")) from error


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise _not_a_spreadsheet() from error


def _read_csv(data: bytes) -> Sheet:
    text = _decode(data)
    if _CONTROL.search(text):
        raise _not_a_spreadsheet()
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first_line.count)
    try:
        return _sheet(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise _not_a_spreadsheet() from error


def read_spreadsheet(data: bytes) -> Sheet:
    """The cells of an uploaded CSV or XLSX file, or ImportFileError saying why not."""
    if not data:
        raise ImportFileError(_("Het bestand is leeg."))
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFileError(_("Het bestand is groter dan %(mb)d MB.",
                                mb=MAX_IMPORT_BYTES // (1024 * 1024)), 413)
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(_("Dit is een oud Excel-bestand (.xls). Sla het op als .xlsx of "
                                "als CSV en kies het opnieuw."))
    return _read_csv(data)


def guess_mapping(headers: list[str]) -> list[str]:
    """For each column the field its header names, or "" (each field at most once)."""
    mapping: list[str] = []
    for header in headers:
        words = _words(header)
        guess = next((name for name, known in HEADER_GUESSES.items()
                      if words in known and name not in mapping), "")
        mapping.append(guess)
    return mapping


# --------------------------------------------------------------------------- preview


@dataclass
class ImportRow:
    """One row of the file, as it would be imported."""

    line: int
    values: dict[str, str]
    outcome: str = NEW
    reasons: list[str] = field(default_factory=list)
    match: Organisation | None = None


@dataclass
class ImportPreview:
    """Every row sorted into new, matching and invalid."""

    rows: list[ImportRow]
    problem: str = ""  # a mistake in the mapping itself (no name column)

    def of(self, outcome: str) -> list[ImportRow]:
        return [row for row in self.rows if row.outcome == outcome]

    @property
    def counts(self) -> dict[str, int]:
        return {outcome: len(self.of(outcome)) for outcome in (NEW, MATCH, INVALID)}


def _choice(text: str, words: dict[str, set[str]], empty: str) -> str | None:
    if not text:
        return empty
    wanted = _words(text)
    return next((value for value, known in words.items() if wanted in known), None)


def _check_row(values: dict[str, str]) -> list[str]:
    """What is wrong with a row on its own (cleans website, KvK, kind and status in place)."""
    reasons = []
    if not values.get("name"):
        reasons.append(_("de naam ontbreekt"))
    for name, value in values.items():
        multi_line = name in ("description", "themes")
        if _CONTROL.search(value) or (not multi_line and re.search(r"[\r\n]", value)):
            reasons.append(_("%(field)s bevat een regelovergang of stuurteken",
                             field=IMPORT_FIELDS[name]))
        elif len(value) > MAX_LENGTHS.get(name, 300):
            reasons.append(_("%(field)s is te lang", field=IMPORT_FIELDS[name]))
    if values.get("email"):
        try:
            validate_email(values["email"], check_deliverability=False)
        except EmailNotValidError:
            reasons.append(_("het e-mailadres %(email)s klopt niet", email=values["email"]))
    try:
        values["kvk_number"] = clean_kvk(values.get("kvk_number", ""))
    except OrganisationError:
        reasons.append(_("het KvK-nummer %(kvk)s is geen 8 cijfers", kvk=values["kvk_number"]))
    try:
        values["website"] = clean_website(values.get("website", ""))
    except OrganisationError:
        reasons.append(_("de website %(site)s is geen webadres", site=values["website"]))
    kind = _choice(values.get("kind", ""), KIND_WORDS, KIND_BUSINESS)
    if kind is None:
        reasons.append(_("de soort %(kind)s is onbekend (ondernemers, onderwijs, overheid of "
                         "anders)", kind=values["kind"]))
    else:
        values["kind"] = kind
    status = _choice(values.get("status", ""), STATUS_WORDS, STATUS_INTERESTED)
    if status is None:
        reasons.append(_("de status %(status)s is onbekend (actief, geïnteresseerd of slapend)",
                         status=values["status"]))
    else:
        values["status"] = status
    return reasons


def preview_import(session: Session, sheet: Sheet, mapping: list[str]) -> ImportPreview:
    """Sort every row of the sheet into new, matching and invalid, under this mapping."""
    if "name" not in mapping:
        return ImportPreview([], problem=_("Kies welke kolom de naam van de organisatie is."))
    existing = OrganisationIndex.load(session)
    in_file: dict[tuple[str, str], int] = {}
    rows = []
    for line, cells in sheet.rows:
        values = {name: cells[i].strip() for i, name in enumerate(mapping) if name}
        row = ImportRow(line, values)
        row.reasons = _check_row(values)
        keys = [("naam", normalised_name(values.get("name", ""))),
                ("website", website_domain(values.get("website", ""))),
                ("kvk", values.get("kvk_number", ""))]
        if not row.reasons:
            earlier = next((in_file[key] for key in keys if key[1] and key in in_file), None)
            if earlier is not None:
                row.reasons.append(_("staat al in regel %(line)d van het bestand", line=earlier))
        if row.reasons:
            row.outcome = INVALID
        else:
            for key in keys:
                if key[1]:
                    in_file.setdefault(key, line)
            likeness = existing.likenesses(values["name"], values["website"],
                                           values["kvk_number"])
            if likeness:
                row.outcome, row.match = MATCH, likeness[0].organisation
        rows.append(row)
    return ImportPreview(rows)


# --------------------------------------------------------------------------- import


_ORGANISATION_VALUES = ("name", "kind", "sector", "city", "website", "kvk_number", "description",
                        "status", "themes")


def _add_contact_from(session: Session, organisation: Organisation, values: dict[str, str]) -> None:
    name, email = values.get("contact_name", ""), values.get("email", "").lower()
    if not (name or email or values.get("phone")):
        return
    for contact in organisation.contacts:
        if (email and contact.email == email) or (name and _words(contact.name) == _words(name)):
            return
    add_contact(session, organisation, name or email or _("Algemeen contact"),
                role=values.get("contact_role", ""), email=email,
                phone=values.get("phone", ""))


def run_import(session: Session, preview: ImportPreview) -> tuple[int, int]:
    """Add the new rows and complete the matching ones (empty fields filled, the contact
    person added); invalid rows are left out. Only flushes: the caller commits once.
    Returns how many were added and how many completed."""
    added = completed = 0
    for row in preview.rows:
        if row.outcome == NEW:
            organisation = save_organisation(
                session, None, {k: row.values.get(k, "") for k in _ORGANISATION_VALUES})
            added += 1
        elif row.outcome == MATCH and row.match is not None:
            organisation = row.match
            for name in ("sector", "city", "website", "kvk_number", "description"):
                if not getattr(organisation, name) and row.values.get(name):
                    setattr(organisation, name, row.values[name])
            if row.values.get("themes"):
                organisation.themes = themes_text(f"{organisation.themes},{row.values['themes']}")
            completed += 1
        else:
            continue
        _add_contact_from(session, organisation, row.values)
    session.flush()
    return added, completed


# --------------------------------------------------------------------------- pending files


def keep_upload(session: Session, data: bytes, filename: str, user: User) -> PendingImport:
    """Keep an upload that was read without trouble until its import (and drop old ones)."""
    session.execute(sa.delete(PendingImport).where(
        PendingImport.created_at < utcnow() - timedelta(hours=PENDING_HOURS)))
    pending = PendingImport(data=data, filename=filename[:200], created_by_id=user.id)
    session.add(pending)
    session.flush()
    return pending


def pending_import(session: Session, token: str, user: User) -> PendingImport | None:
    """The upload behind this token, if it is this person's (or they are an admin) and
    not yet imported or expired."""
    pending = session.scalar(sa.select(PendingImport).where(PendingImport.token == token))
    if pending is None or pending.created_at < utcnow() - timedelta(hours=PENDING_HOURS):
        return None
    if pending.created_by_id != user.id and not user.is_admin:
        return None
    return pending
