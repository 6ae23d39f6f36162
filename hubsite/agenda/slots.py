"""Slots of the agenda's pages, filled by other capabilities."""

from hubsite.slots import declare

# The dates of an activity that needs booking, each with its availability and booking
# action (bookings renders the whole list, so a date is listed once). When nobody
# fills it, the agenda lists the dates itself. Context: event, upcoming (its coming
# dates), is_team.
EVENT_MAIN = declare("event.main", "event, upcoming, is_team")
# The primary action at the top of an activity page ("Reserveer" for the next date
# that can be booked), with the bar that keeps it at hand on a phone. Context: event,
# upcoming.
EVENT_ACTION = declare("event.action", "event, upcoming")
# In the "when and where" panel of an activity. Context: event.
EVENT_WHEN = declare("event.when", "event")
# Beside a list of activities: subscribing to it. Context: feed_filters (hub, type, q,
# from, to), and feed_hub (one hub's agenda) or feed_event (one activity) when it is one.
AGENDA_SUBSCRIBE = declare("agenda.subscribe", "feed_filters, feed_hub, feed_event")
# Per date in a list of dates (activity page, agenda lists): a short status such as the
# seats left. Context: occurrences; a contributor returns {occurrence id: HTML}.
OCCURRENCE_STATUS = declare("occurrence.status", "occurrences")
# Per date on a hub team's "Mijn hub": how many seats are taken of how many ("7 / 10").
# Context: occurrences; a contributor returns {occurrence id: HTML}.
OCCURRENCE_SEATS = declare("occurrence.seats", "occurrences")
# Per date of an activity page, the schema.org `Offer` for search engines, as a JSON
# object (a string). Context: occurrences; a contributor returns {occurrence id: JSON}.
OCCURRENCE_OFFER = declare("occurrence.offer", "occurrences")
# In the hub team's tool bar of an activity page (only the team sees it). Context: event.
EVENT_TEAM_TOOLS = declare("event.team_tools", "event")
