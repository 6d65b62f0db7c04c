"""The home page: how the children the council looks after are doing, at a glance, and for
the people who keep the board's records, what is waiting for them.

Everything here is read through the other apps' selectors, which the compiled reports use
too, so the dashboard and the board pack cannot disagree.
"""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from cpboard.quarters import FinancialQuarter
from cpboard.roles import Capability, UserLike, can
from performance import selectors as performance
from performance.selectors import ScorecardSummary
from reports.models import Report
from strategy import selectors as strategy
from strategy.charts import risk_matrix_svg
from strategy.models import Status, Strategy
from strategy.selectors import OutcomeProgress, RiskRegister, RiskRow
from subgroups import selectors as board
from subgroups.models import BoardGroup, Challenge, Meeting, YouSaidWeDid

TOP_RISKS_ON_HOME = 5
"""How many of the highest-rated risks the home page lists beside the matrix."""
YOU_SAID_ON_HOME = 3
"""How many "You said, we did" entries the home page shows; the page of them has the rest."""


@dataclass(frozen=True)
class WorkItem:
    """One thing waiting for the signed-in person, with where to do it."""

    what: str
    href: str
    due: datetime.date | None = None
    detail: str = ""

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.localdate()


@dataclass
class WorkList:
    """What the person must do, in the order they would do it. `applies` is false for people
    whose roles give them nothing to do here (councillors, young people)."""

    applies: bool
    items: list[WorkItem] = field(default_factory=list)


