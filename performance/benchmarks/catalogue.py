"""The catalogue of DfE measures a KPI can be compared with, read from catalogue.json.

Each measure has a stable key (what a council's analyst sees in exports and what a KPI is
linked by), DfE's published name, the file and breakdown it is read from, its unit and its
polarity. Context measures (polarity "context") get no rank and no band."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError

from performance.judgement import Polarity

CATALOGUE_FILE = Path(__file__).with_name("catalogue.json")

UNITS = ("count", "percentage", "rate_per_10000", "score", "average")


@dataclass(frozen=True)
class Measure:
    key: str
    name: str
    file: str
    where: dict[str, str]
    value: str
    unit: str
    polarity: str
    numerator: str = ""
    denominator: str = ""
    denominator_where: dict[str, str] = field(default_factory=dict)

    @property
    def is_context(self) -> bool:
        return self.polarity == Polarity.CONTEXT

    @property
    def columns(self) -> set[str]:
        """The columns a file must have for this measure to be read from it."""
        wanted = {self.value, *self.where, *self.denominator_where}
        return wanted | {name for name in (self.numerator, self.denominator) if name}

    def polarity_label(self) -> str:
        return Polarity(self.polarity).label


@cache
def catalogue() -> dict[str, Measure]:
    """Every measure by key, in the file's order."""
    data = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    measures = {}
    for entry in data["measures"]:
        measure = Measure(**entry)
        if measure.unit not in UNITS or measure.polarity not in Polarity.values:
            raise ValueError(
                f"{CATALOGUE_FILE.name}: {measure.key} has an unknown unit or polarity"
            )
        measures[measure.key] = measure
    return measures


def measure(key: str) -> Measure:
    """The measure with this key; KeyError if the catalogue has none."""
    return catalogue()[key]


def choices() -> list[tuple[str, str]]:
    """(key, "key: DfE's name") for a form's select, in the catalogue's order."""
    return [(m.key, f"{m.key}: {m.name}") for m in catalogue().values()]


def validate_measure_key(value: str) -> None:
    """A KPI's link must name a measure of the catalogue (or be blank)."""
    if value and value not in catalogue():
        raise ValidationError(
            f'"{value}" is not a measure of the DfE catalogue. Use one of: '
            f"{', '.join(catalogue())}."
        )
