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

from cpboard.quarters import FinancialQuarter, FinancialYear
from performance import judgement
from performance.judgement import Direction, Polarity, Unit, format_value
from performance.models import Comparator, Kpi, Measurement
from performance.selectors import ScorecardRow, scorecard
from reports import activity
from reports.models import Report
from strategy.selectors import current_strategy_outcomes, principles_with_outcomes

SNAPSHOT_VERSION = 1
SUPPRESSED_COUNT = "fewer than 5"
SUPPRESSED_SHARE = "not shown: fewer than 5 children"
SMALLEST_SHOWN = 5
# The figures the young people's summary leads with, in this order, when the KPIs exist.
HEADLINE_CODES = (
    "CLA-COUNT",
    "CL-COUNT",
    "CLA-UASC",
    "CLA-STAB-3PL",
    "CLA-RHA",
    "CLA-DENTAL",
    "CLA-PEP",
    "CL-EET",
    "CL-SUIT-ACC",
)

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
) -> dict:
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


def build_snapshot(report: Report, *, as_of: datetime.datetime) -> dict:
    """Everything the report prints, as plain data, for the report's kind, period and
    audience, dated `as_of` (the compile request)."""
    public = report.is_public
    local = timezone.localtime(as_of)
    snapshot: dict = {
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
    }
    if report.kind == Report.Kind.BOARD_PACK:
        quarter = report.quarter
        snapshot["period_label"] = f"{quarter} ({quarter.months_label})"
        snapshot["scorecard"] = scorecard_part(quarter, public=public)
        snapshot["outcomes"] = outcomes_part(snapshot["scorecard"]["rows"])
        snapshot.update(activity.board_pack(quarter, public=public, as_of=local.date()))
    else:
        year = report.financial_year
        snapshot["period_label"] = f"{year} (1 April {year.start_year} to 31 March {year.end.year})"
        year_end = year.quarters()[-1]
        snapshot["scorecard"] = scorecard_part(year_end, public=public, year=year)
        snapshot["outcomes"] = outcomes_part(snapshot["scorecard"]["rows"])
        snapshot["principles"] = principles_part(snapshot["outcomes"])
        snapshot.update(activity.annual(year, public=public, as_of=local.date()))
        actions = snapshot.pop("principle_actions")
        for principle in snapshot["principles"]:
            principle["actions"] = actions.get(principle["number"], 0)
    progress = snapshot.pop("outcome_progress")
    for outcome in snapshot["outcomes"]:
        outcome["progress"] = progress.get(outcome["id"])
    if report.kind == Report.Kind.YOUNG_PEOPLE:
        rows = {row["code"]: row for row in snapshot["scorecard"]["rows"]}
        snapshot["headlines"] = [rows[code] for code in HEADLINE_CODES if code in rows]
    return snapshot


# --- Performance ----------------------------------------------------------------------------


def _row(
    row: ScorecardRow,
    *,
    public: bool,
    denominators: dict,
    outcome_ids: dict,
    comparator_kinds: list,
    window: list[FinancialQuarter],
) -> dict:
    kpi = row.kpi
    suppress = kpi.suppress_small_counts
    fig = row.figure

    def shown(value, quarter=None, measurement=None):
        if measurement is not None:
            return figure(
                measurement.value,
                unit=kpi.unit,
                numerator=measurement.numerator,
                denominator=measurement.denominator,
                suppress_small_counts=suppress,
                public=public,
            )
        return figure(
            value,
            unit=kpi.unit,
            denominator=denominators.get((kpi.pk, quarter)),
            suppress_small_counts=suppress,
            public=public,
        )

    current = shown(None, measurement=fig) if fig else figure(None, unit=kpi.unit)
    previous = shown(None, measurement=row.previous) if row.previous else None
    # Whether the figure improved is itself a hint at a suppressed number only when both are
    # suppressed and equal; the direction word is safe to print.
    direction = row.direction
    target = row.target.target
    return {
        "code": kpi.code,
        "title": kpi.title,
        "group": kpi.subgroup.name,
        "group_slug": kpi.subgroup.slug,
        "outcome_id": outcome_ids.get(kpi.pk),
        "unit": kpi.unit,
        "polarity": kpi.polarity,
        "polarity_label": Polarity(kpi.polarity).label,
        "figure": current,
        "figure_quarter": str(fig.quarter) if fig else None,
        "previous": previous,
        "target": format_value(target, kpi.unit) if target is not None else None,
        "target_value": str(target) if target is not None else None,
        "rag": row.rag.value if row.rag else None,
        "rag_word": row.rag.word if row.rag else None,
        "direction": direction.value if direction else None,
        "direction_phrase": direction.phrase if direction else None,
        "direction_arrow": direction.arrow if direction else None,
        "comparators": [
            {
                "kind": kind.value,
                "label": kind.label,
                "text": format_value(row.comparators[kind.value].value, kpi.unit),
                "value": str(row.comparators[kind.value].value),
                "published_for": row.comparators[kind.value].published_for,
            }
            for kind in comparator_kinds
            if kind.value in row.comparators
        ],
        "commentary": "" if public or fig is None else fig.commentary,
        "small_cohort_note": None if public else row.small_cohort_note,
        "trend": [
            {"quarter": str(quarter), **shown(value, quarter)}
            for quarter, value in zip(window, row.trend, strict=True)
        ],
        "is_context": kpi.polarity == Polarity.CONTEXT,
        "worsened": direction == Direction.WORSENED,
    }


