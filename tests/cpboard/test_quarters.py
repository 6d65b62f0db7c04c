"""Tests for cpboard.quarters: UK financial-year quarters and the fields that store them.

The tests above the "Django fields" heading use only the plain value types and need no Django
settings; the ones below it need settings configured (the project's pytest config does that).
"""

import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from cpboard.quarters import (
    FIRST_SUPPORTED_QUARTER,
    LAST_SUPPORTED_QUARTER,
    QUARTER_TEXT_LENGTH,
    FinancialQuarter,
    FinancialYear,
    QuarterField,
    QuarterFormatError,
    QuarterFormField,
)

Q = FinancialQuarter.parse
FY = FinancialYear.parse


# --- Parsing quarters ------------------------------------------------------------------------


def test_parse_reads_the_first_calendar_year_and_the_quarter_number():
    quarter = Q("2024-25 Q3")

    assert quarter == FinancialQuarter(start_year=2024, number=3)


@pytest.mark.parametrize(
    "text",
    ["2024-25 Q1", "2024-25 Q2", "2024-25 Q3", "2024-25 Q4", "2000-01 Q1", "2099-00 Q4"],
)
def test_printing_a_parsed_quarter_gives_back_the_same_text(text):
    assert str(Q(text)) == text


def test_quarters_outside_the_supported_years_still_print_with_four_digit_years():
    # The value type holds years either side of the supported ones, for stepping past an edge.
    assert str(FinancialQuarter(1999, 2)) == "1999-00 Q2"
    assert str(FinancialQuarter(1900, 1)) == "1900-01 Q1"


def test_a_year_ending_in_99_is_followed_by_00():
    quarter = Q("2099-00 Q1")

    assert quarter == FinancialQuarter(2099, 1)
    assert str(quarter) == "2099-00 Q1"


def test_the_supported_years_run_from_2000_01_to_2099_00():
    assert Q("2000-01 Q1") == FinancialQuarter(2000, 1) == FIRST_SUPPORTED_QUARTER
    assert Q("2099-00 Q4") == FinancialQuarter(2099, 4) == LAST_SUPPORTED_QUARTER
    assert FY("2000-01") == FinancialYear(2000)
    assert FY("2099-00") == FinancialYear(2099)


@pytest.mark.parametrize("text", ["1900-01 Q1", "1999-00 Q4", "2100-01 Q1", "2999-00 Q4"])
def test_a_quarter_outside_the_supported_years_is_refused_with_the_range(text):
    with pytest.raises(QuarterFormatError) as raised:
        Q(text)

    assert str(raised.value) == f'"{text}" is not a financial-year quarter: {YEAR_RANGE}.'


@pytest.mark.parametrize("text", ["1900-01", "1999-00", "2100-01"])
def test_a_financial_year_outside_the_supported_years_is_refused_with_the_range(text):
    with pytest.raises(QuarterFormatError) as raised:
        FY(text)

    assert str(raised.value) == f'"{text}" is not a financial year: {YEAR_RANGE}.'


def test_the_quarters_either_side_of_the_supported_years_exist_for_comparisons():
    assert FIRST_SUPPORTED_QUARTER.previous() == FinancialQuarter(1999, 4)
    assert LAST_SUPPORTED_QUARTER.next() == FinancialQuarter(2100, 1)
    assert not FinancialQuarter(1999, 4).is_supported
    assert FIRST_SUPPORTED_QUARTER.is_supported
    assert LAST_SUPPORTED_QUARTER.is_supported


@pytest.mark.parametrize("text", [" 2024-25 Q3", "2024-25 Q3 ", "\t2024-25 Q3\n", "  2024-25 Q3  "])
def test_surrounding_whitespace_is_ignored(text):
    assert Q(text) == FinancialQuarter(2024, 3)


def test_a_lowercase_q_is_accepted_and_printed_as_uppercase():
    quarter = Q("2024-25 q3")

    assert quarter == FinancialQuarter(2024, 3)
    assert str(quarter) == "2024-25 Q3"


