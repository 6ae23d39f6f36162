"""Mail to the asker about their question, in the language they asked in.

Each mail is text with the same content as HTML beside it, comes from the hub (or
from the network while no hub has the question) and carries the private link
`/vragen/<token>` where the asker follows the question and answers the team.
"""

from __future__ import annotations

from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from hubsite.mail.models import OutboxMessage
from hubsite.mail.services import queue_templated_mail
from hubsite.questions.models import Question
from hubsite.urls import absolute_url


def notify_asker(session: Session, question: Question, template: str,
                 **context: Any) -> OutboxMessage:
    """Queue one templated mail (templates/mail/<template>.txt and .html) to the asker."""
    hub = question.hub
    with force_locale(question.language):
        site = _("Ruimte voor ondernemendheid")
        sender = _("%(hub)s via %(site)s", hub=hub.name, site=site) if hub else site
    return queue_templated_mail(
        session, question.email, template, question.language, sender_name=sender,
        reply_to=(hub.name, hub.email) if hub and hub.email else None,
        question=question, hub=hub,
        private_url=absolute_url("questions.private", token=question.token), **context)
