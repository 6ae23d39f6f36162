"""The offers' section of the partners' monthly digest: what a hub offers in the coming
months that fits what the organisation said it can do, for hubs it works with."""

from __future__ import annotations

from flask_babel import gettext as _

from hubsite.collaboration import services
from hubsite.collaboration.labels import kind_label
from hubsite.collaboration.models import (
    KIND_ASSIGNMENT,
    KIND_GUEST_LESSON,
    KIND_ORIENTATION,
    KIND_VISIT,
    Offer,
)
from hubsite.organisations.models import Organisation
from hubsite.partners.digest import DigestContext, DigestItem, DigestSection, register_section
from hubsite.urls import absolute_url

# What an organisation said it can offer (the partner file's codes) → the offers that ask it.
FITTING_KINDS = {
    "bedrijfsbezoek": {KIND_VISIT},
    "gastles": {KIND_GUEST_LESSON},
    "workshop": {KIND_GUEST_LESSON},
    "opdracht": {KIND_ASSIGNMENT},
    "keuzevak": {KIND_ASSIGNMENT},
    "stageplek": {KIND_ORIENTATION},
    "werkplek": {KIND_ORIENTATION},
}
# An offer is announced in the two months before it happens, so companies can plan.
MONTHS_AHEAD = 2


def _months_ahead(context: DigestContext) -> set[int]:
    return {(context.month.month - 1 + n) % 12 + 1 for n in range(MONTHS_AHEAD)}


def offers_section(context: DigestContext, organisation: Organisation) -> DigestSection | None:
    """Active offers in the coming months whose kind fits what the organisation offers."""
    if "offers" not in context.memo:
        context.memo["offers"] = services.offers(context.session)
    kinds = set().union(*(FITTING_KINDS.get(code, set()) for code in organisation.offer_list))
    hub_ids = {hub.id for hub in organisation.hubs}
    months = _months_ahead(context)
    items = [
        DigestItem(title=offer.title, url=absolute_url("collaboration.detail", offer_id=offer.id),
                   when=f"{kind_label(offer.kind)} · {offer.hub.name}",
                   text=offer.period_note)
        for offer in context.memo["offers"]
        if _fits(offer, kinds, hub_ids, months)
    ]
    return DigestSection(_("Samenwerken: wat de hubs binnenkort aanbieden"), items) \
        if items else None


def _fits(offer: Offer, kinds: set[str], hub_ids: set[int], months: set[int]) -> bool:
    return (offer.kind in kinds and (not hub_ids or offer.hub_id in hub_ids)
            and bool(months & set(offer.month_numbers)))


def register() -> None:
    """Add the offers to every digest (at start-up; registering twice changes nothing)."""
    register_section("offers", offers_section, order=20)