WRONG_SHAPE = 'expected the form "YYYY-YY QN", as in "2024-25 Q3"'
WRONG_QUARTER = 'the quarter must be Q1, Q2, Q3 or Q4, as in "2024-25 Q3"'
YEAR_RANGE = "the portal covers financial years 2000-01 to 2099-00"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2024", WRONG_SHAPE),
        ("2024-25", WRONG_SHAPE),
        ("2024/25 Q1", WRONG_SHAPE),
        ("24-25 Q1", WRONG_SHAPE),
        ("2024-2025 Q1", WRONG_SHAPE),
        # Decision: the space before the Q is required, as in the written form.
        ("2024-25Q1", WRONG_SHAPE),
        ("2024-25  Q1", WRONG_SHAPE),
        ("Q3 2024-25", WRONG_SHAPE),
        ("2024-25 Quarter 3", WRONG_SHAPE),
        ("2024-25 3", WRONG_SHAPE),
        ("2024-25 Q-1", WRONG_SHAPE),
        # Only an ASCII hyphen is accepted, not an en dash.
        ("2024\u201325 Q3", WRONG_SHAPE),
        # Digits from other scripts are not read as years.
        ("\u0662\u0660\u0662\u0664-25 Q3", WRONG_SHAPE),
        ("2024-25 Q0", WRONG_QUARTER),
        ("2024-25 Q5", WRONG_QUARTER),
        ("2024-25 Q12", WRONG_QUARTER),
        ("2024-26 Q3", 'the second year must follow the first, as in "2024-25 Q3"'),
        ("2024-24 Q1", 'the second year must follow the first, as in "2024-25 Q1"'),
        ("2099-01 Q2", 'the second year must follow the first, as in "2099-00 Q2"'),
        ("2099-100 Q2", WRONG_SHAPE),
        ("1899-00 Q1", YEAR_RANGE),
        ("1999-00 Q4", YEAR_RANGE),
        ("2100-01 Q1", YEAR_RANGE),
        ("3000-01 Q1", YEAR_RANGE),
        ("0000-01 Q1", YEAR_RANGE),
    ],
)
def test_unreadable_text_raises_an_error_naming_the_text_and_what_is_expected(text, reason):
    with pytest.raises(QuarterFormatError) as raised:
        Q(text)

    assert str(raised.value) == f'"{text}" is not a financial-year quarter: {reason}.'


def test_the_error_message_matches_the_documented_example():
    with pytest.raises(QuarterFormatError) as raised:
        Q("2024-26 Q3")

    assert str(raised.value) == (
        '"2024-26 Q3" is not a financial-year quarter: the second year must follow the first, '
        'as in "2024-25 Q3".'
    )


def test_the_error_message_names_the_text_without_its_surrounding_whitespace():
    with pytest.raises(QuarterFormatError, match=r'^"2024-25 Q9" is not'):
        Q("  2024-25 Q9 \n")


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_blank_text_raises_an_error_asking_for_a_quarter(text):
    with pytest.raises(QuarterFormatError) as raised:
        Q(text)

    assert str(raised.value) == (
        'A blank value is not a financial-year quarter: expected one such as "2024-25 Q3".'
    )


@pytest.mark.parametrize(
    ("value", "type_name"),
    [(None, "NoneType"), (2024, "int"), (date(2024, 10, 1), "date"), (b"2024-25 Q3", "bytes")],
)
def test_parsing_something_other_than_a_string_raises_type_error_naming_the_type(value, type_name):
    with pytest.raises(TypeError) as raised:
        Q(value)

    message = str(raised.value)
    assert 'Expected a financial-year quarter as a string such as "2024-25 Q3"' in message
    assert f"not {type_name} {value!r}" in message


def test_quarter_format_error_can_be_caught_as_a_value_error():
    with pytest.raises(ValueError, match='"nonsense" is not a financial-year quarter'):
        Q("nonsense")


