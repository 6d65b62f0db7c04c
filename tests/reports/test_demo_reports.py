"""The demo reports: published annual report and young people's summary for the last full
year, a draft board pack for the latest quarter, loaded once however often load_demo runs."""

import pytest

from reports.demo import load_demo_reports
from reports.models import Report, ReportFile, ReportSection
from tests.reports.conftest import DEMO_TODAY

pytestmark = pytest.mark.django_db


def _state() -> dict:
    return {
        "reports": sorted(Report.objects.values_list("kind", "audience", "status", "year")),
        "files": sorted(ReportFile.objects.values_list("report__kind", "version", "sha256")),
        "report history": Report.history.count(),
        "section history": ReportSection.history.count(),
    }


def test_the_demo_publishes_the_annual_report_and_summary_and_drafts_a_pack(board_data):
    annual, summary, pack = load_demo_reports(today=DEMO_TODAY)

    assert (annual.title, annual.status, annual.audience) == (
        "Annual report 2025-26",
        "published",
        "public",
    )
    assert summary.status == "published"
    assert (pack.title, pack.status, pack.audience) == ("Board pack 2026-27 Q2", "draft", "board")
    assert "Wealdbridge" in annual.sections.get(key="background").body
    assert annual.published_file.file.storage.exists(annual.published_file.file.name)


def test_loading_the_demo_reports_again_changes_nothing(board_data):
    load_demo_reports(today=DEMO_TODAY)
    first = _state()

    load_demo_reports(today=DEMO_TODAY)

    assert _state() == first
