"""The demo's SSDA903 return: the demo KPIs computed from it agree with the demo's approved
figures for the latest quarter, and loading again uploads nothing new."""

from decimal import Decimal

import pytest
from django.utils import timezone

from cpboard.demo import demo_people, load_demo_users
from cpboard.quarters import FinancialQuarter
from performance.judgement import Polarity, Unit, compute_value
from performance.models import Kpi, Measurement
from performance.ssda903.demo import DEMO_LINKS, load_demo_ssda903
from performance.ssda903.models import Ssda903Upload
from tests.performance.factories import KpiFactory
from tests.reports.conftest import DEMO_TODAY

pytestmark = pytest.mark.django_db

# The demo's figures for the latest quarter (performance/demo/kpis.json).
STORY = {
    "CLA-COUNT": (Unit.COUNT, 481, None),
    "CLA-RATE-10K": (Unit.RATE_PER_10000, 481, 64150),
    "CLA-UASC": (Unit.COUNT, 23, None),
    "CLA-STAB-3PL": (Unit.PERCENTAGE, 50, 481),
    "CLA-RHA": (Unit.PERCENTAGE, 364, 400),
    "CLA-DENTAL": (Unit.PERCENTAGE, 292, 400),
    "CL-IN-TOUCH": (Unit.PERCENTAGE, 137, 143),
    "CL-SUIT-ACC": (Unit.PERCENTAGE, 119, 143),
}


def test_the_demo_return_gives_the_demo_figures_and_loads_once():
    load_demo_users()
    lead = demo_people("performance")["performance"]
    quarter = FinancialQuarter.containing(DEMO_TODAY).previous()
    for code, (unit, numerator, denominator) in STORY.items():
        kpi = KpiFactory(code=code, unit=unit, polarity=Polarity.CONTEXT)
        value = compute_value(unit, numerator, denominator) if denominator else Decimal(numerator)
        Measurement.objects.create(
            kpi=kpi, quarter=quarter, value=value, numerator=numerator,
            denominator=denominator, definition_year=2023, status="approved",
            approved_by=lead, approved_at=timezone.now(),
        )  # fmt: skip

    upload = load_demo_ssda903(today=DEMO_TODAY)

    assert upload.status == "done", upload.failure_reason
    assert {f["kpi"]: f["outcome"] for f in upload.figures} == {
        code: "approved-same" for code in DEMO_LINKS
    }
    assert upload.uploaded_by == lead
    linked = dict(Kpi.objects.exclude(ssda903_measure="").values_list("code", "ssda903_measure"))
    assert linked == DEMO_LINKS
    history = Kpi.history.count()

    again = load_demo_ssda903(today=DEMO_TODAY)

    assert again.pk == upload.pk
    assert Ssda903Upload.objects.count() == 1
    assert Kpi.history.count() == history
