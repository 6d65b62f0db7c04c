"""Risk ratings: a likelihood and an impact on the council's scale, written like "BII".

The papers rate risks on a 4 x 4 scale: likelihood A (very likely), B (likely), C (unlikely),
D (rare), and impact I (catastrophic), II (major), III (moderate), IV (minor), so that "BII"
is likely and major. Many councils use a 5 x 5 numeric scale instead; the setting
``RISK_SCALE = "5x5"`` switches to it, and ratings are then written "4x3" (likelihood 4 of 5,
impact 3 of 5, 5 being the most likely and the most severe).

A rating is a value: ``Rating.parse("BII")`` returns one or raises ``RatingError`` with a
message a person can act on. Forms and imports parse with it, so a malformed rating is refused
the same way everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["SCALES", "Rating", "RatingError", "Scale", "current_scale"]


class RatingError(ValueError):
    """Text that is not a rating on the scale; the message names it and says what is expected."""


@dataclass(frozen=True)
class Scale:
    """A risk scale: likelihoods from most to least likely, impacts from most to least severe."""

    key: str
    name: str
    likelihoods: tuple[tuple[str, str], ...]
    """(code, word), most likely first: ("A", "very likely")."""
    impacts: tuple[tuple[str, str], ...]
    """(code, word), most severe first: ("I", "catastrophic")."""
    example: str
    pattern: re.Pattern

    @property
    def size(self) -> int:
        return len(self.likelihoods)

    def likelihood_word(self, code: str) -> str:
        return dict(self.likelihoods)[code]

    def impact_word(self, code: str) -> str:
        return dict(self.impacts)[code]

    def likelihood_rank(self, code: str) -> int:
        """1 for the least likely up to `size` for the most likely."""
        return self.size - [c for c, _ in self.likelihoods].index(code)

    def impact_rank(self, code: str) -> int:
        """1 for the least severe up to `size` for the most severe."""
        return self.size - [c for c, _ in self.impacts].index(code)

    def code(self, likelihood: str, impact: str) -> str:
        if self.key == "5x5":
            return f"{likelihood}x{impact}"
        return f"{likelihood}{impact}"

    @property
    def likelihood_codes(self) -> str:
        codes = [c for c, _ in self.likelihoods]
        return f"{codes[0]} to {codes[-1]}"

    @property
    def impact_codes(self) -> str:
        codes = [c for c, _ in self.impacts]
        return f"{codes[0]} to {codes[-1]}"

    @property
    def legend(self) -> str:
        """As the papers print it under a risk table."""
        likelihood = ", ".join(f"{code} {word}" for code, word in self.likelihoods)
        impact = ", ".join(f"{code} {word}" for code, word in self.impacts)
        return f"Likelihood: {likelihood}. Impact: {impact}."

    @property
    def help_text(self) -> str:
        if self.key == "5x5":
            return (
                "Likelihood 1 to 5, then x, then impact 1 to 5 (5 is the most likely and the "
                f'most severe), as in "{self.example}".'
            )
        return (
            f"Likelihood letter {self.likelihood_codes}, then impact numeral {self.impact_codes}, "
            f'as in "{self.example}" (likely, major).'
        )


SCALES: dict[str, Scale] = {
    "4x4": Scale(
        key="4x4",
        name="4 x 4: likelihood A to D, impact I to IV",
        likelihoods=(("A", "very likely"), ("B", "likely"), ("C", "unlikely"), ("D", "rare")),
        impacts=(
            ("I", "catastrophic"),
            ("II", "major"),
            ("III", "moderate"),
            ("IV", "minor"),
        ),
        example="BII",
        # Impact numerals longest first, so "III" is not read as "II" followed by "I".
        pattern=re.compile(r"(?P<likelihood>[A-D])\s*(?P<impact>IV|III|II|I)"),
    ),
    "5x5": Scale(
        key="5x5",
        name="5 x 5: likelihood 1 to 5, impact 1 to 5",
        likelihoods=(
            ("5", "almost certain"),
            ("4", "likely"),
            ("3", "possible"),
            ("2", "unlikely"),
            ("1", "rare"),
        ),
        impacts=(
            ("5", "catastrophic"),
            ("4", "major"),
            ("3", "moderate"),
            ("2", "minor"),
            ("1", "insignificant"),
        ),
        example="4x3",
        pattern=re.compile(r"(?P<likelihood>[1-5])\s*[xX×]\s*(?P<impact>[1-5])"),  # noqa: RUF001
    ),
}


def current_scale() -> Scale:
    """The scale this council uses: settings.RISK_SCALE, "4x4" unless set."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    key = getattr(settings, "RISK_SCALE", "4x4")
    try:
        return SCALES[key]
    except KeyError:
        raise ImproperlyConfigured(
            f"RISK_SCALE is {key!r}; use one of {', '.join(SCALES)}."
        ) from None


