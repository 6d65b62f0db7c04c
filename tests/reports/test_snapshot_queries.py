"""The snapshot reads a fixed number of queries whatever the number of KPIs and figures."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cpboard.quarters import FinancialQuarter
from performance.models import Measurement
from reports.models import Report
from reports.snapshot import build_snapshot
from subgroups.models import BoardGroup
from tests.factories import SubgroupFactory
from tests.performance.factories import KpiFactory, MeasurementFactory, TargetFactory
from tests.reports.helpers import make_report

pytestmark = pytest.mark.django_db


def _queries(report: Report) -> int:
    with CaptureQueriesContext(connection) as queries:
        build_snapshot(report, as_of=timezone.now())
    return len(queries.captured_queries)


@pytest.mark.parametrize("kind", [Report.Kind.ANNUAL, Report.Kind.BOARD_PACK])
def test_more_kpis_and_figures_add_no_queries(board_data, kind):
    report = make_report(kind=kind)
    before = _queries(report)
    group = BoardGroup.objects.get(slug="health")
    for n in range(6):
        kpi = KpiFactory(code=f"EXTRA-{n}", subgroup=group)
        TargetFactory(kpi=kpi, applies_from=2024)
        for quarter in FinancialQuarter.range(FinancialQuarter(2025, 1), FinancialQuarter(2026, 2)):
            MeasurementFactory(
                kpi=kpi,
                quarter=quarter,
                value=Decimal(70 + n),
                status=Measurement.Status.APPROVED,
            )

    assert _queries(report) == before


def test_more_sub_groups_add_no_queries_to_the_annual_report(board_data):
    report = make_report(kind=Report.Kind.ANNUAL)
    before = _queries(report)
    board = BoardGroup.objects.board()
    for n in range(4):
        SubgroupFactory(name=f"Extra group {n}", reports_to=board)

    assert _queries(report) == before
