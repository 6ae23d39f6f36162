"""The sitemap's registry: each capability lists its public pages for `/sitemap.xml`.

A capability adds a source from its blueprint's ``record_once``::

    add_sitemap_source(app, published_activities)

A source takes the session and returns `SitemapEntry`s (absolute URLs) in a constant
number of queries. Pages never imports its sources (they import pages).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, current_app
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class SitemapEntry:
    """One public page: its absolute URL and when its content last changed (naive UTC)."""

    url: str
    lastmod: datetime | None = None


SitemapSource = Callable[[Session], Iterable[SitemapEntry]]


def add_sitemap_source(app: Flask, source: SitemapSource) -> None:
    """List the pages `source` gives in this app's sitemap."""
    sources = app.extensions.setdefault("hubsite.sitemap", [])
    if source not in sources:
        sources.append(source)


def sitemap_entries(session: Session) -> list[SitemapEntry]:
    """Every source's pages, in the order the sources were added."""
    entries: list[SitemapEntry] = []
    for source in current_app.extensions.get("hubsite.sitemap", []):
        entries.extend(source(session))
    return entries
