"""Reads of compiled reports, for their pages. The home page's reads are in dashboard.py."""

from django.db.models import Count, QuerySet

from cpboard.history import with_latest_change
from cpboard.roles import Capability, can
from reports.models import Report, ReportFile, ReportSection

# --- Compiled reports -------------------------------------------------------------------------


def reports_for(user) -> QuerySet[Report]:
    """The reports the user may read, newest first, with the people and the published file
    preloaded and `file_count` annotated (one query). Without VIEW_BOARD_REPORTS only
    published public reports (which include the young people's summary)."""
    reports = Report.objects.select_related("published_file", "created_by").annotate(
        file_count=Count("files")
    )
    if not can(user, Capability.VIEW_BOARD_REPORTS):
        reports = reports.visible_to_public()
    return reports.order_by("-created_at", "-pk")


def report_detail(pk: int, *, user) -> Report:
    """One report the user may read, with the people involved and its published file.
    Raises Report.DoesNotExist for a report the user may not see."""
    reports = Report.objects.select_related(
        "published_file", "published_by", "compile_requested_by", "created_by"
    )
    if not can(user, Capability.VIEW_BOARD_REPORTS):
        reports = reports.visible_to_public()
    return reports.get(pk=pk)


def report_sections(report: Report) -> list[ReportSection]:
    """The report's narrative sections in order, each with its latest change (one query)."""
    return list(with_latest_change(report.sections.order_by("position")))


def report_files(report: Report, *, user) -> list[ReportFile]:
    """The compiled files the user may download, newest first (one query): every version for
    board members, the published one only for everybody else."""
    files = report.files.select_related("compiled_by").defer("snapshot").order_by("-version")
    if not can(user, Capability.VIEW_BOARD_REPORTS):
        files = files.filter(pk=report.published_file_id)
    return list(files)
