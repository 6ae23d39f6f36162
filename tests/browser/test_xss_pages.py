"""The XSS corpus in a real browser: on a project page, a question's private page, the
inbox and the archive's search results (whose snippets and titles carry highlight marks),
no payload opens a dialog, breaks the Content-Security-Policy or leaves an element with
an event handler or a script link in the live DOM."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from hubsite.extensions import db
from hubsite.projects import services as projects
from hubsite.questions import services as questions
from tests.browser.test_questions import _logged_in
from tests.test_markup import XSS_PAYLOADS

ALL = " ".join(XSS_PAYLOADS)
# Words of the payloads themselves, and of the escaped text: a highlight that marked
# inside an entity or a tag would show here.
QUERIES = ["gastvrij", "script alert", "img onerror", "lt gt quot amp", "javascript klik"]

DANGEROUS_NODES = """() => {
    const found = [];
    for (const el of document.querySelectorAll("*")) {
        for (const attr of el.attributes) {
            const name = attr.name.toLowerCase(), value = attr.value.trim().toLowerCase();
            if (name.startsWith("on")
                || (["href", "src", "action", "formaction"].includes(name)
                    && (value.startsWith("javascript:") || value.startsWith("data:text")))) {
                found.push(el.tagName + " " + name + "=" + attr.value);
            }
        }
    }
    for (const el of document.querySelectorAll("main script, main iframe, main form[action^='https://example.org']")) {
        found.push(el.outerHTML.slice(0, 80));
    }
    return found;
}"""


@pytest.fixture
def payloads(hub, host, coordinator, make_organisation):
    organisation = make_organisation(name="Org " + XSS_PAYLOADS[1], description=ALL)
    project = projects.create_project(
        db.session, hub, ("Gastvrijheid " + XSS_PAYLOADS[0])[:200], status="gearchiveerd",
        summary=("Gastvrij " + XSS_PAYLOADS[2])[:300], what="Gastvrijheid " + ALL, who=ALL,
        approach=ALL, support=ALL, result=ALL, contact_name=XSS_PAYLOADS[1][:160],
        contact_role=XSS_PAYLOADS[6][:160], client_id=organisation.id)
    projects.add_partner(db.session, project, organisation, XSS_PAYLOADS[7][:300])
    projects.add_subproject(db.session, project, XSS_PAYLOADS[0], "gastvrij " + ALL, None,
                            XSS_PAYLOADS[1])
    for kind, payload in zip(("tip", "top", "valkuil"), XSS_PAYLOADS[3:6], strict=True):
        projects.add_lesson(db.session, project, kind, f"Gastvrij {payload}")
    projects.set_tags(db.session, project, [XSS_PAYLOADS[2][:40]])
    question = questions.submit_question(db.session, questions.Asked(
        organisation_name=XSS_PAYLOADS[1][:160], contact_name=XSS_PAYLOADS[0][:120],
        email="xss@example.nl", phone="", title=XSS_PAYLOADS[2][:200], what=ALL,
        for_whom=XSS_PAYLOADS[6][:200], hub=hub))
    questions.ask_for_information(db.session, question, host, ALL)
    questions.reply_by_asker(db.session, question, ALL)
    db.session.commit()
    return project, question


def _harmless(page, url: str, dialogs: list[str]) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    # A handler that slipped through (onmouseover, onfocus, onload of a picture) fires now.
    page.evaluate("""() => document.querySelectorAll("main *").forEach(el => {
        for (const type of ["mouseover", "focus", "load", "error"]) {
            el.dispatchEvent(new Event(type, {bubbles: false}));
        }
    })""")
    assert dialogs == [], (url, dialogs)
    assert page.evaluate(DANGEROUS_NODES) == [], url


def test_no_payload_runs_on_pages_with_projects_questions_or_snippets(
        page, browser, live_server, payloads, coordinator, console):
    project, question = payloads
    dialogs: list[str] = []

    def watch(tab) -> None:
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    watch(page)
    _harmless(page, f"/projects/{project.id}", dialogs)
    _harmless(page, f"/vragen/{question.token}", dialogs)
    for query in QUERIES:
        _harmless(page, f"/projects?q={quote(query)}", dialogs)
    page.goto("/projects")  # the search as a person types it: in place with htmx
    search = page.get_by_role("searchbox", name="Zoek in alle projecten")
    search.fill("gastvrij alert")
    search.press("Enter")
    page.locator(".project-card mark").first.wait_for()
    assert dialogs == [] and page.evaluate(DANGEROUS_NODES) == []

    team = browser.new_context(base_url=live_server, locale="nl-NL").new_page()
    try:
        watch(team)
        team.on("console", lambda m: console.messages.append(f"{m.type}: {m.text}"))
        _logged_in(team, coordinator.email)
        _harmless(team, f"/hubs/{project.hub.slug}/vragen", dialogs)
        _harmless(team, f"/inbox/{question.id}", dialogs)
        _harmless(team, f"/projects/{project.id}", dialogs)
    finally:
        team.context.close()
    assert console.csp_violations() == []
