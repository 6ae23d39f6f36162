"""Following a post: one click with an account, a confirmed address as a visitor, one
mail per answer, match and close, and a one-click way out of every such mail."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from hubsite.extensions import db
from hubsite.mail.models import OutboxMessage
from hubsite.pinboard import following, moderation, posts, together
from hubsite.pinboard.access import Viewer
from hubsite.pinboard.models import HELD, HIDDEN, Follow
from hubsite.timeutil import utcnow
from tests.conftest import field_error, links_in, mail_messages, mail_text
from tests.mail.test_outbox import smtp_config, smtp_server, wait_for_the_background_sender
from tests.pinboard.conftest import with_visitor_secret

__all__ = ["smtp_server"]  # the fixture, used by name

GUEST = "gast.volger@example.nl"


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def link_to(message, part: str) -> str:
    """The address in a mail's text that contains `part`."""
    return next(link for link in links_in(mail_text(message)) if part in link)


def outbox_for(address: str) -> list[OutboxMessage]:
    return list(db.session.scalars(sa.select(OutboxMessage)
                                   .where(OutboxMessage.recipient == address)
                                   .order_by(OutboxMessage.id)))


def follows() -> list[Follow]:
    return list(db.session.scalars(sa.select(Follow).order_by(Follow.id)))


@pytest.fixture
def vraag(make_post, make_user):
    return make_post(author=make_user(name="Vrager", email="vrager@example.nl"), kind="vraag",
                     title="Wie filmt onze opening?")


@pytest.fixture
def aanbod(make_post, make_user):
    return make_post(author=make_user(name="Aanbieder"), kind="aanbod", section_index=1,
                     title="Wij filmen graag")


def confirmed_guest(post, address: str = GUEST) -> Follow:
    """A visitor who asked and confirmed (through the services)."""
    following.request_follow(db.session, post, address, "nl")
    follow = db.session.scalar(sa.select(Follow).where(Follow.email == address))
    token = "known-token"
    follow.confirm_hash = following._hash(token)
    following.confirm_follow(db.session, token)
    db.session.commit()
    return follow


# -- The journey of the issue, over a real SMTP server ------------------------------------------


