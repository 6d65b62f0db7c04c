"""Tests for performance.judgement: RAG, direction of travel, values, comparisons, display.

These are plain functions on Decimal values, so no test here touches the database.
"""

from decimal import ROUND_HALF_EVEN, Decimal, localcontext

import pytest

from performance.judgement import (
    Comparison,
    Direction,
    Polarity,
    Rag,
    Unit,
    compare,
    compute_value,
    direction,
    format_value,
    movement,
    points_per_child,
    rag,
    small_cohort_note,
)

D = Decimal


# --- RAG: higher is better -------------------------------------------------------------------

# Target 60%, amber down to 50%: 50 is the worst value still amber.
HIGHER_TARGET = D("60.0")
HIGHER_AMBER = D("50.0")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(D("75.0"), Rag.GREEN, id="well-above-target-is-green"),
        pytest.param(D("60.1"), Rag.GREEN, id="just-above-target-is-green"),
        pytest.param(D("60.0"), Rag.GREEN, id="equal-to-target-is-green"),
        pytest.param(D("59.9"), Rag.AMBER, id="just-below-target-is-amber"),
        pytest.param(D("50.1"), Rag.AMBER, id="just-above-amber-threshold-is-amber"),
        pytest.param(D("50.0"), Rag.AMBER, id="equal-to-amber-threshold-is-amber"),
        pytest.param(D("49.9"), Rag.RED, id="just-below-amber-threshold-is-red"),
        pytest.param(D("0.0"), Rag.RED, id="zero-is-red"),
    ],
)
def test_higher_is_better_figure_is_rated_against_target_and_amber_threshold(value, expected):
    assert (
        rag(value, polarity=Polarity.HIGHER, target=HIGHER_TARGET, amber_threshold=HIGHER_AMBER)
        == expected
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(D("60.0"), Rag.GREEN, id="equal-to-target-is-green"),
        pytest.param(D("59.9"), Rag.RED, id="just-below-target-is-red"),
        pytest.param(D("10.0"), Rag.RED, id="far-below-target-is-red"),
    ],
)
def test_higher_is_better_figure_with_no_amber_threshold_is_red_when_short_of_target(
    value, expected
):
    assert (
        rag(value, polarity=Polarity.HIGHER, target=HIGHER_TARGET, amber_threshold=None) == expected
    )


# --- RAG: lower is better --------------------------------------------------------------------

# Target 10 days or fewer, amber up to 15: 15 is the worst value still amber.
LOWER_TARGET = D("10")
LOWER_AMBER = D("15")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(D("2"), Rag.GREEN, id="well-below-target-is-green"),
        pytest.param(D("9.9"), Rag.GREEN, id="just-below-target-is-green"),
        pytest.param(D("10"), Rag.GREEN, id="equal-to-target-is-green"),
        pytest.param(D("10.1"), Rag.AMBER, id="just-above-target-is-amber"),
        pytest.param(D("14.9"), Rag.AMBER, id="just-below-amber-threshold-is-amber"),
        pytest.param(D("15"), Rag.AMBER, id="equal-to-amber-threshold-is-amber"),
        pytest.param(D("15.1"), Rag.RED, id="just-above-amber-threshold-is-red"),
        pytest.param(D("40"), Rag.RED, id="far-above-amber-threshold-is-red"),
    ],
)
def test_lower_is_better_figure_is_rated_against_target_and_amber_threshold(value, expected):
    assert (
        rag(value, polarity=Polarity.LOWER, target=LOWER_TARGET, amber_threshold=LOWER_AMBER)
        == expected
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(D("10"), Rag.GREEN, id="equal-to-target-is-green"),
        pytest.param(D("10.1"), Rag.RED, id="just-above-target-is-red"),
        pytest.param(D("30"), Rag.RED, id="far-above-target-is-red"),
    ],
)
def test_lower_is_better_figure_with_no_amber_threshold_is_red_when_short_of_target(
    value, expected
):
    assert (
        rag(value, polarity=Polarity.LOWER, target=LOWER_TARGET, amber_threshold=None) == expected
    )


