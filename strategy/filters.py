"""Filters of the action plan and the risk register."""

import django_filters
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django.contrib.auth import get_user_model
from django.utils import timezone

from cpboard.people import full_name
from cpboard.roles import Capability, may_see_staff_names, people_who_can
from strategy.models import Action, Outcome, Risk, Status


def _helper(*fields) -> FormHelper:
    helper = FormHelper()
    helper.form_method = "get"
    helper.form_tag = False
    helper.layout = Layout(
        *[Field.select(name) for name in fields], Button.secondary("filter", "Show")
    )
    return helper


def _owners():
    return people_who_can(Capability.UPDATE_OWN_ITEMS, get_user_model())


def _current_outcomes():
    return Outcome.objects.filter(strategy__status="approved").order_by("number")


class ActionFilter(django_filters.FilterSet):
    outcome = django_filters.ModelChoiceFilter(
        label="Strategic outcome", queryset=_current_outcomes(), empty_label="All outcomes"
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=Status.choices, empty_label="Any status"
    )
    owner = django_filters.ModelChoiceFilter(
        label="Owner", queryset=_owners(), empty_label="Anyone"
    )
    overdue = django_filters.ChoiceFilter(
        label="Overdue",
        choices=[("yes", "Overdue only"), ("no", "Not overdue")],
        empty_label="Either",
        method="filter_overdue",
    )

    class Meta:
        model = Action
        fields = ["outcome", "status", "owner", "overdue"]

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        shown = ["outcome", "status", "owner", "overdue"]
        if may_see_staff_names(viewer):
            self.filters["owner"].queryset = _owners()
        else:
            # The owner filter lists officers by name (cpboard.roles.may_see_staff_names).
            del self.filters["owner"]
            shown.remove("owner")
        self.filters["outcome"].queryset = _current_outcomes()
        self.form.fields["outcome"].label_from_instance = lambda o: f"Outcome {o.number}"
        if "owner" in self.form.fields:
            self.form.fields["owner"].label_from_instance = full_name
        self.form.helper = _helper(*shown)

    def filter_overdue(self, queryset, name, value):
        overdue = Action.objects.overdue(timezone.localdate()).values("pk")
        if value == "yes":
            return queryset.filter(pk__in=overdue)
        if value == "no":
            return queryset.exclude(pk__in=overdue)
        return queryset


class RiskFilter(django_filters.FilterSet):
    """The register's filters: outcome and owner narrow the query; "attention" is judged on
    the register's rows (filter_rows), as the scorecard judges RAG."""

    outcome = django_filters.ModelChoiceFilter(
        label="Linked outcome", queryset=_current_outcomes(), empty_label="All outcomes"
    )
    owner = django_filters.ModelChoiceFilter(
        label="Owner", queryset=_owners(), empty_label="Anyone"
    )
    attention = django_filters.ChoiceFilter(
        label="Show",
        method="keep",
        choices=[
            ("high", "High risks (A or B likelihood, I or II impact)"),
            ("review", "Review overdue"),
            ("rerate", "Flagged for re-rating"),
        ],
        empty_label="Every open risk",
    )

    class Meta:
        model = Risk
        fields = ["outcome", "owner", "attention"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["outcome"].queryset = _current_outcomes()
        self.filters["owner"].queryset = _owners()
        self.form.fields["outcome"].label_from_instance = lambda o: f"Outcome {o.number}"
        self.form.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.form.helper = _helper("outcome", "owner", "attention")

    def keep(self, queryset, name, value):
        return queryset

    def filter_rows(self, rows: list) -> list:
        if not self.is_bound or not self.form.is_valid():
            return rows
        attention = self.form.cleaned_data.get("attention")
        if attention == "high":
            return [r for r in rows if r.is_high]
        if attention == "review":
            return [r for r in rows if r.review_overdue]
        if attention == "rerate":
            return [r for r in rows if r.needs_rerating]
        return rows
