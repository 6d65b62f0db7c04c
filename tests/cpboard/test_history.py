"""Change history names each changed field as the page's form does."""

import pytest

from cpboard.history import change_history
from tests.performance.factories import KpiFactory
from tests.strategy.factories import RiskFactory

pytestmark = pytest.mark.django_db


def test_a_field_named_with_capitals_keeps_them_in_the_history():
    risk = RiskFactory()
    risk.kpis.add(KpiFactory())

    entries = change_history(risk, fields=("kpis",))

    assert [change.field for entry in entries for change in entry.changes] == ["KPIs"]