def test_lower_is_better_figure_equal_to_amber_threshold_is_amber():
    assert rag(D("15"), polarity=Polarity.LOWER, target=D("10"), amber_threshold=D("15")) == (
        Rag.AMBER
    )


def test_higher_is_better_figure_equal_to_amber_threshold_is_amber():
    assert rag(D("50"), polarity=Polarity.HIGHER, target=D("60"), amber_threshold=D("50")) == (
        Rag.AMBER
    )


@pytest.mark.parametrize(
    ("polarity", "just_short"),
    [
        pytest.param(Polarity.HIGHER, D("59.9"), id="higher-is-better"),
        pytest.param(Polarity.LOWER, D("60.1"), id="lower-is-better"),
    ],
)
def test_amber_threshold_equal_to_target_leaves_no_amber_band(polarity, just_short):
    def judge(value):
        return rag(value, polarity=polarity, target=D("60"), amber_threshold=D("60"))

    assert judge(D("60")) == Rag.GREEN
    assert judge(just_short) == Rag.RED


def test_figures_stored_to_different_decimal_places_compare_as_numbers():
    # Targets are stored to 2 places, computed percentages to 1.
    assert rag(D("60.0"), polarity=Polarity.HIGHER, target=D("60.00"), amber_threshold=None) == (
        Rag.GREEN
    )


@pytest.mark.parametrize(
    ("polarity", "value", "target", "amber_threshold"),
    [
        pytest.param(Polarity.HIGHER, D("50"), None, None, id="higher-no-target"),
        pytest.param(Polarity.LOWER, D("50"), None, None, id="lower-no-target"),
        pytest.param(Polarity.HIGHER, D("50"), None, D("40"), id="higher-threshold-no-target"),
        pytest.param(Polarity.HIGHER, None, D("60"), D("50"), id="higher-no-value"),
        pytest.param(Polarity.LOWER, None, D("10"), D("15"), id="lower-no-value"),
        pytest.param(Polarity.LOWER, None, D("10"), None, id="lower-no-value-no-threshold"),
    ],
)
def test_no_rag_without_a_target_or_a_value(polarity, value, target, amber_threshold):
    assert rag(value, polarity=polarity, target=target, amber_threshold=amber_threshold) is None


def test_context_only_figure_has_no_rag_even_with_a_target():
    assert rag(D("481"), polarity=Polarity.CONTEXT, target=D("400"), amber_threshold=None) is None


def test_context_only_figure_has_no_rag_whatever_its_threshold():
    # Context measures are never judged, so there is nothing for a threshold to be wrong about.
    assert (
        rag(D("481"), polarity=Polarity.CONTEXT, target=D("400"), amber_threshold=D("900")) is None
    )


def test_rag_accepts_polarity_as_stored_in_the_database():
    assert rag(D("60"), polarity="higher", target=D("60"), amber_threshold=None) == Rag.GREEN
    assert rag(D("11"), polarity="lower", target=D("10"), amber_threshold=D("12")) == Rag.AMBER


def test_unknown_polarity_raises_value_error():
    with pytest.raises(ValueError, match="sideways"):
        rag(D("1"), polarity="sideways", target=D("1"), amber_threshold=None)


def test_higher_is_better_amber_threshold_above_target_raises_saying_it_is_above():
    with pytest.raises(
        ValueError, match=r"amber threshold \(70\) is above the target \(60\)"
    ) as raised:
        rag(D("55"), polarity=Polarity.HIGHER, target=D("60"), amber_threshold=D("70"))

    message = str(raised.value)
    assert "higher is better" in message
    assert "at or below the target" in message


def test_lower_is_better_amber_threshold_below_target_raises_saying_it_is_below():
    with pytest.raises(
        ValueError, match=r"amber threshold \(5\) is below the target \(10\)"
    ) as raised:
        rag(D("12"), polarity=Polarity.LOWER, target=D("10"), amber_threshold=D("5"))

    message = str(raised.value)
    assert "lower is better" in message
    assert "at or above the target" in message


