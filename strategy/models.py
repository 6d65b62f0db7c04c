"""The corporate parenting strategy, its outcomes, and the statutory principles they serve;
the action plan, the pledge and the care leaver offer; and the risk register."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cpboard.quarters import QuarterField
from strategy.ratings import Rating, current_scale


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
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_outcomes",
        help_text="The officer who answers to the Board for this outcome and writes its "
        "quarterly progress statement.",
    )
    member_champion = models.CharField(
        max_length=120,
        blank=True,
        help_text="The councillor who champions this outcome, e.g. Councillor Helen Ashworth.",
    )
    principles = models.ManyToManyField(
        Principle,
        related_name="outcomes",
        blank=True,
        help_text="The corporate parenting principles this outcome serves.",
    )

    highlight_reports = models.ManyToManyField(
        "subgroups.HighlightReport",
        through="OutcomeHighlightReport",
        related_name="outcomes",
        blank=True,
        help_text="Sub-groups' highlight reports about this outcome (`report.outcomes`).",
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


class OutcomeHighlightReport(models.Model):
    """An outcome a sub-group's highlight report is about. The link lives here, in the higher
    layer, and keeps its own history: who linked or unlinked the outcome, and when."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(
        "subgroups.HighlightReport", on_delete=models.CASCADE, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "outcome of a highlight report"
        constraints = [
            models.UniqueConstraint(
                fields=["outcome", "report"], name="outcome_linked_once_to_a_report"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} is about {self.outcome}"


class OutcomeProgress(models.Model):
    """The lead officer's statement of an outcome's progress in one quarter."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="progress")
    quarter = QuarterField()
    statement = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["outcome", "-quarter"]
        verbose_name = "outcome progress statement"
        constraints = [
            models.UniqueConstraint(
                fields=["outcome", "quarter"],
                name="one_progress_statement_per_outcome_and_quarter",
                violation_error_message="This outcome already has a statement for that quarter.",
            ),
        ]

    def __str__(self) -> str:
        return f"Outcome {self.outcome.number}, {self.quarter}"


class Status(models.TextChoices):
    """Where an action or a pledge commitment stands, as the owner reports it."""

    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    COMPLETE = "complete", "Complete"


class ActionQuerySet(models.QuerySet):
    def plan(self) -> "ActionQuerySet":
        """Actions of the action plan (not pledge or care leaver offer commitments)."""
        return self.filter(kind=Action.Kind.ACTION)

    def commitments(self) -> "ActionQuerySet":
        """The pledge to children in care and the care leaver offer."""
        return self.exclude(kind=Action.Kind.ACTION)

    def overdue(self, on: datetime.date | None = None) -> "ActionQuerySet":
        """Not complete, and the due date is before `on` (today by default)."""
        on = on or timezone.localdate()
        return self.exclude(status=Status.COMPLETE).filter(due_on__lt=on)


class Action(models.Model):
    """Something the council has committed to do, tracked quarter by quarter: an action of
    the action plan under an outcome, a pledge commitment to children in care, or a promise
    of the care leaver offer. All three are tracked the same way, so they are one model."""

    class Kind(models.TextChoices):
        ACTION = "action", "Action plan"
        PLEDGE = "pledge", "Pledge to children in care"
        OFFER = "offer", "Care leaver offer"

    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.ACTION)
    outcome = models.ForeignKey(
        Outcome,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        help_text="The strategic outcome this action delivers (needed for the action plan).",
    )
    reference = models.CharField(max_length=12, help_text='e.g. "4.2", or "P3" for a pledge.')
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_actions",
    )
    due_on = models.DateField("due", null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    principles = models.ManyToManyField(
        Principle,
        related_name="actions",
        blank=True,
        help_text="The corporate parenting principles this action serves.",
    )

    history = HistoricalRecords(m2m_fields=[principles])
    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "reference"],
                name="action_reference_unique_per_kind",
                violation_error_message="There is already one with this reference.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("strategy:action-detail", args=[self.pk])

    def clean(self) -> None:
        if self.kind == self.Kind.ACTION and self.outcome_id is None:
            raise ValidationError({"outcome": "Choose the outcome this action delivers."})

    def is_overdue(self, on: datetime.date | None = None) -> bool:
        """Not complete and its due date has passed (on the due date itself it is not)."""
        on = on or timezone.localdate()
        return self.status != Status.COMPLETE and self.due_on is not None and self.due_on < on

    @property
    def overdue(self) -> bool:
        return self.is_overdue()


class ActionUpdate(models.Model):
    """The owner's update on an action in one quarter: where it stands and why."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    quarter = QuarterField()
    status = models.CharField(max_length=12, choices=Status.choices)
    note = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    written_on = models.DateField(default=timezone.localdate)

    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "quarter"],
                name="one_update_per_action_and_quarter",
                violation_error_message="This action already has an update for that quarter.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action.reference} {self.quarter}: {self.get_status_display()}"


