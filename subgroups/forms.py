from django import forms

from cpboard.forms import GovukFormMixin, SeenChangeMixin
from subgroups.models import BoardGroup


class BoardGroupForm(SeenChangeMixin, GovukFormMixin, forms.ModelForm):
    submit_label = "Save changes"

    class Meta:
        model = BoardGroup
        fields = ("remit", "meeting_frequency")
        labels = {"remit": "Remit", "meeting_frequency": "How often the group meets"}
        widgets = {"meeting_frequency": forms.RadioSelect}
