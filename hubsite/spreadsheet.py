"""Cells for spreadsheets (CSV, XLSX) that people's own text can never turn into a formula.

A spreadsheet program runs a cell that starts with = + - @ (Excel and LibreOffice also
after leading spaces), or with a tab or carriage return; such a cell gets a leading
apostrophe, so a title typed by anyone never runs on a coordinator's computer (OWASP
"CSV injection").
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@")
CONTROL_STARTS = ("\t", "\r", "\n")


def safe_cell(value: Any) -> Any:
    """`value` as a cell that no spreadsheet program takes for a formula (other types as
    they are)."""
    if isinstance(value, str) and (value.startswith(CONTROL_STARTS)
                                   or value.lstrip().startswith(FORMULA_STARTS)):
        return "'" + value
    return value
