"""Slots of the pinboard's pages, filled by other capabilities."""

from hubsite.slots import declare

# Among a board's actions at the top of its page ("Afdrukken", and the team's tools).
# Context: board, is_team.
BOARD_ACTIONS = declare("board.actions", "board, is_team")

# Under the heading of a board, and of the list of boards (there `board` is None): a way
# to where people bring work for students ("Leg een vraag neer"). Context: board.
BOARD_INTRO = declare("board.intro", "board")
