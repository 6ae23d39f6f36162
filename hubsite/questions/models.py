"""A question from outside and the conversation about it.

Anyone may ask without an account; the asker follows the question through a private
link (`/vragen/<token>`). The hub team answers from its inbox: ask for more information,
pass it to another hub, decline, or accept it, which makes it a project.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hubsite.accounts.models import User
from hubsite.extensions import db
from hubsite.hubs.models import Hub
from hubsite.media.models import Image
from hubsite.organisations.models import Organisation
from hubsite.projects.models import Project
from hubsite.timeutil import utcnow

STATUS_NEW, STATUS_NEEDS_INFO, STATUS_ACCEPTED, STATUS_DECLINED = (
    "nieuw", "meer_info", "geaccepteerd", "afgewezen")
QUESTION_STATUSES = (STATUS_NEW, STATUS_NEEDS_INFO, STATUS_ACCEPTED, STATUS_DECLINED)
OPEN_STATUSES = (STATUS_NEW, STATUS_NEEDS_INFO)

# What kind of request it is: a question for students, or a company's response to a
# collaboration offer ("Ik doe mee", from the partners capability).
KIND_QUESTION, KIND_OFFER_RESPONSE = "vraag", "aanmelding"
QUESTION_KINDS = (KIND_QUESTION, KIND_OFFER_RESPONSE)

AUTHOR_ASKER, AUTHOR_TEAM = "asker", "team"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Question(db.Model):
    """A request for student work, asked through the public form."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)
    kind: Mapped[str] = mapped_column(sa.String(20), default=KIND_QUESTION)
    # None until someone assigns it: coordinators of every hub see unassigned questions.
    hub_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("hubs.id", ondelete="SET NULL"), index=True)
    # The partner it came from: picked, or matched/created from the typed name.
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    organisation_name: Mapped[str] = mapped_column(sa.String(160), default="")
    # Personal data: shown to the hub team only.
    contact_name: Mapped[str] = mapped_column(sa.String(120))
    email: Mapped[str] = mapped_column(sa.String(254))
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    title: Mapped[str] = mapped_column(sa.String(200))
    what: Mapped[str] = mapped_column(sa.Text)                         # what is asked
    for_whom: Mapped[str] = mapped_column(sa.String(300), default="")  # for whom
    wanted_by: Mapped[date | None]                                      # by when
    recurring: Mapped[bool] = mapped_column(default=False)             # one-off or recurring
    status: Mapped[str] = mapped_column(sa.String(20), default=STATUS_NEW, index=True)
    # The project it became when accepted.
    project_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="SET NULL"))
    language: Mapped[str] = mapped_column(sa.String(5), default="nl")  # for the mails
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    hub: Mapped[Hub | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    project: Mapped[Project | None] = relationship()
    messages: Mapped[list[QuestionMessage]] = relationship(
        back_populates="question", cascade="all, delete-orphan",
        order_by="QuestionMessage.created_at")
    attachments: Mapped[list[QuestionAttachment]] = relationship(
        back_populates="question", cascade="all, delete-orphan",
        order_by="QuestionAttachment.id")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def __repr__(self) -> str:
        return f"<Question {self.id} {self.status}>"


class QuestionMessage(db.Model):
    """A message in the conversation: the team asks or answers, the asker replies."""

    __tablename__ = "question_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(sa.String(10))  # AUTHOR_ASKER or AUTHOR_TEAM
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # What happened with the message, if anything ("meer_info", "doorgestuurd", …).
    action: Mapped[str] = mapped_column(sa.String(20), default="")
    text: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    question: Mapped[Question] = relationship(back_populates="messages")
    user: Mapped[User | None] = relationship()


class QuestionAttachment(db.Model):
    """A file the asker sent with the question: a picture or a document."""

    __tablename__ = "question_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    image_id: Mapped[int | None] = mapped_column(sa.ForeignKey("images.id", ondelete="SET NULL"))
    filename: Mapped[str] = mapped_column(sa.String(200))
    content_type: Mapped[str] = mapped_column(sa.String(120))
    size: Mapped[int] = mapped_column(default=0)
    data: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    question: Mapped[Question] = relationship(back_populates="attachments")
    image: Mapped[Image | None] = relationship()
