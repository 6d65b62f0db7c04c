"""The demo action plan, pledge and risk register: believable, and loaded the same however
often load_demo runs."""

import datetime

import pytest
from django.core.management import call_command

from strategy.demo import ACTIONS, RISKS
from strategy.models import Action, ActionUpdate, OutcomeProgress, Risk, RiskReview, Status

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    return {
        "actions": list(
            Action.objects.values_list(
                "kind", "reference", "title", "owner__username", "due_on", "status"
            )
        ),
        "action principles": Action.principles.through.objects.count(),
        "updates": list(
            ActionUpdate.objects.values_list(
                "action__reference", "quarter", "status", "note", "written_on"
            )
        ),
        "progress": list(
            OutcomeProgress.objects.values_list("outcome__number", "quarter", "statement")
        ),
        "risks": list(
            Risk.objects.values_list(
                "reference",
                "likelihood",
                "impact",
                "review_on",
                "rerating_reason",
                "rerating_flagged_on",
            )
        ),
        "risk links": (Risk.kpis.through.objects.count(), Risk.actions.through.objects.count()),
        "reviews": list(
            RiskReview.objects.values_list(
                "risk__reference", "quarter", "likelihood", "impact", "note"
            )
        ),
        "history": [
            model.history.count()
            for model in (Action, ActionUpdate, OutcomeProgress, Risk, RiskReview)
        ],
    }


@pytest.fixture
def loaded(demo_loaded):
    """The whole demo, as `python manage.py load_demo` loads it, once for the module."""


def test_the_demo_has_about_25_actions_with_a_year_of_updates_the_pledge_and_the_risks(loaded):
    assert Action.objects.plan().count() == len([a for a in ACTIONS if a.kind == "action"]) == 25
    assert Action.objects.filter(kind=Action.Kind.PLEDGE).exists()
    assert Action.objects.filter(kind=Action.Kind.OFFER).exists()
    assert ActionUpdate.objects.filter(action__reference="2.1").count() == 6
    assert set(Risk.objects.values_list("reference", flat=True)) == {r.reference for r in RISKS}
    assert RiskReview.objects.filter(risk__reference="CP01").count() == 10
    assert OutcomeProgress.objects.filter(outcome__number=1).count() == 6


def test_the_demo_shows_every_kind_of_exception(loaded):
    today = datetime.date.today()
    assert Action.objects.plan().overdue(today).exists()
    assert Action.objects.plan().filter(status=Status.OFF_TRACK).exists()
    assert Risk.objects.review_overdue(today).exists()
    flagged = Risk.objects.filter(rerating_flagged_on__isnull=False)
    assert list(flagged.values_list("reference", flat=True)) == ["CP03"]
    assert Risk.objects.get(reference="CP01").rating.code == "BII"


def test_the_demo_officer_owns_actions_and_a_risk_and_not_others(loaded):
    assert Action.objects.filter(owner__username="officer").exists()
    assert Action.objects.exclude(owner__username="officer").exists()
    assert Risk.objects.get(reference="CP03").owner.username == "officer"
    assert Risk.objects.get(reference="CP01").owner.username != "officer"


def test_loading_the_demo_again_changes_nothing_and_adds_no_history(loaded):
    first = snapshot()

    call_command("load_demo")

    assert snapshot() == first
