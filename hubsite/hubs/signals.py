"""What hubs tells other capabilities (blinker): a hub was created.

The sender is the `Hub`; receivers get the session as `session` and only flush.
"""

from blinker import Namespace

_signals = Namespace()

# A new hub was saved (flushed): the pinboard gives it its board. Kwargs: session.
hub_created = _signals.signal("hub-created")
