"""The home page at a glance, read from the whole demo: headline figures, RAG counts and what
got worse, outcomes, risks and meetings. The demo is loaded once for the module
(tests/database.py); test_home.py has the tests that build their own records."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from cpboard import roles
from cpboard.demo import load_demo_users
from cpboard.quarters import FinancialQuarter
from performance.models import Kpi, Measurement
from reports.dashboard import home_dashboard
from strategy.models import Action, Risk, Strategy
from subgroups.models import BoardGroup, Meeting
from tests.factories import SubgroupFactory
from tests.performance.factories import KpiFactory, MeasurementFactory, TargetFactory
from tests.strategy.factories import ActionFactory, RiskFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def full_demo(demo_records):
    """The demo board with its KPIs and figures, action plan, risks and meetings."""


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

    # Their home page is their own (reports/young_people.py), with no risk register in it.
    assert "dashboard" not in response.context
    assert "Top risks" not in response.text
    for title in Risk.objects.values_list("title", flat=True):
        assert title not in response.text
    # They still see what the board did with their views.
    assert "You said, we did" in response.text
    assert response.context["home"].you_said_we_did


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
    # review, meeting actions owed, open challenges, papers owed for the work plan, unfinished
    # reports. Outcomes: the current
    # strategy, outcomes with lead groups, their principles, progress statements, actions,
    # action updates. The risk register; whether the user sits on a group; the next meetings;
    # "You said, we did".
    with django_assert_num_queries(31):
        response = client.get(reverse("reports:home"))
    assert response.status_code == 200

    outcome = Strategy.objects.current().outcomes.get(number=3)
    _more_of_everything_the_home_page_lists(client.user, outcome)
    with django_assert_num_queries(31):
        response = client.get(reverse("reports:home"))
    assert response.status_code == 200
    assert "MORE-0" in {row.kpi.code for row in response.context["dashboard"].performance.rows}


def test_home_dashboard_is_read_in_the_same_way_for_every_role(full_demo):
    load_demo_users()
    for username in ("councillor", "officer", "performance", "secretary", "youngperson"):
        dashboard = home_dashboard(User.objects.get(username=username))
        assert dashboard.performance.quarter is not None
        assert len(dashboard.outcomes) == 8


def test_the_headline_figures_are_set_per_council(client_as, full_demo, settings):
    settings.HEADLINE_KPIS = ["CL-COUNT"]

    glance = home_as(client_as, roles.COUNCILLOR).context["dashboard"].performance

    assert [row.kpi.code for row in glance.headlines] == ["CL-COUNT"]
