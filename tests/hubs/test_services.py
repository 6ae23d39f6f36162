"""Hub team logic without requests: invitations and roles."""

import ast
from datetime import timedelta

import pytest

from hubsite import ROOT
from hubsite.extensions import db
from hubsite.hubs import services
from hubsite.hubs.models import ROLE_COORDINATOR, ROLE_HOST
from hubsite.hubs.permissions import role_in
from hubsite.timeutil import utcnow


class TestInvitation:
    def invite(self, hub, coordinator, email="nieuw@example.nl", role=ROLE_HOST, days=14):
        return services.invite_to_hub(db.session, hub, email, role, coordinator, days,
                                      "/u/{}".format)

    def test_an_open_invitation_is_found_by_its_token(self, hub, coordinator):
        invitation = self.invite(hub, coordinator, email="Nieuw@Example.nl")

        assert services.open_invitation(db.session, invitation.token) == invitation
        assert invitation.email == "nieuw@example.nl"

    def test_an_expired_or_accepted_invitation_is_closed(self, hub, coordinator, visitor):
        expired = self.invite(hub, coordinator)
        expired.expires_at = utcnow() - timedelta(minutes=1)
        accepted = self.invite(hub, coordinator, email=visitor.email)
        services.accept_invitation(db.session, accepted, visitor)

        assert services.open_invitation(db.session, expired.token) is None
        assert services.open_invitation(db.session, accepted.token) is None
        assert services.open_invitation(db.session, "no-such-token") is None

    def test_accepting_gives_the_invited_role(self, hub, coordinator, visitor):
        invitation = self.invite(hub, coordinator, email=visitor.email, role=ROLE_COORDINATOR)

        services.accept_invitation(db.session, invitation, visitor)

        assert role_in(visitor, hub) == ROLE_COORDINATOR

    def test_an_unknown_role_is_refused(self, hub, coordinator):
        with pytest.raises(services.HubError, match="Kies een geldige rol."):
            self.invite(hub, coordinator, role="admin")

    def test_a_team_member_is_not_invited_again(self, hub, coordinator, host):
        with pytest.raises(services.HubError, match="hoort al bij het team"):
            self.invite(hub, coordinator, email="host@example.nl")


def test_set_member_role_changes_and_removes(hub, host, coordinator):
    services.set_member_role(db.session, hub, host, ROLE_COORDINATOR)
    assert role_in(host, hub) == ROLE_COORDINATOR

    services.set_member_role(db.session, hub, host, None)
    db.session.expire(host, ["memberships"])
    assert role_in(host, hub) is None


def test_the_last_coordinator_of_a_hub_stays(hub, coordinator):
    with pytest.raises(services.HubError):
        services.set_member_role(db.session, hub, coordinator, None)
    with pytest.raises(services.HubError):
        services.set_member_role(db.session, hub, coordinator, "host")


def test_accounts_know_nothing_of_hubs():
    """Teams belong to hubs; accounts (used by every capability) must not import them."""
    imported = set()
    for path in (ROOT / "hubsite" / "accounts").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)

    assert not {name for name in imported if name.startswith("hubsite.hubs")}
