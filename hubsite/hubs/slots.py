"""Slots of a hub's page, filled by other capabilities."""

from hubsite.slots import declare

# The hub page's main column (its agenda, later its board). Context: hub, is_team.
HUB_MAIN = declare("hub.main", "hub, is_team")
# A hub team's "Mijn hub" page: what needs the team's attention (coming dates with their
# bookings, drafts, waiting lists; later posts to moderate and questions in the inbox).
# Context: hub. Each contributor returns one panel (a <section class="panel">).
HUB_DASHBOARD = declare("hub.dashboard", "hub")
# Beside "Hub bewerken" at the top of a hub's page: the team's tools that other
# capabilities add (a poster, the screen). Context: hub, is_team.
HUB_ACTIONS = declare("hub.actions", "hub, is_team")
