"""Account logic as plain functions: registration and its confirmation, passwords, log-in
sessions, the account itself."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from hubsite.accounts.models import LoginSession, User, new_token
from hubsite.mail.services import queue_templated_mail
from hubsite.timeutil import utcnow

MIN_PASSWORD_LENGTH = 10
# zxcvbn's score runs from 0 (guessed at once) to 4; 3 stands up to an offline attack
# on a slow hash for a long time.
MIN_PASSWORD_SCORE = 3
# zxcvbn looks at this many characters; what comes after only makes a password longer.
ESTIMATE_LENGTH = 72

# Every sentence zxcvbn (4.5.0) can say, in Dutch (and through the catalogue in English).
ZXCVBN_FEEDBACK = {
    "Use a few words, avoid common phrases.": _l(
        "Gebruik een paar woorden en vermijd bekende uitdrukkingen."),
    "No need for symbols, digits, or uppercase letters.": _l(
        "Tekens, cijfers of hoofdletters zijn niet nodig."),
    "Add another word or two. Uncommon words are better.": _l(
        "Voeg nog een of twee woorden toe; ongewone woorden werken het best."),
    "Straight rows of keys are easy to guess.": _l(
        "Rijen toetsen naast elkaar zijn makkelijk te raden."),
    "Short keyboard patterns are easy to guess.": _l(
        "Korte patronen op het toetsenbord zijn makkelijk te raden."),
    "Use a longer keyboard pattern with more turns.": _l(
        "Gebruik een langer patroon op het toetsenbord, met meer bochten."),
    'Repeats like "aaa" are easy to guess.': _l(
        "Herhalingen zoals „aaa” zijn makkelijk te raden."),
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".': _l(
        "Herhalingen zoals „abcabcabc” zijn nauwelijks moeilijker te raden dan „abc”."),
    "Avoid repeated words and characters.": _l("Vermijd herhaalde woorden en tekens."),
    'Sequences like "abc" or "6543" are easy to guess.': _l(
        "Reeksen zoals „abc” of „6543” zijn makkelijk te raden."),
    "Avoid sequences.": _l("Vermijd reeksen."),
    "Recent years are easy to guess.": _l("Recente jaartallen zijn makkelijk te raden."),
    "Avoid recent years.": _l("Vermijd recente jaartallen."),
    "Avoid years that are associated with you.": _l(
        "Vermijd jaartallen die met jou te maken hebben."),
    "Dates are often easy to guess.": _l("Datums zijn vaak makkelijk te raden."),
    "Avoid dates and years that are associated with you.": _l(
        "Vermijd datums en jaartallen die met jou te maken hebben."),
    "This is a top-10 common password.": _l(
        "Dit is een van de tien meest gebruikte wachtwoorden."),
    "This is a top-100 common password.": _l(
        "Dit is een van de honderd meest gebruikte wachtwoorden."),
    "This is a very common password.": _l("Dit is een veelgebruikt wachtwoord."),
    "This is similar to a commonly used password.": _l(
        "Dit lijkt op een veelgebruikt wachtwoord."),
    "A word by itself is easy to guess.": _l("Eén woord alleen is makkelijk te raden."),
    "Names and surnames by themselves are easy to guess.": _l(
        "Voor- en achternamen alleen zijn makkelijk te raden."),
    "Common names and surnames are easy to guess.": _l(
        "Veelvoorkomende voor- en achternamen zijn makkelijk te raden."),
    "Capitalization doesn't help very much.": _l("Hoofdletters helpen weinig."),
    "All-uppercase is almost as easy to guess as all-lowercase.": _l(
        "Alles in hoofdletters is bijna even makkelijk te raden als alles in kleine letters."),
    "Reversed words aren't much harder to guess.": _l(
        "Omgekeerde woorden zijn niet veel moeilijker te raden."),
    "Predictable substitutions like '@' instead of 'a' don't help very much.": _l(
        "Voorspelbare vervangingen, zoals „@” voor „a”, helpen weinig."),
}
_ZXCVBN_LOCK = threading.Lock()
GENERIC_FEEDBACK = _l("Kies iets langers of ongewoners, bijvoorbeeld een zin van een paar "
                      "woorden.")


class AccountError(ValueError):
    """A request about an account that cannot be granted; the message says why."""


def normalise_email(email: str | None) -> str:
    """E-mail addresses compare without case and surrounding spaces."""
    return (email or "").strip().lower()


def password_problem(password: str, email: str | None = None,
                     name: str | None = None) -> str | None:
    """Why a password is too weak, or None when it is good enough.

    Strength is zxcvbn's estimate (dictionaries, names, keyboard patterns, dates,
    what the person typed elsewhere in the form); its advice is translated.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Kies een wachtwoord van minstens %(n)d tekens.", n=MIN_PASSWORD_LENGTH)
    if len(password) > 200:
        return _("Kies een wachtwoord van hoogstens 200 tekens.")
    lowered = password.lower()
    local_part = normalise_email(email).split("@")[0] if email else ""
    if local_part and local_part in lowered:
        return _("Je wachtwoord mag je e-mailadres niet bevatten.")
    personal = [part for part in (local_part, *(name or "").split()) if part]
    # Imported here: its dictionaries take 13 MB in every worker, for the few requests
    # that set a password.
    from zxcvbn import zxcvbn  # noqa: PLC0415

    with _ZXCVBN_LOCK:  # zxcvbn keeps the personal words in a module-level dictionary
        estimate = zxcvbn(password[:ESTIMATE_LENGTH], user_inputs=personal)
    if estimate["score"] >= MIN_PASSWORD_SCORE:
        return None
    feedback = estimate["feedback"]
    advice = [str(ZXCVBN_FEEDBACK[text]) for text in
              [feedback.get("warning"), *feedback.get("suggestions", [])]
              if text and text in ZXCVBN_FEEDBACK]
    return " ".join([_("Dit wachtwoord is te makkelijk te raden."),
                     *(advice or [str(GENERIC_FEEDBACK)])])


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def register_user(
    session: Session,
    name: str,
    email: str,
    password: str,
    locale: str = "nl",
    is_admin: bool = False,
    confirmed: bool = False,
) -> User:
    """Create an account; raises AccountError when the e-mail is taken.

    `confirmed` only where the caller has proven the address some other way (the
    command line, an invitation link); registering through the site goes through
    `request_registration`, which mails a confirmation link.
    """
    if find_user_by_email(session, email) is not None:
        raise AccountError(
            _(
                "Er bestaat al een account met dit e-mailadres. Log in of vraag een nieuw wachtwoord aan."
            )
        )
    return _add_user(session, name, email, generate_password_hash(password), locale, is_admin,
                     confirmed)


