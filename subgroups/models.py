"""The Corporate Parenting Board and its sub-groups: members, meetings, agendas, the action
log, challenges, highlight reports and "You said, we did"."""

import datetime
import secrets
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cpboard.quarters import QuarterField
from cpboard.roles import Capability, can
from subgroups.challenges import challenge_kind


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


# --- Membership ---------------------------------------------------------------------------


class MembershipQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None) -> "MembershipQuerySet":
        """Memberships in force on `on` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on).filter(
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=on)
        )

    def voting(self) -> "MembershipQuerySet":
        """Members who count towards the quorum: everyone but the clerk."""
        return self.exclude(role=Membership.Role.SECRETARY)


class Membership(models.Model):
    """A person's seat on a group, with their role, from one date until another.

    A person is either a portal user or, for partners and carers without an account, a name
    and an organisation."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice-chair", "Vice-chair"
        LEAD_OFFICER = "lead-officer", "Lead officer"
        CHAMPION = "champion", "Member champion"
        PARTNER = "partner", "Partner representative"
        YOUNG_PERSON = "young-person", "Young person representative"
        CARER = "carer", "Carer representative"
        MEMBER = "member", "Member"
        SECRETARY = "secretary", "Secretary (clerk)"

    group = models.ForeignKey(BoardGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        help_text="Leave empty for a partner or carer who has no account; give a name instead.",
    )
    name = models.CharField(max_length=120, blank=True, help_text="For someone without an account.")
    organisation = models.CharField(max_length=120, blank=True)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    theme = models.CharField(
        max_length=120, blank=True, help_text="A champion's theme: health, education, care leavers."
    )
    starts_on = models.DateField("From")
    ends_on = models.DateField("Until", null=True, blank=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["group", "role", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(name=""),
                name="membership_names_a_person",
                violation_error_message="Choose a portal user or give the person's name.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name}, {self.role_label} ({self.group})"

    @property
    def person_name(self) -> str:
        if self.user_id:
            return self.user.get_full_name() or self.user.get_username()
        return self.name

    @property
    def role_label(self) -> str:
        label = self.get_role_display()
        return f"{label} for {self.theme}" if self.theme else label

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)

    def clean(self) -> None:
        if not self.user_id and not self.name.strip():
            raise ValidationError({"name": "Choose a portal user or give the person's name."})
        if self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The end date must be on or after the start."})


# --- Meetings and agendas -----------------------------------------------------------------


class Meeting(models.Model):
    """One meeting of a group: when, where, whether it happened, and what young people were
    told afterwards."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    group = models.ForeignKey(BoardGroup, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField("Date and time")
    ends_at = models.DateTimeField("Ends", null=True, blank=True)
    place = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    feedback = models.TextField(
        "What we told you after the meeting",
        blank=True,
        help_text="Plain-language feedback for young people. Never include restricted items.",
    )
    feedback_given_on = models.DateField("Feedback given on", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        when = timezone.localtime(self.starts_at)
        return f"{self.group.name}, {when:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("subgroups:meeting-detail", args=[self.pk])

    @property
    def ends(self) -> datetime.datetime:
        return self.ends_at or self.starts_at + datetime.timedelta(hours=2)


def may_see_restricted(user, group: BoardGroup) -> bool:
    """THE rule: restricted items, their papers and minutes are for members of the item's
    group, and never for young people (who lack VIEW_BOARD_REPORTS)."""
    if not can(user, Capability.VIEW_BOARD_REPORTS):
        return False
    return Membership.objects.current().filter(group=group, user=user).exists()


def _member_of_meeting_group(user, path: str) -> Exists:
    today = timezone.localdate()
    return Exists(Membership.objects.current(today).filter(group=OuterRef(path), user=user.pk))


class AgendaItemQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AgendaItemQuerySet":
        """Items the user may see: unrestricted ones, and restricted ones of groups the user is
        a current member of unless the user is a young person (see may_see_restricted)."""
        if not can(user, Capability.VIEW_BOARD):
            return self.none()
        if not can(user, Capability.VIEW_BOARD_REPORTS):
            return self.filter(is_restricted=False)
        return self.filter(
            models.Q(is_restricted=False) | _member_of_meeting_group(user, "meeting__group")
        )

    def unrestricted(self) -> "AgendaItemQuerySet":
        return self.filter(is_restricted=False)


def paper_upload_to(item: "AgendaItem", filename: str) -> str:
    """papers/<meeting id>/<random>/<name>: a new folder for every upload, so that no paper
    ever replaces another meeting's (or another item's) file of the same name."""
    return f"papers/{item.meeting_id}/{uuid.uuid4().hex}/{filename}"


class AgendaItem(models.Model):
    """An item on a meeting's agenda, with its paper, minutes and decisions."""

    class Standing(models.TextChoices):
        VOICE = "voice", "Voice of children and young people"
        PERFORMANCE = "performance", "Performance report"
        SUBGROUP_REPORTS = "subgroup-reports", "Sub-group reports"
        RISKS = "risks", "Risk register"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=200)
    presenter = models.CharField(max_length=120, blank=True)
    is_restricted = models.BooleanField(
        "Restricted",
        default=False,
        help_text="Confidential: only members of the group see it, never young people.",
    )
    standing = models.CharField(max_length=20, choices=Standing.choices, blank=True)
    paper = models.FileField(upload_to=paper_upload_to, blank=True, max_length=300)
    paper_name = models.CharField(max_length=200, blank=True)
    public_title = models.CharField(
        "Title the public may read",
        max_length=200,
        blank=True,
        help_text="For a restricted item only: what the public agenda pack may say about it "
        '(for example, "Placement contract"). Leave empty to show nothing beyond '
        '"Restricted: not for publication".',
    )
    minutes = models.TextField(blank=True)
    decisions = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Attendance(models.Model):
    """Whether a member came to a meeting."""

    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "membership"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.membership.person_name}: {self.get_status_display()}"


