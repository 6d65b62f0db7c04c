"""The home page: how the children the council looks after are doing, at a glance, and for
the people who keep the board's records, what is waiting for them.

Everything here is read through the other apps' selectors, which the compiled reports use
too, so the dashboard and the board pack cannot disagree.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cpboard.quarters import FinancialQuarter
from cpboard.roles import Capability, UserLike, can
from performance import selectors as performance
from performance.judgement import Direction, Rag
from performance.selectors import ScorecardRow
from reports.selectors import HomeOverview, home_overview


@dataclass(frozen=True)
class PerformanceGlance:
    """The latest approved quarter in a few numbers."""

    quarter: FinancialQuarter | None
    headlines: list[ScorecardRow]
    """The contextual figures a councillor asks first (settings.HEADLINE_KPIS, in order)."""
    counts: dict[str, int]
    """KPIs rated green, amber and red this quarter, by Rag value."""
    worsened: list[ScorecardRow]
    """KPIs with a target whose figure is worse than last quarter, red ones first."""

    @property
    def rated(self) -> int:
        return sum(self.counts.values())


def performance_glance(quarter: FinancialQuarter | None = None) -> PerformanceGlance:
    """The headline figures, the RAG counts and the KPIs that got worse for `quarter` (the
    latest approved one by default). Six queries: the quarter, then the scorecard's five."""
    quarter = quarter or performance.latest_approved_quarter()
    if quarter is None:
        return PerformanceGlance(quarter=None, headlines=[], counts={}, worsened=[])
    rows = performance.scorecard(quarter)
    by_code = {row.kpi.code: row for row in rows}
    headlines = [
        by_code[code] for code in settings.HEADLINE_KPIS if code in by_code and by_code[code].figure
    ]
    counts = {rag.value: sum(1 for row in rows if row.rag == rag) for rag in Rag}
    severity = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2}
    worsened = sorted(
        (row for row in rows if row.rag and row.direction == Direction.WORSENED),
        key=lambda row: (severity[Rag(row.rag)], row.kpi.code),
    )
    return PerformanceGlance(quarter=quarter, headlines=headlines, counts=counts, worsened=worsened)


@dataclass(frozen=True)
class ToDo:
    """One thing waiting for the signed-in person, with where to do it."""

    what: str
    href: str
    due: datetime.date | None = None
    detail: str = ""

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.localdate()


@dataclass
class ToDoList:
    """What the person must do, in the order they would do it. `applies` is false for people
    whose roles give them nothing to do here (councillors, young people)."""

    applies: bool
    items: list[ToDo] = field(default_factory=list)


def _figures_to_do(user: UserLike) -> list[ToDo]:
    items = []
    if can(user, Capability.ENTER_FIGURES):
        every_kpi = can(user, Capability.ENTER_ANY_FIGURE)
        for progress in performance.collection_overview(user=user, every_kpi=every_kpi):
            if not progress.owed:
                continue
            collection_round = progress.collection_round
            plural = "s" if progress.owed != 1 else ""
            items.append(
                ToDo(
                    what=f"Enter {progress.owed} figure{plural} for {collection_round.quarter}",
                    detail="Across all KPIs" if every_kpi else "For the KPIs you own",
                    href=reverse("performance:entry-index"),
                    due=collection_round.due_on,
                )
            )
    if can(user, Capability.APPROVE_FIGURES):
        waiting = performance.figures_awaiting_sign_off()
        if waiting:
            plural = "s" if len(waiting) != 1 else ""
            items.append(
                ToDo(
                    what=f"Sign off {len(waiting)} submitted figure{plural}",
                    href=reverse("performance:review"),
                    detail=f"Oldest: {waiting[0].kpi.code}, {waiting[0].quarter}",
                )
            )
    return items


_WORK_CAPABILITIES = (
    Capability.ENTER_FIGURES,
    Capability.APPROVE_FIGURES,
    Capability.UPDATE_OWN_ITEMS,
    Capability.RUN_MEETINGS,
    Capability.COMPILE_REPORTS,
)


def to_do_for(user: UserLike) -> ToDoList:
    """What is waiting for this person: figures owed or to sign off."""
    if not any(can(user, capability) for capability in _WORK_CAPABILITIES):
        return ToDoList(applies=False)
    return ToDoList(applies=True, items=_figures_to_do(user))


@dataclass(frozen=True)
class HomeDashboard:
    overview: HomeOverview
    performance: PerformanceGlance
    to_do: ToDoList


def home_dashboard(user: UserLike) -> HomeDashboard:
    """Everything the home page shows to this person."""
    return HomeDashboard(
        overview=home_overview(),
        performance=performance_glance(),
        to_do=to_do_for(user),
    )
