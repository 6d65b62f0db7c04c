"""The scorecard table: what councillors read, and what `?_export=csv|xlsx` writes."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from cpboard.charts import sparkline
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


def _figure_html(row: ScorecardRow):
    figure = row.figure
    if figure is None:
        return mark_safe('<span class="cpb-secondary-text">No approved figure</span>')
    parts = [
        format_html('<span class="cpb-figure">{}</span>', format_value(figure.value, row.kpi.unit))
    ]
    if figure.denominator:
        parts.append(
            format_html(
                '<span class="cpb-fraction">{} of {}</span>', figure.numerator, figure.denominator
            )
        )
    if figure.quarter != row.quarter:
        parts.append(
            format_html('<span class="cpb-fraction">Yearly figure, {}</span>', figure.quarter)
        )
    note = row.small_cohort_note
    if note:
        parts.append(format_html('<span class="cpb-small-cohort">Small group: {}</span>', note))
    return format_html_join("", "{}", ((part,) for part in parts))


class ScorecardTable(tables.Table):
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One reverse() for the table instead of one per row.
        self._kpi_url = reverse("performance:kpi-detail", args=["CODE"]).replace("CODE", "{}")

    def render_kpi(self, record: ScorecardRow):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>'
            '<span class="cpb-kpi-code">{} &middot; {}</span>',
            self._kpi_url.format(record.kpi.code),
            record.kpi.title,
            record.kpi.code,
            record.kpi.subgroup.name,
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
        return format_html('<strong class="govuk-tag {}">{}</strong>', RAG_TAGS[rag], rag.word)

    def render_travel(self, record: ScorecardRow):
        moved = movement(record.value, record.previous.value)
        if moved is None:
            return "Not compared"
        before = format_value(record.previous.value, record.kpi.unit)
        change = (
            "No change from " + before if moved == "same" else f"{moved.capitalize()} from {before}"
        )
        if record.direction is None:
            # Context-only measures move but are not judged better or worse.
            return format_html(
                '<span class="cpb-direction"><span aria-hidden="true">{}</span> {}</span>',
                MOVEMENT_ARROWS[moved],
                change,
            )
        phrase = Direction(record.direction).phrase
        if record.kpi.frequency == Kpi.Frequency.ANNUAL:
            phrase = phrase.replace("last quarter", "a year before")
        return format_html(
            '<span class="cpb-direction cpb-direction--{}"><span aria-hidden="true">{}</span> '
            "{}: {}</span>",
            record.direction,
            MOVEMENT_ARROWS[moved],
            change,
            phrase,
        )

    def render_trend(self, record: ScorecardRow):
        return sparkline(
            title=record.kpi.title,
            values=[m.value if m else None for m in record.trend],
            id_prefix=f"spark-{record.kpi.code.lower()}",
            value_format=lambda value: format_value(value, record.kpi.unit),
        )

    def render_comparators(self, record: ScorecardRow):
        items = []
        for kind in Comparator.Kind:
            comparator = record.comparators.get(kind)
            if comparator is None:
                continue
            comparison = record.comparison(kind)
            items.append(
                (
                    kind.label,
                    format_value(comparator.value, record.kpi.unit),
                    f", ours {comparison.describe(record.kpi.unit)}" if comparison else "",
                )
            )
        if not items:
            return mark_safe('<span class="cpb-secondary-text">None published</span>')
        return format_html(
            '<ul class="govuk-list cpb-compact-list">{}</ul>',
            format_html_join("", "<li>{}: {}{}</li>", items),
        )

    def value_period(self, value):
        return str(value)

    def value_rag(self, value):
        return value or ""

    def value_direction(self, value):
        return value or ""
