"""Public holidays and school holidays: which days of the year nobody should plan on.

Part of the shared layer (it imports no capability), so that the agenda (warnings, "skip
holidays") and the year plan ask the same calendar.

- Dutch public holidays come from the `holidays` package.
- School holidays per region (noord, midden, zuid) come from the data file
  `hubsite/data/school_holidays.toml`, which names its source (Rijksoverheid) and the
  school years it covers. Beyond the last covered year there are none to show:
  `covers(day)` says so, and pages say it out loud.

Days are local calendar dates (`datetime.date`); a holiday spans `first` to `last`,
both included.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import holidays as public_holidays_package
from flask_babel import lazy_gettext as _l

DATA_FILE = Path(__file__).resolve().parent / "data" / "school_holidays.toml"

REGION_NORTH, REGION_MIDDLE, REGION_SOUTH = "noord", "midden", "zuid"
REGIONS = (REGION_NORTH, REGION_MIDDLE, REGION_SOUTH)
REGION_LABELS = {REGION_NORTH: _l("Noord"), REGION_MIDDLE: _l("Midden"),
                 REGION_SOUTH: _l("Zuid")}

KIND_PUBLIC, KIND_SCHOOL = "feestdag", "schoolvakantie"

SCHOOL_HOLIDAY_NAMES = {
    "herfst": _l("Herfstvakantie"),
    "kerst": _l("Kerstvakantie"),
    "voorjaar": _l("Voorjaarsvakantie"),
    "mei": _l("Meivakantie"),
    "zomer": _l("Zomervakantie"),
}

# The reason a date of a series gets when it is skipped because of a holiday.
HOLIDAY_REASON = "vakantie"


@dataclass(frozen=True)
class Holiday:
    """A public holiday (one day) or a school holiday of a region (a span of days)."""

    kind: str  # KIND_PUBLIC or KIND_SCHOOL
    key: str   # the school holiday's kind ("kerst"), or the public holiday's Dutch name
    name: str
    first: date
    last: date
    region: str | None = None  # school holidays only

    @property
    def is_public(self) -> bool:
        return self.kind == KIND_PUBLIC

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last

    @property
    def uid(self) -> str:
        """A stable identifier (for calendar feeds)."""
        region = f"-{self.region}" if self.region else ""
        return f"{self.kind}-{self.first.isoformat()}{region}@hubsite"


@dataclass(frozen=True)
class SchoolYearData:
    """One school year in the data file."""

    year: str  # "2025-2026"
    first: date
    last: date
    checked: bool
    holidays: tuple[tuple[str, str, date, date], ...]  # (kind, region, first, last)


@dataclass(frozen=True)
class SchoolHolidayData:
    source: str
    source_url: str
    years: tuple[SchoolYearData, ...]

    @property
    def last_covered_day(self) -> date | None:
        return max((y.last for y in self.years), default=None)


def school_year_bounds(day: date) -> tuple[date, date]:
    """The school year (1 August to 31 July) that `day` falls in."""
    start_year = day.year if day.month >= 8 else day.year - 1
    return date(start_year, 8, 1), date(start_year + 1, 7, 31)


def school_year_label(day: date) -> str:
    first, last = school_year_bounds(day)
    return f"{first.year}-{last.year}"


@cache
def _load(path: str) -> SchoolHolidayData:
    raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    years = []
    for entry in raw.get("school_year", []):
        start_year = int(str(entry["year"]).split("-")[0])
        spans = []
        for holiday in entry.get("holiday", []):
            for region in REGIONS:
                span = holiday.get(region) or holiday.get("all")
                if span:
                    spans.append((holiday["kind"], region, date.fromisoformat(span[0]),
                                  date.fromisoformat(span[1])))
        years.append(SchoolYearData(str(entry["year"]), date(start_year, 8, 1),
                                    date(start_year + 1, 7, 31), bool(entry.get("checked")),
                                    tuple(spans)))
    years.sort(key=lambda y: y.first)
    return SchoolHolidayData(raw.get("source", ""), raw.get("source_url", ""), tuple(years))


def school_holiday_data(path: Path | None = None) -> SchoolHolidayData:
    """The data file, read once."""
    return _load(str(path or DATA_FILE))


def covers(day: date) -> bool:
    """Whether the data file knows the school holidays of the school year of `day`."""
    return any(y.first <= day <= y.last for y in school_holiday_data().years)


def is_checked(day: date) -> bool:
    """Whether the school year of `day` was checked against the source."""
    return any(y.first <= day <= y.last and y.checked for y in school_holiday_data().years)


def school_holidays(first: date, last: date, region: str | None = None) -> list[Holiday]:
    """School holidays that overlap `first`..`last`, for one region or (None) for all."""
    found = []
    for year in school_holiday_data().years:
        for kind, holiday_region, start, end in year.holidays:
            if region is not None and holiday_region != region:
                continue
            if end < first or start > last:
                continue
            found.append(Holiday(KIND_SCHOOL, kind, str(SCHOOL_HOLIDAY_NAMES.get(kind, kind)),
                                 start, end, holiday_region))
    found.sort(key=lambda h: (h.first, h.region or ""))
    return found


def _language(language: str | None) -> str:
    return "en_US" if (language or "nl").startswith("en") else "nl"


@cache
def _public(years: tuple[int, ...], language: str) -> tuple[tuple[date, str, str], ...]:
    dutch = public_holidays_package.country_holidays("NL", years=years, language="nl")
    local = public_holidays_package.country_holidays("NL", years=years, language=language)
    return tuple((day, name, local.get(day, name)) for day, name in sorted(dutch.items()))


def public_holidays(first: date, last: date, language: str | None = "nl") -> list[Holiday]:
    """Dutch public holidays from `first` to `last`, named in `language` (nl or en)."""
    years = tuple(range(first.year, last.year + 1))
    return [Holiday(KIND_PUBLIC, dutch, name, day, day)
            for day, dutch, name in _public(years, _language(language))
            if first <= day <= last]


def holidays_between(first: date, last: date, region: str | None,
                     language: str | None = "nl") -> list[Holiday]:
    """Public holidays, and the school holidays of `region` (none when it is not set)."""
    found = public_holidays(first, last, language)
    if region in REGIONS:
        found += school_holidays(first, last, region)
    return sorted(found, key=lambda h: (h.first, h.kind))


def holidays_on_days(days: Iterable[date], region: str | None,
                     language: str | None = "nl") -> dict[date, list[Holiday]]:
    """For each of `days` that is a holiday, the holidays it falls in."""
    wanted = sorted(set(days))
    if not wanted:
        return {}
    known = holidays_between(wanted[0], wanted[-1], region, language)
    found: dict[date, list[Holiday]] = {}
    for day in wanted:
        hits = [h for h in known if h.covers(day)]
        if hits:
            found[day] = hits
    return found


def days_of(holiday: Holiday) -> list[date]:
    """Every day of a holiday."""
    return [holiday.first + timedelta(days=n) for n in range((holiday.last - holiday.first).days + 1)]