class MeetingActionQuerySet(models.QuerySet):
    def open(self) -> "MeetingActionQuerySet":
        return self.exclude(status=MeetingAction.Status.CLOSED)

    def visible_to(self, user) -> "MeetingActionQuerySet":
        """Actions the user may see: those of no agenda item or of an item they may see."""
        return self.filter(
            models.Q(agenda_item__isnull=True)
            | models.Q(agenda_item__in=AgendaItem.objects.visible_to(user))
        )

    def unrestricted(self) -> "MeetingActionQuerySet":
        return self.exclude(agenda_item__is_restricted=True)


class MeetingAction(models.Model):
    """An action from a meeting, carried on the group's action log until it is closed."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in-progress", "In progress"
        CLOSED = "closed", "Closed"

    group = models.ForeignKey(BoardGroup, on_delete=models.PROTECT, related_name="actions")
    raised_at = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    description = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_actions",
    )
    owner_name = models.CharField(
        max_length=120, blank=True, help_text="For an owner without an account."
    )
    due_on = models.DateField("Due")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    progress = models.TextField("Update", blank=True)
    closed_at = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="closed_actions"
    )
    closed_on = models.DateField(null=True, blank=True)
    visit = models.ForeignKey(
        "Visit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        help_text="The visit whose report the action came from, if any.",
    )
    inspection = models.ForeignKey(
        "Inspection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
        help_text="The inspection whose recommendation this is, if any.",
    )

    history = HistoricalRecords()
    objects = MeetingActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    def get_absolute_url(self) -> str:
        """The action's page, where its owner or the secretary updates or closes it."""
        return reverse("subgroups:action-edit", args=[self.pk])

    @property
    def owner_label(self) -> str:
        if self.owner_id:
            return self.owner.get_full_name() or self.owner.get_username()
        return self.owner_name or "No owner"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.is_open and self.due_on < (today or timezone.localdate())


# --- Challenges ---------------------------------------------------------------------------


class ChallengeQuerySet(models.QuerySet):
    def open(self) -> "ChallengeQuerySet":
        return self.filter(answered_on__isnull=True)


