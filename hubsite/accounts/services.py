"""Account logic as plain functions: registration, passwords, log-in sessions, invitations."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from hubsite.accounts.models import (
    HUB_ROLES,
    ROLE_COORDINATOR,
    HubMembership,
    Invitation,
    LoginSession,
    User,
    new_token,
)
from hubsite.hubs.models import Hub
from hubsite.mail.services import queue_templated_mail
from hubsite.timeutil import utcnow

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


def invite_to_hub(
    session: Session,
    hub: Hub,
    email: str,
    role: str,
    invited_by: User,
    days_valid: int,
    accept_url_for,
) -> Invitation:
    """Invite someone to a hub team by e-mail."""
    if role not in HUB_ROLES:
        raise AccountError(_("Kies een geldige rol."))
    email = normalise_email(email)
    existing = find_user_by_email(session, email)
    if existing is not None and existing.role_in(hub):
        raise AccountError(_("Deze persoon hoort al bij het team van deze hub."))
    invitation = Invitation(
        hub=hub,
        email=email,
        role=role,
        invited_by_id=invited_by.id,
        token=new_token(),
        expires_at=utcnow() + timedelta(days=days_valid),
    )
    session.add(invitation)
    session.flush()
    queue_templated_mail(
        session,
        email,
        "invitation",
        existing.locale if existing else "nl",
        hub=hub,
        role=role,
        inviter=invited_by,
        accept_url=accept_url_for(invitation.token),
    )
    return invitation


def open_invitation(session: Session, token: str) -> Invitation | None:
    """The invitation for a token, if it is still valid."""
    invitation = session.scalar(sa.select(Invitation).where(Invitation.token == token))
    if invitation is None or invitation.accepted_at is not None or invitation.expires_at < utcnow():
        return None
    return invitation


def accept_invitation(session: Session, invitation: Invitation, user: User) -> HubMembership:
    """Add the person to the hub team with the invited role."""
    membership = session.scalar(
        sa.select(HubMembership).where(
            HubMembership.user_id == user.id, HubMembership.hub_id == invitation.hub_id
        )
    )
    if membership is None:
        membership = HubMembership(user=user, hub_id=invitation.hub_id, role=invitation.role)
        session.add(membership)
    else:
        membership.role = invitation.role
    invitation.accepted_at = utcnow()
    session.flush()
    return membership


def set_member_role(session: Session, hub: Hub, user: User, role: str | None) -> None:
    """Change someone's role in a hub team, or remove them with role None."""
    membership = session.scalar(
        sa.select(HubMembership).where(
            HubMembership.user_id == user.id, HubMembership.hub_id == hub.id
        )
    )
    if role is not None and role not in HUB_ROLES:
        raise AccountError(_("Kies een geldige rol."))
    if membership is not None and membership.role == ROLE_COORDINATOR and role != ROLE_COORDINATOR:
        coordinators = session.scalar(
            sa.select(sa.func.count(HubMembership.id)).where(
                HubMembership.hub_id == hub.id, HubMembership.role == ROLE_COORDINATOR
            )
        )
        if coordinators <= 1:
            raise AccountError(_("Een hub houdt minstens één begeleider. Nodig eerst een andere begeleider uit."))
    if role is None:
        if membership is not None:
            session.delete(membership)
    elif role not in HUB_ROLES:
        raise AccountError(_("Kies een geldige rol."))
    elif membership is None:
        session.add(HubMembership(user=user, hub=hub, role=role))
    else:
        membership.role = role
    session.flush()