# --- Building quarters directly ----------------------------------------------------------------


@pytest.mark.parametrize("number", [0, 5, -1])
def test_a_quarter_number_outside_1_to_4_is_rejected(number):
    with pytest.raises(
        ValueError, match=rf"number must be 1, 2, 3 or 4 \(Q1 to Q4\), not {number}"
    ):
        FinancialQuarter(2024, number)


@pytest.mark.parametrize("start_year", [1899, 3000])
def test_a_start_year_outside_1900_to_2999_is_rejected(start_year):
    with pytest.raises(ValueError, match=f"between 1900 and 2999, not {start_year}"):
        FinancialQuarter(start_year, 1)


@pytest.mark.parametrize(
    ("start_year", "number"), [("2024", 1), (2024.0, 1), (True, 1), (2024, "3"), (2024, 3.0)]
)
def test_a_start_year_or_number_that_is_not_an_int_is_rejected(start_year, number):
    with pytest.raises(TypeError, match="must be an int"):
        FinancialQuarter(start_year, number)


def test_quarters_cannot_be_changed_after_they_are_made():
    quarter = FinancialQuarter(2024, 3)

    with pytest.raises(AttributeError):
        quarter.number = 4  # type: ignore[misc]


# --- Order, equality and hashing ---------------------------------------------------------------


def test_q4_sorts_after_q1_of_the_same_financial_year_though_it_is_in_a_later_calendar_year():
    assert Q("2024-25 Q1") < Q("2024-25 Q4")


def test_q4_sorts_before_q1_of_the_next_financial_year():
    assert Q("2024-25 Q4") < Q("2025-26 Q1")


def test_sorting_quarters_puts_them_in_chronological_order_across_years():
    shuffled = [Q("2025-26 Q1"), Q("2023-24 Q4"), Q("2024-25 Q3"), Q("2024-25 Q1"), Q("2099-00 Q2")]

    assert [str(q) for q in sorted(shuffled)] == [
        "2023-24 Q4",
        "2024-25 Q1",
        "2024-25 Q3",
        "2025-26 Q1",
        "2099-00 Q2",
    ]
    assert min(shuffled) == Q("2023-24 Q4")
    assert max(shuffled) == Q("2099-00 Q2")


def test_the_text_of_quarters_sorts_in_the_same_order_as_the_quarters():
    # The database field relies on this: it compares the stored text.
    quarters = FinancialQuarter.range(FinancialQuarter(1998, 1), FinancialQuarter(2101, 4))

    assert sorted(str(q) for q in quarters) == [str(q) for q in sorted(quarters)]
    assert {len(str(q)) for q in quarters} == {QUARTER_TEXT_LENGTH}


def test_quarters_with_the_same_year_and_number_are_equal_and_hash_alike():
    assert Q("2024-25 Q3") == FinancialQuarter(2024, 3)
    assert hash(Q("2024-25 Q3")) == hash(Q(" 2024-25 q3 "))
    assert Q("2024-25 Q3") != Q("2025-26 Q3")


def test_quarters_can_be_used_as_dict_keys_and_set_members():
    totals = {Q("2024-25 Q3"): 10, Q("2024-25 Q4"): 20}
    totals[FinancialQuarter(2024, 3)] += 5

    assert totals == {FinancialQuarter(2024, 3): 15, FinancialQuarter(2024, 4): 20}
    assert len({Q("2024-25 Q3"), Q("2024-25 q3"), FinancialQuarter(2024, 3)}) == 1


def test_a_quarter_is_not_equal_to_its_text():
    assert Q("2024-25 Q3") != "2024-25 Q3"


# --- Dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2024-25 Q1", date(2024, 4, 1), date(2024, 6, 30)),
        ("2024-25 Q2", date(2024, 7, 1), date(2024, 9, 30)),
        ("2024-25 Q3", date(2024, 10, 1), date(2024, 12, 31)),
        ("2024-25 Q4", date(2025, 1, 1), date(2025, 3, 31)),
    ],
)
def test_each_quarter_starts_and_ends_on_the_right_days(text, start, end):
    quarter = Q(text)

    assert quarter.start == start
    assert quarter.end == end


