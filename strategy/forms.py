from django import forms

from cpboard.forms import GovukFormMixin
from strategy.models import Outcome


class OutcomeForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Save changes"

    class Meta:
        model = Outcome
        fields = ("title", "description", "lead_group", "principles")
        labels = {"lead_group": "Lead group", "principles": "Principles this outcome serves"}
        widgets = {"principles": forms.CheckboxSelectMultiple}
