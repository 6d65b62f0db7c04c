"""UK financial-year quarters, as the board reports on them.

A financial year runs from 1 April to 31 March and is written "2024-25". Its quarters are
Q1 April-June, Q2 July-September, Q3 October-December and Q4 January-March of the following
calendar year, written "2024-25 Q3". So 2024-25 Q4 is January to March 2025.

This module holds the plain value types (``FinancialYear``, ``FinancialQuarter``), which need
no Django settings, and the Django model and form fields that store and read quarters.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, overload

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

__all__ = [
    "FIRST_SUPPORTED_QUARTER",
    "FIRST_SUPPORTED_YEAR",
    "LAST_SUPPORTED_QUARTER",
    "LAST_SUPPORTED_YEAR",
    "MAX_START_YEAR",
    "MIN_START_YEAR",
    "QUARTER_TEXT_LENGTH",
    "FinancialQuarter",
    "FinancialYear",
    "QuarterField",
    "QuarterFormField",
    "QuarterFormatError",
    "neighbours",
]

# The financial years the portal works with, 2000-01 to 2099-00: the one rule for every year or
# quarter that comes from outside (an address, a query string, a form, an imported file), which
# is refused with a message naming this range.
FIRST_SUPPORTED_YEAR = 2000
LAST_SUPPORTED_YEAR = 2099

# The years the value types can hold: wider than the supported ones, so that the quarter before
# the first supported one (or after the last) exists and a page comparing a quarter with the one
# before never fails at the edge. Four-digit years keep every quarter's text the same length,
# which is what makes the database's string order the same as chronological order.
MIN_START_YEAR = 1900
MAX_START_YEAR = 2999

# len("2024-25 Q3")
QUARTER_TEXT_LENGTH = 10

QUARTERS_PER_YEAR = 4

_YEAR_EXAMPLE = "2024-25"
_QUARTER_EXAMPLE = "2024-25 Q3"

# [0-9] rather than \d, which would also let through digits from other scripts.
_YEAR_PATTERN = r"(?P<first>[0-9]{4})-(?P<second>[0-9]{2})"
_YEAR_RE = re.compile(_YEAR_PATTERN)
# Any run of digits after the Q, so "Q5" and "Q12" get the quarter-number message rather than
# the vaguer wrong-shape one.
_QUARTER_RE = re.compile(_YEAR_PATTERN + r" [Qq](?P<number>[0-9]+)")


class QuarterFormatError(ValueError):
    """Raised when text cannot be read as a financial year or quarter.

    The message names the text that was given and says what was expected.
    """


def _check_start_year(start_year: object) -> int:
    """Return ``start_year`` if it is an int in the supported range; raise otherwise."""
    # bool is an int subclass, but True is never a year someone meant.
    if not isinstance(start_year, int) or isinstance(start_year, bool):
        raise TypeError(
            f"start_year must be an int such as 2024, not {type(start_year).__name__} "
            f"{start_year!r}."
        )
    if not MIN_START_YEAR <= start_year <= MAX_START_YEAR:
        raise ValueError(
            f"start_year must be between {MIN_START_YEAR} and {MAX_START_YEAR}, not {start_year}."
        )
    return start_year


def _check_date(value: object) -> date:
    """Return ``value`` if it is a plain date; raise TypeError otherwise."""
    # A datetime is a date subclass, but which day it falls on depends on the time zone; making
    # the caller choose (e.g. with timezone.localdate(value)) avoids silent off-by-one-day errors
    # around midnight on 31 March.
    if isinstance(value, datetime):
        raise TypeError(
            f"Expected a date, not a datetime ({value!r}); "
            "convert it first, for example with django.utils.timezone.localdate()."
        )
    if not isinstance(value, date):
        raise TypeError(f"Expected a date, not {type(value).__name__} {value!r}.")
    return value


def _today(today: date | None) -> date:
    """Return ``today`` if given, otherwise the current date in Django's local time zone."""
    if today is not None:
        return _check_date(today)
    # Imported here so this module, and the value types in it, can be used without Django
    # settings being configured.
    from django.utils import timezone

    return timezone.localdate()


def _year_text(start_year: int) -> str:
    """Return the financial year starting in ``start_year`` written as "2024-25"."""
    return f"{start_year:04d}-{(start_year + 1) % 100:02d}"


