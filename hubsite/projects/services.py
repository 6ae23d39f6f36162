"""Projects: telling one (the story, its deelprojecten and lessons, who took part), its
status, and what lists and pages need of them in a constant number of queries.

Services take a session and plain values and only flush; the request commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session, joinedload, selectinload

from hubsite.accounts.models import User
from hubsite.agenda.models import STATUS_DRAFT as EVENT_DRAFT
from hubsite.agenda.models import Event
from hubsite.hubs.models import Hub, HubMembership
from hubsite.organisations.models import ORGANISATION_KINDS, Organisation
from hubsite.projects.models import (
    LESSON_KINDS,
    PROGRAMME_LEVELS,
    PROJECT_STATUSES,
    PUBLIC_STATUSES,
    STATUS_ARCHIVED,
    STATUS_REQUEST,
    STATUS_RUNNING,
    Attachment,
    Lesson,
    Programme,
    Project,
    ProjectPartner,
    SubProject,
    Tag,
    project_events,
    project_programmes,
)
from hubsite.text import slugify
from hubsite.timeutil import utcnow

# The fields of the project form, as the service takes them.
STORY_FIELDS = ("title", "summary", "what", "who", "approach", "support", "result")
EDITABLE_FIELDS = STORY_FIELDS + ("client_id", "starts_on", "ends_on", "contact_user_id",
                                  "contact_name", "contact_role", "image_id", "image_alt")


class ProjectError(ValueError):
    """A change that cannot be made; `field` names the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# --------------------------------------------------------------------------- reading


def _page_options() -> list:
    return [
        joinedload(Project.hub), joinedload(Project.client), joinedload(Project.contact_user),
        joinedload(Project.image), joinedload(Project.reused_from),
        selectinload(Project.programmes), selectinload(Project.tags),
        selectinload(Project.partners).joinedload(ProjectPartner.organisation),
        selectinload(Project.subprojects).joinedload(SubProject.programme),
        selectinload(Project.lessons),
        selectinload(Project.attachments).joinedload(Attachment.image),
    ]


def project_for_page(session: Session, project_id: int) -> Project | None:
    """A project with everything its page shows, in a fixed number of queries."""
    return session.scalar(sa.select(Project).where(Project.id == project_id)
                          .options(*_page_options()))


def reuses_of(session: Session, project: Project, public_only: bool) -> list[Project]:
    """The projects started from this one ("hergebruikt in"), newest first."""
    query = (sa.select(Project).where(Project.reused_from_id == project.id)
             .options(joinedload(Project.hub)).order_by(Project.created_at.desc()))
    if public_only:
        query = query.where(Project.status.in_(PUBLIC_STATUSES))
    return list(session.scalars(query))


def linked_events(session: Session, project: Project, with_drafts: bool) -> list[Event]:
    """The agenda activities of a project (drafts only for its team), by start."""
    query = (sa.select(Event).join(project_events, project_events.c.event_id == Event.id)
             .where(project_events.c.project_id == project.id)
             .options(joinedload(Event.hub), joinedload(Event.activity_type))
             .order_by(Event.starts_at))
    if not with_drafts:
        query = query.where(Event.status != EVENT_DRAFT)
    return list(session.scalars(query))


def projects_of_events(session: Session, event_ids: Sequence[int], public_only: bool = True
                       ) -> dict[int, list[Project]]:
    """Per activity, the projects it belongs to (one query for all of them)."""
    if not event_ids:
        return {}
    query = (sa.select(project_events.c.event_id, Project)
             .join(Project, Project.id == project_events.c.project_id)
             .where(project_events.c.event_id.in_(event_ids)).order_by(Project.title))
    if public_only:
        query = query.where(Project.status.in_(PUBLIC_STATUSES))
    found: dict[int, list[Project]] = {}
    for event_id, project in session.execute(query):
        found.setdefault(event_id, []).append(project)
    return found