def _check_likelihood(value: str) -> None:
    scale = current_scale()
    if value and value not in dict(scale.likelihoods):
        raise ValidationError(
            f'"{value}" is not a likelihood on the {scale.name} scale: use '
            f"{scale.likelihood_codes}."
        )


def _check_impact(value: str) -> None:
    scale = current_scale()
    if value and value not in dict(scale.impacts):
        raise ValidationError(
            f'"{value}" is not an impact on the {scale.name} scale: use {scale.impact_codes}.'
        )


class RiskQuerySet(models.QuerySet):
    def open(self) -> "RiskQuerySet":
        return self.filter(closed_on__isnull=True)

    def review_overdue(self, on: datetime.date | None = None) -> "RiskQuerySet":
        """Open risks whose review date has passed."""
        on = on or timezone.localdate()
        return self.open().filter(review_on__lt=on)


class Risk(models.Model):
    """A risk to the strategy, rated by likelihood and impact now and as targeted."""

    reference = models.CharField(max_length=12, unique=True, help_text='e.g. "CP01".')
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    cause = models.TextField(blank=True)
    consequence = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_risks",
    )
    outcome = models.ForeignKey(
        Outcome, on_delete=models.SET_NULL, null=True, blank=True, related_name="risks"
    )
    mitigation = models.TextField(blank=True)
    actions = models.ManyToManyField(
        Action,
        related_name="risks",
        blank=True,
        verbose_name="mitigating actions",
        help_text="Actions of the plan that mitigate this risk.",
    )
    likelihood = models.CharField("likelihood now", max_length=2, validators=[_check_likelihood])
    impact = models.CharField("impact now", max_length=3, validators=[_check_impact])
    target_likelihood = models.CharField(max_length=2, validators=[_check_likelihood])
    target_impact = models.CharField(max_length=3, validators=[_check_impact])
    review_on = models.DateField(
        "next review due", help_text="When the risk is next due for review."
    )
    rerating_reason = models.TextField("reason to re-rate", blank=True)
    rerating_flagged_on = models.DateField(null=True, blank=True)
    opened_on = models.DateField(default=timezone.localdate)
    closed_on = models.DateField(null=True, blank=True)

    # The KPIs that would show the risk materialising are linked from the KPI's side
    # (performance.Kpi.risks, read here as `risk.kpis`): a KPI is a higher layer.
    history = HistoricalRecords(m2m_fields=[actions])
    objects = RiskQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("strategy:risk-detail", args=[self.pk])

    @property
    def rating(self) -> Rating | None:
        return Rating.of(self.likelihood, self.impact)

    @property
    def target(self) -> Rating | None:
        return Rating.of(self.target_likelihood, self.target_impact)

    def is_review_overdue(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.closed_on is None and self.review_on < on

    @property
    def needs_rerating(self) -> bool:
        return self.rerating_flagged_on is not None


class RiskReview(models.Model):
    """A quarterly review of a risk: its rating then and what the owner found."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="reviews")
    quarter = QuarterField()
    reviewed_on = models.DateField()
    likelihood = models.CharField(max_length=2, validators=[_check_likelihood])
    impact = models.CharField(max_length=3, validators=[_check_impact])
    note = models.TextField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["risk", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["risk", "quarter"],
                name="one_review_per_risk_and_quarter",
                violation_error_message="This risk already has a review for that quarter.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.risk.reference} {self.quarter}: {self.rating}"

    @property
    def rating(self) -> Rating | None:
        return Rating.of(self.likelihood, self.impact)
