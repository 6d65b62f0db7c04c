"""The home page: what a councillor sees at a glance, and what waits for the people who keep
the board's records. The councillor's glance at the whole demo is in test_home_glance.py."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from cpboard import roles
from cpboard.quarters import FinancialQuarter
from performance.models import CollectionRound
from reports.models import Report
from tests.performance.factories import KpiFactory, MeasurementFactory
from tests.strategy.factories import ActionFactory, RiskFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


def home_as(client_as, role):
    client = client_as(role)
    response = client.get(reverse("reports:home"))
    assert response.status_code == 200
    return response


def test_officer_lands_on_the_figures_they_owe_the_open_quarter(client_as, demo_board):
    client = client_as(roles.OFFICER)
    quarter = FinancialQuarter.current(timezone.localdate()).previous()
    due = timezone.localdate() + datetime.timedelta(days=10)
    CollectionRound.objects.create(quarter=quarter, due_on=due)
    KpiFactory.create_batch(3, owner=client.user)
    KpiFactory(owner=None)  # someone else's: not theirs to enter

    response = client.get(reverse("reports:home"))

    assert "What you need to do" in response.text
    assert f"Enter 3 figures for {quarter}" in response.text
    assert f"Due {due:%-d %B %Y}" in response.text


def test_a_submitted_figure_is_no_longer_owed(client_as, demo_board):
    client = client_as(roles.OFFICER)
    quarter = FinancialQuarter.current(timezone.localdate()).previous()
    CollectionRound.objects.create(quarter=quarter, due_on=timezone.localdate())
    kpis = KpiFactory.create_batch(2, owner=client.user)
    MeasurementFactory(kpi=kpis[0], quarter=quarter, status="submitted", entered_by=client.user)

    response = client.get(reverse("reports:home"))

    assert f"Enter 1 figure for {quarter}" in response.text


def test_officer_sees_their_overdue_actions_and_risks_to_review_first(client_as, demo_board):
    client = client_as(roles.OFFICER)
    today = timezone.localdate()
    outcome = demo_board["strategy"].outcomes.get(number=2)
    late = ActionFactory(
        outcome=outcome, owner=client.user, due_on=today - datetime.timedelta(days=3)
    )
    ActionFactory(outcome=outcome, owner=client.user, due_on=today + datetime.timedelta(days=90))
    risk = RiskFactory(owner=client.user, review_on=today + datetime.timedelta(days=5))
    ActionFactory(outcome=outcome, due_on=today)  # someone else's

    response = client.get(reverse("reports:home"))

    items = response.context["dashboard"].work.items
    assert [item.href for item in items] == [late.get_absolute_url(), risk.get_absolute_url()]
    assert items[0].overdue
    assert not items[1].overdue
    assert f"Update {late.reference}: {late.title}" in response.text
    assert f"Review risk {risk.reference}: {risk.title}" in response.text
    assert "Overdue" in response.text


def test_performance_lead_is_told_how_many_figures_wait_for_sign_off(client_as, demo_board):
    client = client_as(roles.PERFORMANCE_LEAD)
    quarter = FinancialQuarter.parse("2025-26 Q1")
    for kpi in KpiFactory.create_batch(2):
        MeasurementFactory(kpi=kpi, quarter=quarter, status="submitted")

    response = client.get(reverse("reports:home"))

    assert "Sign off 2 submitted figures" in response.text
    assert reverse("performance:review") in response.text


def test_secretary_is_told_which_reports_are_unfinished(client_as, demo_board):
    client = client_as(roles.BOARD_SECRETARY)
    draft = Report.objects.create(
        kind=Report.Kind.BOARD_PACK,
        quarter=FinancialQuarter.parse("2025-26 Q2"),
        audience=Report.Audience.BOARD,
    )

    response = client.get(reverse("reports:home"))

    assert f"Write and compile: {draft.title}" in response.text
    assert draft.get_absolute_url() in response.text


def test_someone_with_nothing_to_do_is_told_so(client_as, demo_board):
    response = client_as(roles.OFFICER).get(reverse("reports:home"))

    assert "Nothing is waiting for you." in response.text


def test_home_on_an_empty_installation_explains_what_is_missing(client_as):
    response = client_as(roles.COUNCILLOR).get(reverse("reports:home"))

    assert response.status_code == 200
    assert "There are no approved figures yet." in response.text
    assert "There is no approved strategy yet" in response.text
    assert "No meetings are planned yet." in response.text


def test_the_council_name_comes_from_settings(client_as, settings):
    settings.COUNCIL_NAME = "Northmoor County Council"

    response = client_as(roles.COUNCILLOR).get(reverse("reports:home"))

    assert "Northmoor County Council" in response.text
    assert "Wealdbridge" not in response.text
