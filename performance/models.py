"""KPIs, their targets and comparators, and the quarterly figures officers enter.

Figures are aggregates about groups of children: a count, or a numerator and denominator.
Nothing here identifies a child.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cpboard.quarters import FinancialYear, QuarterField
from performance.benchmarks.catalogue import validate_measure_key
from performance.benchmarks.models import (  # noqa: F401 (the app's models)
    DfeFigure,
    DfeRelease,
    StatisticalNeighbour,
)
from performance.judgement import Polarity, Unit, rag
from performance.ssda903.measures import MEASURE_CHOICES
from performance.ssda903.models import Ssda903Upload  # noqa: F401 (the app's models)

KPI_CODE_VALIDATOR = RegexValidator(
    r"^[A-Z0-9]+(-[A-Z0-9]+)*$",
    "Use capital letters, digits and hyphens, like CLA-IHA-20WD.",
)


class KpiQuerySet(models.QuerySet):
    def active(self) -> "KpiQuerySet":
        return self.filter(is_active=True)


SMALLEST_SHOWN = 5
"""The smallest count of children shown as a number where a KPI suppresses small counts (public
reports) and on young people's pages: 1 to 4 read "fewer than 5", so that no child can be
picked out, and no percentage or rate is worked out from fewer than 5 children."""


class Kpi(models.Model):
    """A key performance indicator the board tracks, e.g. CLA-IHA-20WD."""

    class Source(models.TextChoices):
        SSDA903 = "ssda903", "SSDA903 statutory return"
        CHAT = "chat", "DfE Children's Services Analysis Tool (ChAT)"
        HEALTH = "health", "Health partner"
        LOCAL = "local", "Local measure"

    class Frequency(models.TextChoices):
        QUARTERLY = "quarterly", "Quarterly"
        ANNUAL = "annual", "Annual (reported in Q4)"

    code = models.CharField(max_length=32, unique=True, validators=[KPI_CODE_VALIDATOR])
    title = models.CharField(max_length=200)
    plain_title = models.CharField(
        max_length=120,
        blank=True,
        help_text="For young people's pages and their summary: what is counted, in words a "
        "12-year-old would use, e.g. 'Children in care who saw a dentist'. Leave empty to use "
        "the title.",
    )
    definition = models.TextField(help_text="What is counted, in plain English.")
    definition_reference = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where the official definition is published, e.g. the SSDA903 guidance.",
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.LOCAL)
    definition_year = models.PositiveSmallIntegerField(
        help_text="First calendar year of the financial year whose definition the KPI follows "
        "now (2023 for the 2023-24 definition). Figures keep the definition they were "
        "counted under, so a change shows on the trend as a break.",
    )
    unit = models.CharField(max_length=16, choices=Unit.choices)
    polarity = models.CharField(max_length=8, choices=Polarity.choices)
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_kpis",
        help_text="The officer who enters this KPI's figures.",
    )
    subgroup = models.ForeignKey(
        "subgroups.BoardGroup",
        on_delete=models.PROTECT,
        related_name="kpis",
        help_text="The sub-group that reports this KPI to the Board.",
    )
    outcome = models.ForeignKey(
        "strategy.Outcome",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kpis",
    )
    suppress_small_counts = models.BooleanField(
        default=True,
        help_text="Show counts of 1 to 4 as 'fewer than 5' in reports published to the public.",
    )
    is_active = models.BooleanField(default=True)
    dfe_measure = models.CharField(
        "DfE measure",
        max_length=64,
        blank=True,
        validators=[validate_measure_key],
        help_text="The measure of the DfE catalogue this KPI is compared with (How we "
        "compare); blank for a local KPI, whose comparators are entered by hand.",
    )
    ssda903_measure = models.CharField(
        "SSDA903 measure",
        max_length=40,
        blank=True,
        choices=MEASURE_CHOICES,
        help_text="The measure of the SSDA903 return this KPI's figures are computed from when "
        "the performance lead uploads a return; blank for a KPI entered by hand.",
    )
    risks = models.ManyToManyField(
        "strategy.Risk",
        through="KpiRisk",
        related_name="kpis",
        blank=True,
        help_text="Risks this KPI would show materialising (`risk.kpis`): two red quarters in "
        "a row flag each for re-rating.",
    )
    highlight_reports = models.ManyToManyField(
        "subgroups.HighlightReport",
        through="KpiHighlightReport",
        related_name="kpis",
        blank=True,
        help_text="Sub-groups' highlight reports about this KPI (`report.kpis`).",
    )

    history = HistoricalRecords()
    objects = KpiQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = "KPI"

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("performance:kpi-detail", args=[self.code])

    @property
    def title_for_young_people(self) -> str:
        return self.plain_title or self.title

    @property
    def definition_financial_year(self) -> FinancialYear:
        return FinancialYear(self.definition_year)

    @property
    def has_fraction(self) -> bool:
        """Percentages and rates are entered as a numerator and a denominator."""
        return self.unit in (Unit.PERCENTAGE, Unit.RATE_PER_10000)

    @property
    def is_context(self) -> bool:
        return self.polarity == Polarity.CONTEXT


class KpiRisk(models.Model):
    """A KPI that would show a risk materialising. The link lives here, in the higher layer,
    and keeps its own history: who linked or unlinked the KPI, and when."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="+")
    risk = models.ForeignKey("strategy.Risk", on_delete=models.CASCADE, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "KPI of a risk"
        constraints = [
            models.UniqueConstraint(fields=["kpi", "risk"], name="kpi_linked_once_to_a_risk")
        ]

    def __str__(self) -> str:
        return f"{self.kpi} would show {self.risk}"


class KpiHighlightReport(models.Model):
    """A KPI a sub-group's highlight report is about, with its own history like KpiRisk."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(
        "subgroups.HighlightReport", on_delete=models.CASCADE, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "KPI of a highlight report"
        constraints = [
            models.UniqueConstraint(fields=["kpi", "report"], name="kpi_linked_once_to_a_report")
        ]

    def __str__(self) -> str:
        return f"{self.report} is about {self.kpi}"


class Target(models.Model):
    """A KPI's target and amber threshold from one financial year until the next change."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="targets")
    applies_from = models.PositiveSmallIntegerField(
        help_text="First calendar year of the financial year the target applies from."
    )
    target = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    amber_threshold = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The worst value still counted amber.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["kpi", "applies_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "applies_from"],
                name="one_target_per_kpi_and_year",
                violation_error_message="This KPI already has a target from that year.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kpi.code} from {self.financial_year}: {self.target}"

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.applies_from)

    def clean(self) -> None:
        if self.kpi.is_context and (self.target is not None or self.amber_threshold is not None):
            raise ValidationError(
                {"target": "This KPI is context only: it has no target and no RAG rating."}
            )
        if self.amber_threshold is not None and self.target is None:
            raise ValidationError({"target": "Set a target before an amber threshold."})
        if self.target is not None:
            try:
                # Judging the target itself checks the threshold is on the right side.
                rag(
                    self.target,
                    polarity=self.kpi.polarity,
                    target=self.target,
                    amber_threshold=self.amber_threshold,
                )
            except ValueError as error:
                raise ValidationError({"amber_threshold": str(error)}) from error


class Comparator(models.Model):
    """A published figure to compare a KPI with: England, the region, statistical neighbours."""

    class Kind(models.TextChoices):
        ENGLAND = "england", "England"
        REGION = "region", "Region"
        NEIGHBOURS = "neighbours", "Statistical neighbours"

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="comparators")
    year = models.PositiveSmallIntegerField(
        help_text="First calendar year of the financial year the comparison is used for."
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    value = models.DecimalField(max_digits=12, decimal_places=2)
    published_for = models.CharField(
        max_length=20, help_text='The period the published figure covers, e.g. "2023-24".'
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["kpi", "year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "year", "kind"], name="one_comparator_per_kpi_year_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kpi.code} {self.get_kind_display()} {self.financial_year}: {self.value}"

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year)


class CollectionRound(models.Model):
    """A quarter opened for data entry, with the date its figures are due."""

    quarter = QuarterField(unique=True)
    due_on = models.DateField()
    reminder_days = models.PositiveSmallIntegerField(
        default=5, help_text="How many days before the due date officers are reminded."
    )
    reminder_sent_on = models.DateField(null=True, blank=True)
    is_open = models.BooleanField(default=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-quarter"]

    def __str__(self) -> str:
        return f"{self.quarter}, due {self.due_on:%d %B %Y}"


class MeasurementQuerySet(models.QuerySet):
    def approved(self) -> "MeasurementQuerySet":
        return self.filter(status=Measurement.Status.APPROVED)


class Measurement(models.Model):
    """One KPI's figure for one quarter, and where it is in sign-off."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned"

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="measurements")
    quarter = QuarterField()
    value = models.DecimalField(max_digits=12, decimal_places=2)
    numerator = models.PositiveIntegerField(null=True, blank=True)
    denominator = models.PositiveIntegerField(null=True, blank=True)
    commentary = models.TextField(
        blank=True, help_text="Why the figure moved and what is being done about it."
    )
    definition_year = models.PositiveSmallIntegerField(
        help_text="The definition the figure was counted under (see Kpi.definition_year)."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    return_reason = models.TextField(blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Goes up with every save, so a stale form cannot overwrite."
    )

    history = HistoricalRecords()
    objects = MeasurementQuerySet.as_manager()

    class Meta:
        ordering = ["kpi", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "quarter"],
                name="one_figure_per_kpi_and_quarter",
                violation_error_message="There is already a figure for this KPI and quarter.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi.code} {self.quarter}: {self.value}"

    @property
    def is_locked(self) -> bool:
        """Approved figures change only after a performance lead reopens them."""
        return self.status == self.Status.APPROVED
