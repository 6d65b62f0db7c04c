"""A highlight report's outcomes and KPIs: the links belong to strategy and performance (the
higher layers), and a change to them shows in the report's history, as one change with the
report's own fields when made in the same save."""

import pytest

from cpboard.history import change_history
from cpboard.quarters import FinancialQuarter
from subgroups import services
from tests.factories import OutcomeFactory, SubgroupFactory
from tests.performance.factories import KpiFactory

pytestmark = pytest.mark.django_db


def test_a_reports_outcomes_and_kpis_show_in_its_history_with_its_own_changes(board, people):
    group = SubgroupFactory(name="Health", reports_to=board)
    outcome = OutcomeFactory(lead_group=group)
    first, second = KpiFactory(code="KPI-A", subgroup=group), KpiFactory(code="KPI-B")
    author = people["officer"]
    report = services.highlight_report_save(
        group=group,
        quarter=FinancialQuarter(2026, 2),
        author=author,
        outcomes=[outcome],
        kpis=[first],
        went_well="Dental checks up.",
    )

    services.highlight_report_save(
        report=report,
        group=group,
        quarter=report.quarter,
        author=author,
        outcomes=[],
        kpis=[first, second],
        went_well="Dental checks up again.",
    )

    assert (list(report.outcomes.all()), list(report.kpis.all())) == ([], [first, second])
    latest, created = change_history(report, fields=("went_well", "outcomes", "kpis"))
    assert [(change.field, change.old, change.new) for change in latest.changes] == [
        ("What went well", "Dental checks up.", "Dental checks up again."),
        ("Outcomes", str(outcome), "(none)"),
        ("KPIs", str(first), f"{first}; {second}"),
    ]
    assert (created.action, created.who) == ("Created", author.get_full_name())
    assert [(change.field, change.new) for change in created.changes] == [
        ("Outcomes", str(outcome)),
        ("KPIs", str(first)),
    ]