def test_q4_runs_january_to_march_of_the_following_calendar_year():
    quarter = Q("2024-25 Q4")

    assert (quarter.start, quarter.end) == (date(2025, 1, 1), date(2025, 3, 31))


def test_q4_of_a_year_ending_in_00_falls_in_the_next_century():
    quarter = Q("2099-00 Q4")

    assert (quarter.start, quarter.end) == (date(2100, 1, 1), date(2100, 3, 31))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 4, 1), "2024-25 Q1"),
        (date(2024, 6, 30), "2024-25 Q1"),
        (date(2024, 7, 1), "2024-25 Q2"),
        (date(2024, 9, 30), "2024-25 Q2"),
        (date(2024, 10, 1), "2024-25 Q3"),
        (date(2024, 12, 31), "2024-25 Q3"),
        (date(2025, 1, 1), "2024-25 Q4"),
        (date(2025, 3, 31), "2024-25 Q4"),
        (date(2025, 4, 1), "2025-26 Q1"),
        (date(2024, 3, 31), "2023-24 Q4"),
    ],
)
def test_containing_finds_the_quarter_on_each_boundary_day(day, expected):
    assert FinancialQuarter.containing(day) == Q(expected)


def test_29_february_falls_in_q4_of_the_financial_year_that_began_the_previous_april():
    assert FinancialQuarter.containing(date(2024, 2, 29)) == Q("2023-24 Q4")
    assert FinancialYear.containing(date(2024, 2, 29)) == FY("2023-24")


def test_q4_ends_on_31_march_in_a_leap_year_too():
    quarter = Q("2023-24 Q4")

    assert quarter.end == date(2024, 3, 31)
    assert date(2024, 2, 29) in quarter


def test_every_day_falls_in_exactly_the_quarter_that_containing_returns():
    day = date(2023, 4, 1)
    while day <= date(2026, 3, 31):
        quarter = FinancialQuarter.containing(day)
        assert quarter.start <= day <= quarter.end
        assert day in quarter
        assert day not in quarter.next()
        assert day not in quarter.previous()
        day += timedelta(days=1)


def test_a_quarter_contains_its_first_and_last_days_but_not_the_days_either_side():
    quarter = Q("2024-25 Q3")

    assert date(2024, 10, 1) in quarter
    assert date(2024, 12, 31) in quarter
    assert date(2024, 9, 30) not in quarter
    assert date(2025, 1, 1) not in quarter


def test_containing_refuses_a_datetime_because_its_day_depends_on_the_time_zone():
    with pytest.raises(TypeError, match="not a datetime"):
        FinancialQuarter.containing(datetime(2025, 3, 31, 23, 30))
    with pytest.raises(TypeError, match="not a datetime"):
        datetime(2025, 3, 31, 23, 30) in Q("2024-25 Q4")  # noqa: B015


def test_containing_refuses_something_that_is_not_a_date():
    with pytest.raises(TypeError, match="Expected a date, not str"):
        FinancialQuarter.containing("2025-03-31")


def test_current_returns_the_quarter_containing_the_given_day():
    assert FinancialQuarter.current(today=date(2025, 3, 31)) == Q("2024-25 Q4")


def test_current_uses_djangos_local_date_when_no_day_is_given(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: date(2025, 4, 1))

    assert FinancialQuarter.current() == Q("2025-26 Q1")
    assert FinancialYear.current() == FY("2025-26")


# --- Stepping between quarters -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "following"),
    [
        ("2024-25 Q1", "2024-25 Q2"),
        ("2024-25 Q2", "2024-25 Q3"),
        ("2024-25 Q3", "2024-25 Q4"),
        ("2024-25 Q4", "2025-26 Q1"),
        ("2098-99 Q4", "2099-00 Q1"),
    ],
)
def test_next_and_previous_step_one_quarter_across_year_boundaries(text, following):
    assert Q(text).next() == Q(following)
    assert Q(following).previous() == Q(text)
    assert FinancialQuarter(2099, 4).next() == FinancialQuarter(2100, 1)