def projects_of_hub(session: Session, hub: Hub, include_unpublished: bool, limit: int = 6
                    ) -> list[Project]:
    """A hub's projects for its page: running first, then the most recently finished."""
    running_first = sa.case((Project.status == STATUS_REQUEST, 0),
                            (Project.status == STATUS_RUNNING, 1), else_=2)
    query = (sa.select(Project).where(Project.hub_id == hub.id)
             .options(joinedload(Project.client))
             .order_by(running_first, Project.ends_on.desc().nulls_last(), Project.id.desc())
             .limit(limit))
    if not include_unpublished:
        query = query.where(Project.status.in_(PUBLIC_STATUSES))
    return list(session.scalars(query))


def count_projects_of_hub(session: Session, hub: Hub, include_unpublished: bool) -> int:
    query = sa.select(sa.func.count(Project.id)).where(Project.hub_id == hub.id)
    if not include_unpublished:
        query = query.where(Project.status.in_(PUBLIC_STATUSES))
    return session.scalar(query) or 0


def projects_of_organisation(session: Session, organisation: Organisation
                             ) -> list[tuple[Project, str]]:
    """The published projects an organisation took part in, with its part: "client" or
    the contribution it made as a partner (two queries)."""
    as_partner = sa.select(ProjectPartner.project_id).where(
        ProjectPartner.organisation_id == organisation.id)
    projects = session.scalars(
        sa.select(Project)
        .where(Project.status.in_(PUBLIC_STATUSES),
               sa.or_(Project.client_id == organisation.id, Project.id.in_(as_partner)))
        .options(joinedload(Project.hub))
        .order_by(Project.starts_on.desc().nulls_last(), Project.id.desc())).all()
    contributions = dict(session.execute(
        sa.select(ProjectPartner.project_id, ProjectPartner.contribution)
        .where(ProjectPartner.organisation_id == organisation.id)).all())
    return [(project, "client" if project.client_id == organisation.id
             else contributions.get(project.id, "")) for project in projects]


def partners_by_kind(project: Project) -> dict[str, list[ProjectPartner]]:
    """The partners grouped per O, in the order ondernemers, onderwijs, overheid."""
    grouped: dict[str, list[ProjectPartner]] = {kind: [] for kind in ORGANISATION_KINDS}
    for partner in sorted(project.partners, key=lambda p: p.organisation.name.lower()):
        grouped.setdefault(partner.organisation.kind, []).append(partner)
    return {kind: partners for kind, partners in grouped.items() if partners}


def lessons_by_kind(project: Project) -> dict[str, list[Lesson]]:
    """Tips, tops and valkuilen, each a list in its own order."""
    return {kind: [lesson for lesson in project.lessons if lesson.kind == kind]
            for kind in LESSON_KINDS}


def team_members(session: Session, hub: Hub) -> list[User]:
    """The people of a hub's team, who may be a project's contact person."""
    return list(session.scalars(
        sa.select(User).join(HubMembership, HubMembership.user_id == User.id)
        .where(HubMembership.hub_id == hub.id).order_by(User.name)))


def all_programmes(session: Session) -> list[Programme]:
    return list(session.scalars(sa.select(Programme).order_by(Programme.name,
                                                              Programme.level)))


def all_tags(session: Session) -> list[Tag]:
    return list(session.scalars(sa.select(Tag).order_by(Tag.name)))


def all_organisations(session: Session) -> list[Organisation]:
    return list(session.scalars(sa.select(Organisation).order_by(Organisation.name)))


# --------------------------------------------------------------------------- the project


def create_project(session: Session, hub: Hub, title: str, created_by: User | None = None,
                   **fields: Any) -> Project:
    """A new project at `hub`, at "aanvraag" unless a status is given."""
    if not title.strip():
        raise ProjectError(_("Geef het project een titel."), "title")
    project = Project(hub=hub, title=title.strip(), created_by=created_by,
                      status=fields.pop("status", STATUS_REQUEST))
    _apply(project, fields)
    session.add(project)
    session.flush()
    return project


def update_project(session: Session, project: Project, **fields: Any) -> Project:
    """Change the project's own fields (not its lists, partners or status)."""
    if "title" in fields and not (fields["title"] or "").strip():
        raise ProjectError(_("Geef het project een titel."), "title")
    _apply(project, fields)
    session.flush()
    return project


