"""The demo's Board meetings: loaded with the rest of the demo, the same however often."""

import pytest
from django.core.management import call_command

from subgroups.demo import RESTRICTED_TITLE
from subgroups.models import (
    AgendaItem,
    Attendance,
    Challenge,
    HighlightReport,
    Meeting,
    MeetingAction,
    Membership,
    YouSaidWeDid,
)

pytestmark = pytest.mark.django_db

MODELS = (
    Membership,
    Meeting,
    AgendaItem,
    Attendance,
    MeetingAction,
    Challenge,
    HighlightReport,
    YouSaidWeDid,
)


def snapshot() -> dict:
    counts = {model.__name__: model.objects.count() for model in MODELS}
    history = {f"{model.__name__} history": model.history.count() for model in MODELS}
    papers = list(AgendaItem.objects.exclude(paper="").values_list("paper", flat=True))
    return counts | history | {"papers": papers}


def test_the_demo_has_a_year_of_board_meetings_with_a_restricted_paper_and_loads_twice_the_same(
    demo_loaded,
):
    first = snapshot()
    call_command("load_demo")

    assert snapshot() == first
    board_meetings = Meeting.objects.filter(group__kind="board")
    assert board_meetings.filter(status="held").count() >= 4
    assert board_meetings.filter(status="planned").exists()
    restricted = AgendaItem.objects.get(title=RESTRICTED_TITLE)
    assert restricted.is_restricted
    assert restricted.paper.open("rb").read(5) == b"%PDF-"
    assert Challenge.objects.open().exists()
    assert Challenge.objects.filter(answered_on__isnull=False).exists()
    assert MeetingAction.objects.open().exists()
    assert HighlightReport.objects.values("group").distinct().count() == 6
