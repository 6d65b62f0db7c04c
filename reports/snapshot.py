"""The snapshot a report is compiled from: a JSON-serialisable dict of everything printed.

The PDF templates read only the snapshot, and the snapshot is stored beside the file, so a
file can be explained later from the figures it was made of. Everything here is ordered
explicitly and dated by the compile request, so two compiles of unchanged data give the same
snapshot.

Public versions are made safe HERE, not in the templates: every KPI figure passes through
`figure()`, which replaces counts of 1 to 4 and percentages of fewer than 5 children before
they enter the snapshot, and restricted items and officers' free-text commentary are left out.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from cpboard.quarters import FinancialQuarter
from performance import judgement
from performance.benchmarks import SOURCE_LINE
from performance.benchmarks.charts import figure_text
from performance.benchmarks.selectors import Comparison
from performance.judgement import Polarity, Rag, Unit, format_value
from performance.models import SMALLEST_SHOWN, Comparator, Measurement
from performance.selectors import ScorecardRow, ScorecardSummary, scorecard_summary
from reports import activity
from reports.models import Report
from reports.snapshot_types import (
    BenchmarkDict,
    ComparatorDict,
    FigureDict,
    OutcomeDict,
    PlainFigureDict,
    PrincipleDict,
    RagCountsDict,
    ScorecardDict,
    ScorecardRowDict,
    SnapshotDict,
    SurveyDict,
    TrendPointDict,
)
from reports.young_people import plain_figure
from strategy.selectors import current_strategy_outcomes, principles_with_outcomes
from voice.selectors import latest_surveys

SNAPSHOT_VERSION = 1
SUPPRESSED_COUNT = "fewer than 5"
SUPPRESSED_SHARE = "not shown: fewer than 5 children"

PUBLIC_NOTE = (
    "This is the public version. To protect the privacy of children, counts from 1 to 4 are "
    'shown as "fewer than 5", percentages and rates of fewer than 5 children are not shown, '
    "and items the Board treats as restricted, officers' commentary and open challenges are "
    "left out. Board members receive the full version."
)
BOARD_NOTE = (
    "This is the restricted version for members of the Board. It includes small numbers and "
    "restricted items: do not share it outside the Board."
)


def figure(
    value: Decimal | None,
    *,
    unit: str,
    numerator: int | None = None,
    denominator: int | None = None,
    suppress_small_counts: bool = True,
    public: bool = False,
) -> FigureDict:
    """A KPI figure as a report prints it: {"text", "value", "fraction", "suppressed"}.

    In a public report a KPI that suppresses small counts never shows a count from 1 to 4
    (its text is "fewer than 5") nor a percentage or rate worked out from fewer than 5
    children; the number itself is dropped, so no template can print it. Public reports show
    no numerator or denominator at all. `value` is a string of the Decimal, or None."""
    if value is None:
        return {"text": judgement.NO_FIGURE, "value": None, "fraction": "", "suppressed": False}
    if public and suppress_small_counts:
        if unit == Unit.COUNT and 1 <= value < SMALLEST_SHOWN:
            return {"text": SUPPRESSED_COUNT, "value": None, "fraction": "", "suppressed": True}
        if (
            unit in (Unit.PERCENTAGE, Unit.RATE_PER_10000)
            and denominator is not None
            and denominator < SMALLEST_SHOWN
        ):
            return {"text": SUPPRESSED_SHARE, "value": None, "fraction": "", "suppressed": True}
    fraction = ""
    if denominator and numerator is not None and not public:
        fraction = f"{numerator:,} of {denominator:,}"
    return {
        "text": format_value(value, unit),
        "value": str(value),
        "fraction": fraction,
        "suppressed": False,
    }


def build_snapshot(report: Report, *, as_of: datetime.datetime) -> SnapshotDict:
    """Everything the report prints, as plain data, for the report's kind, period and
    audience, dated `as_of` (the compile request)."""
    public = report.is_public
    local = timezone.localtime(as_of)
    if report.kind == Report.Kind.BOARD_PACK:
        quarter = report.quarter
        period_label = f"{quarter} ({quarter.months_label})"
        work = activity.board_pack(quarter, public=public, as_of=local.date())
    else:
        year = report.financial_year
        quarter = year.quarters()[-1]
        period_label = f"{year} (1 April {year.start_year} to 31 March {year.end.year})"
        work = activity.annual(year, public=public, as_of=local.date())
    progress = work.pop("outcome_progress")
    principle_actions = work.pop("principle_actions", None)
    summary = scorecard_summary(quarter)
    shaped = scorecard_part(summary, public=public)
    snapshot: SnapshotDict = {
        "version": SNAPSHOT_VERSION,
        "report": {
            "kind": report.kind,
            "kind_label": report.get_kind_display(),
            "title": report.title,
            "period": str(report.period),
            "audience": report.audience,
            "audience_label": report.get_audience_display(),
            "public": public,
            "council": settings.COUNCIL_NAME,
            "board": settings.BOARD_NAME,
        },
        "as_of": local.isoformat(),
        "as_of_label": f"{local.day} {local:%B %Y}",
        "note": PUBLIC_NOTE if public else BOARD_NOTE,
        "sections": [
            {"key": s.key, "heading": s.heading, "paragraphs": s.paragraphs}
            for s in report.sections.order_by("position")
        ],
        "period_label": period_label,
        "scorecard": shaped,
        "outcomes": outcomes_part(shaped["rows"], progress=progress),
        **work,
    }
    if principle_actions is not None:
        snapshot["principles"] = principles_part(snapshot["outcomes"], actions=principle_actions)
    if report.kind == Report.Kind.YOUNG_PEOPLE:
        by_code = {row["code"]: row for row in shaped["rows"]}
        snapshot["headlines"] = [by_code[row.kpi.code] for row in summary.for_young_people]
        snapshot["plain_figures"] = [
            plain_figure_part(row, suppressed=by_code[row.kpi.code]["figure"]["suppressed"])
            for row in summary.for_young_people
        ]
    if report.kind != Report.Kind.BOARD_PACK:
        snapshot["bright_spots"] = bright_spots_part()
    return snapshot


def plain_figure_part(row: ScorecardRow, *, suppressed: bool) -> PlainFigureDict:
    """A figure in plain words; one hidden from the public (a share of fewer than five
    children) is said to be about a small group, with no number."""
    title = row.kpi.title_for_young_people
    if suppressed:
        text = f"This is about fewer than {SMALLEST_SHOWN} children, so we do not show the number."
    else:
        text = plain_figure(row).text
    return {"code": row.kpi.code, "title": title, "text": text}


def bright_spots_part() -> list[SurveyDict]:
    """The latest run of each Bright Spots survey, in numbers and in plain words."""
    return [
        {
            "kind_label": glance.survey.get_kind_display(),
            "year": glance.survey.year,
            "summary": glance.summary,
            "national_source": glance.survey.national_source,
            "results": [
                {
                    "indicator": line.result.indicator,
                    "in_words": line.in_words,
                    "percent": str(line.result.percent),
                    "national_percent": (
                        None
                        if line.result.national_percent is None
                        else str(line.result.national_percent)
                    ),
                }
                for line in glance.lines
            ],
        }
        for glance in latest_surveys()
    ]


# --- Performance ----------------------------------------------------------------------------


def _measurement_figure(
    row: ScorecardRow, measurement: Measurement | None, *, public: bool
) -> FigureDict:
    if measurement is None:
        return figure(None, unit=row.kpi.unit)
    return figure(
        measurement.value,
        unit=row.kpi.unit,
        numerator=measurement.numerator,
        denominator=measurement.denominator,
        suppress_small_counts=row.kpi.suppress_small_counts,
        public=public,
    )


def _trend(
    row: ScorecardRow, window: list[FinancialQuarter], *, public: bool
) -> list[TrendPointDict]:
    """The last eight quarters' figures, each suppressed as the figure itself would be."""
    return [
        TrendPointDict(
            quarter=str(quarter),
            **figure(
                value,
                unit=row.kpi.unit,
                denominator=denominator,
                suppress_small_counts=row.kpi.suppress_small_counts,
                public=public,
            ),
        )
        for quarter, value, denominator in zip(
            window, row.trend, row.trend_denominators, strict=True
        )
    ]


