"""Reads of compiled reports, for their pages. The home page's reads are in dashboard.py."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from cpboard.roles import Capability, can
from reports.models import Report, ReportFile

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


@dataclass(frozen=True)
class NarrativeSection:
    """One section of a report's narrative as a reader sees it."""

    key: str
    heading: str
    paragraphs: list[str]
    edit_url: str = ""
    """Where to write it; only for those who may (COMPILE_REPORTS)."""


def report_narrative(report: Report, *, user) -> list[NarrativeSection] | None:
    """The narrative the user may read, in order. Those who write reports (COMPILE_REPORTS)
    read the sections as saved now, with where to change each (one query). Everyone else
    reads the text of the published version, as its snapshot kept it (no query: the
    published file is preloaded), and never an edit that has not been published; None for a
    report never published."""
    if can(user, Capability.COMPILE_REPORTS):
        return [
            NarrativeSection(s.key, s.heading, s.paragraphs, s.get_absolute_url())
            for s in report.sections.order_by("position")
        ]
    if report.published_file is None:
        return None
    return [
        NarrativeSection(s["key"], s["heading"], list(s["paragraphs"]))
        for s in report.published_file.snapshot.get("sections", [])
    ]


def report_files(report: Report, *, user) -> list[ReportFile]:
    """The compiled files the user may download, newest first (one query): every version for
    board members, the published one only for everybody else."""
    files = report.files.select_related("compiled_by").defer("snapshot").order_by("-version")
    if not can(user, Capability.VIEW_BOARD_REPORTS):
        files = files.filter(pk=report.published_file_id)
    return list(files)