def test_adding_quarters_steps_forward_and_back():
    quarter = Q("2024-25 Q3")

    assert quarter + 0 == quarter
    assert quarter + 1 == Q("2024-25 Q4")
    assert quarter + 2 == Q("2025-26 Q1")
    assert quarter + 4 == Q("2025-26 Q3")
    assert 4 + quarter == Q("2025-26 Q3")
    assert quarter + -3 == Q("2023-24 Q4")
    assert quarter - 3 == Q("2023-24 Q4")
    assert quarter - 10 == Q("2022-23 Q1")


def test_subtracting_quarters_counts_the_quarters_between_them():
    assert Q("2025-26 Q1") - Q("2024-25 Q3") == 2
    assert Q("2024-25 Q3") - Q("2025-26 Q1") == -2
    assert Q("2024-25 Q3") - Q("2024-25 Q3") == 0
    assert Q("2030-31 Q2") - Q("2024-25 Q2") == 24


@pytest.mark.parametrize("step", [1.0, "1", True])
def test_adding_anything_but_a_whole_number_of_quarters_is_a_type_error(step):
    with pytest.raises(TypeError):
        Q("2024-25 Q3") + step
    with pytest.raises(TypeError):
        Q("2024-25 Q3") - step


def test_stepping_past_the_supported_years_is_rejected():
    with pytest.raises(ValueError, match="between 1900 and 2999"):
        FinancialQuarter(2999, 4).next()
    with pytest.raises(ValueError, match="between 1900 and 2999"):
        FinancialQuarter(1900, 1).previous()


# --- range ------------------------------------------------------------------------------------


def test_range_lists_the_quarters_from_first_to_last_inclusive_across_years():
    quarters = FinancialQuarter.range(Q("2024-25 Q3"), Q("2025-26 Q2"))

    assert [str(q) for q in quarters] == ["2024-25 Q3", "2024-25 Q4", "2025-26 Q1", "2025-26 Q2"]


def test_range_of_one_quarter_to_itself_is_that_quarter():
    assert FinancialQuarter.range(Q("2024-25 Q3"), Q("2024-25 Q3")) == [Q("2024-25 Q3")]


def test_range_is_empty_when_last_is_before_first():
    assert FinancialQuarter.range(Q("2025-26 Q1"), Q("2024-25 Q4")) == []


def test_range_over_two_whole_years_has_eight_quarters():
    quarters = FinancialQuarter.range(Q("2023-24 Q1"), Q("2024-25 Q4"))

    assert len(quarters) == 8
    assert quarters == FY("2023-24").quarters() + FY("2024-25").quarters()


# --- has_ended --------------------------------------------------------------------------------


def test_a_quarter_has_not_ended_on_its_last_day():
    assert not Q("2024-25 Q3").has_ended(today=date(2024, 12, 31))


def test_a_quarter_has_ended_the_day_after_its_last_day():
    assert Q("2024-25 Q3").has_ended(today=date(2025, 1, 1))


def test_a_quarter_has_not_ended_before_it_starts():
    assert not Q("2024-25 Q3").has_ended(today=date(2024, 6, 1))


def test_q4_has_not_ended_until_april_of_the_following_calendar_year():
    quarter = Q("2024-25 Q4")

    assert not quarter.has_ended(today=date(2025, 3, 31))
    assert quarter.has_ended(today=date(2025, 4, 1))


def test_has_ended_uses_djangos_local_date_when_no_day_is_given(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: date(2025, 1, 1))

    assert Q("2024-25 Q3").has_ended()
    assert not Q("2024-25 Q4").has_ended()


