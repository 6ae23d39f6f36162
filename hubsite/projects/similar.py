"""Similar projects beside a project's story (slot `project.aside`): up to five public
projects that share its programmes, tags, kinds of organisation and words.

A shared programme weighs most (the same students could do it again), then a shared tag,
then a kind of organisation (a school asking again, a municipality), and the words of the
title and summary, ranked by the search index. Four queries, whatever the archive's size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Flask, render_template
from markupsafe import Markup
from sqlalchemy.orm import Session, joinedload

from hubsite.extensions import db
from hubsite.organisations.models import Organisation
from hubsite.projects.models import (
    PUBLIC_STATUSES,
    Project,
    ProjectPartner,
    project_programmes,
    project_tags,
)
from hubsite.projects.search import (
    INDEX_TABLE,
    SQLITE_WEIGHTS,
    pg_search,
    query_terms,
    sqlite_search,
    stem,
)
from hubsite.projects.slots import PROJECT_ASIDE
from hubsite.slots import contribute

WEIGHT_PROGRAMME, WEIGHT_TAG, WEIGHT_KIND, WEIGHT_WORDS = 3.0, 2.0, 1.0, 3.0
LIMIT = 5
CANDIDATES = 40


@dataclass(frozen=True)
class Similar:
    """A project like another one, and what they share (for the reader)."""

    project: Project
    score: float
    programmes: int
    tags: int


def _shared(session: Session, project: Project) -> dict[int, dict[str, float]]:
    """Per other project, how many programmes, tags and organisation kinds it shares
    (one query)."""
    pp_other = project_programmes.alias("pp_other")
    pt_other = project_tags.alias("pt_other")
    mine_programmes = sa.select(project_programmes.c.programme_id).where(
        project_programmes.c.project_id == project.id)
    mine_tags = sa.select(project_tags.c.tag_id).where(project_tags.c.project_id == project.id)
    orgs = sa.union(
        sa.select(Project.id.label("project_id"), Project.client_id.label("organisation_id"))
        .where(Project.client_id.is_not(None)),
        sa.select(ProjectPartner.project_id, ProjectPartner.organisation_id),
    ).subquery("orgs")
    kinds = (sa.select(orgs.c.project_id, Organisation.kind)
             .join(Organisation, Organisation.id == orgs.c.organisation_id).distinct()
             .subquery("kinds"))
    mine_kinds = sa.select(kinds.c.kind).where(kinds.c.project_id == project.id)
    statement = sa.union_all(
        sa.select(pp_other.c.project_id, sa.literal("programmes"),
                  sa.func.count().label("n"))
        .where(pp_other.c.programme_id.in_(mine_programmes),
               pp_other.c.project_id != project.id)
        .group_by(pp_other.c.project_id),
        sa.select(pt_other.c.project_id, sa.literal("tags"), sa.func.count())
        .where(pt_other.c.tag_id.in_(mine_tags), pt_other.c.project_id != project.id)
        .group_by(pt_other.c.project_id),
        sa.select(kinds.c.project_id, sa.literal("kinds"), sa.func.count())
        .where(kinds.c.kind.in_(mine_kinds), kinds.c.project_id != project.id)
        .group_by(kinds.c.project_id),
    )
    shared: dict[int, dict[str, float]] = defaultdict(dict)
    for project_id, what, n in session.execute(statement):
        shared[project_id][what] = float(n)
    return shared


def _words(session: Session, project: Project) -> dict[int, float]:
    """Other projects that share words of this one's title and summary, with their rank
    scaled to 0..1 (one query)."""
    terms = query_terms(f"{project.title} {project.summary}")
    if not terms:
        return {}
    if session.get_bind().dialect.name == "postgresql":
        query = sa.func.to_tsquery(sa.literal_column("'dutch'::regconfig"), " | ".join(terms))
        statement = sa.select(pg_search.c.project_id,
                              sa.func.ts_rank(pg_search.c.document, query)
                              ).where(pg_search.c.document.op("@@")(query))
        key = pg_search.c.project_id
    else:
        weights = ", ".join(str(w) for w in SQLITE_WEIGHTS)
        statement = sa.select(
            sqlite_search.c.rowid, -sa.literal_column(f"bm25({INDEX_TABLE}, {weights})")
        ).select_from(sqlite_search).where(sa.literal_column(INDEX_TABLE).op("MATCH")(
            " OR ".join(f'"{stem(term)}"' for term in terms)))
        key = sqlite_search.c.rowid
    rows = session.execute(statement.where(key != project.id)
                           .order_by(sa.literal_column("2").desc()).limit(CANDIDATES)).all()
    if not rows:
        return {}
    best = max(float(rank) for _id, rank in rows) or 1.0
    return {project_id: float(rank) / best for project_id, rank in rows}


def similar_projects(session: Session, project: Project, limit: int = LIMIT) -> list[Similar]:
    """Up to `limit` public projects most like `project`, best first."""
    shared = _shared(session, project)
    words = _words(session, project)
    scores: dict[int, float] = defaultdict(float)
    for project_id, counts in shared.items():
        scores[project_id] += (WEIGHT_PROGRAMME * counts.get("programmes", 0)
                               + WEIGHT_TAG * counts.get("tags", 0)
                               + WEIGHT_KIND * counts.get("kinds", 0))
    for project_id, rank in words.items():
        scores[project_id] += WEIGHT_WORDS * rank
    best = sorted(scores, key=lambda i: (-scores[i], -i))[:CANDIDATES]
    if not best:
        return []
    found = {p.id: p for p in session.scalars(
        sa.select(Project).options(joinedload(Project.hub))
        .where(Project.id.in_(best), Project.status.in_(PUBLIC_STATUSES)))}
    ranked = [i for i in best if i in found][:limit]
    return [Similar(found[i], scores[i], int(shared.get(i, {}).get("programmes", 0)),
                    int(shared.get(i, {}).get("tags", 0))) for i in ranked]


def similar_panel(project: Project, is_team: bool = False) -> Markup | None:
    """The "Vergelijkbare projecten" panel beside a project's story."""
    found = similar_projects(db.session, project)
    if not found:
        return None
    return Markup(render_template("projects/_similar.html", similar=found))


def init_app(app: Flask) -> None:
    contribute(app, PROJECT_ASIDE, similar_panel, order=40)
