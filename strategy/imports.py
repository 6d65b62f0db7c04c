"""Loading quarterly risk reviews from a CSV or Excel file.

The whole file is checked before anything is saved: a malformed rating, an unknown risk or a
bad quarter on any line refuses the file, with every problem listed against the line a
spreadsheet shows (the header is line 1), and nothing is saved."""

import datetime
from dataclasses import dataclass

from django.db import transaction

from cpboard import uploads
from cpboard.quarters import FinancialQuarter, QuarterFormatError
from strategy import services
from strategy.models import Risk
from strategy.ratings import Rating, RatingError

REVIEW_COLUMNS = ("risk", "quarter", "reviewed_on", "rating", "note")
MAX_ROWS = 2000
LIMITS = uploads.TableLimits(rows=MAX_ROWS)


@dataclass(frozen=True)
class ImportProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class ReviewImportRefused(Exception):
    """Nothing was saved; `problems` says why, line by line."""

    def __init__(self, problems: list[ImportProblem]):
        self.problems = sorted(problems, key=lambda problem: problem.line)
        super().__init__("; ".join(str(problem) for problem in self.problems))


def _read(file, filename: str) -> list[tuple[int, list[str]]]:
    """Return the file's rows as (line, cell texts) through the kernel's bounded reader."""
    kind = filename.lower().rpartition(".")[2]
    if kind not in ("csv", "xlsx"):
        raise ReviewImportRefused([ImportProblem(0, "Upload a .csv or .xlsx file.")])
    try:
        return list(uploads.read_lines(file, kind, LIMITS))
    except uploads.UploadRefused as refused:
        raise ReviewImportRefused([ImportProblem(refused.line, refused.message)]) from refused


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text[:10])


def import_risk_reviews(file, filename: str, *, user) -> int:
    """Check every row of the file, then save every review in one transaction, or none.
    Returns the number of reviews saved; raises ReviewImportRefused."""
    lines = _read(file, filename)
    headers = [cell.strip().lower() for cell in lines[0][1]] if lines else []
    missing = [column for column in REVIEW_COLUMNS if column not in headers]
    if missing:
        raise ReviewImportRefused(
            [
                ImportProblem(
                    1,
                    "The header row lacks the column(s) " + ", ".join(missing) + ": "
                    "it must name " + ", ".join(REVIEW_COLUMNS) + ".",
                )
            ]
        )
    risks = {risk.reference.upper(): risk for risk in Risk.objects.all()}
    problems: list[ImportProblem] = []
    rows = []
    seen: set[tuple[str, FinancialQuarter]] = set()
    for index, values in lines[1:]:
        row = {h: v.strip() for h, v in zip(headers, values, strict=False)}
        row = {column: row.get(column, "") for column in REVIEW_COLUMNS} | row
        if not any(row.values()):
            continue
        line_problems = []
        risk = risks.get(row["risk"].upper())
        if risk is None:
            line_problems.append(f'There is no risk with the reference "{row["risk"]}".')
        try:
            quarter = FinancialQuarter.parse(row["quarter"])
        except QuarterFormatError as error:
            quarter = None
            line_problems.append(str(error))
        try:
            reviewed_on = _date(row["reviewed_on"])
        except ValueError:
            reviewed_on = None
            line_problems.append(f'"{row["reviewed_on"]}" is not a date: write it as 2025-06-30.')
        try:
            rating = Rating.parse(row["rating"])
        except RatingError as error:
            rating = None
            line_problems.append(str(error))
        if not row["note"]:
            line_problems.append("The note is empty: say what the review found.")
        if risk and quarter:
            if (risk.reference, quarter) in seen:
                line_problems.append(
                    f"{risk.reference} has two reviews for {quarter} in this file."
                )
            seen.add((risk.reference, quarter))
        problems += [ImportProblem(index, message) for message in line_problems]
        if not line_problems:
            rows.append((risk, quarter, reviewed_on, rating, row["note"]))
    if problems:
        raise ReviewImportRefused(problems)
    if not rows:
        raise ReviewImportRefused([ImportProblem(0, "The file has no reviews in it.")])
    with transaction.atomic():
        for risk, quarter, reviewed_on, rating, note in sorted(rows, key=lambda r: (r[0].pk, r[1])):
            services.risk_review_record(
                risk=risk,
                quarter=quarter,
                rating=rating,
                note=note,
                reviewed_by=user,
                reviewed_on=reviewed_on,
            )
    return len(rows)
