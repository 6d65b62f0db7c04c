"""The annual report shows the year's inspections (Ofsted's words), the visits members made
and the training they completed, read back from the compiled PDF."""

import pytest

from cpboard.quarters import FinancialYear
from reports import activity
from reports.models import Report
from tests.reports.helpers import compile_now, make_report, pdf_text

pytestmark = pytest.mark.django_db

YEAR = FinancialYear(2025)


def test_the_years_inspections_visits_and_training_are_shaped_for_the_report(board_data):
    inspections = activity.inspections(YEAR)
    training = {row["course"]: row for row in activity.training(YEAR, as_of=YEAR.end)}
    visits = activity.visits(YEAR)

    assert [(row["service"], row["judgement"], row["care_leavers"]) for row in inspections] == [
        (
            "Wealdbridge Borough Council children's services",
            "Good",
            "Requires improvement to be good",
        ),
    ]
    assert inspections[0]["recommendations"] == 3
    assert training["Corporate parenting induction"]["completed"] == 13
    assert training["Safeguarding children"]["sessions"] == 1
    assert [row["service"] for row in visits["made"]] == [
        "Eden House",
        "Leaving care team drop-in",
    ]


def test_the_compiled_annual_report_prints_them(board_data):
    report = make_report(Report.Kind.ANNUAL, Report.Audience.PUBLIC, year=YEAR.start_year)

    text = pdf_text(compile_now(report).file.path)

    assert "Inspections and regulatory visits, 2025-26" in text
    assert "The experiences and progress" not in text  # the PDF uses its own short labels
    assert "Care leavers: Requires improvement to be good" in text
    assert "Member development: training completed, 2025-26" in text
    assert "Corporate parenting induction" in text
    assert "Visits by Board members, 2025-26" in text
