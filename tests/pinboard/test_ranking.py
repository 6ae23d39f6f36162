"""Order keys: a key between any two, short at the ends, the same order in every database."""

import random

import pytest

from hubsite.pinboard.ranking import rank_at, rank_between


def test_a_key_between_any_two_keys_keeps_the_order():
    generator = random.Random(7)
    keys = [rank_between(None, None)]
    for _ in range(2000):
        index = generator.choice([0, len(keys), generator.randrange(len(keys) + 1)])
        keys.insert(index, rank_at(keys, index))
        assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)
    assert all(not key.endswith("0") for key in keys)


def test_adding_at_either_end_keeps_keys_short():
    last = first = None
    for _ in range(500):
        last = rank_between(last, None)
        first = rank_between(None, first)
    assert len(last) < 40 and len(first) < 40


def test_a_key_after_a_later_key_is_refused():
    with pytest.raises(ValueError):
        rank_between("b", "a")
