"""Reads of the strategy, its outcomes, the action plan, the pledge and the risk register,
shaped for pages and for the compiled board pack and annual report.

None of these needs a request: the live pages and the PDF compile call the same functions.
Each runs a fixed number of queries, whatever the number of outcomes, actions and risks.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from cpboard.history import with_latest_change
from cpboard.quarters import FinancialQuarter, FinancialYear
from strategy.models import (
    Action,
    ActionUpdate,
    Outcome,
    Principle,
    Risk,
    RiskReview,
    Status,
    Strategy,
)
from strategy.models import (
    OutcomeProgress as OutcomeProgressStatement,
)
from strategy.ratings import Rating, Scale, current_scale


@dataclass(frozen=True)
class StrategyOutcomes:
    strategy: Strategy | None
    outcomes: list[Outcome]


def current_strategy_outcomes() -> StrategyOutcomes:
    """The current strategy and its outcomes in number order, each with its lead group and
    principles preloaded (three queries)."""
    strategy = Strategy.objects.current()
    if strategy is None:
        return StrategyOutcomes(strategy=None, outcomes=[])
    outcomes = list(
        strategy.outcomes.select_related("lead_group")
        .prefetch_related("principles")
        .order_by("number")
    )
    return StrategyOutcomes(strategy=strategy, outcomes=outcomes)


def outcome_detail(pk: int) -> Outcome:
    """One outcome with its strategy, lead group, lead officer, principles and the id of its
    latest change (for edit forms). Raises Outcome.DoesNotExist."""
    return (
        with_latest_change(Outcome.objects.select_related("strategy", "lead_group", "lead_officer"))
        .prefetch_related("principles")
        .get(pk=pk)
    )


@dataclass(frozen=True)
class OutcomePage:
    """What an outcome's page shows besides the outcome itself."""

    statements: list[OutcomeProgressStatement]
    """Progress statements, newest quarter first, with who wrote them."""
    kpis: list
    """The KPIs that measure the outcome (performance.Kpi, read through the relation)."""
    actions: list[Action]
    """Its actions, by reference, with owners."""
    risks: list[Risk]
    """Open risks linked to it, with owners (only shown to people who may see risks)."""


def outcome_page(outcome: Outcome, *, include_risks: bool) -> OutcomePage:
    """The outcome's progress statements, KPIs, actions and (when asked) risks: four queries,
    three without risks."""
    statements = list(outcome.progress.select_related("written_by").order_by("-quarter"))
    kpis = list(outcome.kpis.filter(is_active=True).order_by("code"))
    actions = list(outcome.actions.select_related("owner").order_by("reference"))
    risks = (
        list(outcome.risks.open().select_related("owner").order_by("reference"))
        if include_risks
        else []
    )
    return OutcomePage(statements=statements, kpis=kpis, actions=actions, risks=risks)


# -- The action plan, the pledge and the care leaver offer -----------------------------------


def overdue_cutoff(quarter: FinancialQuarter, today: datetime.date | None = None) -> datetime.date:
    """Actions due before this date and not complete count as overdue in `quarter`: the day
    after the quarter's last day once it has ended, today while it is running."""
    today = today or timezone.localdate()
    if quarter.has_ended(today):
        return quarter.end + datetime.timedelta(days=1)
    return today


def _actions_at(quarter: FinancialQuarter, actions) -> list[Action]:
    """The actions with their updates up to `quarter` preloaded (two queries), each given
    `latest_update` (ActionUpdate | None), `status_then` (its status in that quarter: the
    latest update's, or its current status if it has none) and `overdue_then`."""
    cutoff = overdue_cutoff(quarter)
    updates = ActionUpdate.objects.filter(quarter__lte=quarter).order_by("-quarter")
    rows = list(
        actions.select_related("outcome", "owner").prefetch_related(
            Prefetch("updates", queryset=updates, to_attr="updates_to_quarter")
        )
    )
    for action in rows:
        action.latest_update = action.updates_to_quarter[0] if action.updates_to_quarter else None
        action.status_then = action.latest_update.status if action.latest_update else action.status
        action.overdue_then = (
            action.status_then != Status.COMPLETE
            and action.due_on is not None
            and action.due_on < cutoff
        )
    return rows


