"""The scorecard page, the home page and a compiled board pack say the same about a quarter:
one selector (`performance.selectors.scorecard_summary`) counts for all three."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cpboard import roles
from cpboard.quarters import FinancialQuarter
from performance.judgement import Polarity, Rag
from performance.models import Measurement
from reports import services
from reports.models import Report
from reports.snapshot import build_snapshot
from tests.performance.factories import KpiFactory, MeasurementFactory, TargetFactory

pytestmark = pytest.mark.django_db

QUARTER = FinancialQuarter(2025, 2)


def _kpi(code: str, before: str, now: str, *, polarity=Polarity.HIGHER, target=None):
    kpi = KpiFactory(code=code, polarity=polarity)
    if target is not None:
        TargetFactory(
            kpi=kpi,
            applies_from=2024,
            target=Decimal(target[0]),
            amber_threshold=Decimal(target[1]),
        )
    for quarter, value in ((QUARTER.previous(), before), (QUARTER, now)):
        MeasurementFactory(
            kpi=kpi, quarter=quarter, value=Decimal(value), status=Measurement.Status.APPROVED
        )
    return kpi


@pytest.fixture
def quarter_where_the_old_counts_differed(demo_board):
    """Four KPIs: one off target and worse; one lower-is-better with no target yet that got
    worse (the old home page left it out, as it counted only KPIs with a target); a context
    measure that rose (never better or worse: it has no polarity); one that improved."""
    _kpi("RED-WORSE", "75", "60", target=("80", "70"))
    _kpi("NO-TARGET-WORSE", "10", "12", polarity=Polarity.LOWER)
    _kpi("CONTEXT-ROSE", "400", "450", polarity=Polarity.CONTEXT)
    _kpi("GREEN-BETTER", "50", "85", target=("80", "70"))


def test_scorecard_home_and_board_pack_count_the_same_kpis_worse_than_last_quarter(
    client_as, quarter_where_the_old_counts_differed
):
    client = client_as(roles.COUNCILLOR)
    scorecard = client.get(reverse("performance:scorecard"))
    home = client.get(reverse("reports:home"))
    report = services.report_create(
        kind=Report.Kind.BOARD_PACK,
        audience=Report.Audience.BOARD,
        quarter=QUARTER,
        created_by=None,
    )
    pack = build_snapshot(report, as_of=timezone.now())["scorecard"]

    assert scorecard.status_code == home.status_code == 200
    on_scorecard = scorecard.context["summary"]
    on_home = home.context["dashboard"].performance
    worse = ["RED-WORSE", "NO-TARGET-WORSE"]
    assert [row.kpi.code for row in on_scorecard.worsened] == worse
    assert [row.kpi.code for row in on_home.worsened] == worse
    assert pack["worsened"] == 2
    assert sorted(row["code"] for row in pack["rows"] if row["worsened"]) == sorted(worse)
    assert sorted(pack["exception_codes"]) == sorted(worse)
    for page in (scorecard, home):
        assert '<span class="cpb-rag-summary__count">2</span> worse than last quarter' in (
            page.text
        )
    expected = {Rag.GREEN: 1, Rag.AMBER: 0, Rag.RED: 1}
    assert on_scorecard.counts == on_home.counts == expected
    assert pack["counts"] == {"green": 1, "amber": 0, "red": 1, "unrated": 2}


def test_a_worse_kpi_with_no_target_is_listed_on_the_home_page_without_a_rating(
    client_as, quarter_where_the_old_counts_differed
):
    home = client_as(roles.COUNCILLOR).get(reverse("reports:home"))

    assert home.status_code == 200
    assert '<strong class="govuk-tag govuk-tag--grey">No target</strong>' in home.text
