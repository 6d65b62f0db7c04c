from django import forms

from cpboard.forms import GovukFormMixin, SeenChangeMixin
from strategy.models import Outcome


class OutcomeForm(SeenChangeMixin, GovukFormMixin, forms.ModelForm):
    submit_label = "Save changes"

    class Meta:
        model = Outcome
        fields = ("title", "description", "lead_group", "principles")
        labels = {"lead_group": "Lead group", "principles": "Principles this outcome serves"}
        help_texts = {
            "title": "As the strategy words it.",
            "description": "Optional. What success looks like and how the board will know.",
            "principles": "Select every corporate parenting principle this outcome helps the "
            "council meet.",
        }
        widgets = {
            "title": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "principles": forms.CheckboxSelectMultiple,
        }
