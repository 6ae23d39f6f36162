"""Reuse ("Hergebruik dit project"): a new draft from a finished or archived project,
with the parts the person ticks, and the lineage kept in `reused_from_id`.

Each part is a cloner of kind "project" (hubsite.cloning): it returns `{part: values}`,
and the reuse takes the parts that were ticked. What identifies people or a moment —
the client, the contact person, the dates, the results and the names of students — is a
part of its own that is never ticked by default.

A project is also the origin of a new agenda activity (the kick-off, the presentation):
the "event-origin" cloner gives the agenda's form its title, summary, description and
organisation, and the agenda's `event_started_from` signal links the activity back.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import Session

from hubsite.accounts.models import User
from hubsite.agenda.models import Event
from hubsite.agenda.signals import event_started_from
from hubsite.cloning import cloned_values, register_cloner
from hubsite.extensions import db
from hubsite.hubs.models import Hub
from hubsite.markup import markdown_to_text
from hubsite.projects import services
from hubsite.projects.access import may_edit
from hubsite.projects.models import (
    STATUS_REQUEST,
    Attachment,
    Lesson,
    Programme,
    Project,
    ProjectPartner,
    SubProject,
    Tag,
)

# (part, label, ticked by default). The order is the order of the form.
PARTS = (
    ("approach", _l("Wat, wie, hoe en de ondersteuning"), True),
    ("subprojects", _l("Deelprojecten per opleiding"), True),
    ("lessons", _l("Tips, tops en valkuilen"), True),
    ("programmes", _l("Opleidingen"), True),
    ("tags", _l("Labels"), True),
    ("partners", _l("Partners"), False),
    ("attachments", _l("Foto's en documenten"), False),
)
# Never along unless ticked: they belong to the first project's people and moment.
PRIVATE_PARTS = (
    ("client", _l("De opdrachtgever"), False),
    ("contact", _l("De contactpersoon"), False),
    ("dates", _l("De periode (start- en einddatum)"), False),
    ("result", _l("Het resultaat"), False),
    ("students", _l("Namen van studenten in de deelprojecten"), False),
)
ALL_PARTS = tuple(name for name, _label, _default in PARTS + PRIVATE_PARTS)


def _approach(source: Project) -> dict[str, Any]:
    return {"approach": {"summary": source.summary, "what": source.what, "who": source.who,
                         "approach": source.approach, "support": source.support}}


def _subprojects(source: Project) -> dict[str, Any]:
    return {"subprojects": [
        {"title": s.title, "description": s.description, "programme_id": s.programme_id,
         "students": s.students, "position": s.position} for s in source.subprojects]}


def _lessons(source: Project) -> dict[str, Any]:
    return {"lessons": [{"kind": lesson.kind, "text": lesson.text, "position": lesson.position}
                        for lesson in source.lessons]}


def _programmes(source: Project) -> dict[str, Any]:
    return {"programmes": [programme.id for programme in source.programmes]}


def _tags(source: Project) -> dict[str, Any]:
    return {"tags": [tag.id for tag in source.tags]}


def _partners(source: Project) -> dict[str, Any]:
    return {"partners": [(p.organisation_id, p.contribution) for p in source.partners]}


def _attachments(source: Project) -> dict[str, Any]:
    return {"attachments": {"cover": (source.image_id, source.image_alt),
                            "files": [a.id for a in source.attachments]}}


def _people_and_moment(source: Project) -> dict[str, Any]:
    return {"client": {"client_id": source.client_id},
            "contact": {"contact_user_id": source.contact_user_id,
                        "contact_name": source.contact_name,
                        "contact_role": source.contact_role},
            "dates": {"starts_on": source.starts_on, "ends_on": source.ends_on},
            "result": {"result": source.result}}


PROJECT_CLONERS = (_approach, _subprojects, _lessons, _programmes, _tags, _partners,
                   _attachments, _people_and_moment)


def reuse_project(session: Session, source: Project, hub: Hub, parts: Collection[str],
                  created_by: User | None, title: str | None = None) -> Project:
    """A new project at "aanvraag" at `hub`, started from `source` with the ticked parts."""
    values = cloned_values("project", source)
    fields: dict[str, Any] = {}
    for part in ("approach", "client", "contact", "dates", "result"):
        if part in parts:
            fields.update(values.get(part, {}))
    project = services.create_project(session, hub, title or source.title,
                                      created_by=created_by, status=STATUS_REQUEST, **fields)
    project.reused_from_id = source.id
    if "subprojects" in parts:
        for item in values.get("subprojects", []):
            students = item["students"] if "students" in parts else ""
            project.subprojects.append(SubProject(
                title=item["title"], description=item["description"],
                programme_id=item["programme_id"], students=students,
                position=item["position"]))
    if "lessons" in parts:
        for item in values.get("lessons", []):
            project.lessons.append(Lesson(**item))
    if "programmes" in parts and values.get("programmes"):
        project.programmes = [session.get(Programme, pid) for pid in values["programmes"]]
    if "tags" in parts and values.get("tags"):
        project.tags = [session.get(Tag, tid) for tid in values["tags"]]
    if "partners" in parts:
        for organisation_id, contribution in values.get("partners", []):
            if organisation_id != project.client_id:
                project.partners.append(ProjectPartner(
                    organisation_id=organisation_id, contribution=contribution))
    if "attachments" in parts:
        _copy_attachments(session, project, values.get("attachments", {}))
    session.flush()
    return project


def _copy_attachments(session: Session, project: Project, values: dict[str, Any]) -> None:
    """Photos share the stored picture (pictures never change); documents are copied."""
    cover_id, cover_alt = values.get("cover", (None, ""))
    project.image_id, project.image_alt = cover_id, cover_alt
    for attachment_id in values.get("files", []):
        source = session.get(Attachment, attachment_id)
        if source is None:
            continue
        project.attachments.append(Attachment(
            image_id=source.image_id, filename=source.filename,
            content_type=source.content_type, size=source.size,
            data=None if source.image_id else source.data, description=source.description))


# --------------------------------------------------------------------------- agenda


ORIGIN_PREFIX = "project:"


def origin_of(project: Project) -> str:
    """The `vanuit` value of the agenda's new-activity form for this project."""
    return f"{ORIGIN_PREFIX}{project.id}"


def _project_of_origin(origin: str) -> Project | None:
    if not isinstance(origin, str) or not origin.startswith(ORIGIN_PREFIX):
        return None
    number = origin.removeprefix(ORIGIN_PREFIX)
    if not number.isdigit() or len(number) > 9:
        return None
    return db.session.get(Project, int(number))


def event_values_from_project(origin: str) -> dict[str, Any]:
    """What a new activity takes over from its project, for the project's hub team."""
    project = _project_of_origin(origin)
    if project is None or not may_edit(current_user, project):
        return {}
    summary = project.summary or markdown_to_text(project.what).split("\n")[0]
    description = "\n\n".join(part for part in (project.what, project.approach) if part)
    return {"title": project.title, "summary": summary[:300], "description": description,
            "organisation_id": project.client_id}


def link_started_event(event: Event, session: Session, origin: str = "", **_kwargs: Any) -> None:
    """A new activity started from a project becomes one of its activities, when the one
    who made it is on the project's hub team."""
    project = _project_of_origin(origin)
    if project is None or event.created_by is None or not may_edit(event.created_by, project):
        return
    services.link_event(session, project, event)


def init_app(app: Flask) -> None:
    for cloner in PROJECT_CLONERS:
        register_cloner(app, "project", cloner)
    register_cloner(app, "event-origin", event_values_from_project)
    event_started_from.connect(link_started_event)