@dataclass
class OutcomeProgress:
    """An outcome of the current strategy as it stood in a quarter."""

    outcome: Outcome
    statement: str
    """That quarter's progress statement, or the latest before it; "" if none."""
    statement_quarter: FinancialQuarter | None
    action_counts: dict[str, int]
    """Status value ("on_track", ...) -> number of the outcome's actions in that status."""
    overdue: int


def outcome_progress(quarter: FinancialQuarter) -> list[OutcomeProgress]:
    """The current strategy's outcomes in order, each with its progress statement for
    `quarter` (or the latest before it), how many of its actions stood in each status and how
    many were overdue. Outcomes have lead_group, lead_officer and principles preloaded. Five
    queries."""
    strategy = Strategy.objects.current()
    if strategy is None:
        return []
    outcomes = list(
        strategy.outcomes.select_related("lead_group", "lead_officer")
        .prefetch_related("principles")
        .order_by("number")
    )
    latest: dict[int, OutcomeProgressStatement] = {}
    for statement in OutcomeProgressStatement.objects.filter(
        outcome__in=outcomes, quarter__lte=quarter
    ).order_by("-quarter"):
        latest.setdefault(statement.outcome_id, statement)
    counts: dict[int, Counter] = defaultdict(Counter)
    overdue: Counter = Counter()
    for action in _actions_at(quarter, Action.objects.plan().filter(outcome__in=outcomes)):
        counts[action.outcome_id][action.status_then] += 1
        overdue[action.outcome_id] += action.overdue_then
    result = []
    for outcome in outcomes:
        statement = latest.get(outcome.pk)
        result.append(
            OutcomeProgress(
                outcome=outcome,
                statement=statement.statement if statement else "",
                statement_quarter=statement.quarter if statement else None,
                action_counts={status.value: counts[outcome.pk][status.value] for status in Status},
                overdue=overdue[outcome.pk],
            )
        )
    return result


@dataclass(frozen=True)
class CommitmentRow:
    """A pledge or care leaver offer commitment as it stood in a quarter."""

    commitment: Action
    status: str
    status_label: str
    latest_update: ActionUpdate | None


@dataclass
class ActionPlanSummary:
    quarter: FinancialQuarter
    counts: list[tuple[str, int]]
    """(status label, number of actions), in the order of the statuses."""
    overdue: list[Action]
    off_track: list[Action]
    pledges: list[CommitmentRow]
    """The pledge commitments and the care leaver offer, pledge first."""

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)


def action_plan_summary(quarter: FinancialQuarter) -> ActionPlanSummary:
    """The action plan in `quarter`: how many actions stood in each status, those overdue
    (not complete and due by the quarter's last day, or by today while it runs) and those off
    track, with owner and outcome preloaded; and every pledge and care leaver offer
    commitment with its status and latest update up to the quarter. Four queries."""
    actions = _actions_at(quarter, Action.objects.all().order_by("kind", "reference"))
    plan = [a for a in actions if a.kind == Action.Kind.ACTION]
    tally = Counter(a.status_then for a in plan)
    commitments = sorted(
        (a for a in actions if a.kind != Action.Kind.ACTION),
        key=lambda a: (a.kind != Action.Kind.PLEDGE, a.reference),
    )
    return ActionPlanSummary(
        quarter=quarter,
        counts=[(status.label, tally[status.value]) for status in Status],
        overdue=[a for a in plan if a.overdue_then],
        off_track=[a for a in plan if a.status_then == Status.OFF_TRACK],
        pledges=[
            CommitmentRow(
                commitment=a,
                status=a.status_then,
                status_label=Status(a.status_then).label,
                latest_update=a.latest_update,
            )
            for a in commitments
        ],
    )


def action_detail(pk: int) -> Action:
    """One action with its outcome, owner, principles, the id of its latest change, and
    `all_updates` (newest quarter first, with who wrote them). Raises Action.DoesNotExist."""
    return (
        with_latest_change(Action.objects.select_related("outcome", "owner"))
        .prefetch_related(
            "principles",
            Prefetch(
                "updates",
                queryset=ActionUpdate.objects.select_related("written_by").order_by("-quarter"),
                to_attr="all_updates",
            ),
        )
        .get(pk=pk)
    )


