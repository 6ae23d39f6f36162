"""The feed for a filter holds exactly what the /agenda page lists for that filter."""

from __future__ import annotations

import re
from datetime import date, datetime
from html import unescape

import pytest

from tests.feeds.helpers import expand, slots

ITEM = re.compile(r'<li class="(occ\b[^"]*)" id="occ-\d+">(.*?)</li>', re.S)
TIME = re.compile(r'<time datetime="([^"]+)">')
TITLE = re.compile(r'class="occ__title"><a [^>]*>(.*?)</a>', re.S)


def agenda_list(client, query: str) -> tuple[list, list]:
    """(scheduled, cancelled) (start, end, title) triples of /agenda, every page followed."""
    scheduled, cancelled = [], []
    url = "/agenda" + query
    while url:
        html = client.get(url).text
        for classes, item in ITEM.findall(html):
            start, end = (datetime.fromisoformat(value) for value in TIME.findall(item)[:2])
            title = unescape(TITLE.search(item).group(1).strip())
            is_cancelled = "occ--cancelled" in classes.split()
            (cancelled if is_cancelled else scheduled).append((start, end, title))
        more = re.search(r'href="([^"]*after=[^"]*)"', html)
        url = unescape(more.group(1)) if more else None
    return sorted(scheduled), sorted(cancelled)


@pytest.mark.parametrize("query", [
    "", "?hub=almelo", "?type=gastles", "?q=inloop", "?hub=utrecht&type=workshop",
    "?from=2027-03-20&to=2027-11-05",
])
def test_feed_and_agenda_list_agree(client, year, query):
    scheduled, cancelled = agenda_list(client, query)
    assert scheduled
    instances = expand(client.get("/agenda.ics" + query).data, date(2027, 1, 1),
                       date(2027, 12, 31))
    assert slots(instances) == scheduled
    assert slots(instances, cancelled=True) == cancelled
