"""The Outlook subscribe link names the calendar as the feed names itself."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

from flask import render_template_string
from icalendar import Calendar


def outlook_link(html: str) -> dict[str, list[str]]:
    [link] = [unescape(h) for h in re.findall(r'href="([^"]+)"', html) if "outlook.live.com" in h]
    return parse_qs(urlsplit(link).query)


def test_the_outlook_link_of_a_filtered_agenda_carries_the_feeds_own_name(app, client, hub,
                                                                          make_activity_type):
    make_activity_type(slug="workshop", name_nl="Workshop")
    filters = {"hub": [hub.slug], "type": ["workshop"], "q": "", "view": "list"}
    with app.test_request_context("/agenda"):
        html = render_template_string('{% include "feeds/_subscribe.html" %}',
                                      feed_filters=filters)
    outlook = outlook_link(html)
    feed = client.get(urlsplit(outlook["url"][0]).path + "?" + urlsplit(outlook["url"][0]).query)
    assert feed.status_code == 200
    # icalendar leaves an X- property as written: undo the text escaping (RFC 5545 3.3.11).
    raw = str(Calendar.from_ical(feed.data)["X-WR-CALNAME"])
    name = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], raw)
    assert "Hub Almelo" in name
    assert outlook["name"] == [name]
