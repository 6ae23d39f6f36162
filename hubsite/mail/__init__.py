"""Outgoing mail: written to an outbox table, delivered once the transaction commits.

A request never waits for a mail server. After a request has committed, the ids
of the mail it queued are handed to a background sender: one daemon thread per
process that delivers them while the worker already serves the next request.
The outbox's claims make sure a message is sent once, whoever sends it.
Whatever cannot be delivered then stays in the outbox for `flask send-mail
--loop` (the production path), which retries with back-off.

The file backend (local use and tests) has no server to wait for: it writes a
request's mail right after the commit, so a person (or a test) finds it at once.
"""

from __future__ import annotations

import logging
import threading
from collections import deque

import sqlalchemy as sa
from flask import Flask, Response, current_app
from sqlalchemy.orm import Session

from hubsite.extensions import db
from hubsite.mail.services import COMMITTED_KEY, QUEUED_KEY, send_pending

logger = logging.getLogger(__name__)


class BackgroundSender:
    """A daemon thread that sends the mail handed to it, outside every request.

    One per process: started on first use, so a worker forked from a parent that
    already built the app gets a thread of its own.
    """

    def __init__(self) -> None:
        self._work: deque[tuple[Flask, list[int]]] = deque()
        self._changed = threading.Condition()
        self._busy = False
        self._thread: threading.Thread | None = None

    def hand_off(self, app: Flask, ids: list[int]) -> None:
        """Queue these outbox ids for sending and return at once."""
        with self._changed:
            self._work.append((app, list(ids)))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="hubsite-mail",
                                                daemon=True)
                self._thread.start()
            self._changed.notify_all()

    def wait_until_idle(self, timeout: float = 10.0) -> bool:
        """Block until everything handed off has been tried (for tests and shutdown)."""
        with self._changed:
            return self._changed.wait_for(lambda: not self._work and not self._busy, timeout)

    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: bool(self._work))
                app, ids = self._work.popleft()
                self._busy = True
            try:
                with app.app_context():
                    try:
                        send_pending(db.session, app.config, only_ids=ids)
                    finally:
                        db.session.remove()
            except Exception:  # the mail waits in the outbox for `flask send-mail`
                logger.exception("Sending mail in the background failed")
            finally:
                with self._changed:
                    self._busy = False
                    self._changed.notify_all()


background_sender = BackgroundSender()


def _remember_committed(session: Session) -> None:
    queued = session.info.pop(QUEUED_KEY, None)
    if queued:
        session.info.setdefault(COMMITTED_KEY, []).extend(queued)


def _forget_rolled_back(session: Session) -> None:
    # Rolled-back rows never reached the outbox; there is nothing to deliver.
    session.info.pop(QUEUED_KEY, None)


def deliver_committed_mail(response: Response) -> Response:
    """After a request, hand the mail its committed transaction queued to a sender."""
    ids = db.session.info.pop(COMMITTED_KEY, None)
    if not ids or not current_app.config["MAIL_SEND_AFTER_REQUEST"]:
        return response
    if current_app.config["MAIL_BACKEND"] != "file":
        background_sender.hand_off(current_app._get_current_object(), ids)  # type: ignore[attr-defined]
        return response
    try:
        send_pending(db.session, current_app.config, only_ids=ids)
    except Exception:  # the change is saved; the mail waits in the outbox
        db.session.rollback()
        current_app.logger.exception("Writing mail after the request failed")
    return response


def init_app(app: Flask) -> None:
    if not sa.event.contains(Session, "after_commit", _remember_committed):
        sa.event.listen(Session, "after_commit", _remember_committed)
        sa.event.listen(Session, "after_rollback", _forget_rolled_back)
    app.after_request(deliver_committed_mail)
