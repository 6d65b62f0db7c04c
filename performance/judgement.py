"""How a KPI figure is judged: RAG rating, direction of travel, comparisons and display.

Every page, export and compiled report that rates or prints a KPI figure goes through these
functions, so the dashboard and the board pack can never disagree. They are pure functions on
``Decimal`` values and touch no database: the models, selectors and templates pass values in.

The words beside each colour and arrow are here too, because a colour or an arrow on its own
fails WCAG 2.2 (1.4.1 Use of colour) and cannot be read in a black-and-white printout.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Literal

from django.db import models

__all__ = [
    "SMALL_COHORT_POINTS",
    "Comparison",
    "Direction",
    "Movement",
    "Polarity",
    "Rag",
    "Unit",
    "compare",
    "compute_value",
    "direction",
    "format_value",
    "movement",
    "points_per_child",
    "rag",
    "small_cohort_note",
]

# When one child moves a figure by this many points (or per 10,000) or more, a page warns the
# reader, because a big swing in a small cohort may be one child's story, not a trend.
SMALL_COHORT_POINTS = Decimal(5)

NO_FIGURE = "No figure"

_ONE_PLACE = Decimal("0.1")
_WHOLE = Decimal(1)


class Unit(models.TextChoices):
    COUNT = "count", "Count"
    PERCENTAGE = "percentage", "Percentage"
    RATE_PER_10000 = "rate_per_10000", "Rate per 10,000"
    DAYS = "days", "Days"


class Polarity(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"
    CONTEXT = "context", "Context only"


class Rag(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"

    @property
    def word(self) -> str:
        """Return the plain words a page shows beside the colour, e.g. "On target"."""
        return _RAG_WORDS[self]


# Outside the class: a dict in an enum's body would itself become a member.
_RAG_WORDS = {
    Rag.GREEN: "On target",
    Rag.AMBER: "Close to target",
    Rag.RED: "Off target",
}


class Direction(models.TextChoices):
    """Whether a figure got better or worse since last quarter, allowing for its polarity.

    Better is not the same as up: for a lower-is-better KPI an improvement is a fall. The
    arrow shows better or worse; use ``movement()`` to say whether the number rose or fell.
    """

    IMPROVED = "improved", "Improved"
    WORSENED = "worsened", "Worsened"
    UNCHANGED = "unchanged", "Unchanged"

    @property
    def phrase(self) -> str:
        """Return the words a page shows beside the arrow, e.g. "better than last quarter"."""
        return _DIRECTION_PHRASES[self]

    @property
    def arrow(self) -> str:
        """Return the arrow character for this direction: ↑ improved, ↓ worsened, → unchanged.

        Pages mark the arrow aria-hidden and show ``phrase`` beside it.
        """
        return _DIRECTION_ARROWS[self]


_DIRECTION_PHRASES = {
    Direction.IMPROVED: "better than last quarter",
    Direction.WORSENED: "worse than last quarter",
    Direction.UNCHANGED: "the same as last quarter",
}

# Plain arrows rather than ▲ ▼ ▶: U+25B6 ▶ has an emoji form that some phones and PDF fonts
# draw as a coloured button.
_DIRECTION_ARROWS = {
    Direction.IMPROVED: "↑",
    Direction.WORSENED: "↓",
    Direction.UNCHANGED: "→",
}

Movement = Literal["up", "down", "same"]


def rag(
    value: Decimal | None,
    *,
    polarity: Polarity | str,
    target: Decimal | None,
    amber_threshold: Decimal | None,
) -> Rag | None:
    """Return the RAG rating of ``value`` against the target, or None when it has none.

    None for a context-only KPI, a KPI with no target, or a missing value. Green meets or beats
    the target; amber falls short of it but is no worse than ``amber_threshold``, the worst
    value still counted amber; anything worse is red. A figure exactly on the target is green
    and one exactly on the threshold is amber. With no amber threshold, anything short of the
    target is red.

    Raises ValueError when the amber threshold is on the wrong side of the target for the
    polarity, even when there is no value yet, so a bad target is caught when it is set.
    """
    polarity = Polarity(polarity)
    if polarity == Polarity.CONTEXT or target is None:
        return None
    _check_amber_threshold(polarity=polarity, target=target, amber_threshold=amber_threshold)
    if value is None:
        return None

    # Flip lower-is-better figures so one set of comparisons serves both polarities.
    sign = 1 if polarity == Polarity.HIGHER else -1
    if sign * value >= sign * target:
        return Rag.GREEN
    if amber_threshold is not None and sign * value >= sign * amber_threshold:
        return Rag.AMBER
    return Rag.RED


def _check_amber_threshold(
    *, polarity: Polarity, target: Decimal, amber_threshold: Decimal | None
) -> None:
    """Raise ValueError if the amber threshold is better than the target for ``polarity``."""
    if amber_threshold is None:
        return
    # A threshold equal to the target is allowed: it means there is no amber band.
    if polarity == Polarity.HIGHER and amber_threshold > target:
        raise ValueError(
            f"The amber threshold ({amber_threshold}) is above the target ({target}), but "
            "higher is better for this KPI: the amber threshold is the worst value still "
            "counted amber, so it must be at or below the target."
        )
    if polarity == Polarity.LOWER and amber_threshold < target:
        raise ValueError(
            f"The amber threshold ({amber_threshold}) is below the target ({target}), but "
            "lower is better for this KPI: the amber threshold is the worst value still "
            "counted amber, so it must be at or above the target."
        )


def direction(
    current: Decimal | None, previous: Decimal | None, *, polarity: Polarity | str
) -> Direction | None:
    """Return whether ``current`` is better, worse or the same as ``previous``.

    None for a context-only KPI or when either figure is missing. Figures are compared as
    stored, so 55.0 and 55.00 are the same.
    """
    polarity = Polarity(polarity)
    if polarity == Polarity.CONTEXT or current is None or previous is None:
        return None
    if current == previous:
        return Direction.UNCHANGED
    went_up = current > previous
    if went_up == (polarity == Polarity.HIGHER):
        return Direction.IMPROVED
    return Direction.WORSENED


def movement(current: Decimal | None, previous: Decimal | None) -> Movement | None:
    """Return "up", "down" or "same" for the number itself, whatever the polarity.

    None when either figure is missing. With ``direction()`` a page can say "down from 12 to
    9, better than last quarter".
    """
    if current is None or previous is None:
        return None
    if current > previous:
        return "up"
    if current < previous:
        return "down"
    return "same"


def compute_value(
    unit: Unit | str, numerator: int | Decimal, denominator: int | Decimal
) -> Decimal:
    """Return a percentage or rate per 10,000 from its numerator and denominator.

    The result is rounded half up to one decimal place, as published figures are. Raises
    ValueError for a count or days KPI (which takes a single value), a denominator of 0, a
    negative numerator or denominator, or a percentage whose numerator exceeds its denominator.
    """
    unit = Unit(unit)
    if unit not in (Unit.PERCENTAGE, Unit.RATE_PER_10000):
        raise ValueError(
            f"A {unit.label.lower()} KPI takes a single value, not a numerator and a denominator."
        )
    if denominator == 0:
        raise ValueError(
            f"Cannot work out a {unit.label.lower()} from a denominator of 0: the denominator is "
            "the number of children the figure is out of, so it must be more than 0."
        )
    if numerator < 0 or denominator < 0:
        raise ValueError(
            f"The numerator ({numerator}) and denominator ({denominator}) must not be negative: "
            "they count children."
        )
    # A percentage is a share of a cohort, so more than the whole means the two were swapped or
    # mistyped. A rate counts against a population and has no such limit here.
    if unit == Unit.PERCENTAGE and numerator > denominator:
        raise ValueError(
            f"The numerator ({numerator}) is more than the denominator ({denominator}): a "
            "percentage counts some of the children in the denominator."
        )
    # Fraction keeps the division exact, so a figure exactly half-way (1 of 16 is 6.25%)
    # rounds up whatever the current decimal context's precision or rounding mode.
    exact = Fraction(numerator) * _scale(unit) / Fraction(denominator)
    tenths = int(exact * 10 + Fraction(1, 2))  # int() floors, as exact is not negative
    return Decimal(tenths).scaleb(-1)


def _scale(unit: Unit) -> int:
    """Return what a fraction is multiplied by for ``unit``: 100 or 10,000."""
    return 100 if unit == Unit.PERCENTAGE else 10_000


def points_per_child(unit: Unit | str, denominator: int | Decimal | None) -> Decimal | None:
    """Return how far one child moves the figure: 100/denominator or 10,000/denominator.

    In percentage points for a percentage, per 10,000 for a rate. None for a count or days
    KPI, or when the denominator is missing or 0. Raises ValueError for a negative denominator.
    """
    unit = Unit(unit)
    if unit not in (Unit.PERCENTAGE, Unit.RATE_PER_10000) or not denominator:
        return None
    if denominator < 0:
        raise ValueError(f"The denominator ({denominator}) must not be negative.")
    return Decimal(_scale(unit)) / Decimal(denominator)


def small_cohort_note(unit: Unit | str, denominator: int | Decimal | None) -> str | None:
    """Return a note such as "1 child = 9 points" when one child moves the figure by 5 or more.

    For a rate the note reads "1 child = 5 per 10,000". None when one child moves the figure by
    less than 5, and whenever ``points_per_child`` is None.
    """
    points = points_per_child(unit, denominator)
    if points is None or points < SMALL_COHORT_POINTS:
        return None
    whole = max(_WHOLE, points.quantize(_WHOLE, rounding=ROUND_HALF_UP))
    if Unit(unit) == Unit.PERCENTAGE:
        return f"1 child = {whole:,} points"
    return f"1 child = {whole:,} per 10,000"


@dataclass(frozen=True)
class Comparison:
    """A figure set against a comparator (England, region, statistical neighbours, target)."""

    # value - comparator, so positive means the figure is above the comparator.
    difference: Decimal
    # None when the figures are equal or the KPI is context only: neither better nor worse.
    better: bool | None

    def describe(self, unit: Unit | str) -> str:
        """Return the gap in words, e.g. "3.5 above", "2 below" or "the same"."""
        if self.difference == 0:
            return "the same"
        side = "above" if self.difference > 0 else "below"
        return f"{_format_number(abs(self.difference), Unit(unit))} {side}"


def compare(
    value: Decimal | None, comparator: Decimal | None, *, polarity: Polarity | str
) -> Comparison | None:
    """Return how ``value`` compares with ``comparator``, or None when either is missing."""
    polarity = Polarity(polarity)
    if value is None or comparator is None:
        return None
    difference = value - comparator
    better: bool | None
    if polarity == Polarity.CONTEXT or difference == 0:
        better = None
    else:
        better = (difference > 0) == (polarity == Polarity.HIGHER)
    return Comparison(difference=difference, better=better)


def format_value(value: Decimal | None, unit: Unit | str) -> str:
    """Return the figure as a page prints it: "55.0%", "75.3 per 10,000", "481", "212 days".

    Percentages and rates show one decimal place; counts and days show whole numbers, all
    rounded half up. Large numbers get thousands separators. A missing value is "No figure".
    """
    if value is None:
        return NO_FIGURE
    unit = Unit(unit)
    number = _format_number(value, unit)
    if unit == Unit.PERCENTAGE:
        return f"{number}%"
    if unit == Unit.RATE_PER_10000:
        return f"{number} per 10,000"
    if unit == Unit.DAYS:
        return "1 day" if number == "1" else f"{number} days"
    return number


def _format_number(value: Decimal, unit: Unit) -> str:
    """Return ``value`` rounded half up for ``unit``, with thousands separators."""
    places = _ONE_PLACE if unit in (Unit.PERCENTAGE, Unit.RATE_PER_10000) else _WHOLE
    # Round here: format() on a Decimal rounds half to even, which would print 0.25 as "0.2".
    rounded = Decimal(value).quantize(places, rounding=ROUND_HALF_UP)
    return f"{rounded:,}"