def _add_user(session: Session, name: str, email: str, password_hash: str, locale: str,
              is_admin: bool, confirmed: bool) -> User:
    user = User(name=name.strip(), email=normalise_email(email), locale=locale, is_admin=is_admin,
                password_hash=password_hash)
    if confirmed:
        user.confirm_email()
    session.add(user)
    session.flush()
    return user


def request_registration(
    session: Session,
    name: str,
    email: str,
    password: str,
    secret_key: str,
    *,
    locale: str,
    confirm_url_for: Callable[[str], str],
    confirm_seconds: int,
    reset_url_for: Callable[[str], str],
    login_url: str,
) -> None:
    """Someone asks for an account; the caller answers the same whatever happens here.

    - A new address gets an unconfirmed account and a mail with a confirmation link.
    - An unconfirmed account belongs to nobody yet: the newest registration's name and
      password replace what was there, and a fresh link is sent. Confirming asks for
      that password, so only the person who registered last, and reads the mail, can.
    - A confirmed account stays as it is; its owner gets a mail that someone tried,
      with a log-in link and a link to choose a new password.

    Every path hashes the password (the slow step), looks the address up and queues
    one mail, so that neither the answer nor the time it takes tells an outsider
    whether the address has an account.
    """
    # Hashed before looking: an existing address must not answer faster.
    password_hash = generate_password_hash(password)
    user = find_user_by_email(session, email)
    if user is None:
        user = _add_user(session, name, email, password_hash, locale, is_admin=False,
                         confirmed=False)
        queue_confirmation_mail(session, user, secret_key, confirm_url_for, confirm_seconds)
    elif not user.email_confirmed:
        user.name = name.strip()
        user.password_hash = password_hash
        queue_confirmation_mail(session, user, secret_key, confirm_url_for, confirm_seconds)
    else:
        queue_templated_mail(
            session,
            user.email,
            "registration_attempt",
            user.locale,
            user=user,
            login_url=login_url,
            reset_url=reset_url_for(password_reset_token(user, secret_key)),
        )


def _confirm_serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt="email-confirm")


def email_confirmation_token(user: User, secret_key: str) -> str:
    """A signed token for the confirmation link; it names the address it proves, so
    it stops working when the address changes (and once it is confirmed)."""
    return _confirm_serializer(secret_key).dumps({"id": user.id, "e": user.email})


def user_for_confirmation_token(
    session: Session, token: str, secret_key: str, max_age: int
) -> User | None:
    """The unconfirmed account a confirmation link is for, or None when the link is
    garbled, expired or already used."""
    try:
        data = _confirm_serializer(secret_key).loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        return None
    user = session.get(User, data["id"])
    if user is None or user.email_confirmed or user.email != data.get("e"):
        return None
    return user


