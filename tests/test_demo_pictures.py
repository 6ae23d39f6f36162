"""`flask seed-demo` gives the demo activities and hubs pictures drawn for the project."""

from __future__ import annotations

import sqlalchemy as sa

from hubsite.agenda.models import Event
from hubsite.extensions import db
from hubsite.hubs.models import Hub
from hubsite.media.models import Image


def test_every_demo_activity_and_hub_gets_a_picture_once(runner, client):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert db.session.scalar(sa.select(sa.func.count()).where(Event.image_id.is_(None))) == 0
    assert db.session.scalar(sa.select(sa.func.count()).where(Hub.image_id.is_(None))) == 0
    images = db.session.scalar(sa.select(sa.func.count(Image.id)))
    hub = db.session.scalar(sa.select(Hub).where(Hub.slug == "almelo"))
    assert (hub.image.width, hub.image.height) == (1200, 675)
    assert client.get(f"/images/{hub.image.id}/480.webp").status_code == 200

    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0 and "0 activities and 0 hubs" in again.output
    assert db.session.scalar(sa.select(sa.func.count(Image.id))) == images
