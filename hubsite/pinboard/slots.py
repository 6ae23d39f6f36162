"""Slots of the pinboard's pages, filled by other capabilities."""

from hubsite.slots import declare

# Among a board's actions at the top of its page ("Afdrukken", and the team's tools).
# Context: board, is_team.
BOARD_ACTIONS = declare("board.actions", "board, is_team")
