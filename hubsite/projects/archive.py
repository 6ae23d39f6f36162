"""The archive of projects at /projects: search, facets with counts, results as cards.

One URL answers with the whole page, or for htmx with the results and (out of band) the
facets, whose counts change with every filter. Filters live in the URL, so a search can
be bookmarked, shared and restored with the back button.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import click
from flask import Blueprint, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from werkzeug.routing import BuildError

from hubsite.extensions import db
from hubsite.organisations.models import KIND_BUSINESS, KIND_EDUCATION, KIND_GOVERNMENT
from hubsite.page_cache import cached_for_anonymous
from hubsite.projects import search, similar
from hubsite.projects.models import (
    STATUS_ARCHIVED,
    STATUS_DONE,
    STATUS_REQUEST,
    STATUS_RUNNING,
)
from hubsite.projects.search import MAX_QUERY_LENGTH, SORTS, ArchiveFilters
from hubsite.rendering import render, wants_fragment
from hubsite.slots import add_menu_item, add_stylesheet

bp = Blueprint("projects_archive", __name__)

PER_PAGE = 20
MAX_PAGE = 1000
MAX_VALUES = 30  # per facet in one URL; more is not a person choosing

KIND_LABELS: dict[str, Callable[[], str]] = {
    KIND_BUSINESS: lambda: _("Ondernemers"),
    KIND_EDUCATION: lambda: _("Onderwijs"),
    KIND_GOVERNMENT: lambda: _("Overheid"),
}
STATUS_LABELS: dict[str, Callable[[], str]] = {
    STATUS_REQUEST: lambda: _("Aanvraag"),
    STATUS_RUNNING: lambda: _("Lopend"),
    STATUS_DONE: lambda: _("Afgerond"),
    STATUS_ARCHIVED: lambda: _("Gearchiveerd"),
}
SORT_LABELS: dict[str, Callable[[], str]] = {
    "relevance": lambda: _("Beste match"),
    "newest": lambda: _("Nieuwste eerst"),
    "most_reused": lambda: _("Vaakst hergebruikt"),
}
# URL parameter → field of ArchiveFilters.
PARAMETERS = {"hub": "hubs", "programme": "programmes", "kind": "kinds",
              "organisation": "organisations", "tag": "tags", "year": "years",
              "status": "statuses"}


@bp.record_once
def _init_app(state) -> None:
    app = state.app
    search.init_app()
    similar.init_app(app)
    add_menu_item(app, lambda: _("Projecten"), "projects_archive.index", order=30)
    add_stylesheet(app, "css/projects-archive.css")
    app.jinja_env.globals["project_url"] = project_url
    app.cli.add_command(reindex_command)


def project_url(project_id: int) -> str:
    """The project's page. Built when asked (not at import), so the archive works before
    and after the project pages are registered; until then, the archive's own path."""
    try:
        return url_for("projects.detail", project_id=project_id)
    except BuildError:
        return f"{url_for('projects_archive.index')}/{project_id}"


@click.command("search-reindex")
def reindex_command() -> None:
    """Rebuild the project search index (after a restore or a change made by hand)."""
    count = search.reindex_all(db.session)
    db.session.commit()
    click.echo(f"{count} projects indexed.")


# --------------------------------------------------------------------------- the URL


def _ints(values: list[str], low: int, high: int) -> tuple[int, ...]:
    found = []
    for value in values:
        if value.isdigit() and low <= int(value) <= high and int(value) not in found:
            found.append(int(value))
    return tuple(found)


def _words(values: list[str]) -> tuple[str, ...]:
    found: list[str] = []
    for value in values:
        value = value.strip()
        if value and len(value) <= 80 and value not in found:
            found.append(value)
    return tuple(found)


def parse_args(args: MultiDict) -> tuple[ArchiveFilters, str, int]:
    """Filters, sort and page from the query string; what makes no sense is left out."""
    values = {name: args.getlist(param)[:MAX_VALUES] for param, name in PARAMETERS.items()}
    filters = ArchiveFilters(
        q=" ".join(args.get("q", "").split())[:MAX_QUERY_LENGTH],
        hubs=_words(values["hubs"]),
        programmes=_ints(values["programmes"], 1, 2**31 - 1),
        kinds=tuple(k for k in _words(values["kinds"]) if k in KIND_LABELS),
        organisations=_words(values["organisations"]),
        tags=_words(values["tags"]),
        years=_ints(values["years"], 1900, 2200),
        statuses=tuple(s for s in _words(values["statuses"]) if s in STATUS_LABELS),
    )
    sort = args.get("sort", "")
    if sort not in SORTS or sort == default_sort(filters):
        sort = ""
    pages = _ints([args.get("page", "")], 1, MAX_PAGE)
    return filters, sort, pages[0] if pages else 1


def default_sort(filters: ArchiveFilters) -> str:
    """Best match first for a search, the newest first for browsing."""
    return "relevance" if filters.terms else "newest"


def archive_args(filters: ArchiveFilters, sort: str = "", page: int = 1) -> dict[str, Any]:
    """The query string of a search, without empty or default parts."""
    args: dict[str, Any] = {}
    if filters.q:
        args["q"] = filters.q
    for param, name in PARAMETERS.items():
        chosen = getattr(filters, name)
        if chosen:
            args[param] = [str(v) for v in chosen]
    if sort:
        args["sort"] = sort
    if page > 1:
        args["page"] = str(page)
    return args


def _tidy(args: MultiDict) -> dict[str, Any] | None:
    """The tidy query string when the one asked for has empty or unusable parts."""
    filters, sort, page = parse_args(args)
    tidy = archive_args(filters, sort, page)
    asked = {key: args.getlist(key) for key in args}
    wanted = {key: value if isinstance(value, list) else [value] for key, value in tidy.items()}
    return None if asked == wanted else tidy


