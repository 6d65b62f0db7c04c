"""What an import reports back: the problems that refused it, or what it saved."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class RowError:
    """One problem with an imported file: the line it is on and what to fix.

    Line 0 means the file as a whole: it cannot be read, or the person may not import it."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class ImportRefused(Exception):
    """An import that saved nothing, with every problem found, in line order."""

    def __init__(self, errors: Iterable[RowError]):
        # A stable sort keeps several problems on one line in the order they were found.
        self.errors = sorted(errors, key=lambda error: error.line)
        super().__init__("; ".join(str(error) for error in self.errors))


@dataclass(frozen=True)
class ImportResult:
    """What an import saved. Rows that matched what was already stored count as unchanged."""

    what: str
    """What was imported, in the plural: "Figures" or "KPIs"."""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    targets_created: int = 0
    targets_updated: int = 0

    def describe(self) -> str:
        """Return the counts in words, e.g. "Figures: 12 created, 3 updated, 0 unchanged."."""
        text = f"{self.what}: {self.created} created, {self.updated} updated, "
        text += f"{self.unchanged} unchanged."
        if self.what == "KPIs":
            text += f" Targets: {self.targets_created} created, {self.targets_updated} updated."
        return text
