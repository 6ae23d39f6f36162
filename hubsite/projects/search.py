"""Finding projects: Dutch full-text search with weighted ranking, facets and snippets.

Both databases stem Dutch, so that "gastvrij" finds "gastvrijheid" and "studenten" finds
"student":

* PostgreSQL keeps one row per project in `project_search` with a `tsvector` made by its
  `dutch` configuration (GIN index), title and tags weighted A, names B, the story and the
  deelprojecten C, the tips, tops and valkuilen D.
* SQLite keeps an FTS5 table `project_search` (rowid = project id) whose columns hold the
  same four groups, each word stemmed here by the Snowball Dutch stemmer; a search stems
  its words the same way, and bm25 weighs the columns like PostgreSQL's A-D.

Both tables come from a migration and live outside the models' metadata (an FTS5 table
is not a table SQLAlchemy can describe). They are kept up to date by a session hook
(`after_flush`), in the same transaction as the change, whatever code made it: a project,
its deelprojecten, lessons or partners, or the name of a programme, tag or organisation.

A snippet is made here from the stored plain text, never from database highlight output:
the text is escaped piece by piece and only our own `<mark>` is added.

Facets count, for each facet, the projects that match every other chosen filter (values
within one facet are alternatives, facets narrow each other), so that a count is exactly
the number of results that ticking that value alone would give. Every function runs a
fixed number of queries, whatever the number of projects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import snowballstemmer
import sqlalchemy as sa
from markupsafe import Markup, escape
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from hubsite.hubs.models import Hub
from hubsite.markup import markdown_to_text
from hubsite.organisations.models import ORGANISATION_KINDS, Organisation
from hubsite.projects.models import (
    PROJECT_STATUSES,
    PUBLIC_STATUSES,
    Lesson,
    Programme,
    Project,
    ProjectPartner,
    SubProject,
    Tag,
    project_programmes,
    project_tags,
)

INDEX_TABLE = "project_search"
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
MAX_PLAIN = 20_000
# bm25 weights of the FTS5 columns, in the order of the table (the last is the plain text).
SQLITE_WEIGHTS = (10.0, 4.0, 2.0, 1.0, 0.0)

SORTS = ("relevance", "newest", "most_reused")

# Words that say nothing about a project; dropped from the index and from a search on
# both databases (PostgreSQL's own list drops its stop words too).
STOP_WORDS = frozenset([
    "aan", "al", "alle", "als", "bij", "dan", "dat", "de", "die", "dit", "door", "een",
    "en", "er", "hem", "het", "hij", "hoe", "hun", "ik", "in", "is", "je", "kan", "maar",
    "met", "na", "naar", "niet", "nog", "of", "om", "onder", "ons", "ook", "op", "over",
    "te", "tot", "uit", "van", "veel", "voor", "was", "wat", "we", "wel", "wie", "wij",
    "zal", "ze", "zij", "zich", "zo", "zijn",
])

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_stemmer = snowballstemmer.stemmer("dutch")

# Outside db.metadata on purpose: described only to build statements.
_index = sa.MetaData()
pg_search = sa.Table(
    INDEX_TABLE, _index,
    sa.Column("project_id", sa.Integer, primary_key=True),
    sa.Column("plain", sa.Text),
    sa.Column("document", postgresql.TSVECTOR),
)
sqlite_search = sa.Table(
    INDEX_TABLE, sa.MetaData(),
    sa.Column("rowid", sa.Integer, primary_key=True),
    sa.Column("names_a", sa.Text), sa.Column("names_b", sa.Text),
    sa.Column("story", sa.Text), sa.Column("lessons", sa.Text),
    sa.Column("plain", sa.Text),
)


def is_index_table(name: str) -> bool:
    """True for the search tables (and SQLite's FTS5 shadow tables): not models' tables."""
    return name == INDEX_TABLE or name.startswith(INDEX_TABLE + "_")


# --------------------------------------------------------------------------- words


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Dutch Snowball stem of one lower-case word."""
    return _stemmer.stemWord(word)


def words(text: str) -> list[str]:
    """The words of a text, lower case, without stop words."""
    return [w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]


def stemmed(text: str) -> str:
    """A text as its stems, separated by spaces: what the SQLite index holds."""
    return " ".join(stem(w) for w in words(text))


def query_terms(q: str) -> list[str]:
    """The words of a search, at most MAX_TERMS, each once, in order."""
    seen: list[str] = []
    for word in words(q[:MAX_QUERY_LENGTH]):
        if word not in seen and len(word) <= 60:
            seen.append(word)
    return seen[:MAX_TERMS]


# --------------------------------------------------------------------------- the index


@dataclass
class Document:
    """The searchable text of one project, in four weights, and its plain text."""

    names_a: list[str] = field(default_factory=list)   # title, tags
    names_b: list[str] = field(default_factory=list)   # summary, programmes, organisations
    story: list[str] = field(default_factory=list)     # wat, wie, hoe, …, deelprojecten
    lessons: list[str] = field(default_factory=list)   # tips, tops, valkuilen
    plain: list[str] = field(default_factory=list)     # what a snippet is cut from


def _documents(connection: sa.Connection, ids: set[int]) -> dict[int, Document]:
    """Read every text of the projects `ids` (a fixed number of queries)."""
    docs: dict[int, Document] = {}
    client = aliased(Organisation)
    for row in connection.execute(
            sa.select(Project.id, Project.title, Project.summary, Project.what, Project.who,
                      Project.approach, Project.support, Project.result, client.name)
            .outerjoin(client, client.id == Project.client_id)
            .where(Project.id.in_(ids))):
        doc = docs[row.id] = Document()
        doc.names_a.append(row.title)
        doc.names_b += [row.summary, row.name or ""]
        story = [markdown_to_text(text or "") for text in
                 (row.what, row.who, row.approach, row.support, row.result)]
        doc.story += story
        doc.plain += [row.summary, *story]
    for project_id, name in connection.execute(
            sa.select(project_tags.c.project_id, Tag.name).join(Tag)
            .where(project_tags.c.project_id.in_(ids))):
        docs[project_id].names_a.append(name)
    for project_id, name, level in connection.execute(
            sa.select(project_programmes.c.project_id, Programme.name, Programme.level)
            .join(Programme).where(project_programmes.c.project_id.in_(ids))):
        docs[project_id].names_b.append(f"{name} {level}")
    for project_id, name, contribution in connection.execute(
            sa.select(ProjectPartner.project_id, Organisation.name, ProjectPartner.contribution)
            .join(Organisation).where(ProjectPartner.project_id.in_(ids))):
        docs[project_id].names_b.append(name)
        docs[project_id].story.append(contribution)
    for project_id, title, description, programme in connection.execute(
            sa.select(SubProject.project_id, SubProject.title, SubProject.description,
                      Programme.name)
            .outerjoin(Programme, Programme.id == SubProject.programme_id)
            .where(SubProject.project_id.in_(ids)).order_by(SubProject.position)):
        text = markdown_to_text(description or "")
        docs[project_id].story += [title, text]
        docs[project_id].names_b.append(programme or "")
        docs[project_id].plain.append(f"{title}: {text}")
    for project_id, text in connection.execute(
            sa.select(Lesson.project_id, Lesson.text).where(Lesson.project_id.in_(ids))
            .order_by(Lesson.position)):
        text = markdown_to_text(text or "")  # a lesson shows as Markdown, like the story
        docs[project_id].lessons.append(text)
        docs[project_id].plain.append(text)
    return docs


def _joined(parts: Iterable[str]) -> str:
    return "\n".join(part for part in parts if part)


def _as_words(text: str) -> str:
    """Text for PostgreSQL's parser, which skips whatever looks like an XML tag
    (`<script>`, `<gastvrijheid>`): without angle brackets every word counts, as in FTS5."""
    return text.replace("<", " ").replace(">", " ")


def reindex(connection: sa.Connection, ids: Iterable[int]) -> None:
    """Bring the index rows of these projects up to date (removing those that are gone)."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return
    docs = _documents(connection, ids)
    if connection.dialect.name == "postgresql":
        connection.execute(sa.delete(pg_search).where(pg_search.c.project_id.in_(ids)))
        if docs:
            document = " || ".join(
                f"setweight(to_tsvector('dutch', :{name}), '{weight}')"
                for name, weight in (("a", "A"), ("b", "B"), ("c", "C"), ("d", "D")))
            statement = sa.text(
                f"INSERT INTO {INDEX_TABLE} (project_id, plain, document) "
                f"VALUES (:project_id, :plain, {document})")
            connection.execute(statement, [
                {"project_id": project_id, "plain": _joined(doc.plain)[:MAX_PLAIN],
                 "a": _as_words(_joined(doc.names_a)), "b": _as_words(_joined(doc.names_b)),
                 "c": _as_words(_joined(doc.story)), "d": _as_words(_joined(doc.lessons))}
                for project_id, doc in docs.items()])
        return
    connection.execute(sa.delete(sqlite_search).where(sqlite_search.c.rowid.in_(ids)))
    if docs:
        connection.execute(sa.insert(sqlite_search), [
            {"rowid": project_id, "names_a": stemmed(_joined(doc.names_a)),
             "names_b": stemmed(_joined(doc.names_b)), "story": stemmed(_joined(doc.story)),
             "lessons": stemmed(_joined(doc.lessons)),
             "plain": _joined(doc.plain)[:MAX_PLAIN]}
            for project_id, doc in docs.items()])


def reindex_all(session: Session) -> int:
    """Rebuild the whole index (after a restore, or a change made outside the app)."""
    ids = set(session.scalars(sa.select(Project.id)))
    connection = session.connection()
    table = pg_search if connection.dialect.name == "postgresql" else sqlite_search
    connection.execute(sa.delete(table))
    for chunk in _chunks(sorted(ids), 500):
        reindex(connection, chunk)
    return len(ids)


def _chunks(items: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _names_changed(obj: Any) -> bool:
    return sa.inspect(obj).attrs.name.history.has_changes()


def _projects_touched(session: Session) -> set[int]:
    """The projects whose searchable text this flush changed."""
    ids: set[int] = set()
    renamed: dict[type, set[int]] = {}
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Project):
            ids.add(obj.id)
        elif isinstance(obj, SubProject | Lesson | ProjectPartner):
            ids.add(obj.project_id)
            previous = sa.inspect(obj).attrs.project_id.history.deleted
            ids.update(p for p in previous or () if p is not None)
        elif (isinstance(obj, Organisation | Programme | Tag) and obj not in session.new
              and _names_changed(obj)):
            renamed.setdefault(type(obj), set()).add(obj.id)
    if renamed:
        connection = session.connection()
        statements = []
        if Organisation in renamed:
            org_ids = renamed[Organisation]
            statements += [
                sa.select(Project.id).where(Project.client_id.in_(org_ids)),
                sa.select(ProjectPartner.project_id)
                .where(ProjectPartner.organisation_id.in_(org_ids))]
        if Programme in renamed:
            statements += [
                sa.select(project_programmes.c.project_id)
                .where(project_programmes.c.programme_id.in_(renamed[Programme])),
                sa.select(SubProject.project_id)
                .where(SubProject.programme_id.in_(renamed[Programme]))]
        if Tag in renamed:
            statements.append(sa.select(project_tags.c.project_id)
                              .where(project_tags.c.tag_id.in_(renamed[Tag])))
        ids.update(connection.scalars(sa.union(*statements)))
    return ids


def _after_flush(session: Session, _flush_context: Any) -> None:
    if not (session.new or session.dirty or session.deleted):
        return
    kinds = (Project, SubProject, Lesson, ProjectPartner, Organisation, Programme, Tag)
    if not any(isinstance(obj, kinds)
               for obj in (*session.new, *session.dirty, *session.deleted)):
        return
    ids = _projects_touched(session)
    if ids:
        reindex(session.connection(), ids)


def init_app() -> None:
    """Keep the index in step with every session's flushes (registered once)."""
    if not sa.event.contains(Session, "after_flush", _after_flush):
        sa.event.listen(Session, "after_flush", _after_flush)


# --------------------------------------------------------------------------- who looks


@dataclass(frozen=True)
class Viewer:
    """Whose archive this is: visitors see public projects, hub teams also their hub's."""

    team_hub_ids: frozenset[int] = frozenset()
    is_admin: bool = False


ANONYMOUS = Viewer()


def viewer_for(user: Any) -> Viewer:
    """The viewer for a (possibly anonymous) user."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    return Viewer(frozenset(m.hub_id for m in user.memberships), bool(user.is_admin))


def visible(viewer: Viewer) -> sa.ColumnElement[bool]:
    """The projects this viewer may find."""
    if viewer.is_admin:
        return sa.true()
    public = Project.status.in_(PUBLIC_STATUSES)
    if viewer.team_hub_ids:
        return sa.or_(public, Project.hub_id.in_(viewer.team_hub_ids))
    return public


# --------------------------------------------------------------------------- filters


@dataclass(frozen=True)
class ArchiveFilters:
    """What the archive is narrowed to: free text and, per facet, the values chosen."""

    q: str = ""
    hubs: tuple[str, ...] = ()            # hub slugs
    programmes: tuple[int, ...] = ()      # programme ids
    kinds: tuple[str, ...] = ()           # organisation kinds (the three O's)
    organisations: tuple[str, ...] = ()   # organisation slugs
    tags: tuple[str, ...] = ()            # tag slugs
    years: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()

    @property
    def terms(self) -> list[str]:
        return query_terms(self.q)

    @property
    def facet_count(self) -> int:
        return sum(len(getattr(self, name)) for name in FACETS)


FACETS = ("hubs", "programmes", "kinds", "organisations", "tags", "years", "statuses")


@dataclass(frozen=True)
class Resolved:
    """Chosen facet values that exist, as ids, with their labels (for the chips)."""

    hub_ids: dict[str, tuple[int, str]] = field(default_factory=dict)
    programme_names: dict[int, str] = field(default_factory=dict)
    organisation_ids: dict[str, tuple[int, str]] = field(default_factory=dict)
    tag_ids: dict[str, tuple[int, str]] = field(default_factory=dict)


def resolve(session: Session, filters: ArchiveFilters) -> tuple[ArchiveFilters, Resolved]:
    """Drop chosen values that do not exist (an old link, a typo) and look up the rest.

    One query per facet that has values chosen.
    """
    hubs = programmes = organisations = tags = {}
    if filters.hubs:
        hubs = {slug: (id_, name) for id_, slug, name in session.execute(
            sa.select(Hub.id, Hub.slug, Hub.name).where(Hub.slug.in_(filters.hubs)))}
    if filters.programmes:
        programmes = {id_: f"{name} ({level})" for id_, name, level in session.execute(
            sa.select(Programme.id, Programme.name, Programme.level)
            .where(Programme.id.in_(filters.programmes)))}
    if filters.organisations:
        organisations = {slug: (id_, name) for id_, slug, name in session.execute(
            sa.select(Organisation.id, Organisation.slug, Organisation.name)
            .where(Organisation.slug.in_(filters.organisations)))}
    if filters.tags:
        tags = {slug: (id_, name) for id_, slug, name in session.execute(
            sa.select(Tag.id, Tag.slug, Tag.name).where(Tag.slug.in_(filters.tags)))}
    kept = replace(
        filters,
        hubs=tuple(s for s in filters.hubs if s in hubs),
        programmes=tuple(p for p in filters.programmes if p in programmes),
        organisations=tuple(s for s in filters.organisations if s in organisations),
        tags=tuple(s for s in filters.tags if s in tags),
        kinds=tuple(k for k in filters.kinds if k in ORGANISATION_KINDS),
        statuses=tuple(s for s in filters.statuses if s in PROJECT_STATUSES),
    )
    return kept, Resolved(hubs, programmes, organisations, tags)


def project_year() -> sa.ColumnElement[int]:
    """The year a project is filed under: of its start, else its end, else its creation."""
    return sa.cast(sa.extract("year", _period_date()), sa.Integer)


def _period_date() -> sa.ColumnElement[Any]:
    # Dates and datetimes: PostgreSQL widens the dates, SQLite compares their ISO text.
    return sa.func.coalesce(Project.starts_on, Project.ends_on, Project.created_at)


def _project_organisations() -> sa.Subquery:
    """(project_id, organisation_id) for the client and every partner of a project."""
    return sa.union(
        sa.select(Project.id.label("project_id"), Project.client_id.label("organisation_id"))
        .where(Project.client_id.is_not(None)),
        sa.select(ProjectPartner.project_id, ProjectPartner.organisation_id),
    ).subquery("project_organisations")


def _text_match(dialect: str, terms: list[str]) -> sa.Select:
    """project_id and rank of every project that contains all the words (stemmed)."""
    if dialect == "postgresql":
        query = sa.func.plainto_tsquery(sa.literal_column("'dutch'::regconfig"), " ".join(terms))
        return sa.select(pg_search.c.project_id.label("project_id"),
                         sa.func.ts_rank(pg_search.c.document, query).label("rank")
                         ).where(pg_search.c.document.op("@@")(query))
    table = sa.literal_column(INDEX_TABLE)
    expression = " ".join(f'"{stem(term)}"' for term in terms)
    weights = ", ".join(str(w) for w in SQLITE_WEIGHTS)
    return sa.select(
        sqlite_search.c.rowid.label("project_id"),
        (-sa.literal_column(f"bm25({INDEX_TABLE}, {weights})")).label("rank"),
    ).select_from(sqlite_search).where(table.op("MATCH")(expression))


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _conditions(session: Session, filters: ArchiveFilters, resolved: Resolved,
                viewer: Viewer, without: str | None = None) -> list[sa.ColumnElement[bool]]:
    """Where-clauses on Project for the filters, leaving out the facet `without`."""
    conditions = [visible(viewer)]
    terms = filters.terms
    if terms:
        match = _text_match(_dialect(session), terms).subquery()
        conditions.append(Project.id.in_(sa.select(match.c.project_id)))
    if filters.hubs and without != "hubs":
        conditions.append(Project.hub_id.in_([resolved.hub_ids[s][0] for s in filters.hubs]))
    if filters.programmes and without != "programmes":
        conditions.append(Project.id.in_(
            sa.select(project_programmes.c.project_id)
            .where(project_programmes.c.programme_id.in_(filters.programmes))))
    if filters.tags and without != "tags":
        conditions.append(Project.id.in_(
            sa.select(project_tags.c.project_id)
            .where(project_tags.c.tag_id.in_([resolved.tag_ids[s][0] for s in filters.tags]))))
    if filters.organisations and without != "organisations":
        orgs = _project_organisations()
        ids = [resolved.organisation_ids[s][0] for s in filters.organisations]
        conditions.append(Project.id.in_(
            sa.select(orgs.c.project_id).where(orgs.c.organisation_id.in_(ids))))
    if filters.kinds and without != "kinds":
        orgs = _project_organisations()
        conditions.append(Project.id.in_(
            sa.select(orgs.c.project_id)
            .join(Organisation, Organisation.id == orgs.c.organisation_id)
            .where(Organisation.kind.in_(filters.kinds))))
    if filters.years and without != "years":
        conditions.append(project_year().in_(filters.years))
    if filters.statuses and without != "statuses":
        conditions.append(Project.status.in_(filters.statuses))
    return conditions


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet, with the number of projects it would show."""

    value: str
    label: str
    count: int


@dataclass
class SearchResult:
    """A page of projects with the total, the facets and a snippet per project."""

    projects: list[Project]
    total: int
    facets: dict[str, list[FacetValue]]
    snippets: dict[int, Markup]
    titles: dict[int, Markup]      # the title with the searched words marked
    reuse_counts: dict[int, int]
    years: dict[int, int | None]
    page: int
    page_count: int
    filters: ArchiveFilters
    resolved: Resolved


def reuse_count() -> sa.ScalarSelect[int]:
    """How many projects were started from this one (its "hergebruikt N×")."""
    later = aliased(Project)
    return (sa.select(sa.func.count(later.id)).where(later.reused_from_id == Project.id)
            .correlate(Project).scalar_subquery())


def search(session: Session, filters: ArchiveFilters, viewer: Viewer = ANONYMOUS,
           sort: str = "relevance", page: int = 1, per_page: int = 20,
           with_facets: bool = True) -> SearchResult:
    """Find a page of projects with the total and the facets. Chosen values that do not
    exist are dropped first (`resolve`; the result carries the filters that were used).
    A fixed number of queries: the look-ups, count, page, programmes of the page, the
    snippets' text, and one per facet."""
    filters, resolved = resolve(session, filters)
    conditions = _conditions(session, filters, resolved, viewer)
    total = session.scalar(sa.select(sa.func.count(Project.id)).where(*conditions)) or 0
    page_count = max(1, -(-total // per_page))
    page = min(max(1, page), page_count)

    terms = filters.terms
    reused = reuse_count().label("reused")
    year = project_year().label("year")
    statement = sa.select(Project, reused, year).where(*conditions).options(
        joinedload(Project.hub), joinedload(Project.client),
        selectinload(Project.programmes))
    newest = (_period_date().desc(), Project.id.desc())
    if sort == "relevance" and terms:
        match = _text_match(_dialect(session), terms).subquery()
        statement = statement.join(match, match.c.project_id == Project.id).order_by(
            match.c.rank.desc(), *newest)
    elif sort == "most_reused":
        statement = statement.order_by(reused.desc(), *newest)
    else:
        statement = statement.order_by(*newest)
    rows = session.execute(statement.limit(per_page).offset((page - 1) * per_page)).unique().all()
    projects = [row[0] for row in rows]
    reuse_counts = {row[0].id: row.reused for row in rows}
    years = {row[0].id: row.year for row in rows}
    return SearchResult(
        projects=projects, total=total,
        facets=facet_counts(session, filters, resolved, viewer) if with_facets else {},
        snippets=snippets(session, projects, terms),
        titles={p.id: highlight(p.title, {stem(t) for t in terms}) for p in projects},
        reuse_counts=reuse_counts, years=years,
        page=page, page_count=page_count, filters=filters, resolved=resolved)


def facet_counts(session: Session, filters: ArchiveFilters, resolved: Resolved,
                 viewer: Viewer) -> dict[str, list[FacetValue]]:
    """Per facet, its values with the number of projects each would show (one query each)."""
    def where(facet: str) -> list[sa.ColumnElement[bool]]:
        return _conditions(session, filters, resolved, viewer, without=facet)

    count = sa.func.count(sa.distinct(Project.id)).label("n")
    facets: dict[str, list[FacetValue]] = {}
    facets["hubs"] = [FacetValue(slug, name, n) for slug, name, n in session.execute(
        sa.select(Hub.slug, Hub.name, count).join(Hub, Hub.id == Project.hub_id)
        .where(*where("hubs")).group_by(Hub.id, Hub.slug, Hub.name).order_by(Hub.name))]
    facets["programmes"] = [
        FacetValue(str(id_), f"{name} ({level})", n) for id_, name, level, n in session.execute(
            sa.select(Programme.id, Programme.name, Programme.level, count)
            .select_from(Project)
            .join(project_programmes, project_programmes.c.project_id == Project.id)
            .join(Programme, Programme.id == project_programmes.c.programme_id)
            .where(*where("programmes"))
            .group_by(Programme.id, Programme.name, Programme.level)
            .order_by(count.desc(), Programme.name))]
    orgs = _project_organisations()
    kind_counts = dict(session.execute(
        sa.select(Organisation.kind, count).select_from(Project)
        .join(orgs, orgs.c.project_id == Project.id)
        .join(Organisation, Organisation.id == orgs.c.organisation_id)
        .where(*where("kinds")).group_by(Organisation.kind)).all())
    facets["kinds"] = [FacetValue(kind, kind, kind_counts[kind])
                       for kind in ORGANISATION_KINDS if kind in kind_counts]
    orgs = _project_organisations()
    facets["organisations"] = [
        FacetValue(slug, name, n) for slug, name, n in session.execute(
            sa.select(Organisation.slug, Organisation.name, count).select_from(Project)
            .join(orgs, orgs.c.project_id == Project.id)
            .join(Organisation, Organisation.id == orgs.c.organisation_id)
            .where(*where("organisations"))
            .group_by(Organisation.id, Organisation.slug, Organisation.name)
            .order_by(count.desc(), Organisation.name))]
    facets["tags"] = [FacetValue(slug, name, n) for slug, name, n in session.execute(
        sa.select(Tag.slug, Tag.name, count).select_from(Project)
        .join(project_tags, project_tags.c.project_id == Project.id)
        .join(Tag, Tag.id == project_tags.c.tag_id)
        .where(*where("tags")).group_by(Tag.id, Tag.slug, Tag.name)
        .order_by(count.desc(), Tag.name))]
    year = project_year()
    facets["years"] = [FacetValue(str(y), str(y), n) for y, n in session.execute(
        sa.select(year, count).where(*where("years")).group_by(year).order_by(year.desc()))]
    status_counts = dict(session.execute(
        sa.select(Project.status, count).where(*where("statuses"))
        .group_by(Project.status)).all())
    facets["statuses"] = [FacetValue(s, s, status_counts[s])
                          for s in PROJECT_STATUSES if s in status_counts]
    return facets


def most_used_tags(session: Session, viewer: Viewer = ANONYMOUS,
                   limit: int = 5) -> list[tuple[str, str]]:
    """The tags of the most visible projects (slug, name): suggestions when nothing is found."""
    count = sa.func.count(Project.id)
    return [(slug, name) for slug, name in session.execute(
        sa.select(Tag.slug, Tag.name).select_from(Project)
        .join(project_tags, project_tags.c.project_id == Project.id)
        .join(Tag, Tag.id == project_tags.c.tag_id)
        .where(visible(viewer)).group_by(Tag.id, Tag.slug, Tag.name)
        .order_by(count.desc(), Tag.name).limit(limit))]


# --------------------------------------------------------------------------- snippets

SNIPPET_BEFORE = 10   # words before the first match
SNIPPET_WORDS = 32    # words in a snippet


def snippets(session: Session, projects: Sequence[Project],
             terms: list[str]) -> dict[int, Markup]:
    """A short, escaped piece of each project's text with the search's words marked."""
    if not projects:
        return {}
    ids = [p.id for p in projects]
    if _dialect(session) == "postgresql":
        rows = session.execute(sa.select(pg_search.c.project_id, pg_search.c.plain)
                               .where(pg_search.c.project_id.in_(ids)))
    else:
        rows = session.execute(sa.select(sqlite_search.c.rowid, sqlite_search.c.plain)
                               .where(sqlite_search.c.rowid.in_(ids)))
    plain = dict(rows.all())
    stems = {stem(t) for t in terms}
    return {p.id: highlight(plain.get(p.id) or p.summary or "", stems) for p in projects}


def highlight(text: str, stems: set[str]) -> Markup:
    """Cut a snippet from `text` around the paragraph with most of `stems`, escaping
    every piece and marking the words whose stem was searched for."""
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    if not paragraphs:
        return Markup("")
    best, best_hits, best_tokens = paragraphs[0], 0, None
    for paragraph in paragraphs:
        tokens = list(_WORD.finditer(paragraph))
        hits = {stem(m.group().lower()) for m in tokens} & stems if stems else set()
        if len(hits) > best_hits:
            best, best_hits, best_tokens = paragraph, len(hits), tokens
        if stems and best_hits == len(stems):
            break
    tokens = best_tokens if best_tokens is not None else list(_WORD.finditer(best))
    if not tokens:
        return Markup(escape(best[:200]))
    marked = [i for i, m in enumerate(tokens) if stems and stem(m.group().lower()) in stems]
    first = max(0, marked[0] - SNIPPET_BEFORE) if marked else 0
    last = min(len(tokens), first + SNIPPET_WORDS) - 1
    start = 0 if first == 0 else tokens[first].start()
    end = len(best) if last == len(tokens) - 1 else tokens[last].end()
    pieces: list[str] = ["…" if start else ""]
    position = start
    for i in marked:
        if not first <= i <= last:
            continue
        token = tokens[i]
        pieces.append(str(escape(best[position:token.start()])))
        pieces.append(f"<mark>{escape(token.group())}</mark>")
        position = token.end()
    pieces.append(str(escape(best[position:end])))
    if end < len(best):
        pieces.append("…")
    return Markup("".join(pieces))
