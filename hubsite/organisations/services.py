"""Finding and adding partner organisations, so that one organisation is one record."""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hubsite.organisations.models import KIND_BUSINESS, Organisation
from hubsite.text import ascii_fold, slugify

# Words that differ between two spellings of the same organisation's name.
_LEGAL_FORMS = re.compile(r"\b(b\.?v\.?|n\.?v\.?|v\.?o\.?f\.?|stichting|vereniging)\b")


def normalised_name(name: str) -> str:
    """The part of a name that two spellings of one organisation share:
    "Bakkerij Bolk B.V." and "bakkerij  bolk" both give "bakkerij bolk"."""
    folded = ascii_fold(name).lower()
    folded = _LEGAL_FORMS.sub(" ", folded)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


def organisation_by_slug(session: Session, slug: str) -> Organisation | None:
    """The organisation with this short name in its link."""
    return session.scalar(sa.select(Organisation).where(Organisation.slug == slug))


def matching_organisation(session: Session, name: str) -> Organisation | None:
    """An existing organisation that is the one this name means, if any."""
    wanted = normalised_name(name)
    if not wanted:
        return None
    for organisation in session.scalars(sa.select(Organisation)):
        if normalised_name(organisation.name) == wanted:
            return organisation
    return None


def _free_slug(session: Session, name: str) -> str:
    wanted = slugify(name, fallback="organisatie")
    slug, n = wanted, 1
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
