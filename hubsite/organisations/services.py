"""Finding, adding, editing and merging partner organisations, so that one organisation is
one record: the same name after normalising, the same website domain or the same KvK
number means the same organisation."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from hubsite.accounts.models import User
from hubsite.hubs.models import Hub
from hubsite.media.models import Image
from hubsite.organisations.models import (
    KIND_BUSINESS,
    OFFER_KINDS,
    ContactLogEntry,
    ContactPerson,
    Organisation,
)
from hubsite.organisations.signals import organisations_merged
from hubsite.text import ascii_fold, slugify

# Words that differ between two spellings of the same organisation's name.
_LEGAL_FORMS = re.compile(
    r"\b(b\.?\s?v\.?|n\.?\s?v\.?|v\.?o\.?f\.?|u\.?a\.?|stichting|vereniging|cooperatie|holding)"
    r"(?![a-z0-9])")
_NOT_KVK = re.compile(r"[\s.\-]")

# The fields an organisation's form and an import may set (besides the slug).
ORGANISATION_FIELDS = ("name", "kind", "sector", "city", "website", "description", "kvk_number",
                       "status", "offers", "offers_note", "limitations", "themes")


class OrganisationError(ValueError):
    """A change that cannot be made; the message says why."""


def normalised_name(name: str) -> str:
    """The part of a name that two spellings of one organisation share:
    "Bakkerij Bolk B.V." and "bakkerij  bolk" both give "bakkerij bolk", and so do
    "Bakkerij & Bolk" and "Bakkerij en Bolk"."""
    folded = ascii_fold(name).lower().replace("&", " en ")
    folded = _LEGAL_FORMS.sub(" ", folded)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


def website_domain(website: str) -> str:
    """The domain of a web address, without scheme, "www." and port: what two ways of
    writing one organisation's site share ("https://www.Bolk.nl/over" → "bolk.nl")."""
    text = (website or "").strip().lower()
    if not text:
        return ""
    if "://" not in text:
        text = "//" + text
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.").strip(".")


def clean_website(website: str) -> str:
    """A web address with its scheme ("bolk.nl" → "https://bolk.nl"); empty stays empty.
    Raises OrganisationError for text that is no web address."""
    text = (website or "").strip()
    if not text:
        return ""
    if "://" not in text:
        text = "https://" + text
    scheme = text.split("://", 1)[0].lower()
    domain = website_domain(text)
    if scheme not in ("http", "https") or not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", domain) \
            or re.search(r"\s", text):
        raise OrganisationError("website")
    return text


def clean_kvk(number: str) -> str:
    """A KvK number as its 8 digits ("1234 5678" → "12345678"); empty stays empty.
    Raises OrganisationError for anything else."""
    digits = _NOT_KVK.sub("", number or "")
    if digits and not re.fullmatch(r"\d{8}", digits):
        raise OrganisationError("kvk")
    return digits


def organisation_by_slug(session: Session, slug: str) -> Organisation | None:
    """The organisation with this short name in its link."""
    return session.scalar(sa.select(Organisation).where(Organisation.slug == slug))


@dataclass
class Likeness:
    """Why an existing organisation looks like the one being entered."""

    organisation: Organisation
    reasons: list[str] = field(default_factory=list)  # "naam", "website", "kvk"

    @property
    def is_certain(self) -> bool:
        """The same KvK number or website: the same organisation, whatever its name says."""
        return "kvk" in self.reasons or "website" in self.reasons


class OrganisationIndex:
    """Every organisation by normalised name, website domain and KvK number, loaded with
    one query, for checking one entry or a whole spreadsheet against the file."""

    def __init__(self, organisations: list[Organisation]) -> None:
        self.by_name: dict[str, Organisation] = {}
        self.by_domain: dict[str, Organisation] = {}
        self.by_kvk: dict[str, Organisation] = {}
        for organisation in organisations:
            self.add(organisation)

    @classmethod
    def load(cls, session: Session) -> OrganisationIndex:
        return cls(list(session.scalars(sa.select(Organisation).order_by(Organisation.id))))

    def add(self, organisation: Organisation) -> None:
        keys = ((self.by_name, normalised_name(organisation.name)),
                (self.by_domain, website_domain(organisation.website)),
                (self.by_kvk, organisation.kvk_number))
        for index, key in keys:
            if key:
                index.setdefault(key, organisation)

    def likenesses(self, name: str = "", website: str = "", kvk_number: str = "",
                   exclude_id: int | None = None) -> list[Likeness]:
        """The organisations that look like these details, the most certain first."""
        found: dict[int, Likeness] = {}
        for reason, index, key in (("kvk", self.by_kvk, kvk_number),
                                   ("website", self.by_domain, website_domain(website)),
                                   ("naam", self.by_name, normalised_name(name))):
            organisation = index.get(key) if key else None
            if organisation is not None and organisation.id != exclude_id:
                found.setdefault(organisation.id, Likeness(organisation)).reasons.append(reason)
        return sorted(found.values(), key=lambda likeness: not likeness.is_certain)