# --- Labels -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("2024-25 Q1", "April to June 2024"),
        ("2024-25 Q2", "July to September 2024"),
        ("2024-25 Q3", "October to December 2024"),
        ("2024-25 Q4", "January to March 2025"),
    ],
)
def test_months_label_names_the_months_and_their_calendar_year(text, months):
    assert Q(text).months_label == months


def test_label_gives_the_quarter_followed_by_its_months():
    assert Q("2024-25 Q3").label == "2024-25 Q3 (October to December 2024)"
    assert Q("2024-25 Q4").label == "2024-25 Q4 (January to March 2025)"


# --- Financial years --------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2024-25", "2000-01", "2099-00"])
def test_printing_a_parsed_financial_year_gives_back_the_same_text(text):
    assert str(FY(text)) == text


def test_financial_year_parse_ignores_surrounding_whitespace():
    assert FY("  2024-25\n") == FinancialYear(2024)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2024", 'expected the form "YYYY-YY", as in "2024-25"'),
        ("2024-25 Q3", 'expected the form "YYYY-YY", as in "2024-25"'),
        ("2024/25", 'expected the form "YYYY-YY", as in "2024-25"'),
        ("2024-26", 'the second year must follow the first, as in "2024-25"'),
        ("1850-51", YEAR_RANGE),
    ],
)
def test_an_unreadable_financial_year_raises_an_error_naming_the_text(text, reason):
    with pytest.raises(QuarterFormatError) as raised:
        FY(text)

    assert str(raised.value) == f'"{text}" is not a financial year: {reason}.'


def test_a_blank_financial_year_raises_an_error_asking_for_one():
    with pytest.raises(QuarterFormatError, match="A blank value is not a financial year"):
        FY(" ")


def test_a_financial_year_runs_from_1_april_to_31_march():
    year = FY("2024-25")

    assert year.start == date(2024, 4, 1)
    assert year.end == date(2025, 3, 31)
    assert year.label == "April 2024 to March 2025"


def test_a_financial_year_has_four_quarters_in_order():
    assert [str(q) for q in FY("2024-25").quarters()] == [
        "2024-25 Q1",
        "2024-25 Q2",
        "2024-25 Q3",
        "2024-25 Q4",
    ]


def test_a_financial_year_contains_its_dates_and_quarters_only():
    year = FY("2024-25")

    assert date(2024, 4, 1) in year
    assert date(2025, 3, 31) in year
    assert date(2024, 3, 31) not in year
    assert date(2025, 4, 1) not in year
    assert Q("2024-25 Q4") in year
    assert Q("2025-26 Q1") not in year


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2024, 4, 1), "2024-25"), (date(2025, 3, 31), "2024-25"), (date(2024, 3, 31), "2023-24")],
)
def test_financial_year_containing_a_day(day, expected):
    assert FinancialYear.containing(day) == FY(expected)


def test_financial_years_step_and_sort_in_order():
    year = FY("2024-25")

    assert year.next() == FY("2025-26")
    assert year.previous() == FY("2023-24")
    assert FY("2098-99").next() == FY("2099-00")
    assert FinancialYear(2099).next() == FinancialYear(2100)
    assert sorted([FY("2025-26"), FY("2023-24"), year]) == [FY("2023-24"), year, FY("2025-26")]


def test_a_quarter_knows_its_financial_year():
    assert Q("2024-25 Q4").financial_year == FY("2024-25")


def test_financial_years_can_be_used_as_dict_keys():
    assert {FY("2024-25"): "a", FinancialYear(2024): "b"} == {FinancialYear(2024): "b"}


# --- Importing without Django settings ----------------------------------------------------------


def test_the_value_types_work_without_django_settings():
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    script = (
        "from datetime import date\n"
        "from cpboard.quarters import FinancialQuarter\n"
        "q = FinancialQuarter.parse('2024-25 q4')\n"
        "assert q.has_ended(today=date(2025, 4, 1)) and q.label\n"
        "print(q)\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", script],
        check=False,
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2024-25 Q4"