def update_in_quarter(action: Action, quarter: FinancialQuarter) -> ActionUpdate | None:
    """The owner's update of the action for `quarter`, if written (saving again replaces it)."""
    return action.updates.filter(quarter=quarter).first()


def action_plan_queryset():
    """The action plan for the list page: actions with outcome and owner (one query)."""
    return Action.objects.plan().select_related("outcome", "owner").order_by("reference")


def actions_due_for(user, *, within_days: int = 30) -> list[Action]:
    """The actions and commitments `user` owns that are not complete and are due within
    `within_days` days, overdue ones included, soonest first, with outcomes (one query)."""
    until = timezone.localdate() + datetime.timedelta(days=within_days)
    return list(
        Action.objects.filter(owner=user, due_on__lte=until)
        .exclude(status=Status.COMPLETE)
        .select_related("outcome")
        .order_by("due_on", "reference")
    )


# -- The risk register -----------------------------------------------------------------------


@dataclass(frozen=True)
class RiskRow:
    risk: Risk
    rating: Rating | None
    target: Rating | None
    review_overdue: bool
    needs_rerating: bool

    @property
    def is_high(self) -> bool:
        return self.rating is not None and self.rating.is_high


@dataclass(frozen=True)
class MatrixCell:
    likelihood: str
    impact: str
    code: str
    level: str
    """"high", "medium" or "low": the cell's band on the heat map."""
    rows: list[RiskRow]

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def references(self) -> list[str]:
        return [row.risk.reference for row in self.rows]


@dataclass(frozen=True)
class RiskRegister:
    as_of: datetime.date
    scale: Scale
    risks: list[RiskRow]
    cells: list[list[MatrixCell]]
    """Matrix rows from the most likely (top) to the least; in each, cells from the least
    severe impact (left) to the most severe."""

    @property
    def impacts(self) -> list[tuple[str, str]]:
        """The impact columns of `cells`, least severe first."""
        return list(reversed(self.scale.impacts))

    @property
    def likelihoods(self) -> list[tuple[str, str]]:
        return list(self.scale.likelihoods)

    @property
    def occupied_cells(self) -> list[MatrixCell]:
        """The cells holding at least one risk, the highest rated first: the table beside
        the matrix."""
        cells = [cell for row in self.cells for cell in row if cell.count]
        return sorted(cells, key=lambda cell: (-cell.rows[0].rating.score, cell.code))


def _rating_on(risk: Risk, reviews: list[RiskReview], day: datetime.date) -> Rating | None:
    """The rating of the latest review on or before `day`, or the risk's own if none."""
    for review in reviews:  # newest first
        if review.reviewed_on <= day:
            return review.rating
    return risk.rating


def risk_register(*, as_of: datetime.date | None = None, risks=None) -> RiskRegister:
    """The open risks with their current rating (or, given a past `as_of`, the rating of the
    latest review by then), target rating, whether the review is overdue and whether a red
    KPI has flagged them for re-rating; and the matrix cells that place them. `risks`, a
    Risk queryset, narrows the register (the register page's filters). One query, two with a
    past `as_of`."""
    today = timezone.localdate()
    day = as_of or today
    scale = current_scale()
    risks = (
        (Risk.objects.all() if risks is None else risks)
        .filter(opened_on__lte=day)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
        .select_related("owner", "outcome")
        .order_by("reference")
    )
    past = day < today
    if past:
        risks = risks.prefetch_related(
            Prefetch(
                "reviews",
                queryset=RiskReview.objects.order_by("-reviewed_on"),
                to_attr="reviews_newest_first",
            )
        )
    rows = [
        RiskRow(
            risk=risk,
            rating=_rating_on(risk, risk.reviews_newest_first, day) if past else risk.rating,
            target=risk.target,
            review_overdue=risk.review_on < day,
            needs_rerating=risk.needs_rerating,
        )
        for risk in risks
    ]
    rows.sort(key=lambda row: (-(row.rating.score if row.rating else 0), row.risk.reference))
    by_cell: dict[tuple[str, str], list[RiskRow]] = defaultdict(list)
    for row in rows:
        if row.rating:
            by_cell[(row.rating.likelihood, row.rating.impact)].append(row)
    cells = [
        [
            MatrixCell(
                likelihood=likelihood,
                impact=impact,
                code=scale.code(likelihood, impact),
                level=Rating(likelihood, impact, scale).level,
                rows=sorted(by_cell[(likelihood, impact)], key=lambda r: r.risk.reference),
            )
            for impact, _ in reversed(scale.impacts)
        ]
        for likelihood, _ in scale.likelihoods
    ]
    return RiskRegister(as_of=day, scale=scale, risks=rows, cells=cells)