def look_alikes(session: Session, name: str = "", website: str = "", kvk_number: str = "",
                exclude_id: int | None = None) -> list[Likeness]:
    """Existing organisations that look like these details (see `OrganisationIndex`)."""
    return OrganisationIndex.load(session).likenesses(name, website, kvk_number, exclude_id)


def matching_organisation(session: Session, name: str) -> Organisation | None:
    """An existing organisation that is the one this name means, if any."""
    likeness = look_alikes(session, name=name)
    return likeness[0].organisation if likeness else None


# Link names of the partner file's own pages (/organisaties/nieuw, …): never an organisation's.
RESERVED_SLUGS = {"nieuw", "importeren", "export"}


def _free_slug(session: Session, name: str) -> str:
    wanted = slugify(name, fallback="organisatie")
    slug, n = wanted, 1
    if slug in RESERVED_SLUGS:
        n, slug = 2, f"{wanted}-2"
    while session.scalar(sa.select(Organisation.id).where(Organisation.slug == slug)):
        n += 1
        slug = f"{wanted}-{n}"
    return slug


def find_or_add_organisation(session: Session, name: str, kind: str = KIND_BUSINESS,
                             **values: str) -> Organisation:
    """The organisation this name means, added when it is new (flushed, not committed)."""
    found = matching_organisation(session, name)
    if found is not None:
        return found
    organisation = Organisation(name=name.strip(), kind=kind, slug=_free_slug(session, name),
                                **values)
    session.add(organisation)
    session.flush()
    return organisation


def offers_text(codes: list[str]) -> str:
    """The offers to store: the known codes, in their usual order."""
    return ",".join(code for code in OFFER_KINDS if code in codes)


def themes_text(themes: str) -> str:
    """Themes typed as "horeca, duurzaamheid ,Horeca": each once, trimmed, comma-separated."""
    seen: dict[str, str] = {}
    for theme in re.split(r"[,;\n]", themes or ""):
        theme = " ".join(theme.split())[:60]
        if theme and theme.lower() not in seen:
            seen[theme.lower()] = theme
    return ", ".join(seen.values())[:300]


def save_organisation(session: Session, organisation: Organisation | None,
                      values: dict[str, str], hubs: list[Hub] | None = None) -> Organisation:
    """Add an organisation (None) or change one; `values` holds ORGANISATION_FIELDS, already
    checked by the form. Flushes."""
    values = {key: value for key, value in values.items() if key in ORGANISATION_FIELDS}
    if organisation is None:
        organisation = Organisation(slug=_free_slug(session, values["name"]))
        session.add(organisation)
    for key, value in values.items():
        setattr(organisation, key, value.strip() if isinstance(value, str) else value)
    organisation.themes = themes_text(organisation.themes or "")
    if hubs is not None:
        organisation.hubs = list(hubs)
    session.flush()
    return organisation


def set_logo(session: Session, organisation: Organisation, image: Image | None) -> None:
    """Give the organisation this logo (stored by hubsite.media), or none."""
    organisation.logo = image
    session.flush()


# --------------------------------------------------------------------------- contacts


def add_contact(session: Session, organisation: Organisation, name: str, role: str = "",
                email: str = "", phone: str = "", hub: Hub | None = None,
                is_primary: bool = False) -> ContactPerson:
    """Add a contact person; the first one is the point of contact until another is."""
    contact = ContactPerson(name=name.strip(), role=role.strip(), email=email.strip().lower(),
                            phone=phone.strip(), hub=hub)
    make_primary = is_primary or not organisation.contacts
    organisation.contacts.append(contact)
    session.flush()
    if make_primary:
        set_primary_contact(session, organisation, contact)
    return contact


def update_contact(session: Session, contact: ContactPerson, name: str, role: str, email: str,
                   phone: str, hub: Hub | None, is_primary: bool) -> None:
    """Change a contact person's details."""
    contact.name, contact.role = name.strip(), role.strip()
    contact.email, contact.phone, contact.hub = email.strip().lower(), phone.strip(), hub
    session.flush()
    if is_primary:
        set_primary_contact(session, contact.organisation, contact)


