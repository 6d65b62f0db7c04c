"""The young person's home page: the board, its figures and what young people said, in
plain words (voice.plain), from the same selectors the councillors' home page and the
compiled summary read."""

from dataclasses import dataclass

from django.utils import timezone

from cpboard.quarters import FinancialQuarter
from performance import selectors as performance
from performance.selectors import ScorecardRow
from strategy.models import Action, Status
from subgroups import selectors as board
from subgroups.models import BoardGroup, Meeting, Membership, YouSaidWeDid
from voice import selectors as voice
from voice.models import Celebration, Notice
from voice.plain import PLAIN_WORDS, PlainFigure, figure_in_words
from voice.selectors import SurveyGlance

YOU_SAID_ON_HOME = 3
CELEBRATIONS_ON_HOME = 2


def plain_figure(row: ScorecardRow) -> PlainFigure:
    """One approved figure of the scorecard in plain words, under the KPI's plain title."""
    figure = row.figure
    return figure_in_words(
        title=row.kpi.title_for_young_people,
        unit=row.kpi.unit,
        value=figure.value if figure else None,
        numerator=figure.numerator if figure else None,
        target=row.target.target,
        polarity=row.kpi.polarity,
        rag=row.rag,
        direction=row.direction,
    )


@dataclass(frozen=True)
class YoungPeopleHome:
    board: BoardGroup | None
    members: list[Membership]
    next_meeting: Meeting | None
    quarter: FinancialQuarter | None
    figures: list[PlainFigure]
    promises: list[Action]
    """The pledge commitments to children in care not yet done: what the Board works on."""
    you_said_we_did: list[YouSaidWeDid]
    surveys: list[SurveyGlance]
    celebrations: list[Celebration]
    notices: list[Notice]
    plain_words: dict[str, str]


def young_people_home(user) -> YoungPeopleHome:
    """Everything the young person's home page shows."""
    the_board = board.board()
    summary = performance.scorecard_summary()
    next_meeting = None
    members = []
    if the_board is not None:
        members = board.group_members(the_board)
        next_meeting = (
            Meeting.objects.filter(
                group=the_board, status=Meeting.Status.PLANNED, starts_at__gte=timezone.now()
            )
            .order_by("starts_at")
            .first()
        )
    promises = list(
        Action.objects.filter(kind=Action.Kind.PLEDGE)
        .exclude(status=Status.COMPLETE)
        .order_by("reference")
    )
    return YoungPeopleHome(
        board=the_board,
        members=members,
        next_meeting=next_meeting,
        quarter=summary.quarter,
        figures=[plain_figure(row) for row in summary.for_young_people],
        promises=promises,
        you_said_we_did=board.you_said_we_did(limit=YOU_SAID_ON_HOME),
        surveys=voice.latest_surveys(),
        celebrations=voice.celebrations(limit=CELEBRATIONS_ON_HOME),
        notices=voice.unread_notices(user),
        plain_words=PLAIN_WORDS,
    )
