"""Askers' contact details never reach a public page, and what anyone types into the
question form runs no script anywhere it is shown."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from hubsite.extensions import db
from hubsite.questions import services
from tests.test_markup import XSS_PAYLOADS

SECRET_EMAIL, SECRET_PHONE = "ingrid.geheim@regenboog.example.nl", "0546 987 654"


def _public_urls(app, hub, organisation) -> list[str]:
    """Every page without parameters that answers GET, and the public pages of a hub and
    an organisation, where a question's traces could show."""
    urls = {rule.rule for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static"}
    urls |= {f"/hubs/{hub.slug}", f"/hubs/{hub.slug}/contact", f"/hubs/{hub.slug}/agenda.ics",
             f"/organisaties/{organisation.slug}", f"/hubs/{hub.slug}/vragen"}
    return sorted(urls)


@pytest.mark.parametrize("who", ["anonymous", "visitor", "other_hub_host"])
def test_contact_details_of_askers_never_appear_on_public_pages(
        app, client, make_question, make_organisation, hub, visitor, other_host, host, who):
    school = make_organisation(name="Basisschool De Regenboog", kind="onderwijs")
    question = make_question(organisation_name=school.name, email=SECRET_EMAIL,
                             phone=SECRET_PHONE, contact_name="Ingrid Geheim")
    services.ask_for_information(db.session, question, host, "Hoe groot?")
    db.session.commit()
    if who == "visitor":
        client.login(visitor)
    elif who == "other_hub_host":
        client.login(other_host)
    for url in _public_urls(app, hub, school):
        response = client.get(url)
        assert response.status_code < 500, url
        body = response.get_data(as_text=True)
        for secret in (SECRET_EMAIL, SECRET_PHONE, "Ingrid Geheim", question.token):
            assert secret not in body, (url, secret)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, attrs))


def _clean(page: str) -> None:
    """No element in the page's main part runs script (text that shows a payload is fine)."""
    parser = _Tags()
    parser.feed(page[page.index("<main"):page.index("</main>")])
    for tag, attrs in parser.tags:
        assert tag not in ("script", "iframe", "object", "embed"), tag
        if tag == "svg":
            continue  # the site's own icons
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            if name in ("href", "src", "action"):
                assert not re.match(r"\s*(javascript|data):", value or "", re.I), (tag, value)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payloads_in_every_field_come_out_harmless(app, client, make_question, hub, coordinator,
                                                  form_data, payload):
    typed = form_data(organisation=payload[:160], contact_name=payload[:120],
                      title=payload[:200], what=payload, for_whom=payload[:300],
                      phone=payload[:40])
    client.form("/vragen/nieuw", typed)  # may be refused (a phone that is a script): fine
    question = make_question(organisation_name=payload[:160], contact_name=payload[:120],
                             title=payload[:200], what=payload, for_whom=payload[:300],
                             phone=payload[:40])
    services.ask_for_information(db.session, question, coordinator, payload)
    services.reply_by_asker(db.session, question, payload)
    db.session.commit()
    refused = client.form("/vragen/nieuw", form_data(email=payload[:254], title=payload[:200]))
    _clean(refused.get_data(as_text=True))
    for url in (f"/vragen/{question.token}", f"/vragen/{question.token}/verstuurd"):
        _clean(client.get(url).get_data(as_text=True))
    client.login(coordinator)
    for url in (f"/hubs/{hub.slug}/vragen", f"/inbox/{question.id}", f"/hubs/{hub.slug}/beheer"):
        response = client.get(url)
        assert response.status_code == 200, url
        _clean(response.get_data(as_text=True))
