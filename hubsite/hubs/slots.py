"""Slots of a hub's page, filled by other capabilities."""

from hubsite.slots import declare

# The hub page's main column (its agenda, later its board). Context: hub, is_team.
HUB_MAIN = declare("hub.main", "hub, is_team")
