"""The scorecard table: what councillors read, and what `?_export=csv|xlsx` writes."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from cpboard.charts import sparkline
from cpboard.tables import PortalTable
from performance.benchmarks.tables import benchmark_html
from performance.judgement import Direction, Rag, format_value, movement
from performance.models import Comparator, Kpi
from performance.selectors import ScorecardRow

# The arrow shows which way the number moved; the words say whether that is better or worse,
# since for a lower-is-better KPI "down" is the good news.
MOVEMENT_ARROWS = {"up": "↑", "down": "↓", "same": "→"}

RAG_TAGS = {
    Rag.GREEN: "govuk-tag--green",
    Rag.AMBER: "govuk-tag--yellow",
    Rag.RED: "govuk-tag--red",
}


def _figure_html(row: ScorecardRow) -> SafeString:
    # Built with f-strings and escape(): a hundred rows of format_html() calls cost more than
    # the queries behind them.
    figure = row.figure
    if figure is None:
        return mark_safe('<span class="cpb-secondary-text">No approved figure</span>')
    html = f'<span class="cpb-figure">{escape(format_value(figure.value, row.kpi.unit))}</span>'
    if figure.denominator:
        html += f'<span class="cpb-fraction">{figure.numerator:,} of {figure.denominator:,}</span>'
    if figure.quarter != row.quarter:
        html += f'<span class="cpb-fraction">Yearly figure, {figure.quarter}</span>'
    note = row.small_cohort_note
    if note:
        html += f'<span class="cpb-small-cohort">Small group: {escape(note)}</span>'
    return mark_safe(html)


class ScorecardTable(PortalTable):
    kpi = tables.Column(
        verbose_name="KPI", accessor="kpi", order_by=("kpi__code",), exclude_from_export=True
    )
    figure = tables.Column(
        verbose_name="Figure",
        accessor="value",
        orderable=False,
        exclude_from_export=True,
        default="No approved figure",
    )
    target_shown = tables.Column(
        verbose_name="Target", accessor="target__target", orderable=False, exclude_from_export=True
    )
    rating = tables.Column(
        verbose_name="RAG",
        accessor="rag",
        orderable=False,
        exclude_from_export=True,
        default="No rating",
    )
    travel = tables.Column(
        verbose_name="Since last quarter",
        accessor="previous",
        orderable=False,
        exclude_from_export=True,
        default="Not compared",
    )
    trend = tables.Column(
        verbose_name="Last 8 quarters", accessor="trend", orderable=False, exclude_from_export=True
    )
    comparators = tables.Column(
        verbose_name="England, region, neighbours",
        accessor="comparators",
        orderable=False,
        exclude_from_export=True,
    )
    commentary = tables.Column(
        verbose_name="Commentary",
        accessor="figure__commentary",
        orderable=False,
        default="",
    )

    # Export-only columns, named as other tools read them.
    kpi_code = tables.Column(
        accessor="kpi__code", visible=False, verbose_name=mark_safe("kpi_code")
    )
    period = tables.Column(accessor="quarter", visible=False, verbose_name=mark_safe("period"))
    value = tables.Column(accessor="value", visible=False, verbose_name=mark_safe("value"))
    target = tables.Column(
        accessor="target__target", visible=False, verbose_name=mark_safe("target")
    )
    amber_threshold = tables.Column(
        accessor="target__amber_threshold", visible=False, verbose_name=mark_safe("amber_threshold")
    )
    polarity = tables.Column(
        accessor="kpi__polarity", visible=False, verbose_name=mark_safe("polarity")
    )
    rag = tables.Column(accessor="rag", visible=False, verbose_name=mark_safe("rag"))
    direction = tables.Column(
        accessor="direction", visible=False, verbose_name=mark_safe("direction")
    )

    class Meta:
        template_name = "performance/includes/scorecard_table.html"
        empty_text = "No KPIs match these filters."
        sequence = (
            "kpi",
            "figure",
            "target_shown",
            "rating",
            "travel",
            "trend",
            "comparators",
            "kpi_code",
            "period",
            "value",
            "target",
            "amber_threshold",
            "polarity",
            "rag",
            "direction",
            "commentary",
        )

    def __init__(self, *args, plain_titles: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # One reverse() for the table instead of one per row.
        self._kpi_url = reverse("performance:kpi-detail", args=["CODE"]).replace("CODE", "{}")
        # Young people read each KPI by its plain title where it has one.
        self._plain_titles = plain_titles

    def body_rows(self) -> list[SafeString]:
        """Each row's <tr>, in the table's order, its cells from the render_ methods below
        (or the column's default when the value is missing)."""
        columns = [(column.name, column.default) for column in self.columns]
        rows = []
        for row in self.paginated_rows:
            record = row.record
            cells = []
            for name, default in columns:
                value = _CELL_VALUES[name](record)
                if value is None or value == "":
                    cells.append(default or "")
                else:
                    cells.append(
                        getattr(self, f"render_{name}")(**_cell_arguments(name, record, value))
                    )
            # Each cell is escaped once here (render_ methods return safe markup already).
            tds = "".join(
                f'<td class="govuk-table__cell">{conditional_escape(cell)}</td>' for cell in cells
            )
            rows.append(mark_safe(f'<tr class="govuk-table__row">{tds}</tr>'))
        return rows

    def render_kpi(self, record: ScorecardRow):
        kpi = record.kpi
        title = kpi.title_for_young_people if self._plain_titles else kpi.title
        return mark_safe(
            f'<a class="govuk-link" href="{escape(self._kpi_url.format(kpi.code))}">'
            f'{escape(title)}</a><span class="cpb-kpi-code">{escape(kpi.code)} &middot; '
            f"{escape(kpi.subgroup.name)}</span>"
        )

    def render_figure(self, record: ScorecardRow):
        return _figure_html(record)

    def render_commentary(self, value: str):
        # The full commentary is on the KPI page; the table keeps rows short enough to scan.
        return Truncator(value).words(30)

    def render_target_shown(self, record: ScorecardRow):
        return format_value(record.target.target, record.kpi.unit)

    def render_rating(self, record: ScorecardRow):
        rag = Rag(record.rag)
        return mark_safe(f'<strong class="govuk-tag {RAG_TAGS[rag]}">{rag.word}</strong>')

    def render_travel(self, record: ScorecardRow):
        moved = movement(record.value, record.previous.value)
        if moved is None:
            return "Not compared"
        before = format_value(record.previous.value, record.kpi.unit)
        change = (
            "No change from " + before if moved == "same" else f"{moved.capitalize()} from {before}"
        )
        arrow = f'<span aria-hidden="true">{MOVEMENT_ARROWS[moved]}</span>'
        if record.direction is None:
            # Context-only measures move but are not judged better or worse.
            return mark_safe(f'<span class="cpb-direction">{arrow} {escape(change)}</span>')
        phrase = Direction(record.direction).phrase
        if record.kpi.frequency == Kpi.Frequency.ANNUAL:
            phrase = phrase.replace("last quarter", "a year before")
        return mark_safe(
            f'<span class="cpb-direction cpb-direction--{record.direction}">{arrow} '
            f"{escape(change)}: {phrase}</span>"
        )

    def render_trend(self, record: ScorecardRow):
        return sparkline(
            title=record.kpi.title,
            values=record.trend,
            id_prefix=f"spark-{record.kpi.code.lower()}",
            value_format=lambda value: format_value(value, record.kpi.unit),
        )

    def render_comparators(self, record: ScorecardRow):
        if record.benchmark is not None:
            return benchmark_html(record.benchmark)
        unit = record.kpi.unit
        items = []
        for kind in Comparator.Kind:
            published = record.comparators.get(kind)
            if published is None:
                continue
            comparison = record.comparison(kind)
            gap = f", ours {comparison.describe(unit)}" if comparison else ""
            items.append(
                f"<li>{kind.label}: {escape(format_value(published.value, unit))}{escape(gap)}</li>"
            )
        if not items:
            return mark_safe('<span class="cpb-secondary-text">None published</span>')
        return mark_safe(f'<ul class="govuk-list cpb-compact-list">{"".join(items)}</ul>')

    def value_period(self, value):
        return str(value)

    def value_rag(self, value):
        return value or ""

    def value_direction(self, value):
        return value or ""


# What each visible column shows for a row, as the column's accessor reads it.
_CELL_VALUES = {
    "kpi": lambda row: row.kpi,
    "figure": lambda row: row.value,
    "target_shown": lambda row: row.target.target,
    "rating": lambda row: row.rag,
    "travel": lambda row: row.previous,
    "trend": lambda row: row.trend,
    "comparators": lambda row: row.comparators,
    "commentary": lambda row: row.figure.commentary if row.figure else None,
}


def _cell_arguments(name: str, record: ScorecardRow, value) -> dict:
    return {"value": value} if name == "commentary" else {"record": record}