def _comparators(row: ScorecardRow) -> list[ComparatorDict]:
    """The comparators of the year, in the order of Comparator.Kind."""
    return [
        {
            "kind": kind.value,
            "label": kind.label,
            "text": format_value(published.value, row.kpi.unit),
            "value": str(published.value),
            "published_for": published.published_for,
        }
        for kind in Comparator.Kind
        if (published := row.comparators.get(kind.value)) is not None
    ]


def scorecard_row(
    row: ScorecardRow, window: list[FinancialQuarter], *, public: bool
) -> ScorecardRowDict:
    """One KPI of the scorecard as the report prints it. A public report drops the officer's
    commentary and the small-cohort note, and suppresses small numbers in every figure.
    Whether a figure improved is itself a hint at a suppressed number only when both are
    suppressed and equal; the direction word is safe to print."""
    kpi = row.kpi
    current = row.figure
    target = row.target.target
    direction = row.direction
    trend = _trend(row, window, public=public)
    return {
        "code": kpi.code,
        "title": kpi.title,
        "group": kpi.subgroup.name,
        "group_slug": kpi.subgroup.slug,
        "outcome_id": kpi.outcome_id,
        "unit": kpi.unit,
        "polarity": kpi.polarity,
        "polarity_label": Polarity(kpi.polarity).label,
        "figure": _measurement_figure(row, current, public=public),
        "figure_quarter": str(current.quarter) if current else None,
        "previous": _measurement_figure(row, row.previous, public=public) if row.previous else None,
        "target": format_value(target, kpi.unit) if target is not None else None,
        "target_value": str(target) if target is not None else None,
        "rag": row.rag.value if row.rag else None,
        "rag_word": row.rag.word if row.rag else None,
        "direction": direction.value if direction else None,
        "direction_phrase": direction.phrase if direction else None,
        "direction_arrow": direction.arrow if direction else None,
        "comparators": _comparators(row),
        "commentary": "" if public or current is None else current.commentary,
        "small_cohort_note": None if public else row.small_cohort_note,
        "trend": trend,
        "is_context": kpi.polarity == Polarity.CONTEXT,
        "worsened": row.worsened,
        "benchmark": _benchmark_shown(row.benchmark, window, trend) if row.benchmark else None,
    }


