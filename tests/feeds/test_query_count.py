"""A feed costs the same number of SQL queries for 10 activities as for 200."""

from __future__ import annotations

from datetime import datetime

import pytest

from hubsite.agenda.recurrence import Recurrence
from tests.feeds.helpers import make_activities, queries_for


@pytest.mark.parametrize("url", ["/agenda.ics", "/hubs/almelo/agenda.ics",
                                 "/agenda.ics?hub=almelo&type=workshop&type=gastles&q=activiteit"])
def test_public_feed_queries_do_not_grow_with_activities(app, client, hub, make_event,
                                                         make_activity_type, url):
    make_activities(hub, make_event, make_activity_type, 10)
    few = queries_for(app, client, url)
    make_activities(hub, make_event, make_activity_type, 200)
    many = queries_for(app, client, url)
    assert few == many
    assert many[2] <= 3  # the 304: hubs, types and one aggregate query


def test_event_feed_queries_do_not_grow_with_dates(app, client, hub, make_event):
    short = make_event(hub, starts_at=datetime(2027, 1, 5, 14), recurrence=Recurrence("WEEKLY",
                                                                                     count=3))
    long = make_event(hub, starts_at=datetime(2027, 1, 5, 16), recurrence=Recurrence("WEEKLY",
                                                                                    count=200))
    short_url, long_url = f"/events/{short.id}.ics", f"/events/{long.id}.ics"
    assert queries_for(app, client, short_url) == queries_for(app, client, long_url)