@pytest.mark.parametrize(
    ("polarity", "amber_threshold"),
    [
        pytest.param(Polarity.HIGHER, D("70"), id="higher-is-better"),
        pytest.param(Polarity.LOWER, D("50"), id="lower-is-better"),
    ],
)
def test_threshold_on_the_wrong_side_raises_even_before_there_is_a_figure(
    polarity, amber_threshold
):
    # So a bad target is refused when it is set, not when the first figure arrives.
    with pytest.raises(ValueError, match="amber threshold"):
        rag(None, polarity=polarity, target=D("60"), amber_threshold=amber_threshold)


@pytest.mark.parametrize(
    ("rating", "word"),
    [
        pytest.param(Rag.GREEN, "On target", id="green"),
        pytest.param(Rag.AMBER, "Close to target", id="amber"),
        pytest.param(Rag.RED, "Off target", id="red"),
    ],
)
def test_each_rag_colour_has_words_to_show_beside_it(rating, word):
    assert rating.word == word


# --- Direction of travel ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("polarity", "current", "previous", "expected"),
    [
        pytest.param(Polarity.HIGHER, D("58"), D("55"), Direction.IMPROVED, id="higher-rose"),
        pytest.param(Polarity.HIGHER, D("52"), D("55"), Direction.WORSENED, id="higher-fell"),
        pytest.param(Polarity.HIGHER, D("55"), D("55"), Direction.UNCHANGED, id="higher-same"),
        pytest.param(Polarity.LOWER, D("9"), D("12"), Direction.IMPROVED, id="lower-fell"),
        pytest.param(Polarity.LOWER, D("14"), D("12"), Direction.WORSENED, id="lower-rose"),
        pytest.param(Polarity.LOWER, D("12"), D("12"), Direction.UNCHANGED, id="lower-same"),
        pytest.param(Polarity.HIGHER, D("55.1"), D("55.0"), Direction.IMPROVED, id="tenth-up"),
        pytest.param(Polarity.LOWER, D("55.1"), D("55.0"), Direction.WORSENED, id="tenth-up-low"),
    ],
)
def test_direction_says_better_or_worse_according_to_polarity(
    polarity, current, previous, expected
):
    assert direction(current, previous, polarity=polarity) == expected


def test_direction_treats_figures_stored_to_different_places_as_unchanged():
    assert direction(D("55.0"), D("55.00"), polarity=Polarity.HIGHER) == Direction.UNCHANGED


@pytest.mark.parametrize(
    ("current", "previous"),
    [
        pytest.param(None, D("55"), id="no-current-figure"),
        pytest.param(D("55"), None, id="no-previous-figure"),
        pytest.param(None, None, id="neither-figure"),
    ],
)
@pytest.mark.parametrize("polarity", [Polarity.HIGHER, Polarity.LOWER], ids=["higher", "lower"])
def test_no_direction_without_both_figures(polarity, current, previous):
    assert direction(current, previous, polarity=polarity) is None


def test_context_only_figure_has_no_direction():
    assert direction(D("490"), D("481"), polarity=Polarity.CONTEXT) is None


def test_direction_accepts_polarity_as_stored_in_the_database():
    assert direction(D("9"), D("12"), polarity="lower") == Direction.IMPROVED


@pytest.mark.parametrize(
    ("travel", "phrase", "arrow"),
    [
        pytest.param(Direction.IMPROVED, "better than last quarter", "↑", id="improved"),
        pytest.param(Direction.WORSENED, "worse than last quarter", "↓", id="worsened"),
        pytest.param(Direction.UNCHANGED, "the same as last quarter", "→", id="unchanged"),
    ],
)
def test_each_direction_has_an_arrow_and_words_to_show_beside_it(travel, phrase, arrow):
    assert travel.phrase == phrase
    assert travel.arrow == arrow


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        pytest.param(D("12"), D("9"), "up", id="rose"),
        pytest.param(D("9"), D("12"), "down", id="fell"),
        pytest.param(D("9.0"), D("9.00"), "same", id="same"),
        pytest.param(None, D("9"), None, id="no-current-figure"),
        pytest.param(D("9"), None, None, id="no-previous-figure"),
    ],
)
def test_movement_says_whether_the_number_went_up_or_down(current, previous, expected):
    assert movement(current, previous) == expected


