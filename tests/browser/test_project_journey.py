"""The whole journey of issue 10 in Chromium, with JavaScript on and off: a partner's
question becomes a project, is told, archived, found by a Dutch word in another form,
and reused; both projects show the lineage.

It runs on whichever database the suite runs on (SQLite, or PostgreSQL with
TEST_DATABASE_URL), so the search is the real one of that database.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from hubsite.extensions import db
from hubsite.projects.models import Project
from tests.browser.conftest import WIDTHS
from tests.browser.test_journeys import log_in
from tests.browser.test_questions import _people_type_fast, _private_link  # noqa: F401
from tests.conftest import PASSWORD

ASKER = "marloes.reis@example.nl"


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def new_tab(request, browser, live_server, app, console):
    """Opens a tab with cookies of its own (one per person), JavaScript on or off; at the
    end no tab may have broken the Content-Security-Policy or thrown an error."""
    contexts = []

    def open_tab() -> Page:
        context = browser.new_context(base_url=live_server, locale="nl-NL",
                                      java_script_enabled=request.param,
                                      viewport={"width": WIDTHS["desktop"], "height": 900})
        context.set_default_timeout(10_000)
        contexts.append(context)
        tab = context.new_page()
        tab.on("console", lambda m: console.messages.append(f"{m.type}: {m.text}"))
        tab.on("pageerror", lambda error: console.errors.append(f"page error: {error}"))
        return tab

    yield open_tab
    for context in contexts:
        context.close()
    assert console.csp_violations() == [] and console.errors == []


def _as(tab: Page, email: str) -> Page:
    log_in(tab, email)
    expect(tab.get_by_role("button", name="Uitloggen")).to_be_visible()
    return tab


def _partner_asks(partner: Page) -> None:
    partner.goto("/")
    partner.get_by_role("link", name="Leg een vraag neer").first.click()
    partner.get_by_label("Organisatie").fill("Stichting Het Buurtpodium")
    partner.get_by_label("Contactpersoon").fill("Marloes Reis")
    partner.get_by_label("E-mailadres").fill(ASKER)
    partner.get_by_label("Je vraag in een paar woorden").fill("Een buurtcafé voor één avond")
    partner.get_by_label("Wat wil je vragen?").fill(
        "Studenten die een avond lang een buurtcafé runnen, met muziek en hapjes.")
    partner.get_by_label("Welke hub? (als je het weet)").select_option(label="Hub Almelo (Almelo)")
    partner.get_by_role("button", name="Verstuur je vraag").click()
    expect(partner.get_by_role("heading", name="Dank je wel, je vraag is verstuurd!")).to_be_visible()


def _coordinator_asks_for_more(team: Page, hub) -> None:
    team.goto(f"/hubs/{hub.slug}/vragen")
    team.get_by_role("link", name="Een buurtcafé voor één avond").click()
    team.get_by_text("Meer informatie vragen").click()
    team.get_by_label("Wat wil je de vrager vragen?").fill("Voor hoeveel gasten?")
    team.get_by_role("button", name="Verstuur", exact=True).click()
    expect(team.locator(".conversation")).to_contain_text("Voor hoeveel gasten?")


def _partner_answers(partner: Page, link: str) -> None:
    partner.goto(link)
    expect(partner.get_by_text("Voor hoeveel gasten?")).to_be_visible()
    partner.get_by_label("Je antwoord").fill("Zo'n zestig buurtbewoners.")
    partner.get_by_role("button", name="Verstuur je antwoord").click()
    expect(partner.get_by_text("Dank je wel, je antwoord is verstuurd naar het team.")).to_be_visible()


def _coordinator_accepts(team: Page) -> str:
    team.reload()
    expect(team.locator(".conversation")).to_contain_text("Zo'n zestig buurtbewoners.")
    team.get_by_text("Aannemen als project").click()
    team.get_by_role("button", name="Aannemen", exact=True).click()
    expect(team.get_by_text("Deze vraag is een project geworden.")).to_be_visible()
    team.get_by_role("link", name="Naar het project").click()
    expect(team.get_by_role("heading", level=1)).to_have_text("Een buurtcafé voor één avond")
    expect(team.locator(".case-facts")).to_contain_text("Stichting Het Buurtpodium")
    return team.url


def _host_tells_the_project(host: Page, project_url: str) -> None:
    host.goto(project_url + "/bewerken")
    subprojects = host.locator("#subprojects")
    subprojects.get_by_label("Titel van het deelproject").fill("Bediening en ontvangst")
    subprojects.get_by_label("Wat deden de studenten?").fill(
        "De horecastudenten zorgden voor de gastvrijheid aan de deur en aan tafel.")
    subprojects.get_by_role("button", name="Toevoegen").click()
    expect(host.locator("#subprojects .edit-list__item")).to_have_count(1)
    host.locator("#subprojects").get_by_label("Titel van het deelproject").fill("Muziek")
    host.locator("#subprojects").get_by_role("button", name="Toevoegen").click()
    expect(host.locator("#subprojects .edit-list__item")).to_have_count(2)

    for kind, text in (("tip", "Spreek een vaste avond af met de buurt"),
                       ("top", "De buurt kwam terug voor een tweede avond"),
                       ("valkuil", "De geluidsinstallatie kwam te laat")):
        lessons = host.locator("#lessons")
        lessons.get_by_label("Soort").select_option(kind)
        lessons.get_by_label("Tekst").fill(text)
        lessons.get_by_role("button", name="Toevoegen").click()
        expect(host.locator(f"#lessons .lessons__group--{kind}")).to_contain_text(text)

    host.goto(project_url)
    expect(host.locator(".subproject").first).to_contain_text("gastvrijheid")
    host.get_by_label("Status").select_option("afgerond")
    host.get_by_role("button", name="Wijzig status").click()
    expect(host.get_by_text("De status is nu: Afgerond.")).to_be_visible()
    # Archiving is for coordinators: the host is not offered it.
    expect(host.get_by_label("Status").locator("option[value=gearchiveerd]")).to_have_count(0)


def _coordinator_archives(team: Page, project_url: str) -> None:
    team.goto(project_url)
    team.get_by_label("Status").select_option("gearchiveerd")
    team.get_by_role("button", name="Wijzig status").click()
    expect(team.get_by_text("De status is nu: Gearchiveerd.")).to_be_visible()


def _visitor_finds_it(visitor: Page) -> None:
    visitor.goto("/projects")
    visitor.get_by_role("searchbox", name="Zoek in alle projecten").fill("gastvrij")
    visitor.get_by_role("button", name="Zoeken").click()
    expect(visitor).to_have_url(re.compile(r"/projects\?q=gastvrij$"))
    expect(visitor.locator("#archive-results-title")).to_have_text("1 project voor “gastvrij”")
    card = visitor.locator(".project-card")
    expect(card.locator("mark")).to_contain_text(re.compile("gastvrijheid", re.I))
    card.get_by_role("link", name=re.compile("Een buurtcafé voor één avond")).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Een buurtcafé voor één avond")
    for text in ("Bediening en ontvangst", "Spreek een vaste avond af met de buurt",
                 "De buurt kwam terug voor een tweede avond",
                 "De geluidsinstallatie kwam te laat"):
        expect(visitor.locator(".case")).to_contain_text(text)
    # Visitors never see the asker's contact details.
    expect(visitor.locator("body")).not_to_contain_text(ASKER)


def _visitor_reuses_it(visitor: Page, email: str) -> str:
    visitor.get_by_role("link", name="Hergebruik dit project").click()
    # Reusing starts a project at a hub, so the visitor logs in as who they are.
    expect(visitor).to_have_url(re.compile(r"/inloggen\?next="))
    visitor.get_by_label("E-mailadres").fill(email)
    visitor.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    visitor.get_by_role("button", name="Inloggen").click()
    expect(visitor.get_by_role("heading", name="Hergebruik dit project")).to_be_visible()
    visitor.get_by_label("Titel van het nieuwe project").fill("Buurtcafé in Utrecht")
    visitor.get_by_label("Tips, tops en valkuilen").uncheck()
    visitor.get_by_label("De opdrachtgever").check()
    visitor.get_by_role("button", name="Nieuw project maken").click()
    expect(visitor.get_by_text("Het nieuwe project staat klaar als aanvraag.")).to_be_visible()
    visitor.get_by_role("link", name="Naar de projectpagina").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Buurtcafé in Utrecht")
    return visitor.url


def test_from_a_question_to_a_reused_project(new_tab, live_app, hub, other_hub, coordinator,
                                             host, other_host):
    partner = new_tab()
    _partner_asks(partner)
    team = _as(new_tab(), coordinator.email)
    _coordinator_asks_for_more(team, hub)
    _partner_answers(partner, _private_link(live_app, ASKER))
    project_url = _coordinator_accepts(team)

    _host_tells_the_project(_as(new_tab(), host.email), project_url)
    _coordinator_archives(team, project_url)

    visitor = new_tab()
    _visitor_finds_it(visitor)
    old_url = visitor.url
    new_url = _visitor_reuses_it(visitor, other_host.email)

    lineage = visitor.locator(".case-lineage")
    expect(lineage).to_contain_text("Gebaseerd op Een buurtcafé voor één avond")
    new_page_text = visitor.locator(".case").inner_text()
    assert "Bediening en ontvangst" in new_page_text          # a ticked part came along
    assert "Spreek een vaste avond af" not in new_page_text   # an unticked one did not
    expect(visitor.locator(".case-facts")).to_contain_text("Stichting Het Buurtpodium")
    lineage.get_by_role("link", name="Een buurtcafé voor één avond").click()
    expect(visitor).to_have_url(old_url)
    expect(visitor.locator(".case-lineage")).to_contain_text("Hergebruikt in 1×")
    visitor.locator(".case-lineage").get_by_role("link", name="Buurtcafé in Utrecht").click()
    expect(visitor).to_have_url(new_url)

    old, new = db.session.scalars(sa.select(Project).order_by(Project.id)).all()
    assert (old.status, old.client.name) == ("gearchiveerd", "Stichting Het Buurtpodium")
    assert (new.reused_from_id, new.hub_id, new.status) == (old.id, other_hub.id, "aanvraag")
