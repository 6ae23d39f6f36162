"""Booking rules: seats, groups, the waiting list and its promotion, the window."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from hubsite.agenda.models import Event
from hubsite.bookings import hosts, queries, seating
from hubsite.bookings.models import Booking
from hubsite.extensions import db
from hubsite.mail.models import OutboxMessage
from hubsite.timeutil import utcnow
from tests.conftest import counted_queries


def statuses(occurrence) -> list[tuple[str, str]]:
    return [(b.name, b.status) for b in hosts.attendees(db.session, occurrence)]


def test_bookings_are_confirmed_until_the_seats_run_out_then_waitlisted(book, occurrence):
    for _ in range(10):
        assert book().status == "confirmed"
    assert book().status == "waitlisted"
    assert seating.seats_taken(db.session, occurrence.id) == 10


def test_a_group_takes_several_seats(book, occurrence):
    group = book(name="Docent Jansen", seats=5, organisation="Vmbo De Linie")
    assert group.status == "confirmed" and group.seats == 5
    assert seating.seats_taken(db.session, occurrence.id) == 5


def test_a_group_that_does_not_fit_goes_on_the_waiting_list_whole(book, occurrence):
    book(seats=5)
    book(seats=4)
    group = book(seats=3)
    assert group.status == "waitlisted"
    assert seating.seats_taken(db.session, occurrence.id) == 9


@pytest.mark.parametrize("seats", [0, -2])
def test_fewer_than_one_seat_is_refused(book, seats):
    with pytest.raises(seating.BookingError) as error:
        book(seats=seats)
    assert error.value.field == "seats"


def test_more_seats_than_the_group_maximum_is_refused(book):
    with pytest.raises(seating.BookingError) as error:
        book(seats=6)
    assert error.value.field == "seats"
    assert "5 plaatsen" in str(error.value)


def test_the_same_email_cannot_book_one_date_twice(book):
    book(email="ann@example.nl")
    with pytest.raises(seating.BookingError) as error:
        book(email=" Ann@Example.nl ")
    assert error.value.field == "email"
    assert "al gereserveerd" in str(error.value)


def test_after_cancelling_the_same_email_may_book_again(book):
    first = book(email="ann@example.nl")
    seating.cancel(db.session, first)
    db.session.commit()
    assert book(email="ann@example.nl").status == "confirmed"


def test_cancelling_promotes_the_first_on_the_waiting_list(book, occurrence):
    confirmed = [book() for _ in range(10)]
    first, second = book(name="Eerste"), book(name="Tweede")
    promoted = seating.cancel(db.session, confirmed[0])
    db.session.commit()
    assert [b.name for b in promoted] == ["Eerste"]
    assert first.status == "confirmed" and first.promoted_at is not None
    assert second.status == "waitlisted"


def test_a_waiting_group_that_does_not_fit_is_skipped_not_split(book, occurrence):
    singles = [book() for _ in range(10)]
    group = book(name="Klas", seats=3)
    single = book(name="Los")
    seating.cancel(db.session, singles[0])
    db.session.commit()
    assert group.status == "waitlisted"
    assert single.status == "confirmed"
    # Three more free seats: now the group fits.
    for booking in singles[1:4]:
        seating.cancel(db.session, booking)
    db.session.commit()
    db.session.refresh(group)
    assert group.status == "confirmed"
    assert seating.seats_taken(db.session, occurrence.id) == 10


def test_cancelling_twice_changes_nothing(book):
    booking = book()
    seating.cancel(db.session, booking)
    assert seating.cancel(db.session, booking) == []


def test_a_full_date_without_waiting_list_refuses(book, bookable):
    bookable.booking_waitlist = False
    db.session.commit()
    for _ in range(10):
        book()
    with pytest.raises(seating.BookingError, match="vol"):
        book()


def test_a_date_closed_by_the_hosts_refuses_visitors_but_not_hosts(book, occurrence):
    hosts.set_booking_closed(occurrence, True)
    db.session.commit()
    with pytest.raises(seating.BookingError, match="gesloten"):
        book()
    assert book(by_host=True).status == "confirmed"


def test_booking_closes_some_hours_before_the_start(book, bookable, occurrence):
    bookable.booking_closes_hours = 24
    db.session.commit()
    with pytest.raises(seating.BookingError, match="gesloten"):
        book(now=occurrence.starts_at - timedelta(hours=23))
    assert book(now=occurrence.starts_at - timedelta(hours=25)).status == "confirmed"


def test_booking_opens_some_days_before_the_date(book, bookable, occurrence):
    bookable.booking_opens_days = 7
    db.session.commit()
    with pytest.raises(seating.BookingError, match="kan vanaf"):
        book(now=occurrence.starts_at - timedelta(days=8))
    assert book(now=occurrence.starts_at - timedelta(days=6)).status == "confirmed"


def test_a_cancelled_date_refuses(book, occurrence):
    occurrence.status = "cancelled"
    db.session.commit()
    with pytest.raises(seating.BookingError, match="gaat niet door"):
        book()


def test_a_date_of_its_own_capacity(book, occurrence):
    hosts.set_date_capacity(db.session, occurrence, 2)
    db.session.commit()
    assert occurrence.capacity == 2
    book(), book()
    assert book().status == "waitlisted"


def test_more_seats_in_the_settings_promote_the_waiting_list(book, bookable, occurrence):
    for _ in range(11):
        book()
    promoted = hosts.update_settings(
        db.session, bookable, booking_required=True, capacity=12, max_group=5, waitlist=True,
        opens_days=None, closes_hours=0)
    db.session.commit()
    assert len(promoted) == 1
    assert seating.seats_taken(db.session, occurrence.id) == 11


def test_no_capacity_means_no_limit(book, bookable):
    bookable.capacity = None
    db.session.commit()
    assert all(book().status == "confirmed" for _ in range(15))


def test_the_lock_reads_the_activitys_settings_as_they_are_now_in_one_statement(book,
                                                                               occurrence):
    events = Event.__table__
    assert occurrence.event.capacity == 10  # loaded, and kept by this session
    # Changed behind this session's back, as by a host's request in another worker.
    db.session.execute(sa.update(events).where(events.c.id == occurrence.event_id)
                       .values(capacity=1))
    with counted_queries() as queries:
        locked = seating.lock_occurrence(db.session, occurrence.id)
    assert locked.event.capacity == 1
    assert len([q for q in queries if q.lstrip().upper().startswith("SELECT")]) == 1
    db.session.commit()
    assert [book().status, book().status] == ["confirmed", "waitlisted"]


def test_booking_queues_its_confirmation_in_the_same_transaction(occurrence):
    booking = seating.book(db.session, occurrence.id, name="Ann", email="ann@example.nl")
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Booking)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0
    assert booking.id is not None  # it was flushed, then rolled back with its mail


def test_check_in_marks_attended_and_no_show(book, occurrence):
    came, missed = book(), book()
    hosts.check_in(db.session, came, "attended")
    hosts.check_in(db.session, missed, "no_show")
    db.session.commit()
    counts = seating.counts_by_date(db.session, [occurrence.id])[occurrence.id]
    assert counts.bookings["attended"] == 1 and counts.bookings["no_show"] == 1
    assert counts.taken == 2
    hosts.check_in(db.session, came, "confirmed")
    assert came.checked_in_at is None


def test_waitlisted_bookings_cannot_be_checked_in(book):
    for _ in range(10):
        book()
    waiting = book()
    with pytest.raises(seating.BookingError):
        hosts.check_in(db.session, waiting, "attended")


def test_tokens_are_long_random_and_unique(book):
    tokens = {book().token for _ in range(5)}
    assert len(tokens) == 5
    assert all(len(token) >= 40 for token in tokens)


def test_bookings_of_a_person_for_the_account_page(book, visitor, occurrence):
    mine = book(name=visitor.name, email=visitor.email, user=visitor)
    book()
    assert queries.bookings_of_user(db.session, visitor) == [mine]


def test_waitlist_position_counts_from_one(book):
    for _ in range(10):
        book()
    first, second = book(), book()
    assert queries.waitlist_position(db.session, first) == 1
    assert queries.waitlist_position(db.session, second) == 2


def test_promotion_stops_once_the_date_has_started(book, occurrence):
    confirmed = [book() for _ in range(10)]
    waiting = book()
    promoted = seating.cancel(db.session, confirmed[0], by_host=True,
                               now=occurrence.starts_at + timedelta(minutes=5))
    assert promoted == [] and waiting.status == "waitlisted"


def test_people_cannot_cancel_after_the_start(book, occurrence):
    booking = book()
    with pytest.raises(seating.BookingError, match="begonnen"):
        seating.cancel(db.session, booking, now=occurrence.starts_at + timedelta(minutes=1))


def test_now_default_is_utc(book):
    assert abs((book().created_at - utcnow()).total_seconds()) < 60