def _apply(project: Project, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not a project field: {sorted(unknown)}")
    starts, ends = fields.get("starts_on", project.starts_on), fields.get("ends_on",
                                                                           project.ends_on)
    if isinstance(starts, date) and isinstance(ends, date) and ends < starts:
        raise ProjectError(_("De einddatum ligt voor de startdatum."), "ends_on")
    for name, value in fields.items():
        setattr(project, name, value.strip() if isinstance(value, str) else value)


def set_status(session: Session, project: Project, status: str, may_archive: bool) -> None:
    """Move a project to `status`; archiving (and taking out of the archive) is for
    coordinators, which the caller says with `may_archive`."""
    if status not in PROJECT_STATUSES:
        raise ProjectError(_("Kies een status uit de lijst."), "status")
    if STATUS_ARCHIVED in (status, project.status) and status != project.status \
            and not may_archive:
        raise PermissionError(_("Alleen een begeleider van de hub kan een project archiveren."))
    project.status = status
    project.archived_at = utcnow() if status == STATUS_ARCHIVED else None
    session.flush()


def delete_project(session: Session, project: Project) -> None:
    session.delete(project)
    session.flush()


def set_programmes(session: Session, project: Project, programme_ids: Iterable[int]) -> None:
    wanted = set(programme_ids)
    project.programmes = list(session.scalars(
        sa.select(Programme).where(Programme.id.in_(wanted)))) if wanted else []
    session.flush()


def set_tags(session: Session, project: Project, names: Iterable[str]) -> None:
    """File the project under these tags, adding the ones that are new."""
    project.tags = [find_or_add_tag(session, name) for name in _unique(names)]
    session.flush()


def parse_tag_names(text: str) -> list[str]:
    """"horeca, Gastvrijheid;evenementen" → the names, without doubles or empties."""
    return _unique(part for part in text.replace(";", ",").split(","))


def _unique(names: Iterable[str]) -> list[str]:
    seen, result = set(), []
    for name in names:
        name = " ".join(name.split())[:80]
        slug = slugify(name, fallback="")
        if name and slug and slug not in seen:
            seen.add(slug)
            result.append(name)
    return result


def find_or_add_tag(session: Session, name: str) -> Tag:
    slug = slugify(name, fallback="label")[:80]
    tag = session.scalar(sa.select(Tag).where(Tag.slug == slug))
    if tag is None:
        tag = Tag(slug=slug, name=" ".join(name.split())[:80])
        session.add(tag)
        session.flush()
    return tag


def find_or_add_programme(session: Session, name: str, level: str, school: str = ""
                          ) -> Programme:
    """The study programme with this name, level and school, added when it is new."""
    name, school = " ".join(name.split()), " ".join(school.split())
    if not name:
        raise ProjectError(_("Geef de naam van de opleiding."), "name")
    if level not in PROGRAMME_LEVELS:
        raise ProjectError(_("Kies een niveau uit de lijst."), "level")
    found = session.scalar(sa.select(Programme).where(
        sa.func.lower(Programme.name) == name.lower(), Programme.level == level,
        sa.func.lower(Programme.school) == school.lower()))
    if found is None:
        found = Programme(name=name, level=level, school=school)
        session.add(found)
        session.flush()
    return found


def programme_use_counts(session: Session) -> dict[int, int]:
    """Per programme, in how many projects it is involved."""
    return dict(session.execute(
        sa.select(project_programmes.c.programme_id, sa.func.count())
        .group_by(project_programmes.c.programme_id)).all())


# --------------------------------------------------------------------------- partners


def add_partner(session: Session, project: Project, organisation: Organisation,
                contribution: str = "") -> ProjectPartner:
    """Add an organisation as partner (or change what it did, when it already is one)."""
    for partner in project.partners:
        if partner.organisation_id == organisation.id:
            partner.contribution = contribution.strip()
            session.flush()
            return partner
    partner = ProjectPartner(project=project, organisation=organisation,
                             contribution=contribution.strip())
    session.add(partner)
    session.flush()
    return partner


def remove_partner(session: Session, project: Project, partner_id: int) -> None:
    partner = next((p for p in project.partners if p.id == partner_id), None)
    if partner is None:
        raise LookupError(partner_id)
    project.partners.remove(partner)
    session.flush()


# --------------------------------------------------------------------------- list items

# Deelprojecten and lessons are ordered lists: each item has a position, new items go
# last, and an item moves one place up or down by swapping with its neighbour.


def _next_position(items: Sequence[Any]) -> int:
    return max((item.position for item in items), default=-1) + 1


def move_item(session: Session, items: list[Any], item: Any, direction: str) -> None:
    """Swap `item` with its neighbour in `items` ("up" or "down")."""
    ordered = sorted(items, key=lambda i: (i.position, i.id))
    for index, each in enumerate(ordered):
        each.position = index
    index = ordered.index(item)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index].position, ordered[other].position = other, index
    session.flush()


