"""Words that hold a post or comment for moderation, whatever the board's setting.

The site ships a Dutch and English list (data/blocklist.txt); a hub team adds its
own words per board. A word matches as a whole word in any case.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from flask_babel import gettext as _

DEFAULT_LIST = Path(__file__).resolve().parent / "data" / "blocklist.txt"


def _words(text: str) -> list[str]:
    return [line.strip().lower() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


@cache
def default_words() -> tuple[str, ...]:
    """The shipped list."""
    return tuple(_words(DEFAULT_LIST.read_text(encoding="utf-8")))


def blocked_word(text: str, extra_words: str = "") -> str | None:
    """The first listed word found in `text`, or None."""
    lowered = text.lower()
    for word in (*default_words(), *_words(extra_words)):
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", lowered):
            return word
    return None


def hold_reason(texts: list[str], extra_words: str = "") -> str | None:
    """Why these texts are held for the team ("bevat ‘…’"), or None."""
    for text in texts:
        word = blocked_word(text or "", extra_words)
        if word:
            return _("Bevat een woord van de blokkeerlijst: ‘%(word)s’", word=word)
    return None
