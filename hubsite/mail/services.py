"""Queue mail in the outbox and deliver it after the transaction commits.

A mail server that is down never loses a message or the change that caused
it: the message waits in the outbox and delivery retries with back-off.
"""

from __future__ import annotations

import logging
import re
import smtplib
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formataddr, parseaddr
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale
from jinja2 import Template, TemplateNotFound
from sqlalchemy.orm import Session

from hubsite.mail.models import OutboxMessage
from hubsite.timeutil import utcnow

CLAIM_SECONDS = 120
logger = logging.getLogger(__name__)

# Keys in `Session.info`: ids of messages queued in the open transaction, and of
# those whose transaction has committed (see hubsite.mail.init_app).
QUEUED_KEY = "hubsite.outbox.queued"
COMMITTED_KEY = "hubsite.outbox.committed"


_CONTROL_RUN = re.compile(r"[\x00-\x1f\x7f]+")


def one_line(text: str) -> str:
    """Text fit for a mail header: every run of control characters (a line break in an
    activity's title, say) becomes one space, so the header stays one header."""
    return " ".join(_CONTROL_RUN.sub(" ", text).split())


@dataclass(frozen=True)
class Attachment:
    """A file to attach to a message, e.g. an .ics invitation.

    `content_type` may carry parameters, which the attachment's Content-Type header
    keeps: `text/calendar; charset=utf-8; method=REQUEST`.
    """

    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class InlineImage:
    """A picture shown inside the HTML part, which refers to it as `cid:<cid>`."""

    cid: str
    content_type: str
    data: bytes


def queue_mail(
    session: Session,
    recipient: str,
    subject: str,
    body_text: str,
    attachment: Attachment | None = None,
    *,
    body_html: str | None = None,
    sender_name: str = "",
    reply_to: tuple[str, str] | None = None,
    unsubscribe_url: str = "",
    inline_image: InlineImage | None = None,
) -> OutboxMessage:
    """Put a message in the outbox; it is sent once the caller has committed.

    `body_html` is the same content as HTML, sent beside the text as an alternative.
    `sender_name` goes before the configured MAIL_FROM address (the address itself
    never changes, so the mail still passes the sending domain's checks);
    `reply_to` is (name, address) of whoever answers replies.
    `unsubscribe_url` (absolute) makes it a list mail: mail clients show an unsubscribe
    button that POSTs to it (List-Unsubscribe with List-Unsubscribe-Post).
    `inline_image` is a picture the HTML part shows (as `<img src="cid:…">`).
    """
    message = OutboxMessage(
        recipient=recipient,
        subject=one_line(subject),
        body_text=body_text,
        body_html=body_html,
        sender_name=one_line(sender_name),
        reply_to=formataddr((one_line(reply_to[0]), one_line(reply_to[1])))
        if reply_to and reply_to[1] else "",
        unsubscribe_url=one_line(unsubscribe_url),
        attachment_name=attachment.filename if attachment else None,
        attachment_type=attachment.content_type if attachment else None,
        attachment_data=attachment.data if attachment else None,
        inline_image_cid=inline_image.cid if inline_image and body_html else None,
        inline_image_type=inline_image.content_type if inline_image and body_html else None,
        inline_image_data=inline_image.data if inline_image and body_html else None,
    )
    session.add(message)
    session.flush()
    session.info.setdefault(QUEUED_KEY, []).append(message.id)
    return message


def queue_templated_mail(
    session: Session,
    recipient: str,
    template: str,
    locale: str,
    attachment: Attachment | None = None,
    *,
    sender_name: str = "",
    reply_to: tuple[str, str] | None = None,
    unsubscribe_url: str = "",
    inline_image: InlineImage | None = None,
    **context: Any,
) -> OutboxMessage:
    """Render `templates/mail/<template>.txt` in the recipient's language and queue it.

    The template's first line is the subject; the rest is the body. The two are
    rendered apart, so that a line break in a title cannot end the subject early and
    push its end into the body. When `templates/mail/<template>.html` exists it is
    rendered too (with `subject` in its context) and sent as the HTML alternative.
    """
    subject_template, body_template = _text_templates(template)
    html_template = _html_template(template)
    with force_locale(locale):
        subject = one_line(render_template(subject_template, **context))
        body = render_template(body_template, **context)
        body_html = None
        if html_template is not None:
            body_html = render_template(html_template, subject=subject, locale=locale,
                                        **context)
    return queue_mail(session, recipient, subject, body.strip() + "\n", attachment,
                      body_html=body_html, sender_name=sender_name, reply_to=reply_to,
                      unsubscribe_url=unsubscribe_url, inline_image=inline_image)


