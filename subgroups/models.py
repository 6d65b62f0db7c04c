"""The Corporate Parenting Board and the sub-groups that report into it."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords


class BoardGroupQuerySet(models.QuerySet):
    def board(self) -> "BoardGroup | None":
        """The Board itself: the one group that reports to no other."""
        return self.filter(kind=BoardGroup.Kind.BOARD).first()

    def subgroups(self) -> "BoardGroupQuerySet":
        return self.filter(kind=BoardGroup.Kind.SUBGROUP)

    def for_listing(self) -> "BoardGroupQuerySet":
        """Groups in display order with the group each reports to preloaded."""
        return self.select_related("reports_to").order_by("position", "name")


class BoardGroup(models.Model):
    """The Board or one of its sub-groups (Health; Housing; Listening to You; ...)."""

    class Kind(models.TextChoices):
        BOARD = "board", "Board"
        SUBGROUP = "subgroup", "Sub-group"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        EVERY_TWO_MONTHS = "every-two-months", "Every two months"
        QUARTERLY = "quarterly", "Quarterly"
        TWICE_A_YEAR = "twice-a-year", "Twice a year"

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SUBGROUP)
    reports_to = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subgroups",
        help_text="The group this sub-group reports into. The Board reports to no group.",
    )
    remit = models.TextField(
        help_text="What the group is for and what it oversees (its terms of reference)."
    )
    meeting_frequency = models.CharField(
        max_length=20, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in lists; the Board comes first."
    )

    history = HistoricalRecords()
    objects = BoardGroupQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "board group"
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(kind="board"),
                name="one_board_per_installation",
                violation_error_message="There is already a Board; add this as a sub-group.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("subgroups:group-detail", args=[self.slug])

    @property
    def is_board(self) -> bool:
        return self.kind == self.Kind.BOARD

    def clean(self) -> None:
        if self.is_board and self.reports_to_id:
            raise ValidationError({"reports_to": "The Board reports to no other group."})
        if not self.is_board and not self.reports_to_id:
            raise ValidationError({"reports_to": "Choose the group this sub-group reports to."})
        if self.pk and self.reports_to_id == self.pk:
            raise ValidationError({"reports_to": "A group cannot report to itself."})
