"""A board as CSV for a spreadsheet: people's text can never run as a formula."""

from __future__ import annotations

import csv
import io

from hubsite.pinboard.models import Board, Post
from hubsite.spreadsheet import safe_cell
from hubsite.timeutil import to_local

HEADER = ("id", "section", "kind", "state", "title", "text", "link", "author", "created",
          "status", "pinned", "match")


def board_csv(board: Board, posts: list[Post]) -> str:
    """Every post the team sees, one per row, in the board's order."""
    sections = {s.id: s.name for s in board.sections}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for post in posts:
        writer.writerow([safe_cell(value) for value in (
            post.id, sections.get(post.section_id, ""), post.kind, post.state or "", post.title,
            post.body, post.link_url, post.author_name,
            to_local(post.created_at).isoformat(timespec="seconds"), post.status,
            "yes" if post.pinned else "no", post.match_id or "")])
    return out.getvalue()
