"""Signals about organisations, so that what links to one can follow it.

Receivers get `session=` and may change rows in it, but never commit.
"""

from blinker import Namespace

organisation_signals = Namespace()

# Two records turned out to be one organisation: everything linked to `source` must move
# to `target` before `source` is deleted. sender: the source Organisation; kwargs:
# session, target (the Organisation that stays).
organisations_merged = organisation_signals.signal("organisations-merged")