def scorecard_part(
    quarter: FinancialQuarter, *, public: bool, year: FinancialYear | None = None
) -> dict:
    """The KPI scorecard for `quarter` (the year-end quarter of an annual report): every
    active KPI's approved figure, target, RAG, direction, comparators and last eight quarters,
    exceptions (red, or worse than last quarter) listed first."""
    rows = scorecard(quarter)
    window = FinancialQuarter.range(quarter - 7, quarter)
    # Denominators of the trend's figures, so a public trend can hide shares of few children.
    denominators = {
        (kpi_id, q): denominator
        for kpi_id, q, denominator in Measurement.objects.approved()
        .filter(quarter__gte=window[0], quarter__lte=quarter, denominator__isnull=False)
        .values_list("kpi_id", "quarter", "denominator")
    }
    suppress = dict(Kpi.objects.values_list("pk", "suppress_small_counts"))
    outcome_ids = dict(Kpi.objects.values_list("pk", "outcome_id"))
    for row in rows:
        # scorecard() loads only the fields its page shows; these two came in one query each.
        row.kpi.suppress_small_counts = suppress[row.kpi.pk]
    kinds = list(Comparator.Kind)
    shaped = [
        _row(
            row,
            public=public,
            denominators=denominators,
            outcome_ids=outcome_ids,
            comparator_kinds=kinds,
            window=window,
        )
        for row in rows
    ]
    counts = Counter(row["rag"] for row in shaped)
    exceptions = [row for row in shaped if row["rag"] == "red" or row["worsened"]]
    return {
        "quarter": str(quarter),
        "quarter_label": quarter.months_label,
        "year": str(year) if year else str(quarter.financial_year),
        "window": [str(q) for q in window],
        "counts": {
            "green": counts["green"],
            "amber": counts["amber"],
            "red": counts["red"],
            "unrated": counts[None],
        },
        "worsened": sum(1 for row in shaped if row["worsened"]),
        "exception_codes": [row["code"] for row in exceptions],
        "rows": shaped,
    }


def outcomes_part(rows: list[dict]) -> list[dict]:
    """Each outcome of the current strategy with its lead group, principles and how its
    KPIs are doing (counts of green, amber, red)."""
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
            "kpis": {
                rag: by_outcome[outcome.pk][rag] for rag in ("green", "amber", "red", "unrated")
            },
        }
        for outcome in current.outcomes
    ]


def _number(item) -> int:
    return item.number


def principles_part(outcomes: list[dict]) -> list[dict]:
    """Each corporate parenting principle with the outcomes that serve it and their KPIs'
    ratings added up."""
    by_number = {outcome["id"]: outcome for outcome in outcomes}
    shaped = []
    for principle in principles_with_outcomes():
        serving = [by_number[o.pk] for o in principle.current_outcomes if o.pk in by_number]
        totals = Counter()
        for outcome in serving:
            totals.update(outcome["kpis"])
        shaped.append(
            {
                "number": principle.number,
                "title": principle.title,
                "wording": principle.wording,
                "plain_english": principle.plain_english,
                "outcomes": [o["number"] for o in serving],
                "kpis": {rag: totals[rag] for rag in ("green", "amber", "red", "unrated")},
            }
        )
    return shaped