# Where the app keeps each text mail's subject and body, compiled: compiling a template
# costs several times what rendering it does, and a confirmation is sent on every booking.
_TEXT_TEMPLATES = "mail.text_templates"


def _text_templates(template: str) -> tuple[Template, Template]:
    """The subject line and the body of `templates/mail/<template>.txt`, compiled once
    (again after the file changed, where the app reloads templates)."""
    env = current_app.jinja_env
    kept: dict[str, tuple[Template, Template, Callable[[], bool]]] = \
        current_app.extensions.setdefault(_TEXT_TEMPLATES, {})
    known = kept.get(template)
    if known is not None and (not env.auto_reload or known[2]()):
        return known[0], known[1]
    source, _, uptodate = env.loader.get_source(env, f"mail/{template}.txt")  # type: ignore[union-attr]
    subject_source, _, body_source = source.lstrip().partition("\n")
    subject, body = env.from_string(subject_source), env.from_string(body_source)
    kept[template] = (subject, body, uptodate or (lambda: True))
    return subject, body


def _html_template(template: str) -> Template | None:
    """`templates/mail/<template>.html`, if there is one (compiled once by Jinja's cache)."""
    try:
        return current_app.jinja_env.get_template(f"mail/{template}.html")
    except TemplateNotFound:
        return None


def _content_type(value: str | None) -> tuple[str, str, dict[str, str]]:
    """`text/calendar; charset=utf-8; method=CANCEL` as its type, subtype and parameters."""
    kind, *parameters = (value or "application/octet-stream").split(";")
    maintype, _, subtype = kind.strip().lower().partition("/")
    params = {}
    for parameter in parameters:
        key, _, val = parameter.partition("=")
        if key.strip() and val.strip():
            params[key.strip().lower()] = val.strip().strip('"')
    return maintype or "application", subtype or "octet-stream", params


