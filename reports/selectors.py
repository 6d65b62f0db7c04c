"""Reads that combine the board's domains, for the home page and compiled reports."""

from dataclasses import dataclass

from strategy.selectors import StrategyOutcomes, current_strategy_outcomes
from subgroups.selectors import BoardOverview, board_overview


@dataclass(frozen=True)
class HomeOverview:
    board: BoardOverview
    strategy: StrategyOutcomes


def home_overview() -> HomeOverview:
    """What the home page shows: the Board, its sub-groups, and the current strategy's
    outcomes with their lead groups and principles (four queries)."""
    return HomeOverview(board=board_overview(), strategy=current_strategy_outcomes())
