from django import forms

from cpboard.forms import GovukFormMixin
from cpboard.uploads import MAX_CSV_BYTES


class DfeFileForm(GovukFormMixin, forms.Form):
    """A file DfE publishes: an Explore Education Statistics CSV or the neighbour model."""

    submit_label = "Check and load"
    file = forms.FileField(
        label="DfE statistics file",
        help_text="The CSV file as downloaded from Explore Education Statistics, or DfE's "
        "statistical neighbour model (sn_model_2025_wide.csv), up to 5 MB.",
        error_messages={"required": "Choose the CSV file DfE publishes."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(
                "The file must be a CSV file, as DfE publishes it on Explore Education Statistics."
            )
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError("The file must be smaller than 5 MB.")
        return upload
