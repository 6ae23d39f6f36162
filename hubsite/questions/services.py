"""What happens to a question: asked, talked about, passed on, accepted or declined.

Functions take a session and plain values and only flush; the caller commits, so a
change and the mail it causes (queued in the outbox) are saved together or not at all.
Every change the asker should know about queues a mail in the asker's language
(`hubsite.questions.notifications`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session, joinedload, selectinload

from hubsite.hubs.models import Hub
from hubsite.organisations.models import (
    KIND_BUSINESS,
    KIND_EDUCATION,
    KIND_GOVERNMENT,
    Organisation,
)
from hubsite.organisations.services import find_or_add_organisation, matching_organisation
from hubsite.projects.models import STATUS_REQUEST, Project
from hubsite.questions import attachments, notifications
from hubsite.questions.access import visible_clause
from hubsite.questions.models import (
    AUTHOR_ASKER,
    AUTHOR_TEAM,
    OPEN_STATUSES,
    STATUS_ACCEPTED,
    STATUS_DECLINED,
    STATUS_NEEDS_INFO,
    STATUS_NEW,
    Question,
    QuestionMessage,
)

# What a message in the conversation did. A note that goes with passing a question on
# is for the other hub's team only: the asker never sees it.
ACTION_MORE_INFO, ACTION_REPLY, ACTION_PASSED, ACTION_ACCEPTED, ACTION_DECLINED = (
    "meer_info", "antwoord", "doorgestuurd", "geaccepteerd", "afgewezen")
TEAM_ONLY_ACTIONS = frozenset({ACTION_PASSED})

FILTER_OPEN, FILTER_ALL = "open", "alle"


class QuestionError(ValueError):
    """A change that cannot be made now; `field` names the form field it is about."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Asked:
    """What the public form sends (plain values, so that tests and demo data use it too)."""

    organisation_name: str
    contact_name: str
    email: str
    title: str
    what: str
    phone: str = ""
    for_whom: str = ""
    wanted_by: date | None = None
    hub: Hub | None = None
    recurring: bool = False
    language: str = "nl"


# -- Asking --------------------------------------------------------------------------------


def submit_question(session: Session, asked: Asked,
                    files: list[attachments.Upload] | None = None,
                    document_max_bytes: int = 5 * 1024 * 1024,
                    image_max_bytes: int = 8 * 1024 * 1024) -> Question:
    """Save a question from the public form with its files and mail the asker the link.

    The organisation is linked when its name matches a known partner; a new name stays
    text until a coordinator accepts the question, so that nobody outside the hubs
    adds records to the partner file.
    """
    known = matching_organisation(session, asked.organisation_name)
    question = Question(
        organisation=known, organisation_name=asked.organisation_name.strip(),
        contact_name=asked.contact_name.strip(), email=asked.email.strip(),
        phone=asked.phone.strip(), title=asked.title.strip(), what=asked.what.strip(),
        for_whom=asked.for_whom.strip(), wanted_by=asked.wanted_by, hub=asked.hub,
        recurring=asked.recurring, language=asked.language, status=STATUS_NEW)
    session.add(question)
    session.flush()
    for upload in files or []:
        attachments.attach(session, question, upload, document_max_bytes, image_max_bytes)
    notifications.notify_asker(session, question, "question_received")
    return question


def question_by_token(session: Session, token: str) -> Question | None:
    """The question behind a private link (None for a link that is not one)."""
    if not token or len(token) > 64:
        return None
    return session.scalar(sa.select(Question).where(Question.token == token))


def question_for_team(session: Session, question_id: int) -> Question | None:
    """A question with everything its page shows, in a fixed number of queries."""
    return session.scalar(
        sa.select(Question).where(Question.id == question_id)
        .options(joinedload(Question.hub), joinedload(Question.organisation),
                 selectinload(Question.messages).joinedload(QuestionMessage.user),
                 selectinload(Question.attachments)))


def conversation_for_asker(question: Question) -> list[QuestionMessage]:
    """The messages the asker sees: everything but the team's notes to each other."""
    return [m for m in question.messages if m.action not in TEAM_ONLY_ACTIONS]


