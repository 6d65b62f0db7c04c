"""Board reports: the quarterly board pack, the annual report to Council and the young
people's summary, the narrative the secretary writes, and every PDF compiled from them.

A report's files are kept: each compile adds a new ReportFile with its own storage path, so a
published file is never overwritten and stays downloadable after later compiles.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cpboard.quarters import FinancialQuarter, FinancialYear, QuarterField


class ReportQuerySet(models.QuerySet):
    def visible_to_public(self) -> "ReportQuerySet":
        """Published reports written for the public (what young people may read)."""
        return self.filter(audience=Report.Audience.PUBLIC, published_file__isnull=False)


class Report(models.Model):
    """One report for one period and audience, with its narrative and compile state."""

    class Kind(models.TextChoices):
        BOARD_PACK = "board_pack", "Quarterly board pack"
        ANNUAL = "annual", "Annual report to Council"
        YOUNG_PEOPLE = "young_people", "Young people's summary"

    class Audience(models.TextChoices):
        BOARD = "board", "Board only (restricted)"
        PUBLIC = "public", "Public"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        COMPILING = "compiling", "Compiling"
        READY = "ready", "Ready to publish"
        FAILED = "failed", "Failed"
        PUBLISHED = "published", "Published"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    quarter = QuarterField(
        null=True, blank=True, help_text="The quarter a board pack covers, e.g. 2025-26 Q2."
    )
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="First calendar year of the financial year an annual report covers.",
    )
    audience = models.CharField(max_length=8, choices=Audience.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The run in progress, or the last one: a worker saves its progress and heartbeat here.
    run_token = models.CharField(max_length=32, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    compile_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    compile_requested_at = models.DateTimeField(null=True, blank=True)
    progress = models.CharField(max_length=80, blank=True)
    progress_step = models.PositiveSmallIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    failure_reason = models.TextField(blank=True)
    published_file = models.ForeignKey(
        "reports.ReportFile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The file published; kept whatever is compiled later.",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    # Progress and heartbeats change every few seconds during a run: not worth a history row.
    history = HistoricalRecords(excluded_fields=["progress", "progress_step", "heartbeat_at"])
    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "quarter", "audience"],
                condition=models.Q(quarter__isnull=False),
                name="one_report_per_kind_quarter_audience",
                violation_error_message="There is already a report of this kind for that "
                "quarter and audience.",
            ),
            models.UniqueConstraint(
                fields=["kind", "year", "audience"],
                condition=models.Q(year__isnull=False),
                name="one_report_per_kind_year_audience",
                violation_error_message="There is already a report of this kind for that "
                "year and audience.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:report-detail", args=[self.pk])

    @property
    def financial_year(self) -> FinancialYear | None:
        return FinancialYear(self.year) if self.year is not None else None

    @property
    def period(self) -> FinancialQuarter | FinancialYear:
        return self.quarter if self.quarter is not None else self.financial_year

    @property
    def title(self) -> str:
        if self.kind == self.Kind.BOARD_PACK:
            return f"Board pack {self.quarter}"
        if self.kind == self.Kind.ANNUAL:
            return f"Annual report {self.financial_year}"
        return f"Young people's summary {self.financial_year}"

    @property
    def is_public(self) -> bool:
        return self.audience == self.Audience.PUBLIC

    @property
    def is_interrupted(self) -> bool:
        """A run that has not reported for a while: its worker was killed or lost."""
        if self.status != self.Status.COMPILING:
            return False
        last = self.heartbeat_at or self.compile_requested_at
        limit = datetime.timedelta(seconds=settings.REPORTS_STALE_AFTER_SECONDS)
        return last is None or timezone.now() - last > limit

    @property
    def can_compile(self) -> bool:
        return self.status != self.Status.COMPILING or self.is_interrupted

    @property
    def status_label(self) -> str:
        if self.is_interrupted:
            return "Interrupted"
        return self.get_status_display()

    def clean(self) -> None:
        if self.kind == self.Kind.BOARD_PACK:
            if self.quarter is None:
                raise ValidationError({"quarter": "Choose the quarter the board pack covers."})
            self.year = None
        else:
            if self.year is None:
                raise ValidationError({"year": "Choose the financial year the report covers."})
            self.quarter = None
        if self.kind == self.Kind.YOUNG_PEOPLE and self.audience != self.Audience.PUBLIC:
            raise ValidationError(
                {"audience": "The young people's summary is written for the public."}
            )


class ReportSection(models.Model):
    """One narrative section the secretary writes, in the report's fixed order."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(max_length=40)
    heading = models.CharField(max_length=120)
    body = models.TextField(blank=True, help_text="Plain text; a blank line starts a paragraph.")
    position = models.PositiveSmallIntegerField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="one_section_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.heading}"

    def get_absolute_url(self) -> str:
        return reverse("reports:section-edit", args=[self.report_id, self.key])

    @property
    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.body.replace("\r\n", "\n").split("\n\n") if part]