# --- Django fields (need django.conf.settings configured) ---------------------------------------

# With pytest-django (the project's set-up) settings are always configured and nothing is skipped;
# these are skipped only when the pure tests are run on their own with `-p no:django`.
needs_django_settings = pytest.mark.skipif(
    not settings.configured, reason="needs Django settings (run with pytest-django)"
)

BAD_QUARTER_MESSAGE = (
    '"2024-26 Q3" is not a financial-year quarter: the second year must follow the first, '
    'as in "2024-25 Q3".'
)


@needs_django_settings
class TestQuarterModelField:
    def test_to_python_reads_text_into_a_quarter(self):
        assert QuarterField().to_python(" 2024-25 q3 ") == FinancialQuarter(2024, 3)

    def test_to_python_passes_a_quarter_and_none_through(self):
        quarter = Q("2024-25 Q3")

        assert QuarterField().to_python(quarter) is quarter
        assert QuarterField().to_python(None) is None

    def test_to_python_reads_blank_text_as_no_quarter(self):
        assert QuarterField().to_python("") is None
        assert QuarterField().to_python("  ") is None

    def test_to_python_raises_a_validation_error_with_the_readable_message(self):
        with pytest.raises(ValidationError) as raised:
            QuarterField().to_python("2024-26 Q3")

        assert raised.value.code == "invalid_quarter"
        assert raised.value.messages == [BAD_QUARTER_MESSAGE]

    def test_to_python_rejects_other_types_with_a_validation_error(self):
        with pytest.raises(ValidationError) as raised:
            QuarterField().to_python(2024)

        assert raised.value.code == "invalid_quarter"
        assert raised.value.messages == [
            'Expected a financial-year quarter such as "2024-25 Q3", not int 2024.'
        ]

    @pytest.mark.parametrize("value", [Q("2024-25 Q3"), "2024-25 Q3", " 2024-25 q3 "])
    def test_get_prep_value_gives_the_canonical_text(self, value):
        assert QuarterField().get_prep_value(value) == "2024-25 Q3"

    def test_get_prep_value_resolves_lazy_text(self):
        assert QuarterField().get_prep_value(gettext_lazy("2024-25 Q3")) == "2024-25 Q3"

    @pytest.mark.parametrize("value", [None, ""])
    def test_get_prep_value_stores_no_quarter_as_null(self, value):
        assert QuarterField().get_prep_value(value) is None

    def test_get_prep_value_refuses_text_that_is_not_a_quarter(self):
        with pytest.raises(ValidationError) as raised:
            QuarterField().get_prep_value("2024-26 Q3")

        assert raised.value.messages == [BAD_QUARTER_MESSAGE]

    def test_from_db_value_reads_stored_text_into_a_quarter(self):
        assert QuarterField().from_db_value("2024-25 Q3", None, None) == Q("2024-25 Q3")

    def test_from_db_value_leaves_null_as_none(self):
        assert QuarterField().from_db_value(None, None, None) is None

    def test_clean_returns_a_quarter_for_good_text(self):
        # clean() runs the field's validators too, which must cope with a FinancialQuarter.
        assert QuarterField().clean("2024-25 Q3", None) == Q("2024-25 Q3")

    def test_clean_raises_the_readable_message_for_bad_text(self):
        with pytest.raises(ValidationError) as raised:
            QuarterField().clean("2024-26 Q3", None)

        assert raised.value.messages == [BAD_QUARTER_MESSAGE]

    def test_clean_of_blank_text_is_refused_when_the_field_is_required(self):
        with pytest.raises(ValidationError):
            QuarterField().clean("", None)

    def test_clean_of_blank_text_is_no_quarter_when_the_field_is_optional(self):
        assert QuarterField(null=True, blank=True).clean("", None) is None

    def test_max_length_is_fixed_at_the_length_of_the_text(self):
        assert QuarterField().max_length == QUARTER_TEXT_LENGTH == len("2024-25 Q3")
        assert QuarterField(max_length=QUARTER_TEXT_LENGTH).max_length == QUARTER_TEXT_LENGTH

    def test_a_different_max_length_is_refused(self):
        with pytest.raises(TypeError, match="max_length is always 10"):
            QuarterField(max_length=20)

    def test_deconstruct_leaves_out_the_fixed_max_length(self):
        field = QuarterField(null=True, blank=True, db_index=True)

        _name, path, args, kwargs = field.deconstruct()

        assert path == "cpboard.quarters.QuarterField"
        assert "max_length" not in kwargs
        assert kwargs == {"null": True, "blank": True, "db_index": True}
        assert QuarterField(*args, **kwargs).max_length == QUARTER_TEXT_LENGTH

    def test_value_to_string_gives_the_canonical_text_for_serialisation(self):
        field = QuarterField()
        field.set_attributes_from_name("quarter")

        assert field.value_to_string(SimpleNamespace(quarter=Q("2024-25 Q3"))) == "2024-25 Q3"
        assert field.value_to_string(SimpleNamespace(quarter=None)) == ""

    def test_formfield_is_a_quarter_form_field(self):
        form_field = QuarterField().formfield()

        assert isinstance(form_field, QuarterFormField)
        assert form_field.required

    def test_formfield_of_an_optional_quarter_is_not_required(self):
        form_field = QuarterField(null=True, blank=True).formfield()

        assert not form_field.required
        assert form_field.clean("") is None