def test_lower_is_better_figure_that_fell_is_down_and_better():
    # What a page needs to say "down from 12 to 9, better than last quarter".
    current, previous = D("9"), D("12")

    assert movement(current, previous) == "down"
    assert direction(current, previous, polarity=Polarity.LOWER).phrase == (
        "better than last quarter"
    )


# --- Computing a percentage or rate ----------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "numerator", "denominator", "expected"),
    [
        pytest.param(Unit.PERCENTAGE, 11, 20, "55.0", id="percentage-exact"),
        pytest.param(Unit.PERCENTAGE, 1, 3, "33.3", id="percentage-rounds-down"),
        pytest.param(Unit.PERCENTAGE, 2, 3, "66.7", id="percentage-rounds-up"),
        pytest.param(Unit.PERCENTAGE, 1, 16, "6.3", id="percentage-half-way-rounds-up"),
        pytest.param(Unit.PERCENTAGE, 3, 16, "18.8", id="percentage-odd-half-way-rounds-up"),
        pytest.param(Unit.PERCENTAGE, 0, 12, "0.0", id="percentage-none-of-them"),
        pytest.param(Unit.PERCENTAGE, 12, 12, "100.0", id="percentage-all-of-them"),
        pytest.param(Unit.RATE_PER_10000, 301, 40_000, "75.3", id="rate-half-way-rounds-up"),
        pytest.param(Unit.RATE_PER_10000, 1, 1_600, "6.3", id="rate-small-half-way-rounds-up"),
        pytest.param(Unit.RATE_PER_10000, 520, 68_000, "76.5", id="rate-rounds-up"),
        pytest.param(Unit.RATE_PER_10000, 0, 68_000, "0.0", id="rate-of-none"),
    ],
)
def test_compute_value_gives_one_decimal_place_rounded_half_up(
    unit, numerator, denominator, expected
):
    # Compared as text so the number of decimal places is checked too.
    assert str(compute_value(unit, numerator, denominator)) == expected


def test_compute_value_rounds_half_up_whatever_the_decimal_context():
    with localcontext(prec=3, rounding=ROUND_HALF_EVEN):
        assert str(compute_value(Unit.PERCENTAGE, 1, 16)) == "6.3"
        assert str(compute_value(Unit.RATE_PER_10000, 7_531, 1_000_000)) == "75.3"


def test_compute_value_accepts_decimal_counts_and_the_unit_as_stored():
    assert compute_value("percentage", D("11"), D("20")) == D("55.0")


@pytest.mark.parametrize("unit", [Unit.PERCENTAGE, Unit.RATE_PER_10000], ids=["percent", "rate"])
def test_compute_value_refuses_a_denominator_of_zero(unit):
    with pytest.raises(ValueError, match="denominator of 0"):
        compute_value(unit, 0, 0)


@pytest.mark.parametrize(
    ("numerator", "denominator"),
    [
        pytest.param(-1, 20, id="negative-numerator"),
        pytest.param(1, -20, id="negative-denominator"),
    ],
)
@pytest.mark.parametrize("unit", [Unit.PERCENTAGE, Unit.RATE_PER_10000], ids=["percent", "rate"])
def test_compute_value_refuses_negative_numbers(unit, numerator, denominator):
    with pytest.raises(ValueError, match="must not be negative"):
        compute_value(unit, numerator, denominator)


def test_percentage_numerator_larger_than_denominator_is_refused():
    with pytest.raises(ValueError, match=r"numerator \(21\) is more than the denominator \(20\)"):
        compute_value(Unit.PERCENTAGE, 21, 20)


@pytest.mark.parametrize(
    ("unit", "name"),
    [pytest.param(Unit.COUNT, "count", id="count"), pytest.param(Unit.DAYS, "days", id="days")],
)
def test_count_and_days_kpis_take_a_single_value_not_a_fraction(unit, name):
    with pytest.raises(ValueError, match=f"A {name} KPI takes a single value"):
        compute_value(unit, 11, 20)


