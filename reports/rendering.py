"""Turning a report's snapshot into HTML with the project's templates, and HTML into a tagged
PDF with WeasyPrint.

The templates read only the snapshot. Charts are drawn here, from the snapshot's (already
suppressed) figures, as inline SVG: WeasyPrint tags each as a Figure whose alternative text is
the SVG's <title>.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from cpboard.charts import Series, trend_chart
from performance.judgement import format_value

# WeasyPrint logs every layout step at INFO; a compile's own steps are on the report's row.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

TEMPLATES = {
    "board_pack": "reports/pdf/board_pack.html",
    "annual": "reports/pdf/annual.html",
    "young_people": "reports/pdf/young_people.html",
}
STYLESHEET = Path(settings.BASE_DIR) / "templates" / "reports" / "pdf" / "print.css"
COMPARATOR_STYLES = {
    "england": "comparator-1",
    "region": "comparator-2",
    "neighbours": "comparator-3",
}


@dataclass
class Timings:
    """Where a compile spends its time, for the benchmark."""

    steps: dict[str, float] = field(default_factory=dict)

    def add(self, name: str, seconds: float) -> None:
        self.steps[name] = self.steps.get(name, 0.0) + seconds


def chart_for(row: dict) -> SafeString | None:
    """The trend chart of one scorecard row of the snapshot: the council's figures over the
    eight quarters, the target and the comparators of the year. None with no figure shown."""
    values = [Decimal(point["value"]) if point["value"] else None for point in row["trend"]]
    if not any(value is not None for value in values):
        return None
    labels = [point["quarter"] for point in row["trend"]]
    series = [Series(name=row["council"], values=values, style="primary")]
    for comparator in row["comparators"]:
        value = Decimal(comparator["value"])
        series.append(
            Series(
                name=comparator["label"],
                values=[value] * len(labels),
                style=COMPARATOR_STYLES[comparator["kind"]],
            )
        )
    target = Decimal(row["target_value"]) if row["target_value"] else None
    unit = row["unit"]
    return trend_chart(
        title=f"{row['title']}: trend",
        description=(
            f"{row['code']} from {labels[0]} to {labels[-1]}"
            + (f", against a target of {row['target']}" if row["target"] else "")
            + ". The figures are in the table beside the chart."
        ),
        labels=labels,
        series=series,
        target=[target] * len(labels) if target is not None else None,
        value_format=lambda value: format_value(value, unit),
        id_prefix=f"trend-{row['code'].lower()}",
    )


def render_html(snapshot: dict) -> str:
    """The report's HTML, from its snapshot alone."""
    council = snapshot["report"]["council"]
    kind = snapshot["report"]["kind"]
    scorecard = snapshot["scorecard"]
    if kind == "board_pack":
        # The pack charts its exceptions; the annual report every KPI.
        charted = [row for row in scorecard["rows"] if row["code"] in scorecard["exception_codes"]]
    elif kind == "annual":
        charted = scorecard["rows"]
    else:
        charted = []
    charts = []
    for row in charted:
        chart = chart_for({**row, "council": council})
        if chart is not None:
            charts.append({"row": row, "chart": chart})
    exceptions = [row for row in scorecard["rows"] if row["code"] in scorecard["exception_codes"]]
    css = STYLESHEET.read_text(encoding="utf-8")
    return render_to_string(
        TEMPLATES[kind],
        {"s": snapshot, "charts": charts, "exceptions": exceptions, "css": css},
    )


def write_pdf(html: str, target: Path, timings: Timings | None = None) -> int:
    """Write `html` as a tagged PDF (PDF/UA-1) to `target`; return the number of pages."""
    # Imported here: WeasyPrint takes a second to import, and only compiles need it.
    from weasyprint import HTML

    started = time.perf_counter()
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(pdf_variant="pdf/ua-1")
    document.write_pdf(target, pdf_variant="pdf/ua-1")
    if timings is not None:
        timings.add("weasyprint", time.perf_counter() - started)
    return len(document.pages)
