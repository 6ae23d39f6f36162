"""The monthly digest: double opt-in, one-click unsubscribe, and exactly one mail per
subscriber and month through the outbox, also when the mail server is down."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from hubsite.collaboration import services as offers
from hubsite.extensions import db
from hubsite.mail.models import OutboxMessage
from hubsite.partners import digest
from hubsite.partners.models import DigestDelivery, DigestSubscription
from hubsite.timeutil import utcnow
from tests.conftest import field_error, links_in, mail_messages, mail_text, next_week
from tests.mail.test_outbox import SmtpServer

EMAIL = "inkoop@bakkerij.example.nl"


@pytest.fixture
def partner(make_partner):
    return make_partner("Bakkerij Bolk", themes="brood", email=EMAIL)


def _confirm_link(app) -> str:
    *_, message = [m for m in mail_messages(app)
                   if "Bevestig" in m["Subject"] and m["To"] == EMAIL]
    [link] = [link for link in links_in(mail_text(message)) if "/bevestigen" in link]
    return link.split("://", 1)[1].partition("/")[2]


def subscribe(app, client, partner) -> DigestSubscription:
    """Ask on the public page and follow the confirmation link."""
    client.form(f"/organisaties/{partner.slug}/maandoverzicht", {"email": EMAIL.upper()})
    client.form("/" + _confirm_link(app))
    db.session.expire_all()
    return db.session.scalar(sa.select(DigestSubscription))


def test_the_public_form_sends_a_link_only_to_a_contact_person(app, client, partner):
    page = client.get(f"/organisaties/{partner.slug}").get_data(as_text=True)
    assert 'id="maandoverzicht"' in page

    stranger = client.form(f"/organisaties/{partner.slug}/maandoverzicht",
                           {"email": "iemand@elders.example.nl"}, follow_redirects=True)
    assert mail_messages(app) == []
    known = client.form(f"/organisaties/{partner.slug}/maandoverzicht", {"email": EMAIL},
                        follow_redirects=True)

    # The answer is the same: the page never tells who is in the partner file.
    assert stranger.status_code == known.status_code == 200
    [message] = mail_messages(app)
    assert message["To"] == EMAIL
    assert "/maandoverzicht/" in mail_text(message)
    assert db.session.scalar(sa.select(DigestSubscription.confirmed_at)) is None


def test_a_malformed_address_gets_a_message_next_to_the_field(app, client, hx, partner):
    response = client.form(f"/organisaties/{partner.slug}/maandoverzicht", {"email": "geen-adres"})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "email")
    assert mail_messages(app) == []


def test_the_confirmation_link_shows_a_button_and_only_the_button_confirms(app, client,
                                                                            partner):
    client.form(f"/organisaties/{partner.slug}/maandoverzicht", {"email": EMAIL})
    path = "/" + _confirm_link(app)

    page = client.get(path)
    assert page.status_code == 200 and "Ja, aanmelden" in page.get_data(as_text=True)
    assert db.session.scalar(sa.select(DigestSubscription.confirmed_at)) is None
    assert client.post(path).status_code == 400  # no CSRF token

    done = client.form(path)
    assert "Bevestigd" in done.get_data(as_text=True)
    subscription = db.session.scalar(sa.select(DigestSubscription))
    db.session.refresh(subscription)
    assert subscription.is_active and subscription.confirmed_email == EMAIL


def test_the_hub_team_offers_the_digest_to_a_contact_person(app, hx, host, partner):
    hx.login(host)
    page = hx.get(f"/organisaties/{partner.slug}").get_data(as_text=True)
    assert "Maandoverzicht aanbieden" in page
    contact = partner.contacts[0]

    response = hx.form(f"/organisaties/{partner.slug}/contactpersonen/{contact.id}/maandoverzicht")

    assert response.status_code == 200
    assert "wacht op bevestiging" in response.get_data(as_text=True)
    [message] = mail_messages(app)
    assert message["To"] == EMAIL
    # A second click within minutes sends nothing more.
    hx.form(f"/organisaties/{partner.slug}/contactpersonen/{contact.id}/maandoverzicht")
    assert len(mail_messages(app)) == 1


def test_only_teams_offer_the_digest(client, visitor, partner):
    contact = partner.contacts[0]
    client.login(visitor)
    url = f"/organisaties/{partner.slug}/contactpersonen/{contact.id}/maandoverzicht"
    assert client.form(url).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DigestSubscription)) == 0


def test_nothing_goes_to_an_unconfirmed_or_changed_address(app, client, runner, partner,
                                                           make_partner):
    other = make_partner("Slagerij Stam", email="slager@example.nl")
    client.form(f"/organisaties/{other.slug}/maandoverzicht", {"email": "slager@example.nl"})
    subscription = subscribe(app, client, partner)
    before = len(mail_messages(app))

    partner.contacts[0].email = "nieuw@bakkerij.example.nl"  # not confirmed
    db.session.commit()
    result = runner.invoke(args=["send-digest"])

    assert result.exit_code == 0, result.output
    assert len(mail_messages(app)) == before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DigestDelivery)) == 0
    assert not subscription.is_active


def _month_of_next_week() -> date:
    return next_week().date().replace(day=1)


def test_the_digest_lists_matching_activities_and_unsubscribes_in_one_click(
        app, client, runner, partner, hub, make_event):
    make_event(hub, starts_at=next_week(), title="Brood bakken in de hub")
    make_event(hub, starts_at=next_week(), title="Metaal lassen")
    subscribe(app, client, partner)
    before = len(mail_messages(app))

    result = runner.invoke(args=["send-digest", "--month", _month_of_next_week().strftime("%Y-%m")])

    assert result.exit_code == 0, result.output
    [message] = mail_messages(app)[before:]
    text = mail_text(message)
    assert message["To"] == EMAIL
    assert "Brood bakken in de hub" in text and "Metaal lassen" not in text
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in text
    path = "/" + unsubscribe.split("://", 1)[1].partition("/")[2]

    page = client.get(path)
    assert page.status_code == 200 and "Afmelden" in page.get_data(as_text=True)
    assert db.session.scalar(sa.select(DigestSubscription.unsubscribed_at)) is None
    # RFC 8058: the mail program POSTs without a CSRF token (or a cookie).
    client.delete_cookie("session")
    response = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.scalar(sa.select(DigestSubscription.unsubscribed_at)) is not None
    assert client.post(path).status_code == 200  # again: still fine

    runner.invoke(args=["send-digest", "--month", "2099-01"])
    assert len(mail_messages(app)) == before + 1


def test_a_bad_month_is_refused(runner):
    result = runner.invoke(args=["send-digest", "--month", "december"])
    assert result.exit_code != 0 and "YYYY-MM" in result.output


def test_other_capabilities_add_sections(app, client, runner, partner, monkeypatch):
    monkeypatch.setattr(digest, "digest_sections", list(digest.digest_sections))
    digest.register_section("elders", lambda context, organisation: digest.DigestSection(
        "Samenwerken", [digest.DigestItem("Gastles geven", "https://example.org/gastles")]))
    subscribe(app, client, partner)
    runner.invoke(args=["send-digest"])
    text = mail_text(mail_messages(app)[-1])
    assert "Samenwerken" in text and "Gastles geven" in text


def test_the_offers_of_the_coming_months_that_fit_the_partner_are_in_its_digest(
        app, runner, partner, hub, other_hub):
    partner.offers = "gastles"
    month = _month_of_next_week()

    def offer(title, kind, hub_, months):
        offers.save_offer(db.session, hub_, None, offers.OfferValues(
            kind=kind, title=title, what="Wat het is.", dayparts_needed=1, people="",
            place="", material="", months=months, dayparts=["middag"], levels=[]))

    offer("Gastles over brood", "gastles", hub, [month.month])
    offer("Bedrijfsbezoek bij de bakker", "bedrijfsbezoek", hub, [month.month])
    offer("Gastles in een andere hub", "gastles", other_hub, [month.month])
    offer("Gastles over een half jaar", "gastles", hub, [(month.month + 5) % 12 + 1])
    _subscribe_directly(partner)

    runner.invoke(args=["send-digest", "--month", month.strftime("%Y-%m")])

    text = mail_text(mail_messages(app)[-1])
    assert "Gastles over brood" in text
    for other in ("Bedrijfsbezoek bij de bakker", "andere hub", "half jaar"):
        assert other not in text


# --------------------------------------------------------------------------- over SMTP


@pytest.fixture
def smtp(app):
    server = SmtpServer()
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port,
                      MAIL_SEND_AFTER_REQUEST=False)
    yield server
    server.stop()


def _subscribe_directly(partner) -> DigestSubscription:
    contact = partner.contacts[0]
    subscription = DigestSubscription(contact=contact)
    db.session.add(subscription)
    db.session.flush()
    digest.confirm(db.session, subscription)
    db.session.commit()
    return subscription


def test_running_twice_sends_each_subscriber_exactly_one_digest(app, runner, smtp, partner,
                                                                make_partner):
    smtp.start()
    _subscribe_directly(partner)
    _subscribe_directly(make_partner("Slagerij Stam", email="slager@example.nl"))

    first = runner.invoke(args=["send-digest", "--month", "2026-12"])
    second = runner.invoke(args=["send-digest", "--month", "2026-12"])

    assert "queued 2" in first.output and "sent 2" in first.output
    assert "queued 0" in second.output and "had one already 2" in second.output
    assert sorted(r for [r] in smtp.inbox.recipients) == sorted([EMAIL, "slager@example.nl"])
    assert all(m["List-Unsubscribe-Post"] for m in smtp.inbox.messages)
    # Next month is a new digest.
    runner.invoke(args=["send-digest", "--month", "2027-01"])
    assert len(smtp.inbox.messages) == 4


def test_with_the_mail_server_down_the_digest_waits_and_is_sent_once(app, runner, smtp,
                                                                     partner):
    _subscribe_directly(partner)  # the server is not running yet

    down = runner.invoke(args=["send-digest", "--month", "2026-12"])
    assert down.exit_code == 0, down.output
    assert "queued 1" in down.output and "waiting in the outbox 1" in down.output
    again = runner.invoke(args=["send-digest", "--month", "2026-12"])
    assert "queued 0" in again.output
    assert smtp.inbox.messages == []

    smtp.start()
    db.session.execute(sa.update(OutboxMessage).values(next_attempt_at=utcnow()))
    db.session.commit()
    back = runner.invoke(args=["send-digest", "--month", "2026-12"])
    after = runner.invoke(args=["send-digest", "--month", "2026-12"])
    mail = runner.invoke(args=["send-mail"])

    assert "queued 0" in back.output and "sent 1" in back.output
    assert "sent 0" in after.output and "sent 0" in mail.output
    assert [r for [r] in smtp.inbox.recipients] == [EMAIL]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 1