def reply_by_asker(session: Session, question: Question, text: str) -> QuestionMessage:
    """The asker answers the team's question; the question is new for the team again."""
    if question.status != STATUS_NEEDS_INFO:
        raise QuestionError(_("Het team heeft je op dit moment niets gevraagd; een antwoord "
                              "is niet nodig."))
    message = _add_message(session, question, AUTHOR_ASKER, ACTION_REPLY, text)
    question.status = STATUS_NEW
    session.flush()
    return message


# -- The team ------------------------------------------------------------------------------


def _add_message(session: Session, question: Question, author: str, action: str, text: str,
                 user: Any = None) -> QuestionMessage:
    message = QuestionMessage(question=question, author=author, action=action,
                              text=text.strip(), user=user)
    session.add(message)
    return message


def _require_open(question: Question) -> None:
    if not question.is_open:
        raise QuestionError(_("Over deze vraag is al beslist."))


def ask_for_information(session: Session, question: Question, user: Any,
                        text: str) -> QuestionMessage:
    """The team asks the asker something; the asker answers through the private link."""
    _require_open(question)
    if not text.strip():
        raise QuestionError(_("Schrijf wat je wilt weten."), "message")
    message = _add_message(session, question, AUTHOR_TEAM, ACTION_MORE_INFO, text, user)
    question.status = STATUS_NEEDS_INFO
    session.flush()
    notifications.notify_asker(session, question, "question_more_info", message=message.text)
    return message


def pass_to_hub(session: Session, question: Question, user: Any, hub: Hub,
                note: str = "") -> QuestionMessage:
    """Send the question to another hub's inbox, with a note for that hub's team."""
    _require_open(question)
    if hub.id == question.hub_id:
        raise QuestionError(_("De vraag staat al bij deze hub."), "hub")
    previous = question.hub.name if question.hub else _("geen hub")
    text = _("Van %(from)s naar %(to)s.", **{"from": previous, "to": hub.name})
    if note.strip():
        text += "\n\n" + note.strip()
    message = _add_message(session, question, AUTHOR_TEAM, ACTION_PASSED, text, user)
    question.hub = hub
    session.flush()
    notifications.notify_asker(session, question, "question_passed")
    return message


def guess_kind(name: str) -> str:
    """Which of the three O's a new organisation's name suggests (a company unless it
    says it is a school or a government body); the partner file can correct it."""
    folded = name.lower()
    if re.search(r"\b(gemeente|provincie|waterschap|ministerie|rijksoverheid)\b", folded):
        return KIND_GOVERNMENT
    if re.search(r"(school|college|\broc\b|\bmbo\b|\bvmbo\b|\bhbo\b|academie|universiteit|"
                 r"hogeschool|lyceum|kindcentrum)", folded):
        return KIND_EDUCATION
    return KIND_BUSINESS


def accept(session: Session, question: Question, user: Any, hub: Hub | None = None,
           text: str = "") -> Project:
    """Make the question a project at status "aanvraag", with the asker's organisation as
    its client (found or added to the partner file), its title and what was asked."""
    _require_open(question)
    hub = question.hub or hub
    if hub is None:
        raise QuestionError(_("Kies de hub die de vraag oppakt."), "hub")
    client: Organisation | None = question.organisation
    if client is None and question.organisation_name.strip():
        client = find_or_add_organisation(session, question.organisation_name,
                                          guess_kind(question.organisation_name))
    project = Project(hub=hub, title=question.title[:200], what=question.what,
                      status=STATUS_REQUEST, client=client, created_by=user)
    session.add(project)
    question.hub = hub
    question.organisation = client
    question.project = project
    question.status = STATUS_ACCEPTED
    _add_message(session, question, AUTHOR_TEAM, ACTION_ACCEPTED, text, user)
    session.flush()
    notifications.notify_asker(session, question, "question_accepted", message=text.strip())
    return project


