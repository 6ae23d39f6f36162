"""The "Abonneren" and "Zet in mijn agenda" partials the agenda, hub and activity pages include."""

from __future__ import annotations

import re
from datetime import datetime
from html import unescape
from urllib.parse import parse_qs, urlsplit

from flask import render_template_string
from jinja2 import ChoiceLoader, DictLoader
from jinja2_fragments.flask import render_block

from hubsite.agenda import services as agenda
from hubsite.agenda.models import STATUS_DRAFT
from hubsite.agenda.recurrence import Recurrence
from hubsite.extensions import db


def render(source: str, **context) -> str:
    return render_template_string(source, **context)


def hrefs(html: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'href="([^"]+)"', html)]


def test_subscribe_panel_for_a_filtered_agenda(app):
    filters = {"hub": ["almelo", "utrecht"], "type": ["gastles"], "q": "zorg",
               "from": "2027-10-01", "to": "", "view": "week"}
    with app.test_request_context("/agenda"):
        html = render('{% include "feeds/_subscribe.html" %}', feed_filters=filters)
    links = hrefs(html)
    feed = ("http://hubsite.test/agenda.ics?hub=almelo&hub=utrecht&type=gastles&q=zorg"
            "&from=2027-10-01")
    assert "webcal://hubsite.test/agenda.ics?hub=almelo&hub=utrecht&type=gastles&q=zorg" \
           "&from=2027-10-01" in links
    google = next(link for link in links if link.startswith("https://calendar.google.com"))
    assert parse_qs(urlsplit(google).query)["cid"] == ["webcal" + feed.removeprefix("http")]
    outlook = next(link for link in links if link.startswith("https://outlook.live.com"))
    assert parse_qs(urlsplit(outlook).query)["url"] == [feed]
    assert parse_qs(urlsplit(outlook).query)["name"]
    assert f'value="{feed.replace("&", "&amp;")}"' in html
    assert "<details" in html and "Abonneren" in html


def test_subscribe_panel_without_filters_and_for_a_hub(app, hub):
    with app.test_request_context("/"):
        plain = render('{% include "feeds/_subscribe.html" %}', feed_filters={})
        missing = render('{% include "feeds/_subscribe.html" %}')
        on_hub = render('{% include "feeds/_subscribe.html" %}', feed_filters={}, feed_hub=hub)
    assert "webcal://hubsite.test/agenda.ics" in hrefs(plain)
    assert plain == missing
    assert "webcal://hubsite.test/hubs/almelo/agenda.ics" in hrefs(on_hub)


def test_subscribe_panel_is_accessible_and_csp_strict(app):
    with app.test_request_context("/"):
        html = render('{% include "feeds/_subscribe.html" %}', feed_filters={})
    input_id = re.search(r'<input id="([^"]+)"', html).group(1)
    assert f'<label for="{input_id}">' in html
    assert f'data-copy="#{input_id}"' in html
    assert "<script" not in html and "style=" not in html
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handlers


def test_partials_render_inside_a_block_rendered_alone(app, hub, make_event):
    event = make_event(hub, starts_at=datetime(2027, 3, 2, 14))
    app.jinja_env.loader = ChoiceLoader([DictLoader({"page.html": (
        "{% extends 'base.html' %}{% block content %}{% block results %}<div id='r'>"
        "{% include 'feeds/_subscribe.html' %}{% include 'feeds/_add_to_calendar.html' %}"
        "</div>{% endblock %}{% endblock %}")}), app.jinja_env.loader])
    with app.test_request_context("/agenda"):
        fragment = render_block("page.html", "results", feed_filters={"hub": ["almelo"]},
                                event=event)
    assert "webcal://hubsite.test/agenda.ics?hub=almelo" in fragment
    assert f"/events/{event.id}.ics" in fragment


def test_add_to_calendar_offers_the_file_and_the_next_date(app, hub, make_event):
    event = make_event(hub, starts_at=datetime(2027, 3, 2, 14), title="Gastles robotica",
                       recurrence=Recurrence("WEEKLY", count=3), room="Lokaal 4")
    agenda.cancel_occurrence(db.session, event.occurrences[0])
    db.session.commit()
    with app.test_request_context(f"/events/{event.id}"):
        html = render('{% include "feeds/_add_to_calendar.html" %}', event=event)
    links = hrefs(html)
    assert f"http://hubsite.test/events/{event.id}.ics" in links
    google = parse_qs(urlsplit(next(x for x in links if "calendar.google.com" in x)).query)
    assert google["action"] == ["TEMPLATE"]
    assert google["text"] == ["Gastles robotica"]
    assert google["dates"] == ["20270309T140000/20270309T160000"]  # the first date was cancelled
    assert google["ctz"] == ["Europe/Amsterdam"]
    assert "Lokaal 4" in google["location"][0]
    outlook = parse_qs(urlsplit(next(x for x in links if "outlook.live.com" in x)).query)
    assert outlook["startdt"] == ["2027-03-09T13:00:00Z"]
    assert outlook["subject"] == ["Gastles robotica"]
    assert "Zet in mijn agenda" in html


def test_no_calendar_links_for_a_draft(app, hub, make_event):
    event = make_event(hub, starts_at=datetime(2027, 3, 2, 14), status=STATUS_DRAFT)
    with app.test_request_context("/"):
        html = render('{% include "feeds/_add_to_calendar.html" %}', event=event)
    assert html.strip() == ""


def test_past_activity_offers_only_the_file(app, hub, make_event):
    event = make_event(hub, starts_at=datetime(2025, 3, 2, 14))
    with app.test_request_context("/"):
        html = render('{% include "feeds/_add_to_calendar.html" %}', event=event)
    assert f"/events/{event.id}.ics" in html
    assert "calendar.google.com" not in html