def _figures_work(user: UserLike) -> list[WorkItem]:
    items = []
    if can(user, Capability.ENTER_FIGURES):
        every_kpi = can(user, Capability.ENTER_ANY_FIGURE)
        for progress in performance.collection_overview(user=user, every_kpi=every_kpi):
            if not progress.owed:
                continue
            collection_round = progress.collection_round
            plural = "s" if progress.owed != 1 else ""
            items.append(
                WorkItem(
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
                WorkItem(
                    what=f"Sign off {len(waiting)} submitted figure{plural}",
                    href=reverse("performance:review"),
                    detail=f"Oldest: {waiting[0].kpi.code}, {waiting[0].quarter}",
                )
            )
    return items


def _strategy_work(user: UserLike) -> list[WorkItem]:
    if not can(user, Capability.UPDATE_OWN_ITEMS):
        return []
    items = [
        WorkItem(
            what=f"Update {action.reference}: {action.title}",
            href=action.get_absolute_url(),
            due=action.due_on,
            detail=f"Outcome {action.outcome.number}" if action.outcome_id else "",
        )
        for action in strategy.actions_due_for(user)
    ]
    for risk in strategy.risks_to_review_for(user):
        flagged = risk.rerating_flagged_on is not None
        items.append(
            WorkItem(
                what=f"{'Re-rate' if flagged else 'Review'} risk {risk.reference}: {risk.title}",
                href=risk.get_absolute_url(),
                due=risk.review_on,
                detail=risk.rerating_reason if flagged else "",
            )
        )
    return items


def _meeting_work(user: UserLike) -> list[WorkItem]:
    items = [
        WorkItem(
            what=f"Action from {action.group.name}: {action.description}",
            href=action.get_absolute_url(),
            due=action.due_on,
        )
        for action in board.actions_owed_by(user)
    ]
    challenges = Challenge.objects.open().filter(owner=user).select_related("group")
    items += [
        WorkItem(
            what=f"Answer the challenge about {challenge.subject_label}",
            href=challenge.get_absolute_url(),
            due=challenge.due_on,
            detail=f"Raised at the {challenge.group.name}",
        )
        for challenge in challenges.order_by("due_on", "pk")
    ]
    owed = reverse("subgroups:papers-owed")
    items += [
        WorkItem(
            what=f"Paper for {planned.planned_meeting.group.name}: {planned.title}",
            href=owed,
            due=planned.paper_due_on or planned.planned_meeting.planned_for,
            detail=f"For the meeting on {planned.planned_meeting.planned_for:%-d %B %Y}",
        )
        for planned in board.reports_owed_by(user)
    ]
    return items


_REPORT_NEXT_STEP = {
    Report.Status.DRAFT: "Write and compile",
    Report.Status.FAILED: "Compiling failed: retry",
    Report.Status.READY: "Read and publish",
    Report.Status.COMPILING: "Compiling",
}


def _reports_work(user: UserLike) -> list[WorkItem]:
    if not can(user, Capability.COMPILE_REPORTS):
        return []
    unfinished = Report.objects.exclude(status=Report.Status.PUBLISHED).order_by("-created_at")
    return [
        WorkItem(
            what=f"{_REPORT_NEXT_STEP[report.status]}: {report.title}",
            href=report.get_absolute_url(),
            detail=report.get_audience_display(),
        )
        for report in unfinished
    ]


_WORK_CAPABILITIES = (
    Capability.ENTER_FIGURES,
    Capability.APPROVE_FIGURES,
    Capability.UPDATE_OWN_ITEMS,
    Capability.RUN_MEETINGS,
    Capability.COMPILE_REPORTS,
)


def work_for(user: UserLike) -> WorkList:
    """What is waiting for this person: figures owed or to sign off."""
    if not any(can(user, capability) for capability in _WORK_CAPABILITIES):
        return WorkList(applies=False)
    items = [
        *_figures_work(user),
        *_strategy_work(user),
        *_meeting_work(user),
        *_reports_work(user),
    ]
    # Soonest due first; undated work (figures to sign off) after what has a date.
    items.sort(key=lambda item: (item.due is None, item.due or datetime.date.max))
    return WorkList(applies=True, items=items)


@dataclass(frozen=True)
class OutcomeLine:
    """An outcome on the home page: its progress and its actions in words."""

    progress: OutcomeProgress

    @property
    def actions_in_words(self) -> str:
        """ "6 actions: 3 on track, 2 at risk, 1 off track" in the order of Status."""
        counts = self.progress.action_counts
        total = sum(counts.values())
        if not total:
            return "No actions yet"
        parts = [
            f"{counts[status.value]} {status.label.lower()}"
            for status in Status
            if counts.get(status.value)
        ]
        return f"{total} action{'s' if total != 1 else ''}: {', '.join(parts)}"


@dataclass(frozen=True)
class RiskGlance:
    register: RiskRegister
    matrix: str
    top: list[RiskRow]


def risk_glance() -> RiskGlance:
    """The matrix of open risks and the highest rated of them."""
    register = strategy.risk_register()
    rated = [row for row in register.risks if row.rating is not None]
    top = sorted(rated, key=lambda row: (-row.rating.score, row.risk.reference))
    return RiskGlance(
        register=register,
        matrix=risk_matrix_svg(register, id_prefix="home-risk-matrix"),
        top=top[:TOP_RISKS_ON_HOME],
    )


@dataclass(frozen=True)
class HomeDashboard:
    board: BoardGroup | None
    strategy: Strategy | None
    performance: ScorecardSummary
    """The latest approved quarter: headline figures, RAG counts, what got worse."""
    work: WorkList
    outcomes: list[OutcomeLine]
    risks: RiskGlance | None
    """None for people who may not see the risk register (young people)."""
    meetings: list[Meeting]
    you_said_we_did: list[YouSaidWeDid]


def home_dashboard(user: UserLike) -> HomeDashboard:
    """Everything the home page shows to this person."""
    this_quarter = FinancialQuarter.current(timezone.localdate())
    return HomeDashboard(
        board=BoardGroup.objects.board(),
        strategy=Strategy.objects.current(),
        performance=performance.scorecard_summary(),
        work=work_for(user),
        outcomes=[OutcomeLine(progress) for progress in strategy.outcome_progress(this_quarter)],
        risks=risk_glance() if can(user, Capability.VIEW_RISKS) else None,
        meetings=board.upcoming_meetings(user=user, limit=4),
        you_said_we_did=board.you_said_we_did(limit=YOU_SAID_ON_HOME),
    )
