"""Signals the agenda sends when dates change, so bookings can tell the people booked.

Receivers get the object as sender and `session=` (and for a move `previous_start=`);
they may queue mail in that session but never commit.
"""

from blinker import Namespace

agenda_signals = Namespace()

# sender: Occurrence; kwargs: session
occurrence_cancelled = agenda_signals.signal("occurrence-cancelled")
# sender: Occurrence; kwargs: session, previous_start (naive UTC), previous_end
occurrence_moved = agenda_signals.signal("occurrence-moved")
# sender: Event; kwargs: session
event_cancelled = agenda_signals.signal("event-cancelled")
