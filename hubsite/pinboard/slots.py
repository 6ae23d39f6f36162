"""Slots of the pinboard's pages, filled by other capabilities."""

from hubsite.slots import declare

# Under the heading of a board, and of the list of boards (there `board` is None): a way
# to where people bring work for students ("Leg een vraag neer"). Context: board.
BOARD_INTRO = declare("board.intro", "board")
