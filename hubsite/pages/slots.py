"""Slots of the home page, filled by other capabilities."""

from hubsite.slots import declare

# The main column under the introduction: what is on, latest posts, … Context: none.
HOME_MAIN = declare("home.main", "")
