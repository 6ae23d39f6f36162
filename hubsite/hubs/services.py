"""Hub logic as plain functions: hubs, their teams and invitations to a team."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session, selectinload

from hubsite.accounts.models import User, new_token
from hubsite.accounts.services import (
    find_user_by_email,
    normalise_email,
    password_problem,
    register_user,
)
from hubsite.hubs.models import HUB_ROLES, ROLE_COORDINATOR, Hub, HubMembership, Invitation
from hubsite.hubs.permissions import role_in
from hubsite.hubs.signals import hub_created
from hubsite.mail.services import queue_templated_mail
from hubsite.media.models import Image
from hubsite.timeutil import utcnow

HUB_FIELDS = ("name", "slug", "city", "tagline", "about", "address", "postcode",
              "opening_hours", "email", "region")


class HubError(ValueError):
    """A hub change that cannot be made; the message says why."""


class InvitationProblem(HubError):
    """An invitation that cannot be accepted as asked.

    `fields` holds messages per form field ("name", "password") when the new account's
    details need changing; otherwise the message says why as a whole.
    """

    def __init__(self, message: str = "", fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.fields = fields or {}


class NotYourInvitation(InvitationProblem):
    """The person logged in is not the one invited."""


class LogInFirst(InvitationProblem):
    """The invited address has an account: its owner logs in to accept."""


# -- Hubs --------------------------------------------------------------------------------


def hub_by_slug(session: Session, slug: str) -> Hub | None:
    return session.scalar(
        sa.select(Hub).where(Hub.slug == slug)
        .options(selectinload(Hub.memberships).selectinload(HubMembership.user))
    )


def all_hubs(session: Session) -> list[Hub]:
    return list(session.scalars(sa.select(Hub).order_by(Hub.name).options(selectinload(Hub.image))))


def save_hub(session: Session, hub: Hub | None, **values: str) -> Hub:
    """Create a hub (hub None) or update one; slugs stay unique.

    A hub's slug never changes once the hub exists (every hub page is public from the
    start): links, shared posters and calendar subscriptions (`/hubs/<slug>/agenda.ics`)
    depend on it.
    """
    slug = values["slug"]
    if hub is not None and slug != hub.slug:
        raise HubError(_("De korte naam in de link blijft “%(slug)s”: links en "
                         "agenda-abonnementen van deze hub gebruiken hem.", slug=hub.slug))
    taken = session.scalar(sa.select(Hub.id).where(Hub.slug == slug))
    if taken is not None and (hub is None or taken != hub.id):
        raise HubError(_("Deze korte naam is al in gebruik door een andere hub."))
    created = hub is None
    if hub is None:
        hub = Hub()
        session.add(hub)
    for field in HUB_FIELDS:
        if field in values:
            setattr(hub, field, (values[field] or "").strip())
    session.flush()
    if created:
        hub_created.send(hub, session=session)
    return hub


def team_hubs(session: Session, user: User) -> list[Hub]:
    """The hubs whose team a person is on (every hub for a site admin), by name."""
    query = sa.select(Hub).order_by(Hub.name)
    if not user.is_admin:
        query = query.join(HubMembership).where(HubMembership.user_id == user.id)
    return list(session.scalars(query))


def set_hub_picture(session: Session, hub: Hub, image: Image | None, alt: str) -> None:
    """Give a hub its picture (stored by media) with what it shows, or take it away (None)."""
    hub.image = image
    hub.image_alt = alt.strip() if image is not None else ""
    session.flush()


# -- The team ----------------------------------------------------------------------------


def invite_to_hub(
    session: Session,
    hub: Hub,
    email: str,
    role: str,
    invited_by: User,
    days_valid: int,
    accept_url_for: Callable[[str], str],
) -> Invitation:
    """Invite someone to a hub team by e-mail."""
    if role not in HUB_ROLES:
        raise HubError(_("Kies een geldige rol."))
    email = normalise_email(email)
    existing = find_user_by_email(session, email)
    if existing is not None and role_in(existing, hub):
        raise HubError(_("Deze persoon hoort al bij het team van deze hub."))
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


def pending_invitations(session: Session, hub: Hub, now: datetime | None = None
                        ) -> list[Invitation]:
    """Invitations to the hub team that were neither accepted nor expired, newest first."""
    now = now or utcnow()
    return list(session.scalars(
        sa.select(Invitation)
        .where(Invitation.hub_id == hub.id, Invitation.accepted_at.is_(None),
               Invitation.expires_at > now)
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
    ))


def withdraw_invitation(session: Session, hub: Hub, invitation_id: int) -> Invitation:
    """Withdraw an open invitation to the hub team: its link stops working at once.

    Raises LookupError when the hub has no such invitation, HubError when it was
    accepted already (the person is on the team: remove them there instead).
    """
    invitation = session.get(Invitation, invitation_id)
    if invitation is None or invitation.hub_id != hub.id:
        raise LookupError(invitation_id)
    if invitation.accepted_at is not None:
        raise HubError(_("Deze uitnodiging is al aangenomen. Haal de persoon uit het team als "
                         "dat de bedoeling is."))
    session.delete(invitation)
    session.flush()
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


def join_through_invitation(
    session: Session,
    invitation: Invitation,
    user: User | None,
    name: str = "",
    password: str = "",
    locale: str = "nl",
) -> User:
    """Accept an invitation as `user` (logged in), or as a new account made from `name`
    and `password` when the invited address has none. Returns who joined the team.

    Raises NotYourInvitation when `user` is someone else, LogInFirst when the invited
    address already has an account, InvitationProblem (with `fields`) when the new
    account's name or password will not do.
    """
    if user is not None and user.email != invitation.email:
        raise NotYourInvitation(
            _("Deze uitnodiging is voor %(email)s. Log uit en log in met dat adres om hem aan "
              "te nemen.", email=invitation.email))
    if user is None:
        if find_user_by_email(session, invitation.email) is not None:
            raise LogInFirst(
                _("Log in met %(email)s om de uitnodiging aan te nemen.", email=invitation.email))
        problems = {}
        if not (name or "").strip():
            problems["name"] = _("Vul je naam in.")
        weak = password_problem(password or "", invitation.email)
        if weak:
            problems["password"] = weak
        if problems:
            raise InvitationProblem(fields=problems)
        # The invitation link came by mail: it proves the address.
        user = register_user(session, name, invitation.email, password, locale=locale,
                             confirmed=True)
    accept_invitation(session, invitation, user)
    return user


def set_member_role(session: Session, hub: Hub, user: User, role: str | None) -> None:
    """Change someone's role in a hub team, or remove them with role None."""
    if role is not None and role not in HUB_ROLES:
        raise HubError(_("Kies een geldige rol."))
    membership = session.scalar(
        sa.select(HubMembership).where(
            HubMembership.user_id == user.id, HubMembership.hub_id == hub.id
        )
    )
    if membership is not None and membership.role == ROLE_COORDINATOR and role != ROLE_COORDINATOR:
        coordinators = session.scalar(
            sa.select(sa.func.count(HubMembership.id)).where(
                HubMembership.hub_id == hub.id, HubMembership.role == ROLE_COORDINATOR
            )
        )
        if coordinators <= 1:
            raise HubError(_("Een hub houdt minstens één begeleider. Nodig eerst een andere begeleider uit."))
    if role is None:
        if membership is not None:
            session.delete(membership)
    elif membership is None:
        session.add(HubMembership(user=user, hub=hub, role=role))
    else:
        membership.role = role
    session.flush()
