"""How we compare in a table cell: the scorecard's comparator column for a linked KPI."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from performance.benchmarks.charts import figure_text
from performance.benchmarks.selectors import Comparison, Row
from performance.templatetags.benchmark_tags import BAND_TAGS


def _figure(row: Row | None, unit: str) -> str:
    if row is None:
        return "no figure"
    if row.value is None:
        return f"{row.symbol} ({row.symbol_meaning})"
    return figure_text(row.value, unit)


def benchmark_html(found: Comparison) -> SafeString:
    """England, region, neighbours' mean and median and the band, from DfE's figures."""
    unit = found.measure.unit
    items = [
        f"England: {_figure(found.england, unit)}",
        f"{found.region.name if found.region else 'Region'}: {_figure(found.region, unit)}",
    ]
    if found.london:
        items.append(f"London: {_figure(found.london, unit)}")
    if found.neighbours_with_data:
        items.append(
            f"Neighbours: mean {figure_text(found.neighbours_mean, unit)}, median "
            f"{figure_text(found.neighbours_median, unit)}"
        )
    html = "".join(f"<li>{escape(item)}</li>" for item in items)
    year = f"DfE {found.published_financial_year}"
    if found.rank is not None:
        provisional = " (provisional)" if found.provisional else ""
        html += (
            f'<li><strong class="govuk-tag {BAND_TAGS[found.quartile]}">Band {found.quartile}'
            f"</strong> {escape(found.rank_words)}{provisional}</li>"
        )
    return mark_safe(
        f'<ul class="govuk-list cpb-compact-list">{html}</ul>'
        f'<span class="cpb-fraction">{escape(year)}</span>'
    )