def risk_detail(pk: int) -> Risk:
    """One risk with owner, outcome, the id of its latest change, its mitigating actions and
    KPIs, and `all_reviews` (newest quarter first, with reviewers). Raises Risk.DoesNotExist."""
    return (
        with_latest_change(Risk.objects.select_related("owner", "outcome"))
        .prefetch_related(
            Prefetch("actions", queryset=Action.objects.order_by("reference")),
            "kpis",
            Prefetch(
                "reviews",
                queryset=RiskReview.objects.select_related("reviewed_by").order_by("-quarter"),
                to_attr="all_reviews",
            ),
        )
        .get(pk=pk)
    )


@dataclass(frozen=True)
class RiskMovement:
    risk: Risk
    start: Rating | None
    """Its rating when the year began (None for a risk opened during the year)."""
    end: Rating | None
    """Its rating when the year ended (None for a risk closed during the year)."""
    movement: str
    """"higher", "lower", "unchanged", "new" or "closed"."""


def risk_movement(year: FinancialYear) -> list[RiskMovement]:
    """How each risk open at any time in `year` moved between the year's start and end, by
    the ratings of its reviews (two queries)."""
    risks = (
        Risk.objects.filter(opened_on__lte=year.end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=year.start))
        .select_related("owner", "outcome")
        .prefetch_related(
            Prefetch(
                "reviews",
                queryset=RiskReview.objects.order_by("-reviewed_on"),
                to_attr="reviews_newest_first",
            )
        )
        .order_by("reference")
    )
    result = []
    for risk in risks:
        reviews = risk.reviews_newest_first
        before = [r for r in reviews if r.reviewed_on < year.start]
        during = [r for r in reviews if year.start <= r.reviewed_on <= year.end]
        is_new = risk.opened_on >= year.start
        start = None
        if not is_new:
            if before:
                start = before[0].rating
            elif during:
                start = during[-1].rating
            else:
                start = risk.rating
        closed = risk.closed_on is not None and risk.closed_on <= year.end
        end = None if closed else _rating_on(risk, reviews, year.end)
        if closed:
            movement = "closed"
        elif start is None:
            movement = "new"
        elif end is None or end.score == start.score:
            movement = "unchanged"
        else:
            movement = "higher" if end.score > start.score else "lower"
        result.append(RiskMovement(risk=risk, start=start, end=end, movement=movement))
    return result


def review_in_quarter(risk: Risk, quarter: FinancialQuarter) -> RiskReview | None:
    """The risk's review of `quarter`, if made (reviewing again replaces it)."""
    return risk.reviews.filter(quarter=quarter).first()


def risks_to_review_for(user) -> list[Risk]:
    """The open risks `user` owns that are flagged for re-rating or due for review within
    30 days, overdue first (one query)."""
    until = timezone.localdate() + datetime.timedelta(days=30)
    return list(
        Risk.objects.open()
        .filter(owner=user)
        .filter(Q(review_on__lte=until) | Q(rerating_flagged_on__isnull=False))
        .select_related("outcome")
        .order_by("review_on", "reference")
    )


# -- Monitoring by exception -----------------------------------------------------------------


