"""Commands of the bookings capability (registered in `hubsite.cli`)."""

from __future__ import annotations

import click
from flask import current_app

from hubsite.bookings.privacy import purge_personal_data as purge
from hubsite.extensions import db
from hubsite.privacy import run_purgers


@click.command("purge-personal-data")
@click.option("--days", type=int, default=None,
              help="Days after a date that its bookings keep names and addresses "
                   "(default: PERSONAL_DATA_DAYS).")
def purge_personal_data(days: int | None) -> None:
    """Anonymise bookings of past dates, delete old sent mail and what other parts of the
    site registered (`hubsite.privacy`), such as unconfirmed follow requests (run daily)."""
    days = current_app.config["PERSONAL_DATA_DAYS"] if days is None else days
    bookings, messages = purge(db.session, days)
    others = run_purgers(db.session)
    db.session.commit()
    click.echo(f"anonymised {bookings} bookings, deleted {messages} sent messages "
               f"(older than {days} days)")
    for label, count in others:
        click.echo(f"deleted {count} {label}")