class Challenge(models.Model):
    """A question or challenge a member raises about a KPI, an action, a risk or a highlight
    report; it has an owner and a due date until it is answered."""

    group = models.ForeignKey(BoardGroup, on_delete=models.PROTECT, related_name="challenges")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    subject_label = models.CharField(
        max_length=300, help_text="What the challenge is about, as named when it was raised."
    )
    question = models.TextField()
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="challenges_raised"
    )
    raised_on = models.DateField(default=timezone.localdate)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="challenges_owned",
        help_text="Who answers it.",
    )
    due_on = models.DateField("Answer due")
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="challenges_answered",
    )
    answered_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()
    objects = ChallengeQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"Challenge about {self.subject_label}"

    def get_absolute_url(self) -> str:
        return reverse("subgroups:challenge-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.answered_on is None

    @property
    def subject_kind(self) -> str:
        return challenge_kind(self.subject_model_label)

    @property
    def subject_model_label(self) -> str:
        return f"{self.content_type.app_label}.{self.content_type.model}"


# --- Highlight reports --------------------------------------------------------------------


class HighlightReport(models.Model):
    """A sub-group's quarterly report to the Board."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    group = models.ForeignKey(
        BoardGroup, on_delete=models.PROTECT, related_name="highlight_reports"
    )
    quarter = QuarterField()
    went_well = models.TextField("What went well")
    concerns = models.TextField("Concerns", blank=True)
    asks = models.TextField("Asks of the Board", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="highlight_reports"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)

    # The outcomes and KPIs a report is about (`report.outcomes`, `report.kpis`) are linked
    # from their own apps, which are higher layers: strategy.OutcomeHighlightReport and
    # performance.KpiHighlightReport, each with its own history.
    history = HistoricalRecords()

    class Meta:
        ordering = ["-quarter", "group__position"]
        constraints = [
            models.UniqueConstraint(fields=["group", "quarter"], name="one_report_a_quarter")
        ]

    def __str__(self) -> str:
        return f"{self.group.name}, {self.quarter}"

    def get_absolute_url(self) -> str:
        return reverse("subgroups:report-detail", args=[self.pk])


# --- You said, we did ---------------------------------------------------------------------


class YouSaidWeDid(models.Model):
    """Something children and young people raised, what the board did, and when they were
    told."""

    class Source(models.TextChoices):
        BOARD_MEETING = "board-meeting", "At a Board meeting"
        CHILDREN_IN_CARE_COUNCIL = "cicc", "Children in care council"
        ADVOCACY = "advocacy", "Advocacy service"
        SURVEY = "survey", "Survey"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        LISTENING = "listening", "We are looking into it"
        DOING = "doing", "We are doing it"
        DONE = "done", "Done"
        NOT_POSSIBLE = "not-possible", "We could not do it, and we said why"

    source = models.CharField(max_length=16, choices=Source.choices)
    raised_on = models.DateField("Date raised")
    you_said = models.TextField("You said")
    we_did = models.TextField("We did", blank=True)
    told_on = models.DateField("Young people told on", null=True, blank=True)
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.LISTENING)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="you_said"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_on", "-pk"]
        verbose_name = "you said, we did entry"
        verbose_name_plural = "you said, we did entries"

    def __str__(self) -> str:
        return self.you_said[:80]


# --- Calendar feed ------------------------------------------------------------------------


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A person's secret calendar address: calendar apps subscribe without signing in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Calendar of {self.user}"


# --- Forward work plan --------------------------------------------------------------------


class PlannedMeetingQuerySet(models.QuerySet):
    def coming(self, on: datetime.date | None = None) -> "PlannedMeetingQuerySet":
        """Planned meetings on or after `on` (today by default)."""
        return self.filter(planned_for__gte=on or timezone.localdate())


class PlannedMeeting(models.Model):
    """A meeting in a group's forward work plan: the day it is planned for and its theme.
    Once the secretary arranges it, it points at the meeting and its items are on the
    agenda."""

    group = models.ForeignKey(BoardGroup, on_delete=models.PROTECT, related_name="work_plan")
    planned_for = models.DateField("Planned for")
    theme = models.CharField(
        max_length=120, help_text='What the meeting looks at, for example "Health".'
    )
    meeting = models.OneToOneField(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planned",
        help_text="The meeting arranged from this plan.",
    )

    history = HistoricalRecords()
    objects = PlannedMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["group__position", "planned_for", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "planned_for"],
                name="one_planned_meeting_a_day",
                violation_error_message="The group already has a meeting planned that day.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.group.name}, {self.planned_for:%-d %B %Y}: {self.theme}"

    def get_absolute_url(self) -> str:
        return reverse("subgroups:work-plan", args=[self.group.slug]) + f"#plan-{self.pk}"


class PlannedItem(models.Model):
    """An item planned for a meeting of the work plan: a standing item, a report an officer
    owes, an inspection outcome or a deep dive on a KPI that is off target."""

    class Kind(models.TextChoices):
        STANDING = "standing", "Standing item"
        REPORT = "report", "Report due from an officer"
        INSPECTION = "inspection", "Inspection outcome"
        DEEP_DIVE = "deep-dive", "Deep dive on a red KPI"

    planned_meeting = models.ForeignKey(
        PlannedMeeting, on_delete=models.CASCADE, related_name="items"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    title = models.CharField(max_length=200)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned_items",
        help_text="The officer who owes the report.",
    )
    paper_due_on = models.DateField(
        "Paper due", null=True, blank=True, help_text="When the officer's paper is due."
    )
    kpi_code = models.CharField(
        "KPI code",
        max_length=32,
        blank=True,
        # The KPI itself belongs to a higher app (performance): named by its code here, and
        # linked to its page by the template, never by a foreign key from this layer.
        validators=[
            RegexValidator(
                r"^[A-Z0-9]+(-[A-Z0-9]+)*$",
                "Use capital letters, digits and hyphens, like CLA-IHA-20WD.",
            )
        ],
        help_text="For a deep dive: the code of the KPI, for example CLA-IHA-20WD.",
    )
    is_restricted = models.BooleanField(
        "Restricted",
        default=False,
        help_text="Confidential: only members of the group see it, never young people.",
    )
    agenda_item = models.OneToOneField(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planned",
        help_text="The agenda item this became once the meeting was arranged.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["planned_meeting__planned_for", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.kind == self.Kind.REPORT and not self.officer_id:
            raise ValidationError({"officer": "Choose the officer who owes the report."})
        if self.kind == self.Kind.DEEP_DIVE and not self.kpi_code.strip():
            raise ValidationError({"kpi_code": "Give the code of the KPI for the deep dive."})


# --- Declarations of interest -------------------------------------------------------------


class Declaration(models.Model):
    """A declaration of interest in an agenda item, made at (or before) the meeting."""

    class Kind(models.TextChoices):
        PECUNIARY = "pecuniary", "Disclosable pecuniary interest"
        OTHER_REGISTRABLE = "other-registrable", "Other registrable interest"
        NON_REGISTRABLE = "non-registrable", "Non-registrable interest"

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="declarations"
    )
    membership = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        related_name="declarations",
        verbose_name="Who",
        help_text="The member declaring the interest.",
    )
    kind = models.CharField("Kind of interest", max_length=20, choices=Kind.choices)
    interest = models.TextField(
        "The interest", help_text="What the interest is, as it is to be minuted."
    )
    left_the_room = models.BooleanField("Left the meeting for this item", default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agenda_item", "pk"]

    def __str__(self) -> str:
        return f"{self.membership.person_name}: {self.get_kind_display()}"


# --- Visits programme ---------------------------------------------------------------------


class Visit(models.Model):
    """A visit by members of a group to a service the council runs or commissions, and the
    short report the visiting members write afterwards. It names services, never children."""

    class Service(models.TextChoices):
        CHILDRENS_HOME = "childrens-home", "Children's home"
        LEAVING_CARE = "leaving-care", "Leaving care team"
        VIRTUAL_SCHOOL = "virtual-school", "Virtual school"
        FOSTER_CARERS = "foster-carers", "Foster carers' group"
        SUPPORTED_ACCOMMODATION = "supported-accommodation", "Supported accommodation"
        CHILDREN_IN_CARE_COUNCIL = "cicc", "Children in care council"
        SOCIAL_WORK_TEAM = "social-work-team", "Social work team"
        HEALTH = "health", "Health service for children in care"
        OTHER = "other", "Other service"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        VISITED = "visited", "Visited"
        CANCELLED = "cancelled", "Cancelled"

    class ReportStatus(models.TextChoices):
        NONE = "", "Not written"
        DRAFT = "draft", "Draft"
        SHARED = "shared", "Shared with the group"

    group = models.ForeignKey(
        BoardGroup,
        on_delete=models.PROTECT,
        related_name="visits",
        help_text="The group the visit is made for; its report is shared with this group.",
    )
    service = models.CharField("Kind of service", max_length=24, choices=Service.choices)
    service_name = models.CharField(
        "Service visited", max_length=160, help_text='For example, "Eden House".'
    )
    place = models.CharField("Where", max_length=200)
    visit_on = models.DateField("Date of the visit")
    visitors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="visits", verbose_name="Who goes"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    went_well = models.TextField("What went well", blank=True)
    worries = models.TextField("What worried us", blank=True)
    voices = models.TextField("What young people and staff said", blank=True)
    report_status = models.CharField(
        "Report", max_length=8, choices=ReportStatus.choices, blank=True, default=""
    )
    report_shared_on = models.DateField("Report shared on", null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[visitors])

    class Meta:
        ordering = ["-visit_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.service_name}, {self.visit_on.day} {self.visit_on:%B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("subgroups:visit-detail", args=[self.pk])

    @property
    def report_is_shared(self) -> bool:
        return self.report_status == self.ReportStatus.SHARED


# --- Inspections and regulatory visits ----------------------------------------------------


OFSTED_HOSTS = ("ofsted.gov.uk", "gov.uk")
"""Where an inspection report may be: Ofsted's report site and GOV.UK, over https."""


def validate_report_address(address: str) -> None:
    """An inspection report's address must be an https address on Ofsted's or GOV.UK's site,
    so the log links only to the published, public report."""
    parts = urlsplit(address)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not any(
        host == allowed or host.endswith("." + allowed) for allowed in OFSTED_HOSTS
    ):
        raise ValidationError(
            "Give the address of the published report on Ofsted's website "
            "(https://reports.ofsted.gov.uk/...) or on GOV.UK (https://www.gov.uk/...)."
        )


class Judgement(models.TextChoices):
    """Ofsted's four-point scale, in its own words (ILACS and the social care common
    inspection framework use the same words)."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires-improvement", "Requires improvement to be good"
    INADEQUATE = "inadequate", "Inadequate"
    NOT_GRADED = "not-graded", "No graded judgement (focused or monitoring visit)"


class Inspection(models.Model):
    """An Ofsted inspection or regulatory visit of the council's children's services or of a
    provider it runs or commissions, as published: no child-level detail is kept here."""

    class Kind(models.TextChoices):
        ILACS = "ilacs", "ILACS: inspection of local authority children's services"
        ILACS_FOCUSED = "ilacs-focused", "ILACS focused visit"
        MONITORING = "monitoring", "Monitoring visit"
        CHILDRENS_HOME = "childrens-home", "Children's home"
        FOSTERING = "fostering", "Fostering agency"
        ADOPTION = "adoption", "Adoption agency"
        SUPPORTED_ACCOMMODATION = "supported-accommodation", "Supported accommodation"
        SEND = "send", "Area SEND inspection"

    class Provision(models.TextChoices):
        OWN = "own", "The council's own"
        COMMISSIONED = "commissioned", "Commissioned"

    kind = models.CharField("Kind of inspection", max_length=24, choices=Kind.choices)
    provision = models.CharField(
        "Run by", max_length=12, choices=Provision.choices, default=Provision.OWN
    )
    service_name = models.CharField(
        "Service inspected",
        max_length=160,
        help_text="As Ofsted names it, for example \u201cEden House\u201d or the council.",
    )
    inspected_on = models.DateField("Inspection ended on")
    published_on = models.DateField("Report published on", null=True, blank=True)
    judgement = models.CharField("Overall judgement", max_length=24, choices=Judgement.choices)
    children_in_care_judgement = models.CharField(
        "The experiences and progress of children in care",
        max_length=24,
        choices=Judgement.choices,
        blank=True,
        help_text="ILACS only.",
    )
    care_leavers_judgement = models.CharField(
        "The experiences and progress of care leavers",
        max_length=24,
        choices=Judgement.choices,
        blank=True,
        help_text="ILACS only.",
    )
    report_url = models.URLField(
        "Address of the report", max_length=300, validators=[validate_report_address]
    )
    summary = models.TextField(
        "What the report found",
        blank=True,
        help_text="A few lines from the published report. No detail about any child.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-inspected_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.service_name}, {self.inspected_on.day} {self.inspected_on:%B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("subgroups:inspection-detail", args=[self.pk])

    @property
    def is_ilacs(self) -> bool:
        return self.kind == self.Kind.ILACS

    def clean(self) -> None:
        if not self.is_ilacs and (self.children_in_care_judgement or self.care_leavers_judgement):
            raise ValidationError(
                {
                    "children_in_care_judgement": "Only an ILACS inspection judges children "
                    "in care and care leavers separately; leave these empty."
                }
            )
        if self.published_on and self.published_on < self.inspected_on:
            raise ValidationError(
                {"published_on": "The report cannot be published before the inspection ended."}
            )


# --- Member development -------------------------------------------------------------------


class TrainingCourse(models.Model):
    """Induction or training for members of the Board: corporate parenting, safeguarding, the
    seven principles, data briefings. Who must take it is said by seat (Membership.Role)."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    required_for = models.JSONField(
        "Required for",
        default=list,
        blank=True,
        help_text="The seats on the Board whose holders must take it.",
    )
    renew_after_months = models.PositiveSmallIntegerField(
        "Take again after (months)",
        null=True,
        blank=True,
        help_text="Leave empty if once is enough.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def required_for_labels(self) -> list[str]:
        labels = dict(Membership.Role.choices)
        return [labels[role] for role in self.required_for if role in labels]


class TrainingSession(models.Model):
    """One session of a course, with the members of the Board who attended."""

    course = models.ForeignKey(TrainingCourse, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField("Date")
    place = models.CharField("Where, or online", max_length=200)
    led_by = models.CharField("Led by", max_length=160, blank=True)
    attendees = models.ManyToManyField(
        Membership, related_name="training_sessions", blank=True, verbose_name="Who attended"
    )

    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        ordering = ["-held_on", "course__position", "pk"]

    def __str__(self) -> str:
        return f"{self.course.name}, {self.held_on.day} {self.held_on:%B %Y}"