# --- Small cohorts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "denominator", "expected"),
    [
        pytest.param(Unit.PERCENTAGE, 20, D("5"), id="percentage-of-20"),
        pytest.param(Unit.PERCENTAGE, 200, D("0.5"), id="percentage-of-200"),
        pytest.param(Unit.RATE_PER_10000, 2_000, D("5"), id="rate-per-2000"),
        pytest.param(Unit.RATE_PER_10000, 40_000, D("0.25"), id="rate-per-40000"),
    ],
)
def test_points_per_child_is_how_far_one_child_moves_the_figure(unit, denominator, expected):
    assert points_per_child(unit, denominator) == expected


def test_points_per_child_keeps_the_unrounded_share():
    assert points_per_child(Unit.PERCENTAGE, 21).quantize(D("0.01")) == D("4.76")


@pytest.mark.parametrize(
    ("unit", "denominator"),
    [
        pytest.param(Unit.COUNT, 20, id="count"),
        pytest.param(Unit.DAYS, 20, id="days"),
        pytest.param(Unit.PERCENTAGE, None, id="no-denominator"),
        pytest.param(Unit.PERCENTAGE, 0, id="zero-denominator"),
        pytest.param(Unit.RATE_PER_10000, None, id="rate-with-no-denominator"),
    ],
)
def test_no_points_per_child_without_a_fraction(unit, denominator):
    assert points_per_child(unit, denominator) is None
    assert small_cohort_note(unit, denominator) is None


def test_points_per_child_refuses_a_negative_denominator():
    with pytest.raises(ValueError, match="must not be negative"):
        points_per_child(Unit.PERCENTAGE, -20)


@pytest.mark.parametrize(
    ("unit", "denominator", "expected"),
    [
        pytest.param(Unit.PERCENTAGE, 20, "1 child = 5 points", id="percent-exactly-5-points"),
        pytest.param(Unit.PERCENTAGE, 21, None, id="percent-just-under-5-points"),
        pytest.param(Unit.PERCENTAGE, 11, "1 child = 9 points", id="percent-of-11"),
        pytest.param(Unit.PERCENTAGE, 8, "1 child = 13 points", id="percent-12.5-rounds-up"),
        pytest.param(Unit.PERCENTAGE, 1, "1 child = 100 points", id="percent-of-1"),
        pytest.param(Unit.PERCENTAGE, 200, None, id="percent-of-200"),
        pytest.param(Unit.RATE_PER_10000, 2_000, "1 child = 5 per 10,000", id="rate-exactly-5"),
        pytest.param(Unit.RATE_PER_10000, 2_001, None, id="rate-just-under-5"),
        pytest.param(Unit.RATE_PER_10000, 1, "1 child = 10,000 per 10,000", id="rate-per-1"),
    ],
)
def test_small_cohort_note_shows_when_one_child_moves_the_figure_5_points_or_more(
    unit, denominator, expected
):
    assert small_cohort_note(unit, denominator) == expected


# --- Comparisons -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("polarity", "value", "comparator", "better"),
    [
        pytest.param(Polarity.HIGHER, D("58.5"), D("55.0"), True, id="higher-and-above"),
        pytest.param(Polarity.HIGHER, D("53.0"), D("55.0"), False, id="higher-and-below"),
        pytest.param(Polarity.LOWER, D("58.5"), D("55.0"), False, id="lower-and-above"),
        pytest.param(Polarity.LOWER, D("53.0"), D("55.0"), True, id="lower-and-below"),
        pytest.param(Polarity.HIGHER, D("55.0"), D("55.00"), None, id="higher-and-equal"),
        pytest.param(Polarity.LOWER, D("55"), D("55.0"), None, id="lower-and-equal"),
        pytest.param(Polarity.CONTEXT, D("75.3"), D("70.0"), None, id="context-only"),
    ],
)
def test_compare_says_whether_a_figure_is_better_than_its_comparator(
    polarity, value, comparator, better
):
    comparison = compare(value, comparator, polarity=polarity)

    assert comparison.better is better
    assert comparison.difference == value - comparator


def test_compare_difference_is_value_minus_comparator():
    assert compare(D("53.0"), D("55.0"), polarity="higher") == Comparison(
        difference=D("-2.0"), better=False
    )


