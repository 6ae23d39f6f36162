"""A cell people typed never becomes a formula in a spreadsheet (CSV injection)."""

from __future__ import annotations

import pytest

from hubsite.spreadsheet import safe_cell

FORMULAS = ["=1+1", "+SUM(A1)", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "\n=1", "  =HYPERLINK(\"x\")",
            " +1", "\u00a0=1", "\t", " @cmd", "=cmd|' /C calc'!A0"]


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_start_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Wie filmt onze opening?", "a=b", "e-mail", "", 12, None,
                                   "info@example.nl", "'al veilig"])
def test_ordinary_values_stay_as_they_are(value):
    assert safe_cell(value) == value
