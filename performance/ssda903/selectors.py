"""What the SSDA903 pages show, read from the upload records (counts only)."""

from dataclasses import dataclass
from decimal import Decimal

from django.http import QueryDict
from django.utils import timezone

from cpboard.quarters import FinancialQuarter, QuarterFormatError
from performance.judgement import Unit, format_value
from performance.ssda903.measures import MEASURES_BY_CODE, Measure
from performance.ssda903.models import Ssda903Upload

RECENT = 20

FIGURE_OUTCOMES = {
    "entered": "Entered, waiting for sign-off",
    "updated": "Updated, waiting for sign-off",
    "unchanged": "Already waiting for sign-off with this figure",
    "refused": "Not entered",
    "no-measure": "Not entered",
    "approved-differs": "Approved already with a different figure: not changed",
    "approved-same": "Approved already with this figure",
}
"""What became of a KPI's figure, in the order the page lists them."""


def recent_uploads() -> list[Ssda903Upload]:
    """The latest uploads, newest first, with who uploaded them: one query."""
    return list(Ssda903Upload.objects.select_related("uploaded_by")[:RECENT])


def upload_form_initial(query: QueryDict) -> dict:
    """The upload form's starting values: those of an upload being tried again (?quarter=
    &population=&validate=), or the last quarter ended and the last population given."""
    initial: dict = {"run_validation": query.get("validate", "1") == "1"}
    try:
        initial["quarter"] = FinancialQuarter.parse(query["quarter"])
    except (KeyError, QuarterFormatError):
        initial["quarter"] = FinancialQuarter.current(timezone.localdate()).previous()
    population = query.get("population", "")
    if population.isdigit():
        initial["population"] = int(population)
    else:
        last = (
            Ssda903Upload.objects.exclude(population=None)
            .values_list("population", flat=True)
            .first()
        )
        initial["population"] = last
    return initial


def _shown(value: str, unit: str) -> str:
    """A figure as the pages print it ("95.8%", "481"), or as stored for a unit unknown."""
    if not value:
        return ""
    if unit not in Unit.values:
        return value
    return format_value(Decimal(value), unit)


@dataclass(frozen=True)
class MeasureRow:
    measure: Measure
    numerator: int
    denominator: int | None
    value: str


@dataclass(frozen=True)
class UploadPage:
    measures: list[MeasureRow]
    figures: list[dict]
    differing: list[dict]
    waiting: int
    rules: list[dict]


def upload_page(upload: Ssda903Upload) -> UploadPage:
    """The measures with their definitions, what became of each KPI's figure, and the rules
    that found errors, from the upload record alone (no query)."""
    rows = []
    for found in upload.measures:
        measure = MEASURES_BY_CODE.get(found["code"])
        if measure is None:
            continue
        rows.append(
            MeasureRow(
                measure=measure,
                numerator=found["numerator"],
                denominator=found["denominator"],
                value=format_value(Decimal(found["value"]), measure.unit),
            )
        )
    figures = sorted(
        (
            {
                **figure,
                "outcome_label": FIGURE_OUTCOMES.get(figure["outcome"], figure["outcome"]),
                "shown": _shown(figure.get("value", ""), figure.get("unit", "")),
                "approved_shown": _shown(figure.get("approved_value", ""), figure.get("unit", "")),
            }
            for figure in upload.figures
        ),
        key=lambda figure: (list(FIGURE_OUTCOMES).index(figure["outcome"]), figure["kpi"]),
    )
    return UploadPage(
        measures=rows,
        figures=figures,
        differing=[f for f in figures if f["outcome"] == "approved-differs"],
        waiting=sum(f["outcome"] in ("entered", "updated", "unchanged") for f in figures),
        rules=sorted(upload.rule_errors, key=lambda rule: -rule["rows"]),
    )
