"""The activity form as a host fills it in: no type chosen for them, the repeat rule in
words, booking settings in the same form, and a copy proposed on the next free date."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, timedelta

import pytest

from hubsite.agenda.models import Event
from hubsite.agenda.recurrence import Recurrence
from hubsite.agenda.services import next_free_date
from hubsite.bookings import seating
from hubsite.extensions import db
from hubsite.timeutil import LOCAL_TZ, to_local
from tests.agenda.test_views import event_form
from tests.conftest import field_error


@pytest.fixture
def gastles(make_activity_type):
    return make_activity_type("gastles", "Gastles", "Guest lecture")


def preview_of(page: str) -> str:
    match = re.search(r'<p id="repeat-preview"[^>]*>(.*?)</p>', page, re.S)
    assert match, "the form shows the repeat rule in words"
    return html.unescape(match.group(1).strip())


def a_tuesday(weeks_ahead: int = 3) -> date:
    today = datetime.now(LOCAL_TZ).date()
    return today + timedelta(days=(1 - today.weekday()) % 7 + 7 * weeks_ahead)


# -- The type -------------------------------------------------------------------------


def test_a_new_activity_has_no_type_chosen(client, host, gastles):
    client.login(host)

    page = client.get("/hubs/almelo/activiteiten/nieuw").get_data(as_text=True)

    select = re.search(r'<select[^>]*id="activity_type".*?</select>', page, re.S).group(0)
    assert re.search(r'<option selected value="">Kies een soort activiteit</option>', select)
    assert f'selected value="{gastles.id}"' not in select


def test_saving_without_a_type_says_to_choose_one(client, host, gastles):
    client.login(host)

    response = client.form("/hubs/almelo/activiteiten/nieuw",
                           {**event_form(gastles), "activity_type": ""})

    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "activity_type") == \
        "Kies een soort activiteit."
    assert db.session.query(Event).count() == 0


# -- The repeat rule in words ---------------------------------------------------------------


def test_the_preview_says_the_rule_in_dutch(client, host):
    client.login(host)
    first = a_tuesday()

    response = client.get("/hubs/almelo/activiteiten/herhaling", query_string={
        "date": first.isoformat(), "start_time": "14:00", "end_time": "16:00",
        "repeat": "WEEKLY", "interval": "1", "ends": "count", "count": "10"})

    assert response.status_code == 200
    last = first + timedelta(weeks=9)
    month = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
             "september", "oktober", "november", "december"][last.month - 1]
    year = "" if last.year == datetime.now(LOCAL_TZ).year else f" {last.year}"
    assert preview_of(response.get_data(as_text=True)) == \
        f"Elke dinsdag om 14:00, 10 keer, t/m {last.day} {month}{year}"


def test_the_preview_says_the_rule_in_english(client, host):
    client.login(host)
    client.form("/taal", {"taal": "en", "next": "/"})
    first = a_tuesday()

    page = client.get("/hubs/almelo/activiteiten/herhaling", query_string={
        "date": first.isoformat(), "start_time": "09:30", "repeat": "WEEKLY", "interval": "2",
        "weekdays": ["TU", "TH"], "ends": "until",
        "until": (first + timedelta(weeks=4)).isoformat()}).get_data(as_text=True)

    text = preview_of(page)
    assert text.startswith("Every 2 weeks on Tuesday and Thursday at 09:30, 5 times, until ")


def test_the_preview_of_a_one_off_and_of_impossible_values(client, host):
    client.login(host)
    first = a_tuesday()
    url = "/hubs/almelo/activiteiten/herhaling"

    one_off = preview_of(client.get(url, query_string={
        "date": first.isoformat(), "start_time": "14:00", "repeat": ""}).get_data(as_text=True))
    nothing = preview_of(client.get(url, query_string={
        "date": first.isoformat(), "start_time": "14:00", "repeat": "WEEKLY", "ends": "until",
        "until": (first - timedelta(days=3)).isoformat()}).get_data(as_text=True))
    no_date = preview_of(client.get(url, query_string={"repeat": "WEEKLY"}).get_data(as_text=True))

    assert one_off.startswith("Eenmalig: dinsdag ") and one_off.endswith(" om 14:00")
    assert nothing == "Met deze keuzes komt er geen enkele datum. Kies een latere einddatum."
    assert no_date.startswith("Kies een datum en een begintijd")


def test_the_preview_is_for_the_hub_team_only(client, other_host, hub):
    assert client.get("/hubs/almelo/activiteiten/herhaling").status_code == 302  # log in
    client.login(other_host)
    assert client.get("/hubs/almelo/activiteiten/herhaling").status_code == 403


def test_the_form_asks_for_the_preview_on_every_change(client, host):
    client.login(host)

    page = client.get("/hubs/almelo/activiteiten/nieuw").get_data(as_text=True)

    assert 'hx-get="/hubs/almelo/activiteiten/herhaling" hx-trigger="change"' in page
    assert preview_of(page).startswith("Kies een datum en een begintijd")


def test_voorbeeld_without_javascript_shows_the_rule_and_saves_nothing(client, host, gastles):
    client.login(host)
    first = a_tuesday()

    response = client.form("/hubs/almelo/activiteiten/nieuw", event_form(
        gastles, date=first.isoformat(), count="3", action="preview"))

    assert response.status_code == 200
    assert preview_of(response.get_data(as_text=True)).startswith("Elke dinsdag om 14:00, 3 keer")
    assert db.session.query(Event).count() == 0


def test_the_preview_shows_after_a_save_with_mistakes(client, host, gastles):
    client.login(host)

    response = client.form("/hubs/almelo/activiteiten/nieuw", event_form(
        gastles, date=a_tuesday().isoformat(), title=""))

    assert response.status_code == 422
    assert preview_of(response.get_data(as_text=True)).startswith("Elke dinsdag om 14:00, 5 keer")


def test_count_and_until_each_have_their_own_box(client, host):
    """CSS shows only the chosen one when scripts run; both are in the page for no-JS."""
    client.login(host)

    page = client.get("/hubs/almelo/activiteiten/nieuw").get_data(as_text=True)

    assert re.search(r'class="repeat-ends__count">.*?id="count"', page, re.S)
    assert re.search(r'class="repeat-ends__until">.*?id="until"', page, re.S)


# -- Booking settings in the activity form -----------------------------------------------


def test_the_form_holds_the_booking_settings(client, host, make_event, hub):
    event = make_event(hub, booking_required=True, capacity=8, booking_max_group=4,
                       booking_closes_hours=2)
    client.login(host)

    page = client.get(f"/events/{event.id}/bewerken").get_data(as_text=True)

    assert "<legend>Reserveren</legend>" in page
    assert re.search(r'id="booking_max_group"[^>]*value="4"', page)
    assert re.search(r'id="booking_closes_hours"[^>]*value="2"', page)


def _edit_form(event: Event, **changes) -> dict:
    start = to_local(event.starts_at)
    data = {"activity_type": str(event.activity_type_id), "title": event.title,
            "date": start.date().isoformat(), "start_time": start.strftime("%H:%M"),
            "end_time": to_local(event.ends_at).strftime("%H:%M"), "repeat": "",
            "interval": "1", "monthly_by": "date", "ends": "count", "organisation": "",
            "booking_required": "y", "capacity": str(event.capacity or ""),
            "booking_settings": "1", "booking_max_group": "1", "booking_waitlist": "y",
            "booking_opens_days": "", "booking_closes_hours": "0"}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_booking_settings_save_from_the_activity_form(client, host, make_event, hub):
    event = make_event(hub, booking_required=True, capacity=8)
    client.login(host)

    response = client.form(f"/events/{event.id}/bewerken", _edit_form(
        event, booking_max_group="6", booking_waitlist=None, booking_opens_days="14",
        booking_closes_hours="3"))

    assert response.status_code == 302
    db.session.expire_all()
    assert (event.booking_max_group, event.booking_waitlist, event.booking_opens_days,
            event.booking_closes_hours) == (6, False, 14, 3)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("booking_max_group", "0", "Kies een aantal van 1 tot 500."),
    ("booking_opens_days", "-1", "Kies 0 tot 365 dagen."),
    ("booking_closes_hours", "-2", "Kies 0 tot 720 uur."),
    ("capacity", "0", "Kies een aantal van 1 tot en met 10.000."),
])
def test_booking_settings_follow_the_settings_pages_rules(client, host, make_event, hub, field,
                                                          value, message):
    event = make_event(hub, booking_required=True, capacity=8)
    client.login(host)

    response = client.form(f"/events/{event.id}/bewerken", _edit_form(event, **{field: value}))

    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), field) == message
    settings_page = client.form(f"/events/{event.id}/reserveringen", {
        "booking_required": "y", "capacity": "8", "max_group": "1", "waitlist": "y",
        "closes_hours": "0", **{field.removeprefix("booking_").replace("booking_", ""): value}})
    assert settings_page.status_code == 422, "the settings page refuses the same value"


def test_a_waiting_list_opened_in_the_activity_form_gets_seats_it_has(client, host, make_event,
                                                                      hub):
    event = make_event(hub, booking_required=True, capacity=1)
    occurrence = event.occurrences[0]
    seating.book(db.session, occurrence.id, name="Eerste", email="een@example.nl")
    waiting = seating.book(db.session, occurrence.id, name="Tweede", email="twee@example.nl")
    db.session.commit()
    client.login(host)

    client.form(f"/events/{event.id}/bewerken", _edit_form(event, capacity="2"))

    db.session.expire_all()
    assert waiting.status == "confirmed"


def test_a_hand_made_edit_without_the_fieldset_keeps_the_booking_settings(client, host,
                                                                          make_event, hub):
    event = make_event(hub, booking_required=True, capacity=8, booking_max_group=5)
    client.login(host)
    data = _edit_form(event)
    for name in ("booking_settings", "booking_max_group", "booking_waitlist",
                 "booking_opens_days", "booking_closes_hours"):
        data.pop(name)

    assert client.form(f"/events/{event.id}/bewerken", data).status_code == 302
    db.session.expire_all()
    assert event.booking_max_group == 5 and event.booking_waitlist is True


# -- Duplicate ----------------------------------------------------------------------------


def test_next_free_date_is_a_week_after_the_last_date():
    today = date(2027, 3, 1)
    assert next_free_date([date(2027, 3, 2), date(2027, 3, 9)], today) == date(2027, 3, 16)
    assert next_free_date([date(2026, 1, 6)], today) == date(2027, 3, 2), "never in the past"


def test_duplicate_proposes_the_next_free_date_not_the_original(client, host, make_event, hub):
    first = a_tuesday(2)
    event = make_event(hub, starts_at=datetime.combine(first, datetime.min.time()).replace(
        hour=14), recurrence=Recurrence("WEEKLY", count=3))
    client.login(host)

    page = client.get(f"/events/{event.id}/dupliceer").get_data(as_text=True)

    proposed = re.search(r'id="date"[^>]*value="([\d-]+)"', page).group(1)
    assert proposed == (first + timedelta(weeks=3)).isoformat()
