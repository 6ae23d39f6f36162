"""`flask seed-demo` fills a believable agenda; `flask seed-bench` adds many activities."""

from __future__ import annotations

import sqlalchemy as sa

from hubsite.agenda.models import Event, Occurrence
from hubsite.extensions import db


def test_seed_demo_adds_the_agenda_once(runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "agenda: 23 demo activities added" in first.output
    again = runner.invoke(args=["seed-demo"])
    assert "agenda: 0 demo activities added" in again.output
    hubs_with_events = db.session.scalars(sa.select(Event.hub_id).distinct()).all()
    assert len(hubs_with_events) == 5
    assert db.session.scalar(sa.select(sa.func.count(Occurrence.id))) > 60


def test_seed_bench_spreads_activities_over_the_hubs(runner):
    runner.invoke(args=["seed-demo"])
    before = db.session.scalar(sa.select(sa.func.count(Event.id)))
    result = runner.invoke(args=["seed-bench", "--events", "50"])
    assert result.exit_code == 0, result.output
    bench = db.session.scalars(sa.select(Event).where(Event.title.like("Benchmark%"))).all()
    assert db.session.scalar(sa.select(sa.func.count(Event.id))) == before + 50
    assert len(bench) == 50 and sum(1 for e in bench if e.rrule) == 10
    assert len({e.hub_id for e in bench}) == 5
