"""DfE's published figures for every English council, and the statistical neighbour model.

Imported from DfE's files as published (performance.benchmarks.importer), never typed: no
change history, since the file is the record. Imported by performance/models.py so the
`performance` app owns the tables."""

from django.conf import settings
from django.db import models

from cpboard.quarters import FinancialYear


class Level(models.TextChoices):
    NATIONAL = "national", "England"
    REGIONAL = "regional", "Region"
    LOCAL_AUTHORITY = "la", "Council"


class Symbol(models.TextChoices):
    """What DfE writes where a figure is not a number. A blank cell is kept as BLANK."""

    SUPPRESSED = "c", "suppressed to protect confidentiality"
    NOT_AVAILABLE = "x", "not available"
    NOT_APPLICABLE = "z", "not applicable"
    ROUNDS_TO_ZERO = "k", "rounds to zero, but is not zero"
    LOW_RELIABILITY = "u", "low reliability"
    LOW = "low", "low: too small to publish"
    BLANK = "blank", "not published"


class DfeFigureQuerySet(models.QuerySet):
    def councils(self) -> "DfeFigureQuerySet":
        return self.filter(level=Level.LOCAL_AUTHORITY)


class DfeFigure(models.Model):
    """One published figure: a measure of the catalogue, for a year and a geography.

    `value` is None where DfE published a symbol instead (`symbol`); a symbol is never read
    as zero and is left out of every mean, median and rank."""

    measure = models.CharField(max_length=64, help_text="A key of the DfE catalogue.")
    year = models.PositiveSmallIntegerField(
        help_text="First calendar year of the financial year (2024 for 2024-25)."
    )
    level = models.CharField(max_length=8, choices=Level.choices)
    area_code = models.CharField(
        max_length=9,
        help_text="The council's old three-digit code (887), the region's code (E12000008) "
        "or England's (E92000001).",
    )
    new_la_code = models.CharField(max_length=9, blank=True, help_text="E06000035")
    name = models.CharField(max_length=100)
    region_code = models.CharField(
        max_length=9, blank=True, help_text="A council's region as DfE gives it on its rows."
    )
    region_name = models.CharField(max_length=60, blank=True)
    value = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    symbol = models.CharField(max_length=5, choices=Symbol.choices, blank=True)
    numerator = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    source_file = models.CharField(max_length=120)

    objects = DfeFigureQuerySet.as_manager()

    class Meta:
        verbose_name = "DfE figure"
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "year", "level", "area_code"], name="one_dfe_figure_per_area"
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(symbol=""),
                name="dfe_figure_value_or_symbol",
            ),
        ]
        indexes = [models.Index(fields=["measure", "level", "year"], name="dfe_figure_lookup")]

    def __str__(self) -> str:
        shown = self.value if self.value is not None else self.symbol
        return f"{self.measure} {self.financial_year} {self.name}: {shown}"

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year)


class StatisticalNeighbour(models.Model):
    """One of a council's ten statistical neighbours in DfE's model, closest first."""

    model = models.CharField(max_length=10, help_text='The model\'s year, e.g. "2025".')
    la_code = models.CharField(max_length=3)
    la_name = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField()
    neighbour_code = models.CharField(max_length=3)
    closeness = models.CharField(max_length=30, help_text='"Close", "Somewhat close" ...')

    class Meta:
        ordering = ["la_code", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "la_code", "position"], name="one_neighbour_per_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.la_name} neighbour {self.position}: {self.neighbour_code}"


class DfeRelease(models.Model):
    """A DfE file loaded into the portal: what it held and who loaded it, so the upload page
    can say which releases the comparisons come from."""

    file_name = models.CharField(max_length=180)
    sha256 = models.CharField(max_length=64)
    measures = models.CharField(max_length=500, blank=True)
    years = models.CharField(max_length=100, blank=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-loaded_at", "-pk"]
        verbose_name = "DfE release"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.loaded_at:%d %B %Y})"
