"""Order keys that sort as text: a key between any two keys, so a move touches one row.

A key is a string of base-36 digits (0-9, a-z) read as a fraction (0.k), never
ending in "0". Only lowercase letters and digits are used, so the order is the
same under SQLite's and PostgreSQL's collations.
"""

from __future__ import annotations

from collections.abc import Sequence

DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
BASE = len(DIGITS)


def rank_between(before: str | None, after: str | None) -> str:
    """A key that sorts after `before` and before `after` (None: no bound on that side)."""
    low = before or ""
    high = after
    if high is not None and low >= high:
        raise ValueError(f"{low!r} does not sort before {high!r}")
    result = []
    position = 0
    while True:
        low_left = position < len(low)
        low_digit = DIGITS.index(low[position]) if low_left else 0
        high_digit = (DIGITS.index(high[position]) if position < len(high) else 0) \
            if high is not None else BASE
        if low_digit == high_digit:
            result.append(DIGITS[low_digit])
            position += 1
            continue
        # Adding at an end steps by one digit, so keys stay short however many are
        # added there; between two keys, the middle.
        if high is None and low_left:
            middle = low_digit + 1
        elif high is not None and not low_left:
            middle = high_digit - 1
        else:
            middle = (low_digit + high_digit) // 2
        if low_digit < middle < high_digit:
            return "".join(result) + DIGITS[middle]
        # Neighbouring digits: keep the lower one; from here on only `low` bounds.
        result.append(DIGITS[low_digit])
        high = None
        position += 1


def rank_at(ranks: Sequence[str], index: int) -> str:
    """A key that puts an item at `index` of items that have the (sorted) `ranks`."""
    before = ranks[index - 1] if index > 0 else None
    after = ranks[index] if index < len(ranks) else None
    return rank_between(before, after)