def _not_a(kind: str, text: str, reason: str) -> QuarterFormatError:
    """Return a QuarterFormatError whose message names ``text`` and gives ``reason``."""
    return QuarterFormatError(f'"{text}" is not a {kind}: {reason}.')


def _read_start_year(kind: str, text: str, first: str, second: str, example_suffix: str) -> int:
    """Return the first year of "first-second", checking the range and that the years follow.

    ``example_suffix`` is added to the corrected year in the message, so that a quarter's
    message suggests a whole quarter.
    """
    start_year = int(first)
    if not FIRST_SUPPORTED_YEAR <= start_year <= LAST_SUPPORTED_YEAR:
        raise _not_a(
            kind,
            text,
            f"the portal covers financial years {_year_text(FIRST_SUPPORTED_YEAR)} to "
            f"{_year_text(LAST_SUPPORTED_YEAR)}",
        )
    if int(second) != (start_year + 1) % 100:
        # Suggest the corrected version of what they typed, which is usually what they meant.
        suggestion = _year_text(start_year) + example_suffix
        raise _not_a(kind, text, f'the second year must follow the first, as in "{suggestion}"')
    return start_year


def _check_text(kind: str, example: str, text: object) -> str:
    """Return ``text`` stripped of surrounding whitespace; raise if it is not usable text."""
    if not isinstance(text, str):
        raise TypeError(
            f'Expected a {kind} as a string such as "{example}", '
            f"not {type(text).__name__} {text!r}."
        )
    stripped = text.strip()
    if not stripped:
        raise QuarterFormatError(
            f'A blank value is not a {kind}: expected one such as "{example}".'
        )
    return stripped


@dataclass(frozen=True, order=True)
class FinancialYear:
    """A UK financial year, 1 April of ``start_year`` to 31 March of the next calendar year."""

    start_year: int

    def __post_init__(self) -> None:
        _check_start_year(self.start_year)

    @classmethod
    def parse(cls, text: str) -> FinancialYear:
        """Return the financial year written in ``text``, such as "2024-25".

        Surrounding whitespace is ignored. Raises QuarterFormatError for anything else,
        including a year outside the supported ones, and TypeError if ``text`` is not a string.
        """
        kind = "financial year"
        stripped = _check_text(kind, _YEAR_EXAMPLE, text)
        match = _YEAR_RE.fullmatch(stripped)
        if match is None:
            raise _not_a(kind, stripped, f'expected the form "YYYY-YY", as in "{_YEAR_EXAMPLE}"')
        return cls(_read_start_year(kind, stripped, match["first"], match["second"], ""))

    @classmethod
    def containing(cls, day: date) -> FinancialYear:
        """Return the financial year that ``day`` falls in."""
        day = _check_date(day)
        # January to March belong to the year that started the previous April.
        return cls(day.year if day.month >= 4 else day.year - 1)

    @classmethod
    def current(cls, today: date | None = None) -> FinancialYear:
        """Return the financial year containing ``today`` (by default, Django's local date)."""
        return cls.containing(_today(today))

    def __str__(self) -> str:
        """Return the year written as "2024-25"."""
        return _year_text(self.start_year)

    @property
    def start(self) -> date:
        """Return the first day of the year, 1 April of ``start_year``."""
        return date(self.start_year, 4, 1)

    @property
    def end(self) -> date:
        """Return the last day of the year, 31 March of the following calendar year."""
        return date(self.start_year + 1, 3, 31)

    @property
    def is_supported(self) -> bool:
        """Return whether the year is one the portal works with (FIRST_SUPPORTED_YEAR to
        LAST_SUPPORTED_YEAR)."""
        return FIRST_SUPPORTED_YEAR <= self.start_year <= LAST_SUPPORTED_YEAR

    @property
    def label(self) -> str:
        """Return the year in words, such as "April 2024 to March 2025"."""
        return f"April {self.start_year} to March {self.start_year + 1}"

    def quarters(self) -> list[FinancialQuarter]:
        """Return the year's four quarters, Q1 to Q4, in order."""
        return [FinancialQuarter(self.start_year, n) for n in range(1, QUARTERS_PER_YEAR + 1)]

    def previous(self) -> FinancialYear:
        """Return the financial year before this one."""
        return FinancialYear(self.start_year - 1)

    def next(self) -> FinancialYear:
        """Return the financial year after this one."""
        return FinancialYear(self.start_year + 1)

    def __contains__(self, item: object) -> bool:
        """Return whether a date, or a FinancialQuarter, falls within this year."""
        if isinstance(item, FinancialQuarter):
            return item.start_year == self.start_year
        return self.start <= _check_date(item) <= self.end