def decline(session: Session, question: Question, user: Any, text: str) -> QuestionMessage:
    """Say no, with a message to the asker (why, and maybe who could help instead)."""
    _require_open(question)
    if not text.strip():
        raise QuestionError(_("Schrijf de vrager waarom de hub deze vraag niet oppakt."),
                            "message")
    message = _add_message(session, question, AUTHOR_TEAM, ACTION_DECLINED, text, user)
    question.status = STATUS_DECLINED
    session.flush()
    notifications.notify_asker(session, question, "question_declined", message=message.text)
    return message


# -- The inbox ------------------------------------------------------------------------------


def inbox(session: Session, user: Any, hub: Hub, shown: str = FILTER_OPEN) -> list[Question]:
    """The questions of a hub's inbox as this person sees them: the hub's own, and those
    without a hub for coordinators. Waiting for the team first, then waiting for the
    asker, then the decided ones; newest first within each (one query)."""
    where = sa.and_(visible_clause(user),
                    sa.or_(Question.hub_id == hub.id, Question.hub_id.is_(None)))
    if shown != FILTER_ALL:
        where = sa.and_(where, Question.status.in_(OPEN_STATUSES))
    waiting_order = sa.case((Question.status == STATUS_NEW, 0),
                            (Question.status == STATUS_NEEDS_INFO, 1), else_=2)
    return list(session.scalars(
        sa.select(Question).where(where)
        .options(joinedload(Question.hub), joinedload(Question.organisation))
        .order_by(waiting_order, Question.created_at.desc(), Question.id.desc())))


def answered_by_asker(session: Session, questions: list[Question]) -> set[int]:
    """The questions whose newest message is the asker's answer: the team has something
    new to read there (one query for the whole list)."""
    ids = [q.id for q in questions]
    if not ids:
        return set()
    newest = (sa.select(sa.func.max(QuestionMessage.id))
              .where(QuestionMessage.question_id.in_(ids))
              .group_by(QuestionMessage.question_id))
    return set(session.scalars(
        sa.select(QuestionMessage.question_id)
        .where(QuestionMessage.id.in_(newest), QuestionMessage.author == AUTHOR_ASKER)))


def inbox_counts(session: Session, user: Any, hub: Hub) -> dict[str, int]:
    """How many questions of the hub's inbox are new, wait for the asker, and in all."""
    rows = session.execute(
        sa.select(Question.status, sa.func.count())
        .where(visible_clause(user),
               sa.or_(Question.hub_id == hub.id, Question.hub_id.is_(None)))
        .group_by(Question.status)).all()
    per_status = {status: count for status, count in rows}
    return {"new": per_status.get(STATUS_NEW, 0),
            "waiting": per_status.get(STATUS_NEEDS_INFO, 0),
            "open": per_status.get(STATUS_NEW, 0) + per_status.get(STATUS_NEEDS_INFO, 0),
            "all": sum(per_status.values())}


def new_count(session: Session, user: Any) -> int:
    """New questions waiting for this person's teams (for the navigation; one query)."""
    return session.scalar(sa.select(sa.func.count(Question.id))
                          .where(visible_clause(user), Question.status == STATUS_NEW)) or 0


def open_questions_of(session: Session, user: Any, organisation: Organisation) -> list[Question]:
    """An organisation's open questions that this person may see."""
    return list(session.scalars(
        sa.select(Question)
        .where(Question.organisation_id == organisation.id,
               Question.status.in_(OPEN_STATUSES), visible_clause(user))
        .options(joinedload(Question.hub))
        .order_by(Question.created_at.desc())))


def move_to_organisation(session: Session, source: Organisation, target: Organisation) -> int:
    """Two records turned out to be one organisation: its questions follow the one kept."""
    result = session.execute(
        sa.update(Question).where(Question.organisation_id == source.id)
        .values(organisation_id=target.id)
        .execution_options(synchronize_session="fetch"))
    return result.rowcount or 0


def partner_names(session: Session) -> list[str]:
    """Names of the partner organisations, for the form's list of suggestions."""
    return list(session.scalars(sa.select(Organisation.name).order_by(Organisation.name)))


def hubs_for_choice(session: Session) -> list[Hub]:
    return list(session.scalars(sa.select(Hub).order_by(Hub.name)))
