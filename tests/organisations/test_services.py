"""One organisation is one record: finding it again under another spelling."""

from hubsite.extensions import db
from hubsite.organisations.models import Organisation
from hubsite.organisations.services import find_or_add_organisation, normalised_name


def test_spellings_of_one_name_normalise_alike():
    assert normalised_name("Bakkerij Bolk B.V.") == normalised_name("  bakkerij   BOLK ")
    assert normalised_name("Café de Zon") == normalised_name("cafe de zon")
    assert normalised_name("Bakkerij Bolk") != normalised_name("Bakkerij Bok")


def test_an_organisation_is_found_again_instead_of_added_twice(app):
    first = find_or_add_organisation(db.session, "Stichting Sok Organiseert")
    again = find_or_add_organisation(db.session, "sok organiseert")
    assert again.id == first.id
    assert db.session.query(Organisation).count() == 1


def test_a_new_organisation_gets_a_free_link_name(app):
    db.session.add(Organisation(slug="de-zon", name="Zonnestudio", kind="ondernemers"))
    db.session.flush()
    added = find_or_add_organisation(db.session, "De Zon", city="Almelo")
    assert added.slug == "de-zon-2" and added.city == "Almelo" and added.kind == "ondernemers"
