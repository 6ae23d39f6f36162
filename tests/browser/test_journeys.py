"""Journeys through the site in Chromium, with htmx on and the strict CSP in force."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import WIDTHS, assert_no_axe_violations
from tests.conftest import PASSWORD, links_in, mail_messages, mail_text


def log_in(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.get_by_role("button", name="Inloggen").click()


def test_htmx_is_loaded_from_the_site_itself(page, console):
    served = []
    page.on("response", lambda r: served.append((r.url, r.status)))

    page.goto("/")

    assert page.evaluate("() => typeof htmx === 'object' && htmx.version.startsWith('2.')")
    assert any(re.search(r"/static/vendor/htmx\.min\.[0-9a-f]{12}\.js$", url) and status == 200
               for url, status in served), served
    assert all(url.startswith(page.url.split("/", 3)[0] + "//127.0.0.1") for url, _ in served)
    assert console.problems() == []


def register(page, email: str, password: str = "een lange zin hier") -> None:
    page.goto("/registreren")
    page.get_by_label("Naam").fill("Noor Nieuw")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Account maken").click()


def test_registering_a_new_account_and_confirming_it_through_the_mail(page, live_app, console):
    register(page, "noor@example.nl")

    expect(page.get_by_role("heading", name="Kijk in je mail")).to_be_visible()
    expect(page.get_by_text("we hebben een bericht gestuurd naar noor@example.nl")).to_be_visible()
    assert_no_axe_violations(page)
    [mail] = [m for m in mail_messages(live_app) if m["To"] == "noor@example.nl"
              and m["Subject"] == "Bevestig je e-mailadres"]
    [link] = [url for url in links_in(mail_text(mail)) if "/registreren/bevestigen/" in url]

    page.goto(link)
    assert_no_axe_violations(page)
    page.get_by_label("Je wachtwoord").fill("een lange zin hier")
    page.get_by_role("button", name="Bevestig mijn e-mailadres").click()

    expect(page).to_have_url(re.compile("/account$"))
    expect(page.get_by_text("Welkom, Noor Nieuw! Je e-mailadres is bevestigd.")).to_be_visible()
    expect(page.get_by_role("link", name="Noor Nieuw")).to_be_visible()
    assert console.problems() == []


def test_registering_a_taken_address_looks_the_same_and_mails_its_owner(page, live_app, visitor):
    register(page, "bezoeker@example.nl")

    expect(page.get_by_role("heading", name="Kijk in je mail")).to_be_visible()
    expect(page.get_by_text("Er bestaat al een account")).to_have_count(0)
    # The live server's mail folder lasts the whole session: other tests mail this address too.
    [mail] = [m for m in mail_messages(live_app) if m["To"] == "bezoeker@example.nl"
              and m["Subject"] == "Iemand probeerde een account te maken met je e-mailadres"]
    assert "Iemand (misschien jij) probeerde een account te maken" in mail_text(mail)


def test_a_mistake_in_the_form_is_shown_next_to_the_field(page):
    register(page, "noor@example.nl", password="kort")

    password = page.get_by_label("Wachtwoord")
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#password-error")).to_have_text(re.compile("minstens 10 tekens"))
    expect(page.get_by_label("E-mailadres")).to_have_value("noor@example.nl")


def test_a_host_logs_in_and_finds_their_hub_on_their_account_page(page, host, hub):
    log_in(page, "host@example.nl")

    expect(page.get_by_text("Je bent ingelogd.")).to_be_visible()
    page.get_by_role("link", name="Aylin Host").click()

    expect(page).to_have_url(re.compile("/account$"))
    hubs = page.get_by_role("region", name="Mijn hubs")
    expect(hubs.get_by_role("link", name="Hub Almelo")).to_be_visible()


def test_switching_to_english_and_back(page, hub):
    page.goto("/hubs/almelo")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile("/hubs/almelo$"))
    page.get_by_role("button", name="Nederlands").click()

    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("button", name="English")).to_be_visible()


def test_the_language_choice_survives_a_new_visit(page, hub):
    page.goto("/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.goto("/hubs")

    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_opening_a_hub_from_the_home_page(page, hub, host):
    page.goto("/")

    page.get_by_role("link", name="Hub Almelo").first.click()

    expect(page).to_have_url(re.compile("/hubs/almelo$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hub Almelo")
    expect(page.locator("address")).to_contain_text("Sluiskade 5")
    expect(page.get_by_role("region", name="Team")).to_contain_text("Aylin Host")
    expect(page).to_have_title(re.compile("^Hub Almelo"))


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("url", ["/", "/hubs/almelo", "/inloggen"])
def test_pages_have_no_accessibility_violations(page, console, make_hub, width, url):
    make_hub(slug="almelo", name="Hub Almelo", tagline="Leren in de praktijk",
             about="Studenten pakken echte opdrachten op.", opening_hours="ma–vr 9:00–17:00",
             email="almelo@example.nl")
    page.set_viewport_size({"width": width, "height": 800})

    page.goto(url)

    assert_no_axe_violations(page)
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= width, "no sideways scrolling"
    assert console.problems() == []


def test_the_log_in_form_with_errors_has_no_accessibility_violations(page, host):
    log_in(page, "host@example.nl", "niet goed")

    expect(page.get_by_role("alert")).to_contain_text("horen niet bij elkaar")

    assert_no_axe_violations(page)


def test_more_pages_have_no_accessibility_violations_on_a_phone(page, hub):
    width = WIDTHS["phone"]
    page.set_viewport_size({"width": width, "height": 800})

    for url in ["/registreren", "/registreren/nieuwe-link", "/wachtwoord-vergeten", "/hubs",
                "/bestaat-niet"]:
        page.goto(url)
        assert_no_axe_violations(page)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width, url


def test_pages_of_a_coordinator_have_no_accessibility_violations_on_a_phone(
        page, coordinator, host):
    width = WIDTHS["phone"]
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, "begeleider@example.nl")

    expect(page.get_by_text("Je bent ingelogd.")).to_be_visible()

    for url in ["/account", "/hubs/almelo", "/hubs/almelo/team", "/hubs/almelo/bewerken"]:
        page.goto(url)
        assert_no_axe_violations(page)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width, url


def test_a_broken_link_shows_the_not_found_page(page):
    page.goto("/")
    page.evaluate("""() => {
        const link = Object.assign(document.createElement("a"),
                                   {href: "/bestaat-niet", textContent: "Oude link"});
        document.querySelector("main").append(link);
        htmx.process(link);  // boosted, like every link on the page
    }""")

    page.get_by_role("link", name="Oude link").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Niet gevonden")
    expect(page).to_have_url(re.compile("/bestaat-niet$"))


def test_an_expired_form_says_so_instead_of_doing_nothing(page, host):
    page.goto("/inloggen")
    page.locator("main input[name=csrf_token]").evaluate("input => input.value = 'verlopen'")
    page.get_by_label("E-mailadres").fill("host@example.nl")
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)

    page.get_by_role("button", name="Inloggen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ongeldig verzoek")
    expect(page.get_by_text("Het formulier is verlopen of niet compleet.")).to_be_visible()
