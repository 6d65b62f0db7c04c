import django_tables2 as tables
from django.utils.html import format_html
from django.utils.text import Truncator

from cpboard.people import name_columns
from cpboard.tables import PortalTable
from subgroups.access import may_update_action
from subgroups.models import BoardGroup, Challenge, MeetingAction


class BoardGroupTable(PortalTable):
    name = tables.Column(linkify=True, verbose_name="Group", attrs={"a": {"class": "govuk-link"}})
    reports_to = tables.Column(verbose_name="Reports to", default="-")
    meeting_frequency = tables.Column(verbose_name="Meets")
    remit = tables.Column(verbose_name="Remit", orderable=False)

    class Meta:
        model = BoardGroup
        fields = ("name", "reports_to", "meeting_frequency", "remit")
        order_by = ("position",)
        empty_text = "There are no groups yet. An administrator can add them."

    def render_remit(self, value: str) -> str:
        first_sentence, _, rest = value.partition(". ")
        return first_sentence + ("." if rest else "")


def _date(value) -> str:
    return f"{value:%-d %b %Y}" if value else "-"


class ActionLogTable(PortalTable):
    """The action log: what councillors read, and what `?_export=csv|xlsx` writes; without
    its Owner column for someone who may not see staff names."""

    description = tables.Column(verbose_name="Action")
    group = tables.Column(verbose_name="Group", order_by=("group__position",))
    raised_at = tables.Column(
        verbose_name="Raised at",
        order_by=("raised_at__starts_at",),
    )
    owner = tables.Column(
        verbose_name="Owner", accessor="owner_label", order_by=("owner__first_name", "owner_name")
    )
    due_on = tables.Column(verbose_name="Due")
    status = tables.Column(verbose_name="Status")
    progress = tables.Column(verbose_name="Update", orderable=False, default="")
    closed_on = tables.Column(verbose_name="Closed", default="-")

    class Meta:
        model = MeetingAction
        fields = (
            "description",
            "group",
            "raised_at",
            "owner",
            "due_on",
            "status",
            "progress",
            "closed_on",
        )
        empty_text = "There are no actions to show."

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, exclude=name_columns(user, "owner"), **kwargs)
        self.user = user

    def render_description(self, value, record) -> str:
        """A link to the action's page for those who may update it (subgroups.access);
        text for the others."""
        if may_update_action(self.user, record):
            return format_html(
                '<a class="govuk-link" href="{}">{}</a>', record.get_absolute_url(), value
            )
        return value

    def value_description(self, value) -> str:
        return value

    def render_raised_at(self, value) -> str:
        return f"{value.starts_at:%-d %b %Y}"

    def value_raised_at(self, value) -> str:
        return f"{value.starts_at:%Y-%m-%d}"

    def render_due_on(self, value, record) -> str:
        text = _date(value)
        return f"{text} (overdue)" if record.is_overdue() else text

    def value_due_on(self, value) -> str:
        return value.isoformat()

    def render_status(self, record) -> str:
        return record.get_status_display()

    def render_closed_on(self, value) -> str:
        return _date(value)

    def value_closed_on(self, value) -> str:
        return value.isoformat() if value else ""


class ChallengeTable(PortalTable):
    """The challenge log, open challenges first."""

    subject_label = tables.Column(verbose_name="About", orderable=False)
    question = tables.Column(
        verbose_name="Question",
        linkify=("subgroups:challenge-detail", {"pk": tables.A("pk")}),
        attrs={"a": {"class": "govuk-link"}},
        orderable=False,
    )
    raised_by = tables.Column(verbose_name="Raised by", orderable=False)
    owner = tables.Column(verbose_name="Owner", orderable=False)
    due_on = tables.Column(verbose_name="Due", orderable=False)
    status = tables.Column(
        verbose_name="Status", accessor="answered_on", orderable=False, default="Open"
    )
    answer = tables.Column(verbose_name="Answer", orderable=False, default="")

    class Meta:
        model = Challenge
        fields = ("subject_label", "question", "raised_by", "owner", "due_on", "status", "answer")
        empty_text = "No challenges have been raised yet."

    def render_question(self, value) -> str:
        return Truncator(value).words(20)

    def value_question(self, value) -> str:
        return value

    def render_raised_by(self, value) -> str:
        return value.get_full_name() or value.get_username()

    def render_owner(self, value) -> str:
        return value.get_full_name() or value.get_username()

    def render_due_on(self, value) -> str:
        return _date(value)

    def value_due_on(self, value) -> str:
        return value.isoformat()

    def render_status(self, value) -> str:
        return f"Answered {_date(value)}" if value else "Open"

    def value_status(self, value) -> str:
        return f"Answered {value.isoformat()}" if value else "Open"

    def render_answer(self, value) -> str:
        return Truncator(value).words(20)

    def value_answer(self, value) -> str:
        return value