def queue_confirmation_mail(session: Session, user: User, secret_key: str,
                            confirm_url_for: Callable[[str], str], valid_seconds: int) -> None:
    """Mail the person a link that confirms their address (and logs them in); the mail
    says how long it works."""
    queue_templated_mail(
        session,
        user.email,
        "confirm_email",
        user.locale,
        user=user,
        confirm_url=confirm_url_for(email_confirmation_token(user, secret_key)),
        days=valid_seconds // (24 * 3600),
        hours=-(-valid_seconds // 3600),
    )


def resend_confirmation(session: Session, email: str, secret_key: str,
                        confirm_url_for: Callable[[str], str], valid_seconds: int) -> None:
    """Mail a new confirmation link when the address has an unconfirmed account; say
    nothing either way."""
    user = find_user_by_email(session, email)
    if user is not None and not user.email_confirmed:
        queue_confirmation_mail(session, user, secret_key, confirm_url_for, valid_seconds)


def confirm_email(session: Session, user: User) -> None:
    """The person followed the link in the mail: the account may log in from now on."""
    user.confirm_email()
    session.flush()


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The user for these credentials, or None (never saying which part was wrong)."""
    user = find_user_by_email(session, email)
    if user is None:
        # Hash anyway so a missing account takes as long as a wrong password.
        User(password_hash="").set_password(password)
        return None
    if not user.check_password(password):
        return None
    # Not confirmed yet: refused like a wrong password (the caller's one message
    # names both), so that log-in does not tell whether an address registered.
    return user if user.email_confirmed else None


# A session's "last seen" is written at most this often, not on every request.
LAST_SEEN_EVERY = timedelta(minutes=15)


def start_login_session(session: Session, user: User) -> LoginSession:
    """Record a new log-in on one device; `user.get_id()` then names it."""
    login = LoginSession(user=user, token=new_token())
    session.add(login)
    session.flush()
    user.login_token = login.token
    return login


def user_for_login(session: Session, user_id: str) -> tuple[User, LoginSession] | None:
    """The person and log-in session named by a session cookie ("id:token"), unless it
    was ended (logged out, password changed) or never existed."""
    number, _, token = user_id.partition(":")
    if not number.isdigit() or not token or int(number) > 2**31 - 1:
        return None
    row = session.execute(
        sa.select(User, LoginSession)
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(User.id == int(number), LoginSession.token == token,
               LoginSession.revoked_at.is_(None))
    ).first()
    if row is None:
        return None
    user, login = row
    user.login_token = token
    return user, login


def note_login_seen(session: Session, login_id: int) -> None:
    """Record that a log-in session was just used."""
    session.execute(sa.update(LoginSession).where(LoginSession.id == login_id)
                    .values(last_seen_at=utcnow()))


def end_login_session(session: Session, user: User, token: str | None) -> None:
    """Log out one device: its cookie (or a copy of it) no longer opens anything."""
    if token:
        session.execute(
            sa.update(LoginSession)
            .where(LoginSession.user_id == user.id, LoginSession.token == token,
                   LoginSession.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    user.login_token = None


def end_all_login_sessions(session: Session, user: User) -> int:
    """Log out every device of this person; returns how many sessions ended."""
    result = session.execute(
        sa.update(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    user.login_token = None
    return result.rowcount


def change_password(session: Session, user: User, password: str) -> None:
    """Set a new password; every session that began with the old one ends."""
    user.set_password(password)
    end_all_login_sessions(session, user)
    session.flush()


def reset_password(session: Session, user: User, password: str) -> None:
    """Set a new password through a reset link: the link came by mail, so it also
    proves the address of an account that was not confirmed yet."""
    change_password(session, user, password)
    user.confirm_email()
    session.flush()


def _reset_serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt="password-reset")


def password_reset_token(user: User, secret_key: str) -> str:
    """A signed token; it stops working once the password changes."""
    return _reset_serializer(secret_key).dumps({"id": user.id, "h": user.password_hash[-16:]})


def user_for_reset_token(
    session: Session, token: str, secret_key: str, max_age: int
) -> User | None:
    try:
        data = _reset_serializer(secret_key).loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    user = session.get(User, data.get("id")) if isinstance(data, dict) else None
    if user is None or user.password_hash[-16:] != data.get("h"):
        return None
    return user


def request_password_reset(session: Session, email: str, secret_key: str, reset_url_for) -> None:
    """Queue a reset mail when the account exists; say nothing either way."""
    user = find_user_by_email(session, email)
    if user is None:
        return
    token = password_reset_token(user, secret_key)
    queue_templated_mail(
        session,
        user.email,
        "password_reset",
        user.locale,
        user=user,
        reset_url=reset_url_for(token),
    )


def change_email(session: Session, user: User, new_email: str) -> None:
    """Move the account to another address; every session ends (the caller may start a
    new one for the person who asked)."""
    email = normalise_email(new_email)
    if email != user.email and find_user_by_email(session, email) is not None:
        raise AccountError(_("Er bestaat al een account met dit e-mailadres."))
    user.email = email
    end_all_login_sessions(session, user)
    session.flush()


def renew_calendar_token(user: User) -> str:
    """Give the private calendar feed a new URL; the old one stops working."""
    user.calendar_token = new_token()
    return user.calendar_token


def delete_account(session: Session, user: User) -> None:
    """Delete the account with its log-in sessions, memberships and the like."""
    end_all_login_sessions(session, user)
    session.delete(user)
    session.flush()

