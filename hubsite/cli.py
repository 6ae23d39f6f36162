"""Commands: create-admin, send-mail, seed-demo, seed-bench, purge-personal-data."""

from __future__ import annotations

import click
from flask import Flask, current_app

from hubsite import demo
from hubsite.accounts import services as account_services
from hubsite.bookings.commands import purge_personal_data
from hubsite.demo import agenda as demo_agenda
from hubsite.extensions import db
from hubsite.mail import services as mail_services


@click.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.password_option()
def create_admin(email: str, name: str, password: str) -> None:
    """Make a site admin (or make an existing account admin). Whoever runs this vouches
    for the address, so the account counts as confirmed."""
    user = account_services.find_user_by_email(db.session, email)
    if user is None or not user.email_confirmed:
        problem = account_services.password_problem(password, email)
        if problem:
            raise click.BadParameter(problem, param_hint="password")
    if user is None:
        user = account_services.register_user(db.session, name, email, password, is_admin=True,
                                              confirmed=True)
    else:
        if not user.email_confirmed:
            # Made through the site but never confirmed, maybe by someone else: the
            # password given here replaces the one chosen there.
            user.set_password(password)
            user.confirm_email()
        user.is_admin = True
    db.session.commit()
    click.echo(f"{user.email} is now a site admin.")


@click.command("send-mail")
@click.option("--loop", is_flag=True, help="Keep running and send new mail as it arrives.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between rounds.")
@click.option("--retry-failed", is_flag=True,
              help="First give the mail that was given up a new round of attempts.")
def send_mail(loop: bool, interval: float, retry_failed: bool) -> None:
    """Send the mail waiting in the outbox (retrying failures with back-off)."""
    config = current_app.config
    if retry_failed:
        click.echo(f"retrying {len(mail_services.retry_failed(db.session))} given-up messages")
        db.session.commit()
    if loop:
        mail_services.send_loop(db.session, config, interval)
    sent, failed = mail_services.send_pending(db.session, config)
    click.echo(f"sent {sent}, failed {failed}")


@click.command("seed-demo")
def seed_demo() -> None:
    """Fill the database with demo hubs, people and activities (safe to run again)."""
    summary = demo.seed_demo(db.session)
    db.session.commit()
    for line in summary:
        click.echo(line)


@click.command("seed-bench")
@click.option("--events", "count", default=1000, show_default=True,
              help="How many activities to add (a fifth of them recurring).")
def seed_bench(count: int) -> None:
    """Add many activities spread over the hubs, for benchmarks (after seed-demo)."""
    click.echo(demo_agenda.seed_bench(db.session, count))
    db.session.commit()


def init_app(app: Flask) -> None:
    """Every command of the site, registered here (capabilities define their own)."""
    for command in (create_admin, send_mail, seed_demo, seed_bench, purge_personal_data):
        app.cli.add_command(command)
