"""Figures told in plain words, for young people's pages and their summary: sentences made
from approved figures, small groups in words, never a bare percentage.

"Out of every 100 children in care, 73 had a dental check." reads well only when the title
can be split; the portal does not guess at grammar, so a figure is told after the KPI's plain
title: "Children in care who had a dental check: 73 out of every 100. The board wants it to be
80." Works on plain values, so the live page (performance.selectors.ScorecardRow) and the
compiled summary (its snapshot) say the same thing."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from cpboard.plain import PLAIN_WORDS
from performance.models import SMALLEST_SHOWN

__all__ = ["PLAIN_WORDS", "count_in_words", "figure_in_words", "survey_in_words"]


_WORDS = {
    0: "none",
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
}


def whole(value: Decimal | float | int) -> int:
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def count_in_words(value: Decimal | float | int) -> str:
    """A count as young people's pages write it: "fewer than 5" for 1 to 4, words up to ten,
    figures with commas above."""
    number = whole(value)
    if 0 < number < SMALLEST_SHOWN:
        return f"fewer than {SMALLEST_SHOWN}"
    if number in _WORDS:
        return _WORDS[number]
    return f"{number:,}"


@dataclass(frozen=True)
class PlainFigure:
    """One figure told in plain words: a heading (the plain title) and its sentences."""

    title: str
    sentences: list[str]

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


def figure_in_words(
    *,
    title: str,
    unit: str,
    value: Decimal | float | int | None,
    numerator: int | None = None,
    target: Decimal | float | int | None = None,
    polarity: str = "context",
    rag: str | None = None,
    direction: str | None = None,
) -> PlainFigure:
    """The sentences that tell one approved figure: what it is, what the Board wants it to
    be, and whether it got better."""
    if value is None:
        return PlainFigure(title, ["We do not have this number yet."])
    sentences = []
    if unit == "percentage":
        if numerator is not None and 0 < numerator < SMALLEST_SHOWN:
            sentences.append(f"This was true for fewer than {SMALLEST_SHOWN} children.")
        else:
            sentences.append(f"It was {whole(value)} out of every 100.")
    elif unit == "rate_per_10000":
        sentences.append(f"It was {whole(value)} out of every 10,000 children who live here.")
    elif unit == "days":
        sentences.append(f"It took {count_in_words(value)} days on average.")
    else:
        sentences.append(f"The number was {count_in_words(value)}.")
    if target is not None and polarity in ("higher", "lower"):
        wanted = whole(target)
        if unit == "percentage":
            goal = f"{wanted} out of every 100"
        elif unit == "days":
            goal = f"{wanted} days"
        else:
            goal = count_in_words(target)
        more = "or more" if polarity == "higher" else "or less"
        sentences.append(f"The board wants it to be {goal} {more}.")
        sentences.append(
            {
                "green": "We got there.",
                "amber": "We are nearly there.",
                "red": "We are not there yet.",
            }.get(rag or "", "")
        )
    if direction == "improved":
        sentences.append("It is better than last time.")
    elif direction == "worsened":
        sentences.append("It is worse than last time.")
    return PlainFigure(title, [sentence for sentence in sentences if sentence])


def survey_in_words(*, said: str, percent, national_percent, who: str) -> str:
    """One Bright Spots indicator: "Out of every 100 who answered, 83 said they trust their
    social worker. In all of England, it was 85." """
    sentence = f"Out of every 100 who answered, {whole(percent)} said they {said}."
    if national_percent is not None:
        sentence += f" In all of England, it was {whole(national_percent)}."
    return sentence
