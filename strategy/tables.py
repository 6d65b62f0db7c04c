"""Tables of the strategy pages: what people read, and what `?_export=csv|xlsx` writes.

Status and rating cells say their value in words; the tag colour only repeats it."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from cpboard.people import full_name, name_columns
from cpboard.tables import PortalTable
from strategy.models import Action, Outcome, Status
from strategy.selectors import RiskRow

STATUS_TAGS = {
    Status.NOT_STARTED: "govuk-tag--grey",
    Status.ON_TRACK: "govuk-tag--green",
    Status.AT_RISK: "govuk-tag--yellow",
    Status.OFF_TRACK: "govuk-tag--red",
    Status.COMPLETE: "govuk-tag--blue",
}
LEVEL_TAGS = {"high": "govuk-tag--red", "medium": "govuk-tag--yellow", "low": "govuk-tag--green"}


def status_tag(status: str):
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>',
        STATUS_TAGS[Status(status)],
        Status(status).label,
    )


def rating_tag(rating):
    """A rating as its code in a tag shaded by its level, then its meaning and its level in
    words: colour is never the only signal."""
    return format_html(
        '<strong class="govuk-tag {}">{}</strong> '
        '<span class="cpb-rating-words">{}, {} risk</span>',
        LEVEL_TAGS[rating.level],
        rating.code,
        rating.words,
        rating.level,
    )


def overdue_tag():
    return mark_safe('<strong class="govuk-tag govuk-tag--red cpb-tag-overdue">Overdue</strong>')


def person(user) -> str:
    return full_name(user)


class OutcomeTable(PortalTable):
    number = tables.Column(verbose_name="No.")
    title = tables.Column(
        linkify=True, verbose_name="Outcome", attrs={"a": {"class": "govuk-link"}}
    )
    lead_group = tables.Column(verbose_name="Lead group", default="Not assigned")
    principles = tables.ManyToManyColumn(
        verbose_name="Principles served",
        transform=lambda principle: str(principle.number),
        separator=", ",
        orderable=False,
    )

    class Meta:
        model = Outcome
        fields = ("number", "title", "lead_group", "principles")
        order_by = ("number",)
        empty_text = "The current strategy has no outcomes yet."


class ActionTable(PortalTable):
    """The action plan; for someone who may not see staff names, without its Owner column
    on the page and in the CSV and XLSX (cpboard.people.name_columns)."""

    reference = tables.Column(verbose_name="Ref.")
    title = tables.Column(verbose_name="Action", linkify=True, attrs={"a": {"class": "govuk-link"}})
    outcome = tables.Column(
        verbose_name="Outcome", accessor="outcome__number", order_by=("outcome__number",)
    )
    owner = tables.Column(
        verbose_name="Owner", order_by=("owner__first_name", "owner__last_name"), default="None"
    )
    due_on = tables.DateColumn(verbose_name="Due", format="j M Y", default="No date")
    status = tables.Column(verbose_name="Status")

    class Meta:
        model = Action
        fields = ("reference", "title", "outcome", "owner", "due_on", "status")
        order_by = ("reference",)
        empty_text = "No actions match these filters."

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, exclude=name_columns(viewer, "owner"), **kwargs)
        self.today = timezone.localdate()

    def render_outcome(self, value):
        return f"Outcome {value}"

    def value_outcome(self, value):
        return value

    def render_owner(self, value):
        return person(value)

    def value_owner(self, value):
        return person(value)

    def render_status(self, record: Action):
        tag = status_tag(record.status)
        if record.is_overdue(self.today):
            return format_html("{} {}", tag, overdue_tag())
        return tag

    def value_status(self, record: Action):
        label = record.get_status_display()
        return f"{label} (overdue)" if record.is_overdue(self.today) else label


class RiskTable(PortalTable):
    reference = tables.Column(verbose_name="Ref.", accessor="risk__reference")
    title = tables.Column(
        verbose_name="Risk",
        accessor="risk__title",
        linkify=lambda record: record.risk.get_absolute_url(),
        attrs={"a": {"class": "govuk-link"}},
    )
    owner = tables.Column(verbose_name="Owner", accessor="risk__owner", default="None")
    outcome = tables.Column(
        verbose_name="Outcome", accessor="risk__outcome__number", default="None"
    )
    rating = tables.Column(
        verbose_name="Rating now", accessor="rating", order_by=("rating__score",)
    )
    target = tables.Column(verbose_name="Target", accessor="target", orderable=False)
    review_on = tables.DateColumn(
        verbose_name="Review due", accessor="risk__review_on", format="j M Y"
    )
    attention = tables.Column(
        verbose_name="Needs attention", accessor="risk__reference", orderable=False
    )

    class Meta:
        order_by = ("-rating",)
        empty_text = "No risks match these filters."
        sequence = (
            "reference",
            "title",
            "owner",
            "outcome",
            "rating",
            "target",
            "review_on",
            "attention",
        )

    def render_owner(self, value):
        return person(value)

    def value_owner(self, value):
        return person(value)

    def render_outcome(self, value):
        return f"Outcome {value}"

    def value_outcome(self, value):
        return value

    def render_rating(self, record: RiskRow):
        return rating_tag(record.rating)

    def value_rating(self, record: RiskRow):
        return record.rating.code

    def render_target(self, record: RiskRow):
        return format_html(
            '{} <span class="cpb-rating-words">{}</span>', record.target.code, record.target.words
        )

    def value_target(self, record: RiskRow):
        return record.target.code

    def render_attention(self, record: RiskRow):
        tags = []
        if record.review_overdue:
            tags.append('<strong class="govuk-tag govuk-tag--red">Review overdue</strong>')
        if record.needs_rerating:
            tags.append('<strong class="govuk-tag govuk-tag--orange">Re-rate: KPI red</strong>')
        return mark_safe(" ".join(tags)) if tags else "No"

    def value_attention(self, record: RiskRow):
        words = []
        if record.review_overdue:
            words.append("review overdue")
        if record.needs_rerating:
            words.append("re-rate: " + record.risk.rerating_reason)
        return "; ".join(words)
