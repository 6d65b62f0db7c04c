"""Compiling reports: a tagged PDF with the scorecard's figures, the same content every time,
public versions without small numbers, and failed or killed runs that leave the previous file
in place and can be retried."""

import datetime
import hashlib
import json
import re
from decimal import Decimal

import pikepdf
import pytest
from django.utils import timezone

from cpboard.quarters import FinancialQuarter
from performance.models import Measurement
from reports import rendering, services
from reports.models import Report
from reports.snapshot import SUPPRESSED_COUNT
from subgroups.models import BoardGroup
from tests.performance.factories import KpiFactory, MeasurementFactory, TargetFactory
from tests.reports.helpers import YEAR, compile_now, make_report, pdf_text, secretary

pytestmark = pytest.mark.django_db


def test_the_pdf_is_tagged_titled_in_english_and_shows_the_scorecard(board_data):
    report = make_report()

    report_file = compile_now(report)

    report.refresh_from_db()
    assert report.status == Report.Status.READY
    assert report_file.version == 1
    assert report_file.pages > 5
    with pikepdf.open(report_file.file.path) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert str(pdf.Root.Lang) == "en-GB"
        assert str(pdf.docinfo["/Title"]).startswith("Board pack 2026-27 Q2")
    text = pdf_text(report_file.file.path)
    rows = {row["code"]: row for row in report_file.snapshot["scorecard"]["rows"]}
    health = rows["CLA-IHA-20WD"]
    assert health["rag_word"] == "Off target"
    for word in ("On target", "Close to target", "Off target", "Contents", "Page 2 of"):
        assert word in text
    assert health["figure"]["text"] in text  # "55.0%"
    assert rows["CLA-COUNT"]["figure"]["text"] in text
    # Exceptions come first: the off-target KPI is listed before the full table.
    assert text.index("CLA-IHA-20WD") < text.index("All KPIs")


def test_the_file_is_saved_with_its_checksum_size_and_snapshot(board_data):
    report_file = compile_now(make_report())

    content = report_file.file.read()
    assert report_file.sha256 == hashlib.sha256(content).hexdigest()
    assert report_file.size == len(content)
    assert report_file.snapshot["report"]["title"] == "Board pack 2026-27 Q2"
    json.dumps(report_file.snapshot)  # plain data only


def test_compiling_twice_on_unchanged_data_gives_the_same_content(board_data):
    report = make_report(kind=Report.Kind.ANNUAL, year=YEAR)
    first = compile_now(report)
    report.refresh_from_db()

    second = compile_now(report)

    assert (first.version, second.version) == (1, 2)
    assert first.file.name != second.file.name
    strip = {"as_of"}
    assert {k: v for k, v in first.snapshot.items() if k not in strip} == {
        k: v for k, v in second.snapshot.items() if k not in strip
    }
    assert pdf_text(first.file.path) == pdf_text(second.file.path)


def test_the_snapshot_is_dated_by_the_compile_request_not_the_run(board_data):
    report = make_report()
    report = services.report_compile_request(report=report, requested_by=secretary(), queue=False)
    requested = timezone.now() - datetime.timedelta(days=3)
    Report.objects.filter(pk=report.pk).update(compile_requested_at=requested)

    report_file = services.report_compile(report_id=report.pk, run_token=report.run_token)

    assert report_file.snapshot["as_of"] == timezone.localtime(requested).isoformat()


@pytest.fixture
def small_cohort_kpi(board_data):
    """A percentage KPI whose year-end figure counts 2 of 3 children, and a count KPI of 3."""
    group = BoardGroup.objects.get(slug="health")
    quarter = FinancialQuarter(YEAR, 4)
    share = KpiFactory(
        code="CLA-TINY-SHARE", title="Tiny cohort share", percentage=True, subgroup=group
    )
    TargetFactory(kpi=share, applies_from=2024)
    MeasurementFactory(
        kpi=share,
        quarter=quarter,
        value=Decimal("66.7"),
        numerator=2,
        denominator=3,
        status=Measurement.Status.APPROVED,
    )
    count = KpiFactory(code="CLA-TINY-COUNT", title="Tiny cohort count", subgroup=group)
    MeasurementFactory(
        kpi=count, quarter=quarter, value=Decimal("3"), status=Measurement.Status.APPROVED
    )
    return share, count


def _figures(snapshot: dict):
    """Every KPI figure in a snapshot, with its row's unit."""
    for row in snapshot["scorecard"]["rows"]:
        for shown in [row["figure"], row["previous"], *row["trend"]]:
            if shown:
                yield row, shown


