"""The corporate parenting strategy, its outcomes, and the statutory principles they serve."""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords


class Principle(models.Model):
    """One of the seven corporate parenting principles, Children and Social Work Act 2017 s.1(1).

    Loaded as data: the wording is the Act's, so it is not edited in the portal."""

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=80, help_text="A short name for lists.")
    wording = models.TextField(help_text="The principle as the Act words it.")
    plain_english = models.TextField(help_text="What it means, for young people.")

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class StrategyQuerySet(models.QuerySet):
    def current(self) -> "Strategy | None":
        """The approved strategy that started most recently."""
        return self.filter(status=Strategy.Status.APPROVED).order_by("-starts").first()


class Strategy(models.Model):
    """A corporate parenting strategy for a period of financial years (e.g. 2024-2027)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        SUPERSEDED = "superseded", "Superseded"

    title = models.CharField(max_length=200)
    starts = models.PositiveSmallIntegerField(help_text="Calendar year the strategy starts.")
    ends = models.PositiveSmallIntegerField(help_text="Calendar year the strategy ends.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.CharField(max_length=120, blank=True, help_text="e.g. Cabinet")
    approved_on = models.DateField(null=True, blank=True)
    vision = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = StrategyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "strategies"
        ordering = ["-starts"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gte=models.F("starts")),
                name="strategy_ends_after_it_starts",
                violation_error_message="A strategy cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period(self) -> str:
        return f"{self.starts} to {self.ends}"

    @property
    def approval(self) -> str:
        """As the papers put it: "Cabinet, 22 January 2024"."""
        if not self.approved_by:
            return ""
        if not self.approved_on:
            return self.approved_by
        return f"{self.approved_by}, {self.approved_on.day} {self.approved_on:%B %Y}"


class Outcome(models.Model):
    """A strategic outcome (or priority) of a strategy, led by one of the board's groups."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="outcomes")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    lead_group = models.ForeignKey(
        "subgroups.BoardGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_outcomes",
        help_text="The sub-group that leads this outcome and reports on it to the Board.",
    )
    principles = models.ManyToManyField(
        Principle,
        related_name="outcomes",
        blank=True,
        help_text="The corporate parenting principles this outcome serves.",
    )

    history = HistoricalRecords(m2m_fields=[principles])

    class Meta:
        ordering = ["strategy", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "number"],
                name="outcome_number_unique_in_strategy",
                violation_error_message="This strategy already has an outcome with that number.",
            ),
        ]

    def __str__(self) -> str:
        return f"Outcome {self.number}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("strategy:outcome-detail", args=[self.pk])
