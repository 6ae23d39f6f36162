"""Slots of a project's page, filled by other capabilities (and by the archive)."""

from hubsite.slots import declare

# Under the story: activities of the project, the question it came from, …
# Context: project, is_team (the viewer is on the project's hub team).
PROJECT_MAIN = declare("project.main", "project, is_team")
# Beside the story: similar projects, lineage, … Context: project, is_team.
PROJECT_ASIDE = declare("project.aside", "project, is_team")
