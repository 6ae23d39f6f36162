"""Small text helpers shared by every capability: short names for links, and the form of
a name that two spellings of the same organisation have in common."""

from __future__ import annotations

import re
import unicodedata


def ascii_fold(text: str) -> str:
    """`text` without accents ("Café" → "Cafe"), for comparing and for links."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def slugify(text: str, fallback: str = "item", max_length: int = 60) -> str:
    """A URL-safe short name: lowercase letters, digits and dashes."""
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")[:max_length]
    return slug.strip("-") or fallback