def test_no_suppressed_number_reaches_the_public_pdf(small_cohort_kpi):
    board = compile_now(make_report(kind=Report.Kind.ANNUAL, year=YEAR))
    public = compile_now(
        make_report(kind=Report.Kind.ANNUAL, audience=Report.Audience.PUBLIC, year=YEAR)
    )

    board_text, public_text = pdf_text(board.file.path), pdf_text(public.file.path)
    # The board sees the share of 2 in 3 children and where it comes from...
    assert "66.7%" in board_text
    # (as words of their own: "Page 12 of 30" is a page number, not a count)
    assert re.search(r"\b2 of 3\b", board_text)
    # ...the public version neither, and says why.
    assert "66.7%" not in public_text
    assert not re.search(r"\b2 of 3\b", public_text)
    assert "fewer than 5 children" in public_text
    assert SUPPRESSED_COUNT in public_text
    assert "counts from 1 to 4 are shown as" in public_text
    # No count KPI that suppresses small counts carries a value from 1 to 4 into the public
    # snapshot, which is all the templates can read.
    suppressed = 0
    for row, shown in _figures(public.snapshot):
        if row["unit"] == "count" and shown["value"] is not None:
            assert not (1 <= Decimal(shown["value"]) <= 4) or row["code"] in ("SW-CASELOAD",), row[
                "code"
            ]
        suppressed += shown["suppressed"]
    assert suppressed > 0
    tiny = next(r for r in public.snapshot["scorecard"]["rows"] if r["code"] == "CLA-TINY-COUNT")
    assert tiny["figure"]["text"] == SUPPRESSED_COUNT
    # Officers' commentary can mention small numbers: public versions leave it out.
    assert all(row["commentary"] == "" for row in public.snapshot["scorecard"]["rows"])


def test_a_run_that_fails_half_way_keeps_the_previous_file_and_a_retry_succeeds(
    board_data, monkeypatch
):
    report = make_report()
    first = compile_now(report)
    services.report_publish(report=report, published_by=secretary())
    stored = first.file.read()

    def broken_template(snapshot):
        raise RuntimeError("the section template could not be read")

    monkeypatch.setattr(rendering, "render_html", broken_template)
    assert compile_now(report) is None

    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert report.failure_reason == (
        "Rendering pages failed: RuntimeError: the section template could not be read"
    )
    assert list(report.files.values_list("version", flat=True)) == [1]
    assert report.published_file == first
    with report.published_file.file.open("rb") as handle:
        assert handle.read() == stored

    monkeypatch.undo()
    retry = compile_now(report)

    report.refresh_from_db()
    assert report.status == Report.Status.READY
    assert report.failure_reason == ""
    assert retry.version == 2
    assert report.published_file == first  # still the published one, still on disk
    assert first.file.storage.exists(first.file.name)


def test_a_killed_run_shows_as_interrupted_and_a_retry_succeeds(board_data, settings):
    settings.REPORTS_STALE_AFTER_SECONDS = 600
    report = make_report()
    first = compile_now(report)
    # A run starts, reaches "Writing PDF" and its worker is killed: the row stays compiling
    # and its heartbeat stops.
    killed = services.report_compile_request(report=report, requested_by=secretary(), queue=False)
    Report.objects.filter(pk=report.pk).update(
        progress="Writing PDF",
        progress_step=3,
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=11),
    )
    report.refresh_from_db()
    assert report.is_interrupted
    assert report.status_label == "Interrupted"
    assert report.files.get() == first

    retry = compile_now(report)

    report.refresh_from_db()
    assert report.status == Report.Status.READY
    assert retry.version == 2
    # The killed run's message, delivered again by the broker, changes nothing.
    assert services.report_compile(report_id=report.pk, run_token=killed.run_token) is None
    assert report.files.count() == 2
    assert first.file.storage.exists(first.file.name)


def test_a_second_compile_is_refused_while_one_is_running(board_data):
    report = make_report()
    services.report_compile_request(report=report, requested_by=secretary(), queue=False)

    with pytest.raises(services.CompileRefused):
        services.report_compile_request(report=report, requested_by=secretary(), queue=False)


def test_only_a_ready_report_can_be_published_and_its_file_is_kept(board_data):
    report = make_report()
    with pytest.raises(services.PublishRefused):
        services.report_publish(report=report, published_by=secretary())
    first = compile_now(report)
    services.report_publish(report=report, published_by=secretary())

    compile_now(report)

    report.refresh_from_db()
    assert report.status == Report.Status.READY
    assert report.published_file == first
    assert report.files.count() == 2


def test_the_young_peoples_summary_speaks_plainly(board_data):
    report = make_report(kind=Report.Kind.YOUNG_PEOPLE, audience=Report.Audience.PUBLIC)

    text = pdf_text(compile_now(report).file.path)

    assert "How children in care are doing" in text
    assert "You said, we did" in text
    assert "Children in care" in text
    # Not only counts: what young people ask about their own lives, with how it is going
    # (settings.YOUNG_PEOPLE_KPIS, apart from the home page's headline figures), under the
    # plain titles the performance lead gave the KPIs, each figure told as a sentence.
    assert "Children who saw a dentist this year" in text
    assert "Care leavers at school, college, training or work" in text
    assert "Dental checks in the last 12 months" not in text
    assert "out of every 100" in text
    assert "%" not in text


def test_the_public_board_pack_names_no_owner_of_an_action(board_data):
    # Public reports are public documents: who owns a record is not in them
    # (cpboard.roles.may_see_staff_names); the Board's version names the owners.
    public = compile_now(make_report(audience=Report.Audience.PUBLIC))

    text = pdf_text(public.file.path)
    log = public.snapshot["action_log"]["actions"]
    assert log, "the demo's last Board meeting has actions on its log"
    assert log[0]["description"][:40] in text
    assert all(action["owner"] == "" for action in log)
    for name in ("Daniel Okafor", "Ruth Kendal", "Amira Begum"):
        assert name not in text