def _dfe_text(found: Comparison, row) -> str:
    if row is None:
        return "no figure"
    if row.value is None:
        return f"{row.symbol} ({row.symbol_meaning})"
    return figure_text(row.value, found.measure.unit)


def _benchmark_shown(
    found: Comparison, window: list[FinancialQuarter], trend: list[TrendPointDict]
) -> BenchmarkDict:
    """How we compare, with a provisional place withheld where the council's own Q4 figure
    it is worked out from is suppressed (a public report, fewer than 5 children): the place
    among the other councils would tell a reader roughly what the figure is."""
    shown = benchmark(found)
    if not found.provisional:
        return shown
    q4 = FinancialQuarter(found.year, 4)
    point = next((p for p, quarter in zip(trend, window, strict=True) if quarter == q4), None)
    if point is not None and not point["suppressed"]:
        return shown
    return {
        **shown,
        "value_text": point["text"] if point is not None else SUPPRESSED_SHARE,
        "rank": None,
        "of": None,
        "quartile": None,
        "rank_words": "Not placed: our figure is not shown",
    }


def benchmark(found: Comparison) -> BenchmarkDict:
    """How we compare, as the report prints it: the council's DfE figure (or its approved
    Q4 figure, provisionally), England, region, neighbours, rank and band."""
    unit = found.measure.unit
    value_text = (
        figure_text(found.value, unit) if found.provisional else _dfe_text(found, found.own)
    )
    return {
        "measure": found.measure.key,
        "measure_name": found.measure.name,
        "year": str(found.financial_year),
        "published_year": str(found.published_financial_year),
        "provisional": found.provisional,
        "value_text": value_text,
        "england_text": _dfe_text(found, found.england),
        "region_name": found.region.name if found.region else "Region",
        "region_text": _dfe_text(found, found.region),
        "london_text": _dfe_text(found, found.london) if found.london else None,
        "neighbours_mean_text": figure_text(found.neighbours_mean, unit)
        if found.neighbours_with_data
        else None,
        "neighbours_median_text": figure_text(found.neighbours_median, unit)
        if found.neighbours_with_data
        else None,
        "neighbours_with_data": found.neighbours_with_data,
        "rank": found.rank,
        "of": found.of,
        "quartile": found.quartile,
        "rank_words": found.rank_words,
    }


