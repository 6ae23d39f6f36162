"""The partner file as a list: searched by name, filtered by kind, and for hub teams also by
status and hub. Filters live in the URL (`soort`, `status`, `hub`, `q`), so that a list can
be bookmarked, shared and exported as it is shown."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload
from werkzeug.datastructures import MultiDict

from hubsite.hubs.models import Hub
from hubsite.organisations.models import (
    ORGANISATION_KINDS,
    ORGANISATION_STATUSES,
    ContactPerson,
    Organisation,
    organisation_hubs,
)
from hubsite.text import ascii_fold

MAX_QUERY = 100


@dataclass
class OrganisationFilter:
    """What the list is narrowed to; status and hub only count for hub teams (a visitor
    filtering on them could learn what only teams may see)."""

    q: str = ""
    kinds: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    hubs: list[str] = field(default_factory=list)  # hub slugs

    @classmethod
    def from_args(cls, args: MultiDict, team: bool) -> OrganisationFilter:
        return cls(
            q=" ".join(args.get("q", "").split())[:MAX_QUERY],
            kinds=[k for k in args.getlist("soort") if k in ORGANISATION_KINDS],
            statuses=[s for s in args.getlist("status") if s in ORGANISATION_STATUSES] if team else [],
            hubs=[h for h in args.getlist("hub") if h][:20] if team else [])

    @property
    def is_empty(self) -> bool:
        return not (self.q or self.kinds or self.statuses or self.hubs)

    def query_args(self) -> dict[str, object]:
        """The filters as URL parameters (for the export links)."""
        return {"q": self.q or None, "soort": self.kinds, "status": self.statuses,
                "hub": self.hubs}


def _matches_name(organisation: Organisation, words: list[str]) -> bool:
    haystack = ascii_fold(f"{organisation.name} {organisation.city} {organisation.sector}").lower()
    return all(word in haystack for word in words)


def find_organisations(session: Session, wanted: OrganisationFilter,
                       team: bool) -> list[Organisation]:
    """The organisations that pass the filter, by name; for teams with their hubs and
    contacts loaded too (a constant number of queries)."""
    query = sa.select(Organisation).order_by(Organisation.name).options(
        selectinload(Organisation.logo))
    if wanted.kinds:
        query = query.where(Organisation.kind.in_(wanted.kinds))
    if team:
        query = query.options(selectinload(Organisation.hubs),
                              selectinload(Organisation.contacts).selectinload(ContactPerson.hub))
        if wanted.statuses:
            query = query.where(Organisation.status.in_(wanted.statuses))
        if wanted.hubs:
            query = query.where(Organisation.id.in_(
                sa.select(organisation_hubs.c.organisation_id).join(Hub).where(
                    Hub.slug.in_(wanted.hubs))))
    organisations = list(session.scalars(query))
    words = ascii_fold(wanted.q).lower().split()
    # Accents and spelling are compared in Python: "cafe" finds "Café" on every database.
    return [o for o in organisations if _matches_name(o, words)] if words else organisations


def all_hubs(session: Session) -> list[Hub]:
    """The hubs, for the filter and the form."""
    return list(session.scalars(sa.select(Hub).order_by(Hub.name)))
