"""The outbox: mail is written here in the transaction that causes it."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from hubsite.extensions import db
from hubsite.timeutil import utcnow


class OutboxMessage(db.Model):
    """One e-mail waiting to be sent (or sent), with its retry state."""

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body_text: Mapped[str] = mapped_column(sa.Text)
    # The same content as HTML (sent as multipart/alternative beside the text); None: text only.
    body_html: Mapped[str | None] = mapped_column(sa.Text)
    # Shown before the configured MAIL_FROM address ("Hub Almelo via …"); empty: MAIL_FROM as is.
    sender_name: Mapped[str] = mapped_column(sa.String(200), default="")
    # Where answers go (a hub team), as a header value; empty: no Reply-To.
    reply_to: Mapped[str] = mapped_column(sa.String(320), default="")
    # A link that stops this kind of mail in one click (RFC 8058); empty: not a list mail.
    unsubscribe_url: Mapped[str] = mapped_column(sa.String(500), default="")
    attachment_name: Mapped[str | None] = mapped_column(sa.String(120))
    attachment_type: Mapped[str | None] = mapped_column(sa.String(80))
    attachment_data: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    # A picture the HTML part shows inline (`<img src="cid:…">`, multipart/related), e.g. a
    # booking's check-in QR code; None: no picture.
    inline_image_cid: Mapped[str | None] = mapped_column(sa.String(100))
    inline_image_type: Mapped[str | None] = mapped_column(sa.String(40))
    inline_image_data: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # A sender claims a message by setting this; another sender skips it until then.
    claimed_until: Mapped[datetime | None]
    sent_at: Mapped[datetime | None] = mapped_column(index=True)
    failed_at: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
