"""Outgoing mail: written to an outbox table, delivered once the transaction commits.

A request that queues mail gets it delivered right after its commit (locally the
file backend writes it where a person can read it); whatever cannot be delivered
then stays in the outbox for `flask send-mail`, which retries with back-off.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask, Response, current_app
from sqlalchemy.orm import Session

from hubsite.extensions import db
from hubsite.mail.services import COMMITTED_KEY, QUEUED_KEY, send_pending


def _remember_committed(session: Session) -> None:
    queued = session.info.pop(QUEUED_KEY, None)
    if queued:
        session.info.setdefault(COMMITTED_KEY, []).extend(queued)


def _forget_rolled_back(session: Session) -> None:
    # Rolled-back rows never reached the outbox; there is nothing to deliver.
    session.info.pop(QUEUED_KEY, None)


def deliver_committed_mail(response: Response) -> Response:
    """After a request, deliver the mail its committed transaction queued."""
    ids = db.session.info.pop(COMMITTED_KEY, None)
    if ids and current_app.config["MAIL_SEND_AFTER_REQUEST"]:
        try:
            send_pending(db.session, current_app.config, only_ids=ids)
        except Exception:  # the change is saved; the mail waits in the outbox
            db.session.rollback()
            current_app.logger.exception("Delivering mail after the request failed")
    return response


def init_app(app: Flask) -> None:
    if not sa.event.contains(Session, "after_commit", _remember_committed):
        sa.event.listen(Session, "after_commit", _remember_committed)
        sa.event.listen(Session, "after_rollback", _forget_rolled_back)
    app.after_request(deliver_committed_mail)