def report_file_path(instance: "ReportFile", filename: str) -> str:
    """A path no other version shares: report id, version and the run that made it."""
    return f"reports/{instance.report_id}/v{instance.version}-{filename}"


class ReportFile(models.Model):
    """One compiled PDF of a report, kept for good."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="files")
    version = models.PositiveIntegerField()
    file = models.FileField(upload_to=report_file_path, max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    pages = models.PositiveIntegerField()
    snapshot = models.JSONField(help_text="The figures and records the file was compiled from.")
    compiled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["report", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["report", "version"], name="one_file_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.report} version {self.version}"

    def get_absolute_url(self) -> str:
        return reverse("reports:file-download", args=[self.report_id, self.version])

    @property
    def download_name(self) -> str:
        slug = self.report.title.lower().replace("'", "").replace(" ", "-")
        return f"{slug}-v{self.version}.pdf"


# --- Agenda packs ---------------------------------------------------------------------------


class AgendaPack(models.Model):
    """The agenda pack of one meeting: its compile state, and every version sent out."""

    class Status(models.TextChoices):
        NOT_SENT = "not-sent", "Not sent yet"
        COMPILING = "compiling", "Compiling"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    meeting = models.OneToOneField(
        "subgroups.Meeting", on_delete=models.PROTECT, related_name="agenda_pack"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NOT_SENT)
    run_token = models.CharField(max_length=32, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(null=True, blank=True)
    failure_reason = models.TextField(blank=True)
    resend = models.BooleanField(
        default=False,
        help_text="A paper changed while a version was compiling: send another when it is done.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-meeting__starts_at"]

    def __str__(self) -> str:
        return f"Agenda pack: {self.meeting}"

    def get_absolute_url(self) -> str:
        return reverse("reports:agenda-pack", args=[self.meeting_id])

    @property
    def is_interrupted(self) -> bool:
        if self.status != self.Status.COMPILING:
            return False
        limit = datetime.timedelta(seconds=settings.REPORTS_STALE_AFTER_SECONDS)
        return self.requested_at is None or timezone.now() - self.requested_at > limit

    @property
    def can_compile(self) -> bool:
        return self.status != self.Status.COMPILING or self.is_interrupted


def agenda_pack_path(instance: "AgendaPackVersion", filename: str) -> str:
    return f"agenda-packs/{instance.pack.meeting_id}/v{instance.version}-{filename}"


class AgendaPackVersion(models.Model):
    """One version of a meeting's agenda pack, kept for good: the members' PDF (with the
    restricted papers), the public PDF, and what changed since the version before."""

    pack = models.ForeignKey(AgendaPack, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField()
    members_file = models.FileField(upload_to=agenda_pack_path, max_length=200)
    public_file = models.FileField(upload_to=agenda_pack_path, max_length=200)
    members_pages = models.PositiveIntegerField()
    public_pages = models.PositiveIntegerField()
    papers = models.JSONField(
        help_text="Each item's paper as it went into this version: item id to name and hash."
    )
    changes = models.JSONField(
        default=list, help_text="What changed since the version before, one line each."
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pack", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["pack", "version"], name="one_pack_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.pack} version {self.version}"