@dataclass(frozen=True)
class Rating:
    """A likelihood and an impact on one scale."""

    likelihood: str
    impact: str
    scale: Scale

    def __post_init__(self) -> None:
        if self.likelihood not in dict(self.scale.likelihoods):
            raise RatingError(
                f'"{self.likelihood}" is not a likelihood on the {self.scale.name} scale: use '
                f"{self.scale.likelihood_codes}."
            )
        if self.impact not in dict(self.scale.impacts):
            raise RatingError(
                f'"{self.impact}" is not an impact on the {self.scale.name} scale: use '
                f"{self.scale.impact_codes}."
            )

    @classmethod
    def parse(cls, text: object, scale: Scale | None = None) -> Rating:
        """The rating written in `text` ("BII", or "4x3" on the 5 x 5 scale). Surrounding
        spaces and lower case are accepted; anything else raises RatingError."""
        scale = scale or current_scale()
        if not isinstance(text, str) or not text.strip():
            raise RatingError(f'Enter a rating such as "{scale.example}". {scale.help_text}')
        stripped = text.strip()
        match = scale.pattern.fullmatch(stripped.upper())
        if match is None:
            raise RatingError(f'"{stripped}" is not a risk rating. {scale.help_text}')
        return cls(match["likelihood"], match["impact"], scale)

    @classmethod
    def of(cls, likelihood: str, impact: str, scale: Scale | None = None) -> Rating | None:
        """The rating stored as two codes, or None when either is blank."""
        if not likelihood or not impact:
            return None
        return cls(likelihood, impact, scale or current_scale())

    @property
    def code(self) -> str:
        return self.scale.code(self.likelihood, self.impact)

    def __str__(self) -> str:
        return self.code

    @property
    def likelihood_word(self) -> str:
        return self.scale.likelihood_word(self.likelihood)

    @property
    def impact_word(self) -> str:
        return self.scale.impact_word(self.impact)

    @property
    def words(self) -> str:
        """ "likely, major": what the code means."""
        return f"{self.likelihood_word}, {self.impact_word}"

    @property
    def score(self) -> int:
        """Likelihood rank times impact rank: 16 is the worst on the 4 x 4 scale, 1 the least."""
        return self.scale.likelihood_rank(self.likelihood) * self.scale.impact_rank(self.impact)

    @property
    def is_high(self) -> bool:
        """In the top half on both axes (A or B likelihood with I or II impact on 4 x 4): what
        the board monitors by exception."""
        half = self.scale.size // 2
        top_likelihoods = {code for code, _ in self.scale.likelihoods[:half]}
        top_impacts = {code for code, _ in self.scale.impacts[:half]}
        return self.likelihood in top_likelihoods and self.impact in top_impacts

    @property
    def level(self) -> str:
        """ "high", "medium" or "low", by score: the colour band of the matrix."""
        top = self.scale.size * self.scale.size
        if self.score >= top * 0.5:
            return "high"
        if self.score >= top * 0.25:
            return "medium"
        return "low"