@dataclass(frozen=True, order=True)
class FinancialQuarter:
    """One quarter of a UK financial year.

    ``start_year`` is the first calendar year of the financial year (2024 for 2024-25) and
    ``number`` is 1 to 4. Instances sort chronologically, are hashable, and print as
    "2024-25 Q3".
    """

    start_year: int
    number: int

    def __post_init__(self) -> None:
        _check_start_year(self.start_year)
        if not isinstance(self.number, int) or isinstance(self.number, bool):
            raise TypeError(
                f"number must be an int from 1 to 4, not {type(self.number).__name__} "
                f"{self.number!r}."
            )
        if not 1 <= self.number <= QUARTERS_PER_YEAR:
            raise ValueError(f"number must be 1, 2, 3 or 4 (Q1 to Q4), not {self.number}.")

    @classmethod
    def parse(cls, text: str) -> FinancialQuarter:
        """Return the quarter written in ``text``, such as "2024-25 Q3".

        Surrounding whitespace and a lowercase "q" are accepted; otherwise the text must be
        exactly "YYYY-YY QN" with one space. Raises QuarterFormatError, with a message naming
        the text and what was expected, for anything else (a year outside the supported ones
        included), and TypeError if ``text`` is not a string.
        """
        kind = "financial-year quarter"
        stripped = _check_text(kind, _QUARTER_EXAMPLE, text)
        match = _QUARTER_RE.fullmatch(stripped)
        if match is None:
            raise _not_a(
                kind, stripped, f'expected the form "YYYY-YY QN", as in "{_QUARTER_EXAMPLE}"'
            )
        number = int(match["number"])
        start_year = _read_start_year(
            kind, stripped, match["first"], match["second"], f" Q{number}"
        )
        if not 1 <= number <= QUARTERS_PER_YEAR:
            raise _not_a(
                kind,
                stripped,
                f'the quarter must be Q1, Q2, Q3 or Q4, as in "{_year_text(start_year)} Q3"',
            )
        return cls(start_year, number)

    @classmethod
    def containing(cls, day: date) -> FinancialQuarter:
        """Return the quarter that ``day`` falls in (31 March 2025 is in 2024-25 Q4)."""
        day = _check_date(day)
        year = FinancialYear.containing(day)
        # Months counted from April: April-June -> 0-2, ..., January-March -> 9-11.
        months_into_year = (day.month - 4) % 12
        return cls(year.start_year, months_into_year // 3 + 1)

    @classmethod
    def current(cls, today: date | None = None) -> FinancialQuarter:
        """Return the quarter containing ``today`` (by default, Django's local date)."""
        return cls.containing(_today(today))

    @classmethod
    def range(cls, first: FinancialQuarter, last: FinancialQuarter) -> list[FinancialQuarter]:
        """Return the quarters from ``first`` to ``last`` inclusive, in order.

        Returns an empty list if ``last`` is before ``first``.
        """
        return [cls._from_index(i) for i in range(first._index, last._index + 1)]

    def __str__(self) -> str:
        """Return the quarter written as "2024-25 Q3"."""
        return f"{_year_text(self.start_year)} Q{self.number}"

    @property
    def is_supported(self) -> bool:
        """Return whether the quarter falls in a year the portal works with."""
        return self.financial_year.is_supported

    @property
    def financial_year(self) -> FinancialYear:
        """Return the financial year this quarter belongs to."""
        return FinancialYear(self.start_year)

    @property
    def _first_month(self) -> tuple[int, int]:
        """Return (calendar year, month) of the quarter's first month."""
        # Counting months from January of start_year: Q1 starts at month 4, Q4 at month 13,
        # which is January of the following calendar year.
        months = 4 + 3 * (self.number - 1)
        return self.start_year + (months - 1) // 12, (months - 1) % 12 + 1

    @property
    def start(self) -> date:
        """Return the first day of the quarter (1 January 2025 for 2024-25 Q4)."""
        year, month = self._first_month
        return date(year, month, 1)

    @property
    def end(self) -> date:
        """Return the last day of the quarter (31 March 2025 for 2024-25 Q4)."""
        year, first_month = self._first_month
        last_month = first_month + 2
        return date(year, last_month, calendar.monthrange(year, last_month)[1])

    @property
    def months_label(self) -> str:
        """Return the quarter's months in words, such as "October to December 2024"."""
        year, first_month = self._first_month
        return (
            f"{calendar.month_name[first_month]} to {calendar.month_name[first_month + 2]} {year}"
        )

    @property
    def label(self) -> str:
        """Return the quarter with its months, such as "2024-25 Q3 (October to December 2024)"."""
        return f"{self} ({self.months_label})"

    def has_ended(self, today: date | None = None) -> bool:
        """Return whether the quarter's last day is before ``today`` (by default, Django's local
        date). A quarter has not ended on its own last day."""
        return _today(today) > self.end

    def next(self) -> FinancialQuarter:
        """Return the following quarter (2025-26 Q1 after 2024-25 Q4)."""
        return self + 1

    def previous(self) -> FinancialQuarter:
        """Return the preceding quarter (2024-25 Q4 before 2025-26 Q1)."""
        return self - 1

    def __contains__(self, day: object) -> bool:
        """Return whether the date ``day`` falls within this quarter."""
        return self.start <= _check_date(day) <= self.end

    @property
    def _index(self) -> int:
        """Return a count of quarters since Q1 of year 0, for stepping and differences."""
        return self.start_year * QUARTERS_PER_YEAR + self.number - 1

    @classmethod
    def _from_index(cls, index: int) -> FinancialQuarter:
        """Return the quarter whose ``_index`` is ``index``."""
        start_year, offset = divmod(index, QUARTERS_PER_YEAR)
        return cls(start_year, offset + 1)

    def __add__(self, quarters: int) -> FinancialQuarter:
        """Return the quarter ``quarters`` quarters later (earlier if negative)."""
        if not isinstance(quarters, int) or isinstance(quarters, bool):
            return NotImplemented
        return self._from_index(self._index + quarters)

    __radd__ = __add__

    @overload
    def __sub__(self, other: FinancialQuarter) -> int: ...

    @overload
    def __sub__(self, other: int) -> FinancialQuarter: ...

    def __sub__(self, other: FinancialQuarter | int) -> FinancialQuarter | int:
        """Return the quarter ``other`` quarters earlier, or, given another quarter, the number
        of quarters from ``other`` to this one (positive if this one is later)."""
        if isinstance(other, FinancialQuarter):
            return self._index - other._index
        if not isinstance(other, int) or isinstance(other, bool):
            return NotImplemented
        return self._from_index(self._index - other)


FIRST_SUPPORTED_QUARTER = FinancialQuarter(FIRST_SUPPORTED_YEAR, 1)
LAST_SUPPORTED_QUARTER = FinancialQuarter(LAST_SUPPORTED_YEAR, QUARTERS_PER_YEAR)


def neighbours(
    quarter: FinancialQuarter,
    *,
    first: FinancialQuarter | None,
    last: FinancialQuarter | None,
) -> tuple[FinancialQuarter | None, FinancialQuarter | None]:
    """Return the quarters before and after ``quarter`` that a page should link to.

    ``first`` is the first quarter with records (None if there are none) and ``last`` the
    latest a page may show (None for no limit). Each of the pair is None where there is
    nothing to go to: before ``first``, after ``last``, or outside the supported years.
    """
    previous = quarter.previous()
    following = quarter.next()
    if first is None or previous < max(first, FIRST_SUPPORTED_QUARTER):
        previous = None
    if following > min(last or LAST_SUPPORTED_QUARTER, LAST_SUPPORTED_QUARTER):
        following = None
    return previous, following


def _as_validation_error(error: QuarterFormatError) -> ValidationError:
    """Return a ValidationError carrying ``error``'s message, for Django models and forms."""
    return ValidationError(str(error), code="invalid_quarter")


_STORED_RE = re.compile(r"(?P<first>[0-9]{4})-[0-9]{2} Q(?P<number>[1-4])")


@functools.lru_cache(maxsize=512)
def _stored_quarter(text: str) -> FinancialQuarter:
    """Return the quarter stored as ``text`` (always the canonical "2024-25 Q3")."""
    # Pages read thousands of figures over a few dozen quarters: read each text once. What is
    # stored was written by the portal, so it is read over the type's whole range rather than
    # refused like outside input: a quarter next to the supported ones still loads.
    match = _STORED_RE.fullmatch(text)
    if match is None:
        raise QuarterFormatError(f'"{text}" in the database is not a stored quarter.')
    return FinancialQuarter(int(match["first"]), int(match["number"]))


class QuarterField(models.CharField):
    """A model field holding a FinancialQuarter, stored as text such as "2024-25 Q3".

    The text is always ten characters with a four-digit year first, so the database's string
    order is chronological and lookups like ``quarter__gte="2024-25 Q3"`` (or a
    FinancialQuarter) work. ``max_length`` is fixed and need not be given.

    An empty string is read as no quarter (None), so an optional quarter needs
    ``null=True, blank=True``.
    """

    description = "UK financial-year quarter, such as 2024-25 Q3"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        max_length = kwargs.pop("max_length", QUARTER_TEXT_LENGTH)
        if max_length != QUARTER_TEXT_LENGTH:
            raise TypeError(
                f"QuarterField's max_length is always {QUARTER_TEXT_LENGTH}; "
                f"do not pass max_length={max_length!r}."
            )
        super().__init__(*args, **kwargs)
        # Set after CharField.__init__ so it does not add a MaxLengthValidator, which would
        # call len() on a FinancialQuarter; the canonical text can never be too long anyway.
        self.max_length = QUARTER_TEXT_LENGTH

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        """Return the field's migration description, without the fixed ``max_length``."""
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        return name, path, args, kwargs

    def from_db_value(
        self, value: str | None, expression: Any, connection: Any
    ) -> FinancialQuarter | None:
        """Return the stored text as a FinancialQuarter, or None for NULL or ""."""
        if value is None or value == "":
            return None
        return _stored_quarter(value)

    def to_python(self, value: Any) -> FinancialQuarter | None:
        """Return ``value`` as a FinancialQuarter, or None if it is None or blank.

        Raises ValidationError (code "invalid_quarter") with a readable message if it is text
        that is not a quarter, or any other type.
        """
        if value is None or isinstance(value, FinancialQuarter):
            return value
        if isinstance(value, str):
            if not value.strip():
                return None
            try:
                return FinancialQuarter.parse(value)
            except QuarterFormatError as error:
                raise _as_validation_error(error) from error
        raise ValidationError(
            f'Expected a financial-year quarter such as "{_QUARTER_EXAMPLE}", '
            f"not {type(value).__name__} {value!r}.",
            code="invalid_quarter",
        )

    def get_prep_value(self, value: Any) -> str | None:
        """Return the canonical text, such as "2024-25 Q3", to store or query with.

        Returns None for None or blank; raises ValidationError for text that is not a quarter.
        """
        # Field.get_prep_value resolves lazy (translation) strings.
        quarter = self.to_python(models.Field.get_prep_value(self, value))
        return None if quarter is None else str(quarter)

    def value_to_string(self, obj: models.Model) -> str:
        """Return the canonical text of the quarter on ``obj``, or "" if it has none, for
        serialisation."""
        prepared = self.get_prep_value(self.value_from_object(obj))
        return "" if prepared is None else prepared

    def formfield(self, **kwargs: Any) -> forms.Field | None:
        """Return a QuarterFormField unless another form class is asked for."""
        return super().formfield(**{"form_class": QuarterFormField, **kwargs})


class QuarterFormField(forms.CharField):
    """A form field that reads text such as "2024-25 Q3" into a FinancialQuarter.

    Cleaning returns a FinancialQuarter, or None when the field is left empty.
    """

    def __init__(self, **kwargs: Any) -> None:
        # The length of the text is checked by parsing it; a length validator would be handed a
        # FinancialQuarter and fail on len().
        kwargs.pop("max_length", None)
        kwargs.pop("min_length", None)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> FinancialQuarter | None:
        """Return the entered text as a FinancialQuarter, or None if nothing was entered.

        Raises ValidationError (code "invalid_quarter") whose message names the entered text
        and shows what is expected.
        """
        if isinstance(value, FinancialQuarter):
            return value
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            return FinancialQuarter.parse(text)
        except QuarterFormatError as error:
            raise _as_validation_error(error) from error

    def prepare_value(self, value: Any) -> Any:
        """Return the value to show in the widget: a quarter as "2024-25 Q3"."""
        if isinstance(value, FinancialQuarter):
            return str(value)
        return super().prepare_value(value)
