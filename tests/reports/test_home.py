"""The home page: what a councillor sees at a glance, and what waits for the people who keep
the board's records."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from cpboard import roles
from cpboard.demo import load_demo_users
from cpboard.quarters import FinancialQuarter
from performance.demo import load_demo_kpis
from performance.models import CollectionRound, Kpi, Measurement
from reports.dashboard import home_dashboard
from reports.models import Report
from strategy.demo import load_demo_plan
from strategy.models import Action, Risk
from subgroups.demo import load_demo_meetings
from subgroups.models import BoardGroup, Meeting
from tests.factories import SubgroupFactory
from tests.performance.factories import KpiFactory, MeasurementFactory, TargetFactory
from tests.strategy.factories import ActionFactory, RiskFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def full_demo(demo_board):
    """The demo board with its KPIs and figures, action plan, risks and meetings."""
    load_demo_meetings()
    load_demo_plan()
    load_demo_kpis()
    return demo_board


def home_as(client_as, role):
    client = client_as(role)
    response = client.get(reverse("reports:home"))
    assert response.status_code == 200
    return response


def test_councillor_sees_the_headline_figures_of_the_latest_approved_quarter(client_as, full_demo):
    response = home_as(client_as, roles.COUNCILLOR)

    glance = response.context["dashboard"].performance
    latest = Measurement.objects.filter(status="approved").latest("quarter").quarter
    assert glance.quarter == latest
    assert f"Approved figures for {latest}" in response.text
    assert [row.kpi.code for row in glance.headlines] == [
        "CLA-COUNT",
        "CLA-RATE-10K",
        "CL-COUNT",
        "CLA-UASC",
    ]
    children_in_care = Measurement.objects.get(kpi__code="CLA-COUNT", quarter=latest)
    assert f'<span class="cpb-headlines__value">{children_in_care.value:.0f}</span>' in (
        response.text
    )


def test_councillor_sees_how_many_kpis_are_red_amber_green_and_which_got_worse(
    client_as, full_demo
):
    response = home_as(client_as, roles.COUNCILLOR)

    glance = response.context["dashboard"].performance
    assert glance.rated == sum(glance.counts.values()) > 0
    assert f"{glance.counts['red']}</span> off target" in response.text
    assert glance.worsened, "the demo has KPIs that got worse"
    assert all(row.direction == "worsened" for row in glance.worsened)
    # Red ones first: the board asks about those; KPIs with no target yet come last.
    severities = [{"red": 0, "amber": 1, "green": 2, None: 3}[row.rag] for row in glance.worsened]
    assert severities == sorted(severities)
    assert glance.worsened[0].kpi.title in response.text


def test_contextual_figures_are_never_counted_as_on_or_off_target(client_as, full_demo):
    glance = home_as(client_as, roles.COUNCILLOR).context["dashboard"].performance

    counted = glance.rated
    with_target = sum(1 for kpi in Kpi.objects.active() if not kpi.is_context)
    assert counted <= with_target


def test_outcomes_show_their_actions_and_latest_progress_statement(client_as, full_demo):
    response = home_as(client_as, roles.COUNCILLOR)

    lines = response.context["dashboard"].outcomes
    assert [line.progress.outcome.number for line in lines] == [1, 2, 3, 4, 5, 6, 7, 8]
    first = lines[0]
    actions = Action.objects.plan().filter(outcome=first.progress.outcome).count()
    assert first.actions_in_words.startswith(f"{actions} action")
    assert first.actions_in_words in response.text
    assert any(line.progress.statement for line in lines)


def test_councillor_sees_the_top_risks_and_the_matrix(client_as, full_demo):
    response = home_as(client_as, roles.COUNCILLOR)

    risks = response.context["dashboard"].risks
    assert risks.top
    scores = [row.rating.score for row in risks.top]
    assert scores == sorted(scores, reverse=True)
    assert "Risk matrix: where the open risks sit" in response.text
    assert risks.top[0].risk.title in response.text
    assert "Likelihood: A very likely" in response.text


def test_young_people_see_no_risk_on_the_home_page(client_as, full_demo):
    response = home_as(client_as, roles.YOUNG_PERSON)

    assert response.context["dashboard"].risks is None
    assert "Top risks" not in response.text
    for title in Risk.objects.values_list("title", flat=True):
        assert title not in response.text
    # They still see what the board did with their views.
    assert "You said, we did" in response.text
    assert response.context["dashboard"].you_said_we_did


def test_the_next_meetings_of_the_board_are_listed(client_as, full_demo):
    response = home_as(client_as, roles.COUNCILLOR)

    meetings = response.context["dashboard"].meetings
    assert meetings
    assert all(meeting.starts_at > timezone.now() for meeting in meetings)
    assert meetings == sorted(meetings, key=lambda meeting: meeting.starts_at)
    assert meetings[0].get_absolute_url() in response.text


def test_councillors_and_young_people_have_no_list_of_work(client_as, full_demo):
    for role in (roles.COUNCILLOR, roles.YOUNG_PERSON):
        response = home_as(client_as, role)
        assert "What you need to do" not in response.text


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


def _more_of_everything_the_home_page_lists(owner, outcome) -> None:
    """Five more KPIs with figures this quarter and last (one a headline's neighbour, all
    rated), sub-groups with meetings, actions and risks owed by `owner`, figures to sign
    off."""
    latest = Measurement.objects.filter(status="approved").latest("quarter").quarter
    today = timezone.localdate()
    for n in range(5):
        group = SubgroupFactory(reports_to=BoardGroup.objects.board())
        kpi = KpiFactory(code=f"MORE-{n}", subgroup=group)
        TargetFactory(kpi=kpi, applies_from=2020)
        for quarter, value in ((latest.previous(), 90), (latest, 60 + n)):
            MeasurementFactory(kpi=kpi, quarter=quarter, value=value, status="approved")
        MeasurementFactory(
            kpi=KpiFactory(), quarter=FinancialQuarter.parse("2025-26 Q1"), status="submitted"
        )
        Meeting.objects.create(
            group=group, starts_at=timezone.now() + datetime.timedelta(days=7 + n), place="Hall"
        )
        ActionFactory(outcome=outcome, owner=owner, due_on=today)
        RiskFactory(owner=owner, review_on=today)


def test_home_takes_a_fixed_number_of_queries(client_as, full_demo, django_assert_num_queries):
    client = client_as(roles.BOARD_SECRETARY)
    client.get(reverse("reports:home"))  # warm the content-type cache
    # Session, user, roles; the Board; the current strategy. Performance: the latest approved
    # quarter, KPIs, figures, trend values, targets, comparators; How we compare for the KPIs
    # linked to DfE measures (DfE's latest year of each, the neighbours, the figures shown,
    # every council's number). Work: actions due, risks to
    # review, meeting actions owed, open challenges, unfinished reports. Outcomes: the current
    # strategy, outcomes with lead groups, their principles, progress statements, actions,
    # action updates. The risk register; whether the user sits on a group; the next meetings;
    # "You said, we did".
    with django_assert_num_queries(30):
        response = client.get(reverse("reports:home"))
    assert response.status_code == 200

    outcome = full_demo["strategy"].outcomes.get(number=3)
    _more_of_everything_the_home_page_lists(client.user, outcome)
    with django_assert_num_queries(30):
        response = client.get(reverse("reports:home"))
    assert response.status_code == 200
    assert "MORE-0" in {row.kpi.code for row in response.context["dashboard"].performance.rows}


def test_home_dashboard_is_read_in_the_same_way_for_every_role(full_demo):
    load_demo_users()
    for username in ("councillor", "officer", "performance", "secretary", "youngperson"):
        dashboard = home_dashboard(User.objects.get(username=username))
        assert dashboard.performance.quarter is not None
        assert len(dashboard.outcomes) == 8


def test_home_on_an_empty_installation_explains_what_is_missing(client_as):
    response = client_as(roles.COUNCILLOR).get(reverse("reports:home"))

    assert response.status_code == 200
    assert "There are no approved figures yet." in response.text
    assert "There is no approved strategy yet" in response.text
    assert "No meetings are planned yet." in response.text


def test_the_headline_figures_are_set_per_council(client_as, full_demo, settings):
    settings.HEADLINE_KPIS = ["CL-COUNT"]

    glance = home_as(client_as, roles.COUNCILLOR).context["dashboard"].performance

    assert [row.kpi.code for row in glance.headlines] == ["CL-COUNT"]


def test_the_council_name_comes_from_settings(client_as, settings):
    settings.COUNCIL_NAME = "Northmoor County Council"

    response = client_as(roles.COUNCILLOR).get(reverse("reports:home"))

    assert "Northmoor County Council" in response.text
    assert "Wealdbridge" not in response.text
