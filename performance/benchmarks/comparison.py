"""Where a council stands among all councils on one measure in one year: pure arithmetic
over the published figures, so it can be checked by hand.

- rank: 1 is the best by the measure's polarity; councils with the same value share the
  best rank among them (1, 2, 2, 4); only councils with a number are ranked (a symbol is
  never read as zero), and `of` says how many were.
- band: A when rank <= N/4, B when rank <= N/2, C when rank <= 3N/4, D otherwise (A is the
  best quarter); N is the number ranked.
- neighbours: the mean and the median of the neighbours that have a number, and how many.
Context measures (no polarity) get no rank and no band."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from statistics import median

from performance.judgement import Polarity

BANDS = ("A", "B", "C", "D")
BAND_WORDS = {
    "A": "top quarter",
    "B": "second quarter",
    "C": "third quarter",
    "D": "bottom quarter",
}


def rank(value: Decimal, others: Iterable[Decimal], *, polarity: str) -> tuple[int, int]:
    """(rank, of): `value`'s rank among `others` (every council's number, the council's own
    included), 1 being the best, ties sharing the best rank among them."""
    values = list(others)
    if polarity == Polarity.HIGHER:
        better = sum(1 for other in values if other > value)
    elif polarity == Polarity.LOWER:
        better = sum(1 for other in values if other < value)
    else:
        raise ValueError("A context measure has no rank.")
    return better + 1, len(values)


def band(position: int, of: int) -> str:
    """The quartile band of `position` among `of` councils: A (best quarter) to D."""
    # Compared in whole numbers (4 * rank against N) so no rounding decides a boundary.
    if position * 4 <= of:
        return "A"
    if position * 2 <= of:
        return "B"
    if position * 4 <= of * 3:
        return "C"
    return "D"


def mean_and_median(values: Iterable[Decimal]) -> tuple[Decimal | None, Decimal | None, int]:
    """(mean, median, how many) of the numbers given; None and None with none."""
    numbers = list(values)
    if not numbers:
        return None, None, 0
    return sum(numbers) / len(numbers), Decimal(median(numbers)), len(numbers)


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 152nd."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def rank_words(position: int | None, of: int | None, quartile: str | None) -> str:
    """ "34th of 152: second quarter", or "" with no rank."""
    if position is None or of is None or quartile is None:
        return ""
    return f"{ordinal(position)} of {of}: {BAND_WORDS[quartile]}"