def test_a_visitor_follows_confirms_and_hears_once_of_the_answer_and_the_match(
        app, client, smtp_server, vraag, aanbod, host, make_user):
    app.config.update(smtp_config(app, smtp_server))
    inbox = smtp_server.inbox

    page = client.get(f"/berichten/{vraag.id}")
    assert "Volgen" in page.text and 'name="email"' in page.text
    response = client.form(f"/berichten/{vraag.id}/volgen", {"email": "Gast.Volger@Example.nl "})
    assert response.status_code == 303
    assert "Bijna klaar" in client.get(response.location).text
    wait_for_the_background_sender()

    [confirmation] = inbox.messages
    assert inbox.recipients == [[GUEST]]
    assert "Wie filmt onze opening?" in confirmation["Subject"]
    assert confirmation["List-Unsubscribe"] is None  # not a list mail: the only one they get
    confirm_url = link_to(confirmation, "/volgen/bevestigen/")
    assert "Wie filmt onze opening?" in client.get(path_of(confirm_url)).text  # a button only
    assert following.follower_count(db.session, vraag) == 0
    assert client.form(path_of(confirm_url)).status_code == 303
    assert following.follower_count(db.session, vraag) == 1

    helper = make_user(name="Sanne Student")
    client.login(helper)
    client.form(f"/berichten/{vraag.id}/reacties", {"body": "Wij kunnen dat!"})
    client.form(f"/berichten/{vraag.id}/reacties", {"body": "En ook monteren."})
    client.login(host)
    assert client.form(f"/berichten/{vraag.id}/match", {"match": aanbod.id}).status_code == 303
    # Undone and made again, and matched through the state too: still one mail.
    client.form(f"/berichten/{vraag.id}/match-los")
    client.form(f"/berichten/{vraag.id}/match", {"match": aanbod.id})
    client.form(f"/berichten/{vraag.id}/stand", {"state": "gematcht"})
    wait_for_the_background_sender()

    mails = [m for m, to in zip(inbox.messages, inbox.recipients, strict=True) if to == [GUEST]]
    assert len(mails) == 3
    _, answered, matched = mails
    assert "Nieuw antwoord" in answered["Subject"]
    assert "Sanne Student" in mail_text(answered) and "Wij kunnen dat!" in mail_text(answered)
    assert "gematcht" in matched["Subject"]
    assert "Wij filmen graag" in mail_text(matched)
    for mail in (answered, matched):
        header = mail["List-Unsubscribe"].strip("<>")
        assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert header == link_to(mail, "/volgen/afmelden/")
        assert header.startswith("http://hubsite.test/")
        assert "Ja, ik wil" not in mail_text(mail)
        assert client.get(path_of(header)).status_code == 200

    # What a mail program sends for one click: no CSRF token, no session.
    one_click = app.test_client().post(path_of(matched["List-Unsubscribe"].strip("<>")),
                            data={"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200 and "afgemeld" in one_click.text
    assert following.follower_count(db.session, vraag) == 0

    client.login(host)
    client.form(f"/berichten/{vraag.id}/stand", {"state": "afgerond"})
    wait_for_the_background_sender()
    assert [to for to in inbox.recipients if to == [GUEST]] == [[GUEST]] * 3


# -- Double opt-in ---------------------------------------------------------------------------------


def test_an_address_that_did_not_confirm_gets_nothing_but_the_confirmation(
        app, client, vraag, aanbod, host, make_user):
    client.form(f"/berichten/{vraag.id}/volgen", {"email": GUEST})
    commenter = make_user()
    together.add_comment(db.session, vraag, Viewer(commenter), "Ik help!")
    posts.match_posts(db.session, vraag, aanbod, Viewer(host))
    posts.set_state(db.session, vraag, Viewer(host), "afgerond")
    db.session.commit()

    [only] = outbox_for(GUEST)
    assert "Bevestig" in only.subject and not only.unsubscribe_url


def test_the_confirmation_link_works_once_and_only_its_token_hash_is_kept(client, vraag):
    client.form(f"/berichten/{vraag.id}/volgen", {"email": GUEST})
    [mail] = mail_messages(client.application)
    url = path_of(link_to(mail, "/volgen/bevestigen/"))
    token = url.rsplit("/", 1)[1]
    [follow] = follows()
    assert token not in (follow.confirm_hash, follow.key)

    assert client.form(url).status_code == 303
    again = client.form(url)
    assert again.status_code == 404 and "werkt niet" in again.text
    assert follows()[0].confirmed_at is not None


def test_the_confirmation_link_runs_out(app, client, vraag):
    client.form(f"/berichten/{vraag.id}/volgen", {"email": GUEST})
    url = path_of(link_to(mail_messages(app)[0], "/volgen/bevestigen/"))
    follows()[0].created_at = utcnow() - timedelta(days=4)
    db.session.commit()

    assert client.form(url).status_code == 404
    assert follows()[0].confirmed_at is None


def test_asking_again_soon_sends_no_second_mail_and_tells_nothing(app, client, vraag):
    first = client.form(f"/berichten/{vraag.id}/volgen", {"email": GUEST})
    second = client.form(f"/berichten/{vraag.id}/volgen", {"email": GUEST})
    assert first.status_code == second.status_code == 303
    assert len(outbox_for(GUEST)) == 1
    confirmed_guest(vraag, "al.bevestigd@example.nl")
    third = client.form(f"/berichten/{vraag.id}/volgen", {"email": "al.bevestigd@example.nl"})
    assert third.status_code == 303
    assert len(outbox_for("al.bevestigd@example.nl")) == 1  # just the first confirmation


@pytest.mark.parametrize("address", ["", "geen-adres", "a@", "twee@@example.nl"])
def test_a_bad_address_gets_a_message_next_to_the_field(client, vraag, address):
    response = client.form(f"/berichten/{vraag.id}/volgen", {"email": address})
    assert response.status_code == 422
    assert field_error(response.text, "email")
    assert follows() == [] and outbox_for(address) == []


def test_a_bad_address_by_htmx_swaps_the_panel_with_the_message(hx, vraag):
    response = hx.form(f"/berichten/{vraag.id}/volgen", {"email": "geen-adres"})
    assert response.status_code == 422
    assert response.text.lstrip().startswith('<section id="volgen"')
    assert "geen geldig e-mailadres" in field_error(response.text, "email")


def test_following_needs_a_csrf_token(client, vraag, visitor):
    assert client.post(f"/berichten/{vraag.id}/volgen", data={"email": GUEST}).status_code == 400
    client.login(visitor)
    assert client.post(f"/berichten/{vraag.id}/volgen").status_code == 400
    assert client.post("/volgen/bevestigen/x", data={}).status_code == 400
    assert follows() == [] and outbox_for(GUEST) == []


# -- Unsubscribing -------------------------------------------------------------------------------


def test_unsubscribing_works_once_and_again_changes_nothing(app, client, vraag, make_user):
    follow = confirmed_guest(vraag)
    together.add_comment(db.session, vraag, Viewer(make_user()), "Antwoord")
    db.session.commit()
    [mail] = [m for m in outbox_for(GUEST) if m.unsubscribe_url]
    url = path_of(mail.unsubscribe_url)
    assert mail.unsubscribe_url in mail.body_text

    page = client.get(url)
    assert page.status_code == 200 and "<button" in page.text and "afgemeld" not in page.text
    assert db.session.get(Follow, follow.id) is not None  # a GET changes nothing
    first = client.post(url)
    second = client.post(url)
    assert first.status_code == second.status_code == 200
    assert "afgemeld" in first.text and "afgemeld" in second.text
    assert follows() == []
    assert "afgemeld" in client.get(url).text


def test_an_unsubscribe_link_never_reaches_a_later_follow(client, vraag, make_user):
    old = confirmed_guest(vraag)
    url = following.unsubscribe_url(old)
    db.session.delete(old)
    db.session.commit()
    newer = following.follow_as_user(db.session, vraag, make_user())
    newer.id  # noqa: B018
    db.session.commit()

    assert client.post(path_of(url)).status_code == 200
    assert follows() == [newer]


# -- With an account -------------------------------------------------------------------------------


def test_a_person_follows_in_one_click_and_stops_again(client, vraag, visitor):
    client.login(visitor)
    page = client.get(f"/berichten/{vraag.id}")
    assert ">Volgen</button>" in page.text and 'name="email"' not in page.text

    assert client.form(f"/berichten/{vraag.id}/volgen").status_code == 303
    assert [f.user_id for f in follows()] == [visitor.id]
    assert ">Niet meer volgen</button>" in client.get(f"/berichten/{vraag.id}").text
    listing = client.get("/wat-ik-volg")
    assert "Wie filmt onze opening?" in listing.text

    client.form(f"/berichten/{vraag.id}/volgen", {"volgen": "0", "terug": "lijst"})
    assert follows() == []
    assert "Wie filmt onze opening?" not in client.get("/wat-ik-volg").text
    # A second "stop" (a double click) does not follow it again.
    client.form(f"/berichten/{vraag.id}/volgen", {"volgen": "0"})
    assert follows() == []


def test_the_htmx_follow_button_swaps_its_panel(hx, vraag, visitor):
    hx.login(visitor)
    response = hx.form(f"/berichten/{vraag.id}/volgen")
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="volgen"')
    assert ">Niet meer volgen</button>" in response.text and "Je volgt dit bericht" in response.text


def test_an_account_follower_hears_of_answers_by_others_only(app, vraag, visitor, make_user):
    following.follow_as_user(db.session, vraag, visitor)
    together.add_comment(db.session, vraag, Viewer(visitor), "Mijn eigen reactie")
    db.session.commit()
    assert outbox_for(visitor.email) == []

    together.add_comment(db.session, vraag, Viewer(make_user()), "Een antwoord")
    together.add_comment(db.session, vraag, Viewer(make_user()), "Nog een antwoord")
    db.session.commit()
    [mail] = outbox_for(visitor.email)
    assert "Een antwoord" in mail.body_text and mail.unsubscribe_url


def test_a_held_comment_counts_when_it_is_approved(app, vraag, host, make_user):
    follow = confirmed_guest(vraag)
    comment = together.add_comment(db.session, vraag, Viewer(make_user()), "Antwoord")
    comment.status = HELD
    db.session.commit()
    follow.answered_mailed_at = None
    db.session.commit()
    before = len(outbox_for(GUEST))
    moderation.moderate_comment(db.session, comment, Viewer(host), "approve")
    db.session.commit()
    assert len(outbox_for(GUEST)) == before + 1


def test_the_page_for_logged_in_people_only(client):
    response = client.get("/wat-ik-volg")
    assert response.status_code in (302, 401)


def test_the_account_navigation_links_to_what_i_follow(client, visitor):
    client.login(visitor)
    assert 'href="/wat-ik-volg"' in client.get("/").text
    assert 'href="/wat-ik-volg"' not in client.application.test_client().get("/").text


# -- Not visible, not mailed ----------------------------------------------------------------------


@pytest.mark.parametrize("status", [HELD, HIDDEN])
def test_no_mail_about_a_post_the_follower_may_not_see(app, vraag, aanbod, host, visitor,
                                                      make_user, status):
    confirmed_guest(vraag)
    following.follow_as_user(db.session, vraag, visitor)
    vraag.status = status
    db.session.commit()
    posts.match_posts(db.session, vraag, aanbod, Viewer(host))
    posts.set_state(db.session, vraag, Viewer(host), "afgerond")
    db.session.commit()

    assert [m.subject for m in outbox_for(GUEST)] == [outbox_for(GUEST)[0].subject]
    assert outbox_for(visitor.email) == []


def test_the_author_following_a_held_post_of_their_own_still_hears(vraag, host):
    author = vraag.author
    following.follow_as_user(db.session, vraag, author)
    vraag.status = HELD
    db.session.commit()
    posts.set_state(db.session, vraag, Viewer(host), "afgerond")
    db.session.commit()
    assert len(outbox_for(author.email)) == 1


def test_who_does_it_gets_no_mail_about_it(vraag):
    author = vraag.author
    following.follow_as_user(db.session, vraag, author)
    posts.set_state(db.session, vraag, Viewer(author), "afgerond")
    db.session.commit()
    assert outbox_for(author.email) == []


def test_a_visitors_own_comment_from_the_same_browser_is_no_news(client, app, vraag):
    with_visitor_secret(client, "mijn-browser")
    client.form(f"/berichten/{vraag.id}/volgen", {"email": GUEST})
    client.form(path_of(link_to(mail_messages(app)[0], "/volgen/bevestigen/")))
    client.form(f"/berichten/{vraag.id}/reacties", {"body": "Ik ook!", "display_name": "Gast"})
    assert len(outbox_for(GUEST)) == 1


# -- Mails and privacy ------------------------------------------------------------------------------


def test_mails_escape_what_people_wrote(app, make_post, make_user):
    post = make_post(author=make_user(), title='<img src=x onerror=alert(1)> & "zo"')
    follow = confirmed_guest(post)
    together.add_comment(db.session, post, Viewer(make_user(name="<b>Naam</b>")),
                         "<script>alert(1)</script> **vet**")
    db.session.commit()
    assert follow.answered_mailed_at is not None
    for mail in outbox_for(GUEST):
        html = mail.body_html
        assert "<img src=x" not in html and "<script>" not in html and "<b>Naam" not in html
        assert "&lt;img src=x" in html
    answered = outbox_for(GUEST)[-1]
    assert '<img src=x onerror=alert(1)> & "zo"' in answered.subject  # text stays text
    assert "<script>" not in answered.body_text


def test_the_team_sees_how_many_follow_never_who(client, vraag, host, visitor):
    confirmed_guest(vraag)
    following.follow_as_user(db.session, vraag, visitor)
    db.session.commit()
    client.login(host)
    page = client.get(f"/berichten/{vraag.id}").text
    assert "2 mensen volgen dit bericht" in page
    assert GUEST not in page and visitor.email not in page
    client.login(visitor)
    assert "volgen dit bericht" not in client.get(f"/berichten/{vraag.id}").text


def test_unconfirmed_requests_are_purged_after_a_few_days(app, runner, vraag, make_user):
    confirmed_guest(vraag, "bevestigd@example.nl")
    following.follow_as_user(db.session, vraag, make_user())
    following.request_follow(db.session, vraag, "oud@example.nl", "nl")
    following.request_follow(db.session, vraag, "nieuw@example.nl", "nl")
    db.session.commit()
    for follow in follows():
        if follow.email in ("oud@example.nl", "bevestigd@example.nl") or follow.user_id:
            follow.created_at = utcnow() - timedelta(days=10)
    db.session.commit()

    result = runner.invoke(args=["purge-personal-data"])
    assert result.exit_code == 0, result.output
    assert "deleted 1 unconfirmed follow requests" in result.output
    db.session.expire_all()
    left = {f.email or f.user_id for f in follows()}
    assert "oud@example.nl" not in left
    assert {"bevestigd@example.nl", "nieuw@example.nl"} <= left and len(left) == 3


def test_english_followers_get_english_mail(client, app, vraag, make_user):
    client.set_cookie("taal", "en")
    client.form(f"/berichten/{vraag.id}/volgen", {"email": GUEST})
    [mail] = mail_messages(app)
    assert mail["Subject"].startswith("Confirm")
    client.form(path_of(link_to(mail, "/volgen/bevestigen/")))
    together.add_comment(db.session, vraag, Viewer(make_user()), "Antwoord")
    db.session.commit()
    assert outbox_for(GUEST)[-1].subject.startswith("New answer")


def test_follow_requests_are_limited_per_address(make_app, vraag, make_post, make_user):
    other = make_post(author=make_user(), title="Nog een vraag")
    limited = make_app(RATELIMIT_ENABLED=True, PINBOARD_FOLLOW_EMAIL_RATE_LIMIT="2 per hour")
    with limited.app_context():
        client = limited.test_client()
        statuses = [client.form(f"/berichten/{post_id}/volgen", {"email": GUEST}).status_code
                    for post_id in (vraag.id, other.id, vraag.id)]
        elsewhere = client.form(f"/berichten/{other.id}/volgen", {"email": "ander@example.nl"})
    assert statuses == [303, 303, 429] and elsewhere.status_code == 303
    assert len(outbox_for(GUEST)) == 2


def test_a_deleted_post_takes_its_followers_along(vraag, visitor):
    following.follow_as_user(db.session, vraag, visitor)
    confirmed_guest(vraag)
    posts.delete_post(db.session, vraag, Viewer(vraag.author))
    db.session.commit()
    assert follows() == []


def test_the_account_page_shows_what_i_follow(client, vraag, visitor):
    client.login(visitor)
    assert "Je volgt nog geen berichten" in client.get("/account").text
    following.follow_as_user(db.session, vraag, visitor)
    db.session.commit()
    page = client.get("/account").text
    assert "Wat ik volg" in page and "Wie filmt onze opening?" in page