def add_subproject(session: Session, project: Project, title: str, description: str = "",
                   programme_id: int | None = None, students: str = "") -> SubProject:
    if not title.strip():
        raise ProjectError(_("Geef het deelproject een titel."), "title")
    subproject = SubProject(project=project, title=title.strip(), description=description,
                            programme_id=programme_id, students=students.strip(),
                            position=_next_position(project.subprojects))
    session.add(subproject)
    session.flush()
    return subproject


def update_subproject(session: Session, subproject: SubProject, title: str,
                      description: str, programme_id: int | None, students: str) -> None:
    if not title.strip():
        raise ProjectError(_("Geef het deelproject een titel."), "title")
    subproject.title, subproject.description = title.strip(), description
    subproject.programme_id, subproject.students = programme_id, students.strip()
    session.flush()


def add_lesson(session: Session, project: Project, kind: str, text: str) -> Lesson:
    if kind not in LESSON_KINDS:
        raise ProjectError(_("Kies tip, top of valkuil."), "kind")
    if not text.strip():
        raise ProjectError(_("Schrijf de tip, top of valkuil op."), "text")
    same_kind = [lesson for lesson in project.lessons if lesson.kind == kind]
    lesson = Lesson(project=project, kind=kind, text=text.strip(),
                    position=_next_position(same_kind))
    session.add(lesson)
    session.flush()
    return lesson


def update_lesson(session: Session, lesson: Lesson, kind: str, text: str) -> None:
    if kind not in LESSON_KINDS:
        raise ProjectError(_("Kies tip, top of valkuil."), "kind")
    if not text.strip():
        raise ProjectError(_("Schrijf de tip, top of valkuil op."), "text")
    if kind != lesson.kind:
        lesson.position = _next_position([x for x in lesson.project.lessons if x.kind == kind])
    lesson.kind, lesson.text = kind, text.strip()
    session.flush()


def delete_item(session: Session, item: SubProject | Lesson) -> None:
    session.delete(item)
    session.flush()


# --------------------------------------------------------------------------- activities


def link_event(session: Session, project: Project, event: Event) -> None:
    """Make an agenda activity part of the project (once)."""
    exists = session.scalar(sa.select(project_events.c.event_id).where(
        project_events.c.project_id == project.id, project_events.c.event_id == event.id))
    if exists is None:
        session.execute(project_events.insert().values(project_id=project.id,
                                                       event_id=event.id))
    session.flush()


def unlink_event(session: Session, project: Project, event_id: int) -> None:
    session.execute(project_events.delete().where(project_events.c.project_id == project.id,
                                                  project_events.c.event_id == event_id))
    session.flush()


# --------------------------------------------------------------------------- organisations


def move_organisation(session: Session, source: Organisation, target: Organisation) -> None:
    """Two records are one organisation: its projects follow `target` (client and
    partner); a project that has both as partners keeps one, with both contributions."""
    # Through the ORM, not a bulk UPDATE, so that the search index sees the change.
    for project in session.scalars(sa.select(Project).where(Project.client_id == source.id)):
        project.client_id = target.id
    target_rows = {p.project_id: p for p in session.scalars(
        sa.select(ProjectPartner).where(ProjectPartner.organisation_id == target.id))}
    for partner in session.scalars(
            sa.select(ProjectPartner).where(ProjectPartner.organisation_id == source.id)).all():
        kept = target_rows.get(partner.project_id)
        if kept is None:
            partner.organisation_id = target.id
            continue
        if partner.contribution and partner.contribution not in kept.contribution:
            kept.contribution = "; ".join(
                part for part in (kept.contribution, partner.contribution) if part)[:300]
        session.delete(partner)
    session.flush()
