"""Slots of the account page, filled by other capabilities."""

from hubsite.slots import declare

# What a person has elsewhere on the site ("Mijn reserveringen", …). Context: user.
ACCOUNT_MAIN = declare("account.main", "user")
# Links in the account part of the header for a signed-in person ("Vragen 3" for a hub
# team). Context: user. Each contributor returns one link (an <a>).
ACCOUNT_NAV = declare("account.nav", "user")