# --------------------------------------------------------------------------- the page


@bp.get("/projects")
@cached_for_anonymous
def index():
    """The archive: search box, facets and a page of projects, all in the URL."""
    tidy = _tidy(request.args)
    if tidy is not None and not wants_fragment():
        # A form sent without JavaScript carries its empty fields: answer with the URL
        # this search is known by (htmx gets the same through HX-Push-Url).
        return redirect(url_for("projects_archive.index", **tidy), code=302)
    filters, sort, page = parse_args(request.args)
    viewer = search.viewer_for(current_user)
    effective_sort = sort or default_sort(filters)
    result = search.search(db.session, filters, viewer, sort=effective_sort, page=page,
                           per_page=PER_PAGE)
    filters = result.filters  # unknown values dropped
    context = _context(filters, sort, effective_sort, result, viewer)
    response = render("projects/archive.html", block="archive_results",
                      oob_facets=wants_fragment(), **context)
    if wants_fragment():
        response.headers["HX-Push-Url"] = url_for(
            "projects_archive.index", **archive_args(filters, sort, result.page))
    return response


def _url(filters: ArchiveFilters, sort: str = "", page: int = 1) -> str:
    return url_for("projects_archive.index", **archive_args(filters, sort, page))


def _context(filters: ArchiveFilters, sort: str, effective_sort: str,
             result: search.SearchResult, viewer: search.Viewer) -> dict[str, Any]:
    facets = _facet_groups(filters, result)
    chips = _chips(filters, result.resolved, sort)
    suggestions: dict[str, Any] = {}
    if not result.total:
        suggestions = _suggestions(filters, sort, viewer)
    return dict(
        filters=filters, sort=sort, effective_sort=effective_sort, result=result,
        facets=facets, chips=chips, suggestions=suggestions,
        # The default order is sent as "" so that it never sticks to the URL: a search
        # typed after browsing is still ordered by best match.
        sorts=[("" if key == default_sort(filters) else key, label(), key == effective_sort)
               for key, label in SORT_LABELS.items() if key != "relevance" or filters.terms],
        status_labels={key: label() for key, label in STATUS_LABELS.items()},
        filter_count=filters.facet_count + (1 if filters.q else 0),
        clear_url=url_for("projects_archive.index"),
        prev_url=_url(filters, sort, result.page - 1) if result.page > 1 else None,
        next_url=(_url(filters, sort, result.page + 1)
                  if result.page < result.page_count else None),
    )


def _facet_groups(filters: ArchiveFilters,
                  result: search.SearchResult) -> list[dict[str, Any]]:
    """Each facet for the template: its parameter, legend and values (chosen ones first
    shown even when nothing would match them now, so that they can be unticked)."""
    legends = {
        "hubs": _("Hub"), "programmes": _("Opleiding"), "kinds": _("Soort organisatie"),
        "organisations": _("Organisatie"), "tags": _("Thema"), "years": _("Jaar"),
        "statuses": _("Status"),
    }
    labels = {"kinds": KIND_LABELS, "statuses": STATUS_LABELS}
    groups = []
    for param, name in PARAMETERS.items():
        chosen = {str(v) for v in getattr(filters, name)}
        values = []
        for value in result.facets.get(name, []):
            label = labels[name][value.value]() if name in labels else value.label
            values.append({"value": value.value, "label": label, "count": value.count,
                           "checked": value.value in chosen})
        present = {v["value"] for v in values}
        for value in sorted(chosen - present):
            label = _chip_label(name, value, result.resolved)
            values.append({"value": value, "label": label, "count": 0, "checked": True})
        if values:
            groups.append({"param": param, "name": name, "legend": legends[name],
                           "values": values})
    return groups


def _chip_label(name: str, value: str, resolved: search.Resolved) -> str:
    if name == "hubs":
        return resolved.hub_ids[value][1]
    if name == "programmes":
        return resolved.programme_names[int(value)]
    if name == "organisations":
        return resolved.organisation_ids[value][1]
    if name == "tags":
        return resolved.tag_ids[value][1]
    if name == "kinds":
        return KIND_LABELS[value]()
    if name == "statuses":
        return STATUS_LABELS[value]()
    return value


def _chips(filters: ArchiveFilters, resolved: search.Resolved,
           sort: str) -> list[tuple[str, str]]:
    """The chosen filters as (label, URL without it): the removable chips."""
    chips = []
    if filters.q:
        chips.append((f"“{filters.q}”", _url(replace(filters, q=""), sort)))
    for name in PARAMETERS.values():
        chosen = getattr(filters, name)
        for value in chosen:
            rest = tuple(v for v in chosen if v != value)
            chips.append((_chip_label(name, str(value), resolved),
                          _url(replace(filters, **{name: rest}), sort)))
    return chips


def _suggestions(filters: ArchiveFilters, sort: str,
                 viewer: search.Viewer) -> dict[str, Any]:
    """What to try when nothing is found: fewer filters, one word, the most used themes."""
    suggestions: dict[str, Any] = {}
    if filters.facet_count and filters.q:
        suggestions["without_filters"] = _url(ArchiveFilters(q=filters.q), sort)
    terms = filters.terms
    if len(terms) > 1:
        suggestions["single_words"] = [(term, _url(replace(filters, q=term), sort))
                                       for term in terms[:4]]
    suggestions["tags"] = [(name, _url(ArchiveFilters(tags=(slug,))))
                           for slug, name in search.most_used_tags(db.session, viewer)]
    return suggestions

