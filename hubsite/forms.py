"""The base of every form in the site: text without control characters, integers that fit.

PostgreSQL refuses a NUL in text and an integer beyond 32 bits with an error, so
without these checks such input would answer 500. A browser never sends them;
a hand-made request can, and gets a message next to the field instead.
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, IntegerField, StringField, TextAreaField
from wtforms.validators import NumberRange

INT32_MIN = -(2**31)
INT32_MAX = 2**31 - 1

# One-line fields: no control character at all (line breaks included).
ONE_LINE_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f]")
# Multi-line fields: line breaks and tabs are text, other control characters are not.
MULTI_LINE_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# The names of the text fields the forms check themselves; hubsite.inputs leaves
# those to the form (which answers with a message next to the field).
TEXT_FIELD_NAMES: set[str] = set()


def forbidden_characters(field: Field) -> re.Pattern[str] | None:
    """The characters a text field refuses, or None for a field that holds no text."""
    if isinstance(field, TextAreaField):
        return MULTI_LINE_FORBIDDEN
    if isinstance(field, StringField):  # also e-mail, password, URL and search fields
        return ONE_LINE_FORBIDDEN
    return None


def _has_own_range(field: Field) -> bool:
    return any(isinstance(v, NumberRange) and v.min is not None and v.max is not None
               for v in field.validators)


class BaseForm(FlaskForm):
    """A FlaskForm that refuses control characters in text and integers out of range."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in dir(cls):
            unbound = getattr(cls, name, None)
            field_class = getattr(unbound, "field_class", None)
            if isinstance(field_class, type) and issubclass(field_class, StringField):
                TEXT_FIELD_NAMES.add(name)

    def validate(self, extra_validators: dict | None = None) -> bool:
        """Validate as usual, then put a control character or a huge number first."""
        valid = super().validate(extra_validators)
        for field in self:
            problem = input_problem(field)
            if problem is not None:
                # The real trouble with this input; other messages would only confuse.
                field.errors = [str(problem)]
                valid = False
        return valid


def input_problem(field: Field) -> Any | None:
    """What is wrong with a field's raw input beyond its own validators, or None."""
    pattern = forbidden_characters(field)
    if pattern is not None and isinstance(field.data, str) and pattern.search(field.data):
        if pattern is ONE_LINE_FORBIDDEN and re.search(r"[\r\n]", field.data):
            return _l("Dit veld past op één regel: haal de regelovergang weg.")
        return _l("Dit veld bevat een teken dat hier niet kan (een stuurteken). Haal het weg.")
    if (isinstance(field, IntegerField) and isinstance(field.data, int)
            and not _has_own_range(field) and not INT32_MIN <= field.data <= INT32_MAX):
        return _l("Dit getal is te groot.")
    return None