def _rag_counts(counts: dict[Rag, int], unrated: int) -> RagCountsDict:
    return {
        "green": counts[Rag.GREEN],
        "amber": counts[Rag.AMBER],
        "red": counts[Rag.RED],
        "unrated": unrated,
    }


def scorecard_part(summary: ScorecardSummary, *, public: bool) -> ScorecardDict:
    """The KPI scorecard of `summary`'s quarter (the year-end quarter of an annual report):
    every active KPI's approved figure, target, RAG, direction, comparators and last eight
    quarters, with the counts and the exceptions (red, or worse than last quarter) as the
    scorecard page and the home page count them."""
    quarter = summary.quarter
    window = FinancialQuarter.range(quarter - 7, quarter)
    shaped: ScorecardDict = {
        "quarter": str(quarter),
        "quarter_label": quarter.months_label,
        "year": str(quarter.financial_year),
        "window": [str(q) for q in window],
        "counts": _rag_counts(summary.counts, summary.unrated),
        "worsened": len(summary.worsened),
        "exception_codes": [row.kpi.code for row in summary.exceptions],
        "rows": [scorecard_row(row, window, public=public) for row in summary.rows],
    }
    if any(row.benchmark for row in summary.rows):
        note = settings.DFE_DEMO_NOTE
        shaped["dfe_source"] = f"{note} {SOURCE_LINE}" if note else SOURCE_LINE
    return shaped


def _counts_by_rag(rags: Counter) -> RagCountsDict:
    return {
        "green": rags["green"],
        "amber": rags["amber"],
        "red": rags["red"],
        "unrated": rags["unrated"],
    }


def outcomes_part(rows: list[ScorecardRowDict], *, progress: dict) -> list[OutcomeDict]:
    """Each outcome of the current strategy with its lead group, principles, how its KPIs
    are doing (counts of green, amber, red) and its progress in the period (`progress`, by
    outcome id, from `reports.activity`)."""
    current = current_strategy_outcomes()
    by_outcome: dict[int, Counter] = defaultdict(Counter)
    for row in rows:
        if row["outcome_id"] is not None:
            by_outcome[row["outcome_id"]][row["rag"] or "unrated"] += 1
    return [
        {
            "id": outcome.pk,
            "number": outcome.number,
            "title": outcome.title,
            "lead_group": outcome.lead_group.name if outcome.lead_group else "",
            "principles": [p.number for p in sorted(outcome.principles.all(), key=_number)],
            "kpis": _counts_by_rag(by_outcome[outcome.pk]),
            "progress": progress.get(outcome.pk),
        }
        for outcome in current.outcomes
    ]


def _number(item) -> int:
    return item.number


def principles_part(outcomes: list[OutcomeDict], *, actions: dict[int, int]) -> list[PrincipleDict]:
    """Each corporate parenting principle with the outcomes that serve it, their KPIs'
    ratings added up and how many actions serve it (`actions`, by principle number)."""
    outcomes_by_id = {outcome["id"]: outcome for outcome in outcomes}
    shaped = []
    for principle in principles_with_outcomes():
        serving = [
            outcomes_by_id[o.pk] for o in principle.current_outcomes if o.pk in outcomes_by_id
        ]
        totals: Counter = Counter()
        for outcome in serving:
            totals.update(outcome["kpis"])
        shaped.append(
            PrincipleDict(
                number=principle.number,
                title=principle.title,
                wording=principle.wording,
                plain_english=principle.plain_english,
                outcomes=[o["number"] for o in serving],
                kpis=_counts_by_rag(totals),
                actions=actions.get(principle.number, 0),
            )
        )
    return shaped
