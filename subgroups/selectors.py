"""Reads of the Board and its sub-groups, shaped for pages and reports."""

from dataclasses import dataclass

from django.db.models import QuerySet

from cpboard.history import with_latest_change
from subgroups.models import BoardGroup


@dataclass(frozen=True)
class BoardOverview:
    board: BoardGroup | None
    subgroups: list[BoardGroup]


def board_overview() -> BoardOverview:
    """The Board and the sub-groups that report into it, in display order (one query)."""
    groups = list(BoardGroup.objects.for_listing())
    board = next((group for group in groups if group.is_board), None)
    return BoardOverview(board=board, subgroups=[g for g in groups if not g.is_board])


def group_list() -> QuerySet[BoardGroup]:
    """All groups for the groups table, with the group each reports to preloaded."""
    return BoardGroup.objects.for_listing()


def group_detail(slug: str) -> BoardGroup:
    """One group with the group it reports to, its own sub-groups and the id of its latest
    change (for edit forms) preloaded.

    Raises BoardGroup.DoesNotExist for an unknown slug."""
    groups = with_latest_change(BoardGroup.objects.select_related("reports_to"))
    return groups.prefetch_related("subgroups").get(slug=slug)
