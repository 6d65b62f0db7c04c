"""E-mail alerts: what each person chooses to hear about, and the alerts waiting to go.

An alert says only that something new is there, in a short neutral line, with a link to
sign in: never a title, a figure or a restricted paper's words."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Kind(models.TextChoices):
    """What a person can ask to hear about."""

    AGENDA_PACK = "agenda-pack", "A new agenda pack, or a new version of one, for my groups"
    REPORT_PUBLISHED = "report-published", "A board pack or annual report is published"
    CHALLENGE = "challenge", "A challenge is put to me, or one I raised is answered"
    FIGURE_RETURNED = "figure-returned", "A figure I entered is returned to me"
    REVIEW_DUE = "review-due", "An action I own or a risk review is due"
    INSPECTION = "inspection", "An inspection is added to the Board's log"


class Delivery(models.TextChoices):
    IMMEDIATELY = "immediately", "As it happens"
    WEEKLY = "weekly", "In a weekly digest, on Monday mornings"
    NEVER = "never", "Not at all"


class AlertPreference(models.Model):
    """How a person wants to hear about one kind of alert. With no row, the default for the
    person's role applies (alerts.services.default_delivery)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_preferences"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    delivery = models.CharField(max_length=12, choices=Delivery.choices)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()}, {self.get_delivery_display()}"


class Alert(models.Model):
    """Something one person is to be told about, kept until the e-mail that tells them has
    gone (`sent_at`). `key` names the event, so an event is never alerted twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    delivery = models.CharField(max_length=12, choices=Delivery.choices)
    line = models.CharField(max_length=200, help_text="A short, neutral line: no titles.")
    path = models.CharField(max_length=300, help_text="Where the link leads after signing in.")
    key = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_alert_per_event")]

    def __str__(self) -> str:
        return f"{self.user}: {self.line}"
