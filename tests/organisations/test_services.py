"""One organisation is one record: finding it again under another spelling, website or KvK
number, and merging two records into one."""

from datetime import date

import pytest
import sqlalchemy as sa

from hubsite.agenda.models import Event
from hubsite.extensions import db
from hubsite.organisations.models import ContactPerson, Organisation
from hubsite.organisations.services import (
    OrganisationError,
    add_contact,
    add_log_entry,
    clean_kvk,
    clean_website,
    find_or_add_organisation,
    look_alikes,
    merge_organisations,
    merge_plan,
    normalised_name,
    remove_contact,
    save_organisation,
    set_primary_contact,
    website_domain,
)
from hubsite.organisations.signals import organisations_merged


def test_spellings_of_one_name_normalise_alike():
    assert normalised_name("Bakkerij Bolk B.V.") == normalised_name("  bakkerij   BOLK ")
    assert normalised_name("Café de Zon") == normalised_name("cafe de zon")
    assert normalised_name("Bakker & Zn") == normalised_name("Bakker en Zn")
    assert normalised_name("Coöperatie Westerkwartier U.A.") == normalised_name("westerkwartier")
    assert normalised_name("Bakkerij Bolk") != normalised_name("Bakkerij Bok")
    assert normalised_name("Bvba Nova") != ""  # "bv" only as a whole word


def test_a_website_is_its_domain_without_scheme_and_www():
    assert website_domain("https://www.Bolk.nl/over-ons") == "bolk.nl"
    assert website_domain("bolk.nl") == "bolk.nl"
    assert website_domain("http://bolk.nl:8080") == "bolk.nl"
    assert website_domain("") == ""


def test_websites_and_kvk_numbers_are_cleaned_or_refused():
    assert clean_website("www.bolk.nl") == "https://www.bolk.nl"
    assert clean_website("") == ""
    assert clean_kvk("1234 5678") == "12345678"
    for bad in ("javascript:alert(1)", "geen site", "ftp://bolk.nl"):
        with pytest.raises(OrganisationError):
            clean_website(bad)
    for bad in ("1234567", "123456789", "abcdefgh"):
        with pytest.raises(OrganisationError):
            clean_kvk(bad)


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


def test_link_names_of_the_file_s_own_pages_are_never_given(app):
    added = save_organisation(db.session, None, {"name": "Nieuw", "kind": "anders"})
    assert added.slug != "nieuw"


def test_look_alikes_by_name_website_and_kvk_the_certain_first(app, make_organisation):
    by_name = make_organisation(name="Bakkerij Bolk")
    by_site = make_organisation(name="Brood & Co", website="https://www.brood.example.nl")
    by_kvk = make_organisation(name="Anders Genoemd", kvk_number="87654321")

    found = look_alikes(db.session, "bakkerij bolk b.v.", "brood.example.nl/winkel", "87654321")

    assert [(x.organisation.id, x.reasons) for x in found] == [
        (by_kvk.id, ["kvk"]), (by_site.id, ["website"]), (by_name.id, ["naam"])]
    assert [x.is_certain for x in found] == [True, True, False]
    assert look_alikes(db.session, "Bakkerij Bolk", exclude_id=by_name.id) == []


def test_the_first_contact_is_the_point_of_contact_and_there_is_only_one(app, make_organisation):
    organisation = make_organisation()
    first = add_contact(db.session, organisation, "Anna", email="ANNA@example.nl")
    second = add_contact(db.session, organisation, "Bram", is_primary=True)
    assert organisation.primary_contact is second and not first.is_primary
    assert first.email == "anna@example.nl"
    set_primary_contact(db.session, organisation, first)
    assert [c.is_primary for c in (first, second)] == [True, False]
    remove_contact(db.session, first)
    assert organisation.primary_contact is second


def test_merging_fills_empty_fields_moves_everything_and_removes_the_source(
        app, make_organisation, hub, other_hub, coordinator, make_event):
    target = make_organisation(name="Bakkerij Bolk", city="Almelo", offers="gastles")
    source = make_organisation(name="Bakkerij Bolk BV", city="Enschede", sector="bakkerij",
                               website="https://bolk.example.nl", offers="bedrijfsbezoek",
                               themes="voeding", kvk_number="12345678")
    target.hubs = [hub]
    source.hubs = [hub, other_hub]
    add_contact(db.session, target, "Anna")
    add_contact(db.session, source, "Bram")
    add_log_entry(db.session, source, coordinator, date(2026, 11, 1), "Bezocht")
    event = make_event(hub, organisation_id=source.id)
    db.session.commit()
    plan = merge_plan(source, target)
    assert plan.filled == ["sector", "website", "kvk_number"] and plan.contacts == 1
    heard = []

    def receiver(sender, session, target, **kwargs):
        heard.append((sender.id, target.id))

    organisations_merged.connect(receiver)
    try:
        source_id = source.id
        merge_organisations(db.session, source, target)
        db.session.commit()
    finally:
        organisations_merged.disconnect(receiver)

    assert heard == [(source_id, target.id)]
    assert db.session.get(Organisation, source_id) is None
    assert target.city == "Almelo" and target.sector == "bakkerij"  # filled, not overwritten
    assert target.kvk_number == "12345678" and target.website == "https://bolk.example.nl"
    assert target.offer_list == ["bedrijfsbezoek", "gastles"] and target.themes == "voeding"
    assert {h.id for h in target.hubs} == {hub.id, other_hub.id}
    assert sorted(c.name for c in target.contacts) == ["Anna", "Bram"]
    assert target.primary_contact.name == "Anna"  # the one that stays keeps its point of contact
    assert [e.text for e in target.log_entries] == ["Bezocht"]
    assert db.session.get(Event, event.id).organisation_id == target.id  # the agenda followed
    assert db.session.scalar(sa.select(sa.func.count(ContactPerson.id))) == 2


def test_an_organisation_cannot_be_merged_with_itself(app, make_organisation):
    organisation = make_organisation()
    with pytest.raises(OrganisationError):
        merge_organisations(db.session, organisation, organisation)
