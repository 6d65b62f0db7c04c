"""The voice of children in care: what young people send the Board, what the participation
lead did with it, what the council's Bright Spots surveys found, and what the Board celebrates.

A message is written by a young person about themselves or their group, so the portal keeps
as little of it as it can: its topic, its words (until VOICE_KEEP_TEXT_DAYS after it is
closed, and never in the change history), whether it is anonymous, and what happened to it.
"""

import re

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

MESSAGE_MAX_LENGTH = 1000
"""A few lines: what the Board should know, not a case record."""


class SafeguardingPhraseQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class SafeguardingPhrase(models.Model):
    """Words which suggest a child may be at risk. The council reviews the list; a message
    that contains one is sent at once to the designated safeguarding contact."""

    phrase = models.CharField(
        max_length=80,
        unique=True,
        help_text="Matched as whole words, whatever the capital letters: 'hurt me' matches "
        "'He HURT ME again' but not 'hurt meal'.",
    )
    is_active = models.BooleanField(default=True)
    reviewed_on = models.DateField(default=timezone.localdate)

    objects = SafeguardingPhraseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["phrase"]

    def __str__(self) -> str:
        return self.phrase

    def pattern(self) -> re.Pattern:
        words = r"\s+".join(re.escape(word) for word in self.phrase.split())
        return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)

    def is_in(self, text: str) -> bool:
        return bool(self.phrase.strip()) and self.pattern().search(text) is not None


class MessageQuerySet(models.QuerySet):
    def sent_by(self, user):
        """Only this person's own messages: what a young person may ever see."""
        return self.filter(sender=user)

    def open(self):
        return self.filter(status__in=(Message.Status.RECEIVED, Message.Status.PASSED))


class Message(models.Model):
    """Something a young person, or a participation worker for a group session of the children
    in care council, wants the Board to know."""

    class Topic(models.TextChoices):
        HOME = "home", "Where I live"
        SCHOOL = "school", "School, college or work"
        HEALTH = "health", "Health and feelings"
        WORKERS = "workers", "My social worker or other workers"
        FAMILY = "family", "Family and friends"
        LEAVING_CARE = "leaving-care", "Leaving care"
        BOARD = "board", "The Board and this website"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        RECEIVED = "received", "We got your message"
        PASSED = "passed", "Passed to the Board"
        DONE = "done", "We did this"
        NOT_POSSIBLE = "not-possible", "We could not do this, and we said why"

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages_to_board"
    )
    for_group = models.BooleanField(
        "Sent for a group session of the children in care council", default=False
    )
    topic = models.CharField(max_length=16, choices=Topic.choices)
    text = models.TextField("What you want the Board to know", max_length=MESSAGE_MAX_LENGTH)
    anonymous = models.BooleanField("Do not tell the Board my name", default=False)
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.RECEIVED)
    answer = models.TextField(
        blank=True, help_text="What we did, or why we could not: in plain words, to the sender."
    )
    you_said = models.ForeignKey(
        "subgroups.YouSaidWeDid",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        help_text="The \u201cYou said\u201d entry the participation lead made of it.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages_to_answer",
        help_text="Who on the Board answers it.",
    )
    reply_by = models.DateField("Answer by", null=True, blank=True)
    safeguarding_concern = models.BooleanField(
        default=False, help_text="Its words matched a safeguarding phrase when it was sent."
    )
    safeguarding_alert_sent_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    text_forgotten_at = models.DateTimeField(null=True, blank=True)

    objects = MessageQuerySet.as_manager()
    # The words stay out of the history, so that forgetting them forgets them.
    history = HistoricalRecords(excluded_fields=["text", "answer"])

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"Message {self.pk} ({self.get_topic_display()})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("voice:message-detail", kwargs={"pk": self.pk})

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.NOT_POSSIBLE)

    def sender_for_board(self) -> str:
        """How the Board's pages name the sender: never by name when anonymous."""
        if self.anonymous:
            return "Anonymous"
        name = self.sender.get_full_name() or self.sender.get_username()
        return f"{name}, for a group session" if self.for_group else name


class Notice(models.Model):
    """A message to the sender that what they sent has moved on: shown on their pages until
    they have read it."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="notices")
    status = models.CharField(max_length=14, choices=Message.Status.choices)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.message}: {self.get_status_display()}"


class BrightSpotsSurvey(models.Model):
    """One run of Coram Voice's Bright Spots survey in the council, with the national
    comparison Coram Voice published for it. Aggregates only."""

    class Kind(models.TextChoices):
        YOUR_LIFE_YOUR_CARE = "your-life-your-care", "Your Life, Your Care"
        YOUR_LIFE_BEYOND_CARE = "your-life-beyond-care", "Your Life Beyond Care"

    kind = models.CharField(max_length=24, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2013), MaxValueValidator(2100)],
        help_text="The year the survey was run.",
    )
    respondents = models.PositiveIntegerField(help_text="How many young people answered.")
    asked = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many were asked, if known."
    )
    national_source = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where the national comparison comes from, e.g. Coram Voice, 2024 report.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="one_bright_spots_run_a_year")
        ]
        verbose_name = "Bright Spots survey"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"

    @property
    def who(self) -> str:
        return "children in care" if self.kind == self.Kind.YOUR_LIFE_YOUR_CARE else "care leavers"


class BrightSpotsResult(models.Model):
    """One indicator of a survey: the share who said something, here and in all of England."""

    survey = models.ForeignKey(BrightSpotsSurvey, on_delete=models.CASCADE, related_name="results")
    order = models.PositiveSmallIntegerField(default=0)
    indicator = models.CharField(
        max_length=120, help_text="The indicator as the council's report names it."
    )
    said = models.CharField(
        max_length=120,
        help_text="Plain words that finish 'said they ...', e.g. 'trust their social worker'.",
    )
    percent = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Per cent of those who answered, here.",
    )
    national_percent = models.DecimalField(
        "national per cent",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["survey", "order", "pk"]

    def __str__(self) -> str:
        return self.indicator


class Celebration(models.Model):
    """Something the Board celebrates: an awards evening, what a group achieved, a foster
    carer's long service. Written about groups; a young person is named only if they chose to
    be."""

    class Kind(models.TextChoices):
        AWARDS = "awards", "Awards and events"
        GROUP = "group", "What a group achieved"
        CARERS = "carers", "Foster carers and staff"
        OTHER = "other", "Other good news"

    title = models.CharField(max_length=120)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    happened_on = models.DateField()
    story = models.TextField(help_text="A few short sentences, in plain words.")
    names_a_young_person = models.BooleanField(
        "Names a young person, who chose to be named",
        default=False,
        help_text="Tick only if a young person is named and they said yes to it. Otherwise "
        "write about the group.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-happened_on", "-pk"]

    def __str__(self) -> str:
        return self.title