def build_email(message: OutboxMessage, sender: str) -> EmailMessage:
    """The outbox row as a MIME message (text, or text and HTML as alternatives)."""
    email = EmailMessage()
    sender_name, sender_address = parseaddr(sender)
    if message.sender_name and sender_address:
        # The email library quotes and encodes the name (RFC 2047 for non-ASCII).
        email["From"] = Address(display_name=one_line(message.sender_name),
                                addr_spec=sender_address)
    else:
        email["From"] = sender
    email["To"] = message.recipient
    if message.reply_to:
        email["Reply-To"] = one_line(message.reply_to)
    email["Subject"] = one_line(message.subject)
    if message.unsubscribe_url:
        email["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    # The same Message-ID on every attempt lets a receiving server drop a duplicate
    # delivery; the creation time keeps it unique when a database starts afresh.
    domain = sender_address.rpartition("@")[2] or "hubsite.local"
    created = message.created_at.strftime("%Y%m%d%H%M%S%f")
    email["Message-ID"] = f"<outbox-{message.id}.{created}@{domain}>"
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
        if message.inline_image_data is not None and message.inline_image_cid:
            # The HTML part and its picture travel together (multipart/related), so mail
            # clients show the picture without fetching anything.
            maintype, subtype, _params = _content_type(message.inline_image_type)
            html_part = email.get_body(preferencelist=("html",))
            html_part.add_related(message.inline_image_data, maintype=maintype,
                                  subtype=subtype, cid=f"<{message.inline_image_cid}>",
                                  disposition="inline")
    if message.attachment_data is not None:
        maintype, subtype, params = _content_type(message.attachment_type)
        email.add_attachment(
            message.attachment_data,
            maintype=maintype,
            subtype=subtype,
            filename=one_line(message.attachment_name or "bijlage"),
            params=params,
        )
    return email


def deliver(email: EmailMessage, config: dict) -> None:
    """Hand one message to the configured backend; raises when it cannot."""
    if config["MAIL_BACKEND"] == "file":
        folder = Path(config["MAIL_FILE_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        stamp = utcnow().strftime("%Y%m%d-%H%M%S-%f")
        name = email["Message-ID"].strip("<>").split("@")[0]
        (folder / f"{stamp}-{name}.eml").write_bytes(bytes(email))
        return
    smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"],
                        timeout=config["MAIL_TIMEOUT"])
    try:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)
    except BaseException:
        smtp.close()
        raise
    # The server has accepted the message: a failing QUIT must not make us send it again.
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()


# The waits after each failed attempt: quick at first (a server restarting), then
# ever longer, so that the last of MAIL_MAX_ATTEMPTS (12) comes some 52 hours after
# the first and a mail server down over a weekend loses nothing.
RETRY_DELAYS = tuple(
    timedelta(minutes=m) for m in (0.5, 2, 10, 30, 60, 120, 240, 480, 720, 720, 720)
)


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt (the last wait repeats)."""
    return RETRY_DELAYS[min(max(attempts, 1), len(RETRY_DELAYS)) - 1]


def _claim(session: Session, message_id: int, now: datetime) -> bool:
    """Mark a message as being sent; False when another sender holds it."""
    result = session.execute(
        sa.update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.sent_at.is_(None),
            sa.or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
        )
        .values(claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
    )
    session.commit()
    return result.rowcount == 1


def send_pending(
    session: Session,
    config: dict,
    limit: int = 100,
    only_ids: Collection[int] | None = None,
    now: datetime | None = None,
) -> tuple[int, int]:
    """Send what is due in the outbox (or just the due ones of `only_ids`).

    Returns (sent, failed) counts. Each message is claimed and committed before
    it is sent, so two senders (a loop and a manual `flask send-mail`) never
    send the same message. `now` stands in for the clock (tests of the schedule).
    """
    clock = (lambda: now) if now is not None else utcnow
    now = clock()
    due = (
        sa.select(OutboxMessage.id)
        .where(
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.failed_at.is_(None),
            OutboxMessage.next_attempt_at <= now,
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    if only_ids is not None:
        due = due.where(OutboxMessage.id.in_(list(only_ids)))
    due_ids = session.scalars(due).all()
    session.commit()
    sent = failed = 0
    for message_id in due_ids:
        # Claim with the time of sending, not of the query: a long round must not
        # hand out claims that have already run out.
        if not _claim(session, message_id, clock()):
            continue
        message = session.get(OutboxMessage, message_id)
        try:
            deliver(build_email(message, config["MAIL_FROM"]), config)
        except (OSError, smtplib.SMTPException) as error:  # the server: try again later
            failed += 1
            message.attempts += 1
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            message.next_attempt_at = clock() + retry_delay(message.attempts)
            message.claimed_until = None
            if message.attempts >= config["MAIL_MAX_ATTEMPTS"]:
                message.failed_at = clock()
        except Exception as error:
            # The message itself cannot be built or sent (a bad header, say): retrying
            # will not help, and it must not stop the messages after it.
            logger.exception("Outbox message %s cannot be sent", message_id)
            failed += 1
            message.attempts += 1
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            message.claimed_until = None
            message.failed_at = clock()
        else:
            sent += 1
            message.attempts += 1
            message.sent_at = clock()
        session.commit()
    return sent, failed


def failed_messages(session: Session) -> list[OutboxMessage]:
    """Mail that was given up (attempts ran out, or it could not be built), newest first."""
    return list(session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.failed_at.is_not(None), OutboxMessage.sent_at.is_(None))
        .order_by(OutboxMessage.failed_at.desc())
    ))


def retry_failed(session: Session, ids: Collection[int] | None = None) -> list[int]:
    """Give mail that was given up a fresh round of attempts; returns their ids.

    Only messages never sent are picked up (in one UPDATE, so a second click or a
    second admin changes nothing), and sending still goes through the claims: each
    message is sent once. They are sent after the caller commits, like new mail.
    """
    picked = sa.and_(OutboxMessage.failed_at.is_not(None), OutboxMessage.sent_at.is_(None))
    if ids is not None:
        picked = sa.and_(picked, OutboxMessage.id.in_(list(ids)))
    retried = list(session.scalars(sa.select(OutboxMessage.id).where(picked)))
    if retried:
        session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id.in_(retried), picked)
            .values(failed_at=None, attempts=0, next_attempt_at=utcnow(), claimed_until=None)
        )
        session.info.setdefault(QUEUED_KEY, []).extend(retried)
    return retried


def send_loop(session: Session, config: dict, interval: float = 5.0) -> None:
    """Keep sending due mail; fit to run as its own process in production."""
    while True:
        send_pending(session, config)
        time.sleep(interval)