def set_primary_contact(session: Session, organisation: Organisation,
                        contact: ContactPerson) -> None:
    """Make `contact` the one point of contact of the organisation (and nobody else)."""
    for other in organisation.contacts:
        other.is_primary = other is contact
    session.flush()


def remove_contact(session: Session, contact: ContactPerson) -> None:
    """Remove a contact person; when it was the point of contact, the next one becomes it."""
    organisation = contact.organisation
    was_primary = contact.is_primary
    organisation.contacts.remove(contact)
    session.flush()
    if was_primary and organisation.contacts:
        set_primary_contact(session, organisation, organisation.contacts[0])


def contact_of(session: Session, organisation: Organisation, contact_id: int) -> ContactPerson | None:
    """One of the organisation's contact persons."""
    contact = session.get(ContactPerson, contact_id)
    return contact if contact is not None and contact.organisation_id == organisation.id else None


# --------------------------------------------------------------------------- contact log


def add_log_entry(session: Session, organisation: Organisation, author: User | None,
                  noted_on: date, text: str) -> ContactLogEntry:
    """Note a contact with the organisation ("bezocht op …"), signed by its author."""
    entry = ContactLogEntry(noted_on=noted_on, text=text.strip(), author=author,
                            author_name=author.name if author is not None else "")
    organisation.log_entries.append(entry)
    session.flush()
    return entry


def log_entries(session: Session, organisation: Organisation) -> list[ContactLogEntry]:
    """The organisation's contact log, newest first (one query)."""
    return list(session.scalars(
        sa.select(ContactLogEntry).where(ContactLogEntry.organisation_id == organisation.id)
        .order_by(ContactLogEntry.noted_on.desc(), ContactLogEntry.id.desc())))


# --------------------------------------------------------------------------- merging

MERGE_FILLED_FIELDS = ("sector", "city", "website", "description", "kvk_number", "offers_note",
                       "limitations")


@dataclass
class MergePlan:
    """What merging `source` into `target` will do, to show before it is done."""

    source: Organisation
    target: Organisation
    filled: list[str]          # fields of the target that the source fills
    contacts: int
    log_entries: int
    hubs: list[Hub]            # hubs the target gains


def merge_plan(source: Organisation, target: Organisation) -> MergePlan:
    """What `merge_organisations(source, target)` would change."""
    filled = [name for name in MERGE_FILLED_FIELDS
              if not getattr(target, name) and getattr(source, name)]
    if target.logo_id is None and source.logo_id is not None:
        filled.append("logo")
    return MergePlan(source, target, filled, len(source.contacts), len(source.log_entries),
                     [hub for hub in source.hubs if hub not in target.hubs])


def merge_organisations(session: Session, source: Organisation, target: Organisation) -> Organisation:
    """Make two records of one organisation one: `target` stays and gets the empty fields
    filled, the offers, themes and hubs joined, the contacts and the log of `source`;
    every other capability moves its links (`organisations_merged`); `source` goes."""
    if source.id == target.id:
        raise OrganisationError("same")
    plan = merge_plan(source, target)
    for name in plan.filled:
        if name == "logo":
            target.logo_id = source.logo_id
        else:
            setattr(target, name, getattr(source, name))
    target.offers = offers_text(target.offer_list + source.offer_list)
    target.themes = themes_text(f"{target.themes},{source.themes}")
    target.hubs = target.hubs + plan.hubs
    if target.primary_contact is not None:
        session.execute(sa.update(ContactPerson).where(ContactPerson.organisation_id == source.id)
                        .values(is_primary=False))
    for model in (ContactPerson, ContactLogEntry):
        session.execute(sa.update(model).where(model.organisation_id == source.id)
                        .values(organisation_id=target.id))
    session.flush()
    session.expire(source, ["contacts", "log_entries"])
    session.expire(target, ["contacts", "log_entries"])
    organisations_merged.send(source, session=session, target=target)
    session.delete(source)
    session.flush()
    return target


def organisations_for_merge(session: Session, organisation: Organisation) -> list[Organisation]:
    """The other organisations one could merge with this one, by name."""
    return list(session.scalars(sa.select(Organisation).where(Organisation.id != organisation.id)
                                .order_by(Organisation.name)))


def organisation_with_details(session: Session, slug: str) -> Organisation | None:
    """One organisation with its hubs, contacts (and their hubs) and logo, in few queries."""
    return session.scalar(
        sa.select(Organisation).where(Organisation.slug == slug).options(
            selectinload(Organisation.hubs), selectinload(Organisation.logo),
            selectinload(Organisation.contacts).selectinload(ContactPerson.hub)))
