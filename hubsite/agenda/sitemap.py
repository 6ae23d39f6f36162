"""The agenda's pages in the sitemap: every published activity."""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from hubsite.agenda.models import STATUS_PUBLISHED, Event
from hubsite.pages.sitemap import SitemapEntry, add_sitemap_source
from hubsite.urls import absolute_url


def activity_pages(session: Session) -> Iterator[SitemapEntry]:
    """The agenda and each published activity (no draft, no cancelled one), in one query."""
    yield SitemapEntry(absolute_url("agenda.index"))
    rows = session.execute(sa.select(Event.id, Event.updated_at)
                           .where(Event.status == STATUS_PUBLISHED).order_by(Event.id))
    for event_id, updated_at in rows:
        yield SitemapEntry(absolute_url("agenda.detail", event_id=event_id), updated_at)


def init_app(app: Flask) -> None:
    add_sitemap_source(app, activity_pages)