class QuarterForm(forms.Form):
    quarter = QuarterFormField()


@needs_django_settings
class TestQuarterFormField:
    def test_clean_returns_a_quarter(self):
        assert QuarterFormField().clean(" 2024-25 q3 ") == Q("2024-25 Q3")

    def test_clean_of_bad_text_gives_a_message_a_user_can_read(self):
        with pytest.raises(ValidationError) as raised:
            QuarterFormField().clean("2024-26 Q3")

        assert raised.value.code == "invalid_quarter"
        assert raised.value.messages == [BAD_QUARTER_MESSAGE]

    def test_a_form_reports_bad_text_against_the_field(self):
        form = QuarterForm(data={"quarter": "2024-25Q3"})

        assert not form.is_valid()
        assert form.errors["quarter"] == [
            (
                '"2024-25Q3" is not a financial-year quarter: '
                'expected the form "YYYY-YY QN", as in "2024-25 Q3".'
            )
        ]

    def test_a_form_with_good_text_cleans_to_a_quarter(self):
        form = QuarterForm(data={"quarter": "2024-25 Q4"})

        assert form.is_valid(), form.errors
        assert form.cleaned_data["quarter"] == Q("2024-25 Q4")

    def test_a_required_form_field_left_blank_asks_for_a_value(self):
        form = QuarterForm(data={"quarter": "  "})

        assert not form.is_valid()
        assert form.errors["quarter"] == ["This field is required."]

    def test_an_optional_form_field_left_blank_cleans_to_none(self):
        assert QuarterFormField(required=False).clean("") is None

    def test_prepare_value_shows_a_quarter_as_its_text(self):
        assert QuarterFormField().prepare_value(Q("2024-25 Q3")) == "2024-25 Q3"

    def test_the_widget_shows_an_initial_quarter_as_its_text(self):
        html = str(QuarterForm(initial={"quarter": Q("2024-25 Q3")})["quarter"])

        assert 'value="2024-25 Q3"' in html
        assert "maxlength" not in html

    def test_an_unchanged_initial_quarter_is_not_reported_as_changed(self):
        form = QuarterForm(initial={"quarter": Q("2024-25 Q3")}, data={"quarter": "2024-25 q3"})

        assert not form.has_changed()


@needs_django_settings
def test_the_current_quarter_by_default_is_the_one_containing_djangos_local_date():
    from django.utils import timezone

    assert FinancialQuarter.current() == FinancialQuarter.containing(timezone.localdate())
