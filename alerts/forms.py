"""The form of a person's alert choices: one question per kind of alert that concerns them."""

from crispy_forms_gds.layout import Field, Layout
from django import forms

from alerts.models import Delivery, Kind
from cpboard.forms import GovukFormMixin


class PreferencesForm(GovukFormMixin, forms.Form):
    submit_label = "Save my choices"

    def __init__(self, *args, kinds: list[str], current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Kind.choices)
        for kind in kinds:
            self.fields[kind] = forms.ChoiceField(
                label=labels[kind],
                choices=Delivery.choices,
                initial=current[kind],
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose how to hear: {labels[kind].lower()}."},
            )
        self.helper.layout = Layout(
            *(Field.radios(kind, legend_size="s", small=True) for kind in kinds)
        )
