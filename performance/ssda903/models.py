"""What the portal keeps about an uploaded SSDA903 return: never a row of it.

An upload record holds the quarter and as-at date, who uploaded it, where the work is
(queued, reading, validating, computing, saving, done or failed), the files' names,
checksums and row counts, the number of rows each of DfE's rules found in error, the
measures counted (aggregates) and what happened to each KPI's figure. The files themselves
wait in SSDA903_TMP_DIR for the worker and are deleted when its task ends, fails or is
killed; the list of child references with errors is a file there for the uploader, for a day
(performance.ssda903.services). Imported by performance/models.py so that the `performance`
app owns the table."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from cpboard.quarters import QuarterField


class Ssda903Upload(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for the worker"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    class Step(models.TextChoices):
        """The steps of the work, in order: the page shows which one is running."""

        QUEUED = "queued", "Waiting to start"
        READING = "reading", "Reading the files"
        VALIDATING = "validating", "Checking them against DfE's validation rules"
        COMPUTING = "computing", "Counting the measures"
        SAVING = "saving", "Entering the figures for sign-off"
        DONE = "done", "Finished"

    quarter = QuarterField()
    as_at = models.DateField(help_text="The last day of the 12 months the measures cover.")
    population = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Children aged 0 to 17 living in the area (ONS mid-year estimate), for the "
        "rate per 10,000.",
    )
    validate = models.BooleanField(default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    step = models.CharField(max_length=10, choices=Step.choices, default=Step.QUEUED)
    step_at = models.DateTimeField(
        null=True, blank=True, help_text="When the work last moved on: a stale one was killed."
    )
    failure_reason = models.TextField(blank=True)
    run_token = models.CharField(max_length=32, blank=True)
    """The run the worker may finish: a retry starts a new one, and an older run stops."""
    task_id = models.CharField(max_length=64, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    file_format = models.CharField(max_length=3, blank=True)
    checksum = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the return.")
    files = models.JSONField(
        default=list, blank=True, help_text="Each file: its name, which file of the return, "
        "its SHA-256 and its number of rows."
    )  # fmt: skip
    children = models.PositiveIntegerField(null=True, blank=True)
    rule_set = models.CharField(max_length=16, blank=True)
    error_count = models.PositiveIntegerField(null=True, blank=True)
    rule_errors = models.JSONField(
        default=list, blank=True, help_text="Each of DfE's rules that found errors: its code, "
        "message and how many rows."
    )  # fmt: skip
    failed_rules = models.JSONField(default=list, blank=True)
    measures = models.JSONField(
        default=list, blank=True, help_text="Each measure: numerator, denominator and value."
    )
    figures = models.JSONField(
        default=list, blank=True, help_text="What became of each KPI's figure for the quarter."
    )

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = "SSDA903 upload"

    def __str__(self) -> str:
        return f"SSDA903 return as at {self.as_at:%d %B %Y} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("performance:ssda903-upload", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
