"""Signals the agenda sends when activities and dates change, so that other
capabilities can react (bookings tells the people booked, and gives new seats to
the waiting list).

Receivers get the object as sender and `session=` (and for a move `previous_start=`);
they may change rows and queue mail in that session, but never commit.
"""

from blinker import Namespace

agenda_signals = Namespace()

# sender: Occurrence; kwargs: session
occurrence_cancelled = agenda_signals.signal("occurrence-cancelled")
# sender: Occurrence; kwargs: session, previous_start (naive UTC), previous_end
occurrence_moved = agenda_signals.signal("occurrence-moved")
# sender: Event; kwargs: session
event_cancelled = agenda_signals.signal("event-cancelled")
# sender: Event; kwargs: session, changed (frozenset of the names of the fields whose
# value changed). Sent after every edit of an activity, whichever page made it.
event_changed = agenda_signals.signal("event-changed")
# An activity was made from something else (a project's kick-off, "Start een activiteit"):
# sender: Event; kwargs: session, origin (the `vanuit` of the new-activity form, such as
# "project:12"; the capability that owns the origin links the two).
event_started_from = agenda_signals.signal("event-started-from")
