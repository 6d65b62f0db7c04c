"""The load_demo command: a believable board, loaded the same however often it runs."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from cpboard.demo import DEMO_PASSWORD
from cpboard.roles import roles_of
from performance.models import CollectionRound, Comparator, Kpi, Measurement, Target
from strategy.models import ActionUpdate, Outcome, OutcomeProgress, Principle, RiskReview, Strategy
from subgroups.models import (
    AgendaItem,
    Attendance,
    BoardGroup,
    Challenge,
    Meeting,
    MeetingAction,
    Membership,
    YouSaidWeDid,
)

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    return {
        "groups": list(BoardGroup.objects.values_list("slug", "name", "remit")),
        "group history": BoardGroup.history.count(),
        "outcomes": list(Outcome.objects.values_list("number", "title", "lead_group__slug")),
        "outcome history": Outcome.history.count(),
        "principle links": Outcome.principles.through.objects.count(),
        "strategies": Strategy.objects.count(),
        "users": list(get_user_model().objects.values_list("username", "password")),
        "principles": Principle.objects.count(),
    }


def test_loads_the_board_six_subgroups_eight_outcomes_and_a_user_per_role(demo_loaded):
    assert BoardGroup.objects.board().name == "Corporate Parenting Board"
    assert BoardGroup.objects.subgroups().count() == 6
    assert Strategy.objects.current().outcomes.count() == 8
    assert Principle.objects.count() == 7
    User = get_user_model()
    roles_by_user = {u.username: [r.name for r in roles_of(u)] for u in User.objects.all()}
    assert roles_by_user == {
        "councillor": ["Councillor"],
        "officer": ["Officer"],
        "performance": ["Performance lead"],
        "secretary": ["Board secretary"],
        "youngperson": ["Young person"],
        "admin": ["Administrator"],
    }
    assert User.objects.get(username="councillor").check_password(DEMO_PASSWORD)


def test_running_it_twice_leaves_the_same_data_and_history(demo_loaded):
    first = snapshot()

    call_command("load_demo")

    assert snapshot() == first


def test_it_puts_back_demo_data_someone_changed(demo_loaded):
    BoardGroup.objects.filter(slug="health").update(remit="Changed by hand")

    call_command("load_demo")

    assert BoardGroup.objects.get(slug="health").remit.startswith("Physical, emotional")


def test_it_refuses_to_run_in_production_mode(settings):
    settings.DEBUG = False
    users = list(get_user_model().objects.values_list("username", "password"))

    with pytest.raises(CommandError, match="only runs in demo mode"):
        call_command("load_demo")
    assert list(get_user_model().objects.values_list("username", "password")) == users


def test_every_change_it_makes_is_in_history_against_a_demo_person(demo_loaded):
    """The demo goes through the services the pages use, so its history says who did what:
    the secretary runs the meetings, owners update their actions and review their risks,
    officers enter figures and the performance lead signs them off."""
    demo_people = set(get_user_model().objects.values_list("pk", flat=True))
    models = (
        BoardGroup,
        Membership,
        Meeting,
        AgendaItem,
        Attendance,
        MeetingAction,
        Challenge,
        YouSaidWeDid,
        Strategy,
        OutcomeProgress,
        ActionUpdate,
        RiskReview,
        Kpi,
        Target,
        Comparator,
        Measurement,
        CollectionRound,
    )
    for model in models:
        users = set(model.history.values_list("history_user", flat=True))
        assert users, model.__name__
        assert users <= demo_people, model.__name__
    assert set(Meeting.history.values_list("history_user__username", flat=True).distinct()) == {
        "secretary"
    }
    assert set(Measurement.history.values_list("history_user__username", flat=True).distinct()) == {
        "officer",
        "performance",
    }
    reviewers = RiskReview.history.values_list("history_user__username", "risk__owner__username")
    assert all(reviewer == owner for reviewer, owner in reviewers)
