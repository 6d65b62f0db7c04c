"""Reads of the strategy, its outcomes and the principles, shaped for pages and reports."""

from dataclasses import dataclass

from django.db.models import Prefetch

from cpboard.history import with_latest_change
from strategy.models import Outcome, Principle, Strategy


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
    """One outcome with its strategy, lead group, principles and the id of its latest change
    (for edit forms). Raises Outcome.DoesNotExist."""
    return (
        with_latest_change(Outcome.objects.select_related("strategy", "lead_group"))
        .prefetch_related("principles")
        .get(pk=pk)
    )


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
