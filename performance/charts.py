"""The KPI trend chart, drawn from a KPI's figures: the same chart for the page and reports."""

from django.utils.safestring import SafeString

from cpboard.charts import Series, trend_chart
from performance.judgement import format_value
from performance.models import Comparator, Measurement
from performance.selectors import KpiDetail, comparator_for


def kpi_trend_chart(detail: KpiDetail, *, council_name: str) -> SafeString | None:
    """The approved figures over every quarter shown, with the target of each year, the
    comparators in force and a break where the definition changed; None with no figures."""
    kpi = detail.kpi
    if not detail.quarters:
        return None
    labels = [str(q.quarter) for q in detail.quarters]
    approved = [
        q.figure.value if q.figure.status == Measurement.Status.APPROVED else None
        for q in detail.quarters
    ]
    series = [Series(name=council_name, values=approved, style="primary")]
    for style, kind in zip(
        ("comparator-1", "comparator-2", "comparator-3"), Comparator.Kind, strict=True
    ):
        published = [c for c in detail.comparators if c.kind == kind]
        if published:
            values = [comparator_for(published, q.quarter) for q in detail.quarters]
            series.append(Series(name=kind.label, values=values, style=style))
    return trend_chart(
        title=f"{kpi.title}: trend",
        description=(
            f"Approved figures for {kpi.code} from {labels[0]} to {labels[-1]}, with the "
            "target and the published comparators. The same figures are in the table below "
            "the chart."
        ),
        labels=labels,
        series=series,
        target=[q.target.target for q in detail.quarters],
        value_format=lambda value: format_value(value, kpi.unit),
        breaks={i for i, q in enumerate(detail.quarters) if q.definition_changed},
        id_prefix=f"trend-{kpi.code.lower()}",
    )
