"""Slots of an organisation's page, filled by other capabilities."""

from hubsite.slots import declare

# Under the organisation's description: what is running with it (projects, activities,
# questions). Context: organisation, is_team (the viewer is on a hub team: may see more).
ORGANISATION_MAIN = declare("organisation.main", "organisation, is_team")

# Beside each contact person (hub teams only; an item slot: contact id -> HTML).
# Context: organisation.
ORGANISATION_CONTACT = declare("organisation.contact", "organisation")
