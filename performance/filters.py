"""The scorecard's filters: sub-group, outcome and RAG, for one quarter."""

import django_filters
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout

from cpboard.quarters import FinancialQuarter
from performance.judgement import Rag
from performance.models import Kpi
from strategy.models import Outcome
from subgroups.models import BoardGroup


class ScorecardFilter(django_filters.FilterSet):
    period = django_filters.ChoiceFilter(
        label="Quarter", method="keep", empty_label=None, choices=[]
    )
    subgroup = django_filters.ModelChoiceFilter(
        label="Sub-group",
        queryset=BoardGroup.objects.subgroups().order_by("position"),
        empty_label="All sub-groups",
    )
    outcome = django_filters.ModelChoiceFilter(
        label="Strategic outcome",
        queryset=Outcome.objects.filter(strategy__status="approved").order_by("number"),
        empty_label="All outcomes",
    )
    rag = django_filters.ChoiceFilter(
        label="RAG rating", method="keep", choices=Rag.choices, empty_label="Any rating"
    )

    class Meta:
        model = Kpi
        fields = ["period", "subgroup", "outcome", "rag"]

    def __init__(self, data=None, *args, quarters: list[FinancialQuarter], **kwargs):
        super().__init__(data, *args, queryset=Kpi.objects.all(), **kwargs)
        self.quarters = quarters
        self.filters["period"].extra["choices"] = [(str(q), str(q)) for q in quarters]
        self.form.helper = FormHelper()
        self.form.helper.form_method = "get"
        self.form.helper.form_tag = False
        self.form.helper.layout = Layout(
            Field.select("period"),
            Field.select("subgroup"),
            Field.select("outcome"),
            Field.select("rag"),
            Button.secondary("filter", "Show"),
        )

    def keep(self, queryset, name, value):
        """Period and RAG are applied to the judged rows, not to the KPI query."""
        return queryset

    def quarter(self) -> FinancialQuarter | None:
        """The quarter asked for, or the latest with approved figures."""
        if self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("period"):
            return FinancialQuarter.parse(self.form.cleaned_data["period"])
        return self.quarters[0] if self.quarters else None

    def wanted_rag(self) -> Rag | None:
        """The rating asked for, or None for any."""
        if self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("rag"):
            return Rag(self.form.cleaned_data["rag"])
        return None
