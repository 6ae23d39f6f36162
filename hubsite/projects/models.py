"""Projects, the study programmes and tags they are filed under, and what they are made of.

A project is told the way the hubs tell their stories (source 000): wat (the question), wie
(the organisations of the three O's and the programmes), hoe (the approach, with a
deelproject per programme), welke ondersteuning, resultaat, and lists of tips, tops and
valkuilen. Reuse makes a new project from an archived one and keeps the lineage in
`reused_from_id`.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hubsite.accounts.models import User
from hubsite.extensions import db
from hubsite.hubs.models import Hub
from hubsite.media.models import Image
from hubsite.organisations.models import Organisation
from hubsite.timeutil import utcnow

STATUS_REQUEST, STATUS_RUNNING, STATUS_DONE, STATUS_ARCHIVED = (
    "aanvraag", "lopend", "afgerond", "gearchiveerd")
PROJECT_STATUSES = (STATUS_REQUEST, STATUS_RUNNING, STATUS_DONE, STATUS_ARCHIVED)
# What visitors may see; a project still at "aanvraag" belongs to the hub team.
PUBLIC_STATUSES = (STATUS_RUNNING, STATUS_DONE, STATUS_ARCHIVED)

LESSON_TIP, LESSON_TOP, LESSON_PITFALL = "tip", "top", "valkuil"
LESSON_KINDS = (LESSON_TIP, LESSON_TOP, LESSON_PITFALL)

PROGRAMME_LEVELS = ("vmbo", "mbo-1", "mbo-2", "mbo-3", "mbo-4", "hbo", "wo", "anders")

project_programmes = sa.Table(
    "project_programmes", db.metadata,
    sa.Column("project_id", sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("programme_id", sa.ForeignKey("programmes.id", ondelete="CASCADE"),
              primary_key=True, index=True),
)

project_tags = sa.Table(
    "project_tags", db.metadata,
    sa.Column("project_id", sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("tag_id", sa.ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)

# Agenda activities that belong to a project (the kick-off, the Stadscafé evening itself).
project_events = sa.Table(
    "project_events", db.metadata,
    sa.Column("project_id", sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("event_id", sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)


class Programme(db.Model):
    """A study programme (opleiding) at a school, at a level such as mbo-4."""

    __tablename__ = "programmes"
    __table_args__ = (sa.UniqueConstraint("name", "level", "school"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(160))
    level: Mapped[str] = mapped_column(sa.String(12))
    school: Mapped[str] = mapped_column(sa.String(160), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<Programme {self.name} {self.level}>"


class Tag(db.Model):
    """A theme a project is filed under ("horeca", "duurzaamheid")."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    name: Mapped[str] = mapped_column(sa.String(80))

    def __repr__(self) -> str:
        return f"<Tag {self.slug}>"


class Project(db.Model):
    """A piece of work of a hub, from the question to the archive."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    hub_id: Mapped[int] = mapped_column(sa.ForeignKey("hubs.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.String(300), default="")
    status: Mapped[str] = mapped_column(sa.String(20), default=STATUS_REQUEST, index=True)
    # The organisation that asked for the work (opdrachtgever).
    client_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    # The story, in Markdown (sanitised on display).
    what: Mapped[str] = mapped_column(sa.Text, default="")       # wat: the question
    who: Mapped[str] = mapped_column(sa.Text, default="")        # wie: people and roles
    approach: Mapped[str] = mapped_column(sa.Text, default="")   # hoe
    support: Mapped[str] = mapped_column(sa.Text, default="")    # welke ondersteuning
    result: Mapped[str] = mapped_column(sa.Text, default="")     # resultaat
    # Contact person: a member of the hub team, or someone of a partner (name and role).
    contact_user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    contact_name: Mapped[str] = mapped_column(sa.String(160), default="")
    contact_role: Mapped[str] = mapped_column(sa.String(160), default="")
    image_id: Mapped[int | None] = mapped_column(sa.ForeignKey("images.id", ondelete="SET NULL"))
    image_alt: Mapped[str] = mapped_column(sa.String(300), default="")
    # Lineage: the archived project this one was started from ("gebaseerd op").
    reused_from_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="SET NULL"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    archived_at: Mapped[datetime | None]

    hub: Mapped[Hub] = relationship()
    client: Mapped[Organisation | None] = relationship()
    contact_user: Mapped[User | None] = relationship(foreign_keys=[contact_user_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    image: Mapped[Image | None] = relationship()
    reused_from: Mapped[Project | None] = relationship(remote_side=[id])
    programmes: Mapped[list[Programme]] = relationship(
        secondary=project_programmes, order_by="Programme.name")
    tags: Mapped[list[Tag]] = relationship(secondary=project_tags, order_by="Tag.name")
    partners: Mapped[list[ProjectPartner]] = relationship(
        back_populates="project", cascade="all, delete-orphan")
    subprojects: Mapped[list[SubProject]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="SubProject.position")
    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="Lesson.position")
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="Attachment.id")

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    def __repr__(self) -> str:
        return f"<Project {self.id} {self.title!r}>"


class ProjectPartner(db.Model):
    """An organisation that worked on a project besides the client; its O is its kind."""

    __tablename__ = "project_partners"
    __table_args__ = (sa.UniqueConstraint("project_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    contribution: Mapped[str] = mapped_column(sa.String(300), default="")  # what they did

    project: Mapped[Project] = relationship(back_populates="partners")
    organisation: Mapped[Organisation] = relationship()


class SubProject(db.Model):
    """A deelproject: what one programme's students did within the project."""

    __tablename__ = "subprojects"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    programme_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown
    # Names of the students involved: never copied when a project is reused.
    students: Mapped[str] = mapped_column(sa.String(500), default="")
    position: Mapped[int] = mapped_column(default=0)

    project: Mapped[Project] = relationship(back_populates="subprojects")
    programme: Mapped[Programme | None] = relationship()


class Lesson(db.Model):
    """One tip, top or valkuil of a project (each a list item, not one text)."""

    __tablename__ = "project_lessons"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(10))
    text: Mapped[str] = mapped_column(sa.Text)
    position: Mapped[int] = mapped_column(default=0)

    project: Mapped[Project] = relationship(back_populates="lessons")


class Attachment(db.Model):
    """A photo (through the media layer) or a document (PDF, office file, kept as it is)."""

    __tablename__ = "project_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    image_id: Mapped[int | None] = mapped_column(sa.ForeignKey("images.id", ondelete="SET NULL"))
    filename: Mapped[str] = mapped_column(sa.String(200))
    content_type: Mapped[str] = mapped_column(sa.String(120))
    size: Mapped[int] = mapped_column(default=0)
    # A document's bytes (None for a photo, whose bytes live in `images`).
    data: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    description: Mapped[str] = mapped_column(sa.String(300), default="")  # alt text of a photo
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    project: Mapped[Project] = relationship(back_populates="attachments")
    image: Mapped[Image | None] = relationship()
