"""`flask send-digest`: the monthly digest for partners, fit for cron."""

from __future__ import annotations

import click
from flask import current_app

from hubsite.extensions import db
from hubsite.partners import digest


@click.command("send-digest")
@click.option("--month", default="", help="The month (YYYY-MM); default: this month.")
def send_digest_command(month: str) -> None:
    """Send the month's digest to every confirmed subscriber. Run it as often as you like
    (cron, daily or monthly): each subscriber gets one digest a month, and digests the
    mail server refused are sent again on the next run (or by `flask send-mail`)."""
    try:
        chosen = digest.parse_month(month) if month else None
    except ValueError as error:
        raise click.BadParameter("give the month as YYYY-MM", param_hint="--month") from error
    run = digest.send_digest(db.session, current_app.config, chosen)
    click.echo(f"digest {run.month}: queued {run.queued}, had one already {run.already}, "
               f"sent {run.sent}, waiting in the outbox {run.failed}")