@pytest.mark.parametrize(
    ("value", "comparator"),
    [
        pytest.param(None, D("55"), id="no-figure"),
        pytest.param(D("55"), None, id="no-comparator"),
    ],
)
def test_no_comparison_without_both_figures(value, comparator):
    assert compare(value, comparator, polarity=Polarity.HIGHER) is None


@pytest.mark.parametrize(
    ("value", "comparator", "unit", "expected"),
    [
        pytest.param(D("58.5"), D("55.0"), Unit.PERCENTAGE, "3.5 above", id="percent-above"),
        pytest.param(D("51.0"), D("55.0"), Unit.PERCENTAGE, "4.0 below", id="percent-below"),
        pytest.param(D("75.3"), D("70"), Unit.RATE_PER_10000, "5.3 above", id="rate-above"),
        pytest.param(D("479"), D("481"), Unit.COUNT, "2 below", id="count-below"),
        pytest.param(D("1481"), D("12"), Unit.COUNT, "1,469 above", id="count-thousands"),
        pytest.param(D("212"), D("200"), Unit.DAYS, "12 above", id="days-above"),
        pytest.param(D("55.0"), D("55.00"), Unit.PERCENTAGE, "the same", id="the-same"),
    ],
)
def test_describe_puts_the_gap_in_words(value, comparator, unit, expected):
    assert compare(value, comparator, polarity=Polarity.HIGHER).describe(unit) == expected


# --- Display ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        pytest.param(D("55.0"), Unit.PERCENTAGE, "55.0%", id="percentage"),
        pytest.param(D("55"), Unit.PERCENTAGE, "55.0%", id="whole-percentage-shows-a-place"),
        pytest.param(D("55.25"), Unit.PERCENTAGE, "55.3%", id="percentage-rounds-half-up"),
        pytest.param(D("100.00"), Unit.PERCENTAGE, "100.0%", id="percentage-all"),
        pytest.param(D("75.3"), Unit.RATE_PER_10000, "75.3 per 10,000", id="rate"),
        pytest.param(D("0.05"), Unit.RATE_PER_10000, "0.1 per 10,000", id="rate-rounds-half-up"),
        pytest.param(D("481"), Unit.COUNT, "481", id="count"),
        pytest.param(D("481.00"), Unit.COUNT, "481", id="count-stored-with-places"),
        pytest.param(D("1234"), Unit.COUNT, "1,234", id="count-thousands"),
        pytest.param(D("0"), Unit.COUNT, "0", id="count-of-none"),
        pytest.param(D("212"), Unit.DAYS, "212 days", id="days"),
        pytest.param(D("212.5"), Unit.DAYS, "213 days", id="days-round-half-up"),
        pytest.param(D("1"), Unit.DAYS, "1 day", id="one-day"),
        pytest.param(D("1500"), Unit.DAYS, "1,500 days", id="days-thousands"),
    ],
)
def test_format_value_prints_the_figure_with_its_unit(value, unit, expected):
    assert format_value(value, unit) == expected


@pytest.mark.parametrize("unit", list(Unit), ids=[unit.value for unit in Unit])
def test_format_value_says_no_figure_when_there_is_none(unit):
    assert format_value(None, unit) == "No figure"


def test_format_value_accepts_the_unit_as_stored():
    assert format_value(D("75.3"), "rate_per_10000") == "75.3 per 10,000"


# --- Choices the models store ----------------------------------------------------------------


def test_choices_store_the_values_and_labels_the_forms_show():
    assert Unit.choices == [
        ("count", "Count"),
        ("percentage", "Percentage"),
        ("rate_per_10000", "Rate per 10,000"),
        ("days", "Days"),
    ]
    assert Polarity.choices == [
        ("higher", "Higher is better"),
        ("lower", "Lower is better"),
        ("context", "Context only"),
    ]
    assert Rag.choices == [("green", "Green"), ("amber", "Amber"), ("red", "Red")]
    assert Direction.choices == [
        ("improved", "Improved"),
        ("worsened", "Worsened"),
        ("unchanged", "Unchanged"),
    ]
