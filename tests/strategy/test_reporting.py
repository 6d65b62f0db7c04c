"""What the board pack, the annual report and the home page read from the strategy: outcome
progress, monitoring by exception and the principles, each in a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse

from cpboard import roles
from cpboard.quarters import FinancialQuarter
from strategy import selectors
from strategy.models import Action, OutcomeProgress, Principle, Status
from tests.factories import OutcomeFactory, StrategyFactory
from tests.strategy.factories import ActionFactory, ActionUpdateFactory, RiskFactory

pytestmark = pytest.mark.django_db

Q3 = FinancialQuarter(2024, 3)


def test_outcome_progress_gives_the_quarters_statement_or_the_latest_before_it():
    strategy = StrategyFactory()
    first = OutcomeFactory(strategy=strategy, number=1)
    second = OutcomeFactory(strategy=strategy, number=2)
    OutcomeProgress.objects.create(outcome=first, quarter=Q3.previous(), statement="Earlier.")
    OutcomeProgress.objects.create(outcome=first, quarter=Q3, statement="This quarter.")
    OutcomeProgress.objects.create(outcome=first, quarter=Q3.next(), statement="Later.")
    OutcomeProgress.objects.create(outcome=second, quarter=Q3.previous(), statement="Old news.")

    rows = selectors.outcome_progress(Q3)

    assert [(r.outcome.number, r.statement, r.statement_quarter) for r in rows] == [
        (1, "This quarter.", Q3),
        (2, "Old news.", Q3.previous()),
    ]


def test_outcome_progress_counts_actions_by_status_then_and_overdue(
    django_assert_num_queries,
):
    strategy = StrategyFactory()
    outcome = OutcomeFactory(strategy=strategy, number=1)
    for number in range(6):
        action = ActionFactory(outcome=outcome, due_on=datetime.date(2024, 11, 1))
        ActionUpdateFactory(
            action=action,
            quarter=Q3,
            status=Status.COMPLETE if number < 2 else Status.OFF_TRACK,
        )

    # current strategy, outcomes with lead group and officer, their principles, statements,
    # actions, their updates
    with django_assert_num_queries(6):
        rows = selectors.outcome_progress(Q3)

    assert rows[0].action_counts[Status.COMPLETE] == 2
    assert rows[0].action_counts[Status.OFF_TRACK] == 4
    assert rows[0].overdue == 4


def test_the_exception_page_lists_what_needs_the_boards_attention(client_as):
    outcome = OutcomeFactory()
    # References of their own: the page lists actions by reference, and the factory's count
    # (9.9, then 9.10) depends on how many actions earlier tests in the process made.
    ActionFactory(
        outcome=outcome, reference="1.1", title="Off-track action", status=Status.OFF_TRACK
    )
    ActionFactory(
        outcome=outcome, reference="1.2", title="Late action", due_on=datetime.date(2020, 1, 1)
    )
    ActionFactory(outcome=outcome, reference="1.3", title="Action going well")
    RiskFactory(title="High risk", likelihood="B", impact="I")
    RiskFactory(title="Moderate risk", likelihood="B", impact="III")
    RiskFactory(title="Unreviewed risk", review_on=datetime.date(2020, 1, 1))
    flagged = RiskFactory(
        title="Flagged risk",
        rerating_reason="KPI red twice.",
        rerating_flagged_on=datetime.date(2024, 1, 1),
    )

    response = client_as(roles.COUNCILLOR).get(reverse("strategy:exceptions"))

    exceptions = response.context["exceptions"]
    assert [a.title for a in exceptions.actions] == ["Off-track action", "Late action"]
    assert [r.risk.title for r in exceptions.high_risks] == ["High risk"]
    assert [r.risk.title for r in exceptions.review_overdue] == ["Unreviewed risk"]
    assert [r.risk for r in exceptions.needs_rerating] == [flagged]
    assert "Action going well" not in response.text
    assert "Moderate risk" not in response.text


def test_young_people_see_the_exception_pages_actions_without_risks(client_as):
    ActionFactory(title="Off-track action", status=Status.OFF_TRACK)
    RiskFactory(title="High risk", likelihood="A", impact="I")

    response = client_as(roles.YOUNG_PERSON).get(reverse("strategy:exceptions"))

    assert "Off-track action" in response.text
    assert "High risk" not in response.text
    assert response.context["exceptions"].high_risks == []


def test_an_unreadable_quarter_on_the_exception_page_is_not_found(client_as):
    response = client_as(roles.COUNCILLOR).get(reverse("strategy:exceptions"), {"quarter": "Q9"})

    assert response.status_code == 404


def test_the_principles_page_lists_the_actions_serving_each_principle(client_as):
    strategy = StrategyFactory()
    outcome = OutcomeFactory(strategy=strategy)
    action = ActionFactory(outcome=outcome, title="Ask every child before their review")
    action.principles.set(Principle.objects.filter(number__in=[2, 3]))
    pledge = ActionFactory(kind=Action.Kind.PLEDGE, outcome=None, title="We will listen")
    pledge.principles.set(Principle.objects.filter(number=3))

    response = client_as(roles.YOUNG_PERSON).get(reverse("strategy:principle-list"))

    by_number = {item.principle.number: item for item in response.context["principles"]}
    assert [a.title for a in by_number[3].actions] == [
        "Ask every child before their review",
        "We will listen",
    ]
    assert by_number[1].actions == []


def test_outcome_pages_show_actions_and_kpis_and_risks_only_to_those_who_may_see_risks(
    client_as,
):
    from tests.performance.factories import KpiFactory

    outcome = OutcomeFactory()
    KpiFactory(code="CLA-UNREG", title="Children in unregistered provision", outcome=outcome)
    ActionFactory(outcome=outcome, title="Open two small homes")
    RiskFactory(outcome=outcome, title="Sufficiency of homes")

    councillor = client_as(roles.COUNCILLOR).get(outcome.get_absolute_url())
    young = client_as(roles.YOUNG_PERSON).get(outcome.get_absolute_url())

    for page in (councillor, young):
        assert "Children in unregistered provision" in page.text
        assert "Open two small homes" in page.text
    assert "Sufficiency of homes" in councillor.text
    assert "Sufficiency of homes" not in young.text
    assert "Risks to this outcome" not in young.text


def test_the_lead_officer_writes_the_outcomes_progress_statement(client_as):
    client = client_as(roles.OFFICER)
    outcome = OutcomeFactory(lead_officer=client.user)

    client.post(
        reverse("strategy:outcome-progress", args=[outcome.pk]),
        {"quarter": "2024-25 Q3", "statement": "Two homes opened."},
    )
    other = client_as(roles.OFFICER).post(
        reverse("strategy:outcome-progress", args=[outcome.pk]),
        {"quarter": "2024-25 Q3", "statement": "Not mine to write."},
    )

    assert other.status_code == 403
    assert list(outcome.progress.values_list("statement", flat=True)) == ["Two homes opened."]


@pytest.mark.parametrize("count", [2, 20])
def test_the_exception_page_reads_a_fixed_number_of_queries(
    client_as, django_assert_max_num_queries, count
):
    outcome = OutcomeFactory()
    for number in range(count):
        action = ActionFactory(
            outcome=outcome, status=Status.OFF_TRACK, due_on=datetime.date(2020, 1, 1)
        )
        ActionUpdateFactory(action=action, quarter=FinancialQuarter.current().previous())
        RiskFactory(
            likelihood="A",
            impact="II",
            review_on=datetime.date(2020, 1, 1),
            rerating_reason=f"KPI {number} red.",
            rerating_flagged_on=datetime.date(2024, 1, 1),
        )
    client = client_as(roles.COUNCILLOR)

    # session, user, roles, actions with outcomes and owners, their updates, the open risks,
    # the first quarter with records (where "Previous quarter" stops)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("strategy:exceptions"))
    assert len(response.context["exceptions"].actions) == count
    assert len(response.context["exceptions"].needs_rerating) == count


def test_the_secretary_names_an_outcomes_lead_officer_and_member_champion(client_as, make_user):
    lead = make_user(roles.OFFICER, first_name="Daniel", last_name="Okafor")
    outcome = OutcomeFactory(title="Right mix of placements")
    client = client_as(roles.BOARD_SECRETARY)

    client.post(
        reverse("strategy:outcome-edit", args=[outcome.pk]),
        {
            "title": outcome.title,
            "lead_group": outcome.lead_group_id,
            "lead_officer": lead.pk,
            "member_champion": "Councillor Marcus Yeo",
        },
    )
    staff = client.get(outcome.get_absolute_url())
    young = client_as(roles.YOUNG_PERSON).get(outcome.get_absolute_url())

    assert "Daniel Okafor" in staff.text
    assert "Councillor Marcus Yeo" in staff.text
    assert "Daniel Okafor" not in young.text
    assert "A named council officer" in young.text
