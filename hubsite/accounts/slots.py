"""Slots of the account page, filled by other capabilities."""

from hubsite.slots import declare

# What a person has elsewhere on the site ("Mijn reserveringen", …). Context: user.
ACCOUNT_MAIN = declare("account.main", "user")