@dataclass
class BoardExceptions:
    """What needs the board's attention in a quarter."""

    quarter: FinancialQuarter
    off_track: list[Action]
    overdue: list[Action]
    high_risks: list[RiskRow] = field(default_factory=list)
    """Open risks rated A or B likelihood with I or II impact (the top half of both scales)."""
    review_overdue: list[RiskRow] = field(default_factory=list)
    needs_rerating: list[RiskRow] = field(default_factory=list)
    includes_risks: bool = True

    @property
    def actions(self) -> list[Action]:
        """Actions off track or overdue (each once), in reference order."""
        seen = {action.pk: action for action in [*self.off_track, *self.overdue]}
        return sorted(seen.values(), key=lambda action: (action.kind, action.reference))

    @property
    def is_empty(self) -> bool:
        return not (
            self.off_track
            or self.overdue
            or self.high_risks
            or self.review_overdue
            or self.needs_rerating
        )


def board_exceptions(quarter: FinancialQuarter, *, include_risks: bool = True) -> BoardExceptions:
    """Actions off track or overdue in `quarter` (pledge commitments included), and, unless
    `include_risks` is False (young people), open risks rated high, risks not reviewed on
    time and risks flagged for re-rating. Three queries, two without risks."""
    actions = _actions_at(quarter, Action.objects.all().order_by("kind", "reference"))
    exceptions = BoardExceptions(
        quarter=quarter,
        off_track=[a for a in actions if a.status_then == Status.OFF_TRACK],
        overdue=[a for a in actions if a.overdue_then],
        includes_risks=include_risks,
    )
    if include_risks:
        register = risk_register(as_of=None if not quarter.has_ended() else quarter.end)
        exceptions.high_risks = [row for row in register.risks if row.is_high]
        exceptions.review_overdue = [row for row in register.risks if row.review_overdue]
        exceptions.needs_rerating = [row for row in register.risks if row.needs_rerating]
    return exceptions


def exceptions_first_quarter(*, include_risks: bool = True) -> FinancialQuarter | None:
    """The first quarter with an action update, or, unless `include_risks` is False, a risk
    review: where looking back through monitoring by exception stops. None if there are none
    (one query)."""
    # order_by() drops the models' default ordering, which a compound query cannot take.
    quarters = ActionUpdate.objects.order_by().values_list("quarter", flat=True)
    if include_risks:
        quarters = quarters.union(RiskReview.objects.order_by().values_list("quarter", flat=True))
    return quarters.order_by("quarter").first()


# -- The principles ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PrincipleOverview:
    principle: Principle
    outcomes: list[Outcome]
    """The current strategy's outcomes serving it, with lead groups."""
    actions: list[Action]
    """Actions of those outcomes' plan and pledge or offer commitments serving it."""

    @property
    def is_gap(self) -> bool:
        return not self.outcomes and not self.actions


def principle_overview() -> list[PrincipleOverview]:
    """The seven principles, each with the current strategy's outcomes and the actions and
    commitments that serve it (three queries)."""
    strategy = Strategy.objects.current()
    outcomes = Outcome.objects.filter(strategy=strategy).select_related("lead_group")
    actions = Action.objects.filter(
        Q(outcome__strategy=strategy) | ~Q(kind=Action.Kind.ACTION)
    ).select_related("outcome")
    principles = Principle.objects.prefetch_related(
        Prefetch("outcomes", queryset=outcomes.order_by("number"), to_attr="current_outcomes"),
        Prefetch(
            "actions", queryset=actions.order_by("kind", "reference"), to_attr="current_actions"
        ),
    )
    return [
        PrincipleOverview(
            principle=principle,
            outcomes=principle.current_outcomes,
            actions=principle.current_actions,
        )
        for principle in principles
    ]


def principles_with_outcomes() -> list[Principle]:
    """The seven principles, each with `current_outcomes`: the current strategy's outcomes
    that serve it, with their lead groups (three queries)."""
    strategy = Strategy.objects.current()
    outcomes = Outcome.objects.filter(strategy=strategy).select_related("lead_group")
    return list(
        Principle.objects.prefetch_related(
            Prefetch("outcomes", queryset=outcomes.order_by("number"), to_attr="current_outcomes")
        )
    )
