"""Account logic as plain functions: registration, passwords, the account itself."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from hubsite.accounts.models import User, new_token
from hubsite.mail.services import queue_templated_mail

MIN_PASSWORD_LENGTH = 10
COMMON_PASSWORDS = {
    "wachtwoord",
    "wachtwoord1",
    "wachtwoord123",
    "password",
    "password1",
    "password123",
    "welkom123",
    "welkom01",
    "1234567890",
    "qwertyuiop",
    "0123456789",
    "letmein123",
    "iloveyou12",
    "azertyuiop",
    "zomer2026!!",
    "hubsite123",
}


class AccountError(ValueError):
    """A request about an account that cannot be granted; the message says why."""


def normalise_email(email: str | None) -> str:
    """E-mail addresses compare without case and surrounding spaces."""
    return (email or "").strip().lower()


def password_problem(password: str, email: str | None = None) -> str | None:
    """Why a password is too weak, or None when it is good enough."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Kies een wachtwoord van minstens %(n)d tekens.", n=MIN_PASSWORD_LENGTH)
    if len(password) > 200:
        return _("Kies een wachtwoord van hoogstens 200 tekens.")
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or len(set(lowered)) < 4:
        return _("Dit wachtwoord is te makkelijk te raden. Kies iets langers of ongewoners.")
    if email and normalise_email(email).split("@")[0] in lowered:
        return _("Je wachtwoord mag je e-mailadres niet bevatten.")
    return None


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def register_user(
    session: Session,
    name: str,
    email: str,
    password: str,
    locale: str = "nl",
    is_admin: bool = False,
) -> User:
    """Create an account; raises AccountError when the e-mail is taken."""
    if find_user_by_email(session, email) is not None:
        raise AccountError(
            _(
                "Er bestaat al een account met dit e-mailadres. Log in of vraag een nieuw wachtwoord aan."
            )
        )
    user = User(name=name.strip(), email=normalise_email(email), locale=locale, is_admin=is_admin)
    user.set_password(password)
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The user for these credentials, or None (never saying which part was wrong)."""
    user = find_user_by_email(session, email)
    if user is None:
        # Hash anyway so a missing account takes as long as a wrong password.
        User(password_hash="").set_password(password)
        return None
    return user if user.check_password(password) else None


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
    email = normalise_email(new_email)
    if email != user.email and find_user_by_email(session, email) is not None:
        raise AccountError(_("Er bestaat al een account met dit e-mailadres."))
    user.email = email


def renew_calendar_token(user: User) -> str:
    """Give the private calendar feed a new URL; the old one stops working."""
    user.calendar_token = new_token()
    return user.calendar_token


def delete_account(session: Session, user: User) -> None:
    session.delete(user)
    session.flush()

