"""The form that uploads an SSDA903 return."""

from django import forms
from django.utils import timezone

from cpboard.forms import GovukFormMixin
from cpboard.quarters import QuarterFormField
from performance.ssda903.reader import MAX_FILES, MAX_XML_BYTES


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ReturnFilesField(forms.FileField):
    """One or more files, each no larger than the reader would read."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            raise forms.ValidationError(
                "Choose the return's files: its CSV files, one zip of them, or its XML file."
            )
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Choose at most {MAX_FILES} files.")
        for file in files:
            super().clean(file, initial)
            if file.size > MAX_XML_BYTES:
                raise forms.ValidationError(
                    f"{file.name} is larger than {MAX_XML_BYTES // 1024 // 1024} MB, more than "
                    "any council's return needs. Check it is the right file."
                )
        return files


class UploadForm(GovukFormMixin, forms.Form):
    submit_label = "Upload and compute"

    quarter = QuarterFormField(
        label="Quarter the figures are for",
        help_text='For example, "2024-25 Q3". The measures cover the 12 months ending on the '
        "quarter's last day.",
    )
    files = ReturnFilesField(
        label="The return's files",
        help_text="DfE's CSV files (header, episodes, uasc, oc2, oc3, ad1, placed_for_adoption, "
        "missing, reviews, previous_permanence, sw_episodes: header and episodes at least), "
        "one zip of them, or the XML file.",
    )
    population = forms.IntegerField(
        required=False,
        min_value=1,
        label="Children aged 0 to 17 living in the area (optional)",
        help_text="The ONS mid-year estimate, for the rate per 10,000. Leave blank to leave the "
        "rate out.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )
    run_validation = forms.BooleanField(
        required=False,
        initial=True,
        label="Check the return against DfE's validation rules",
    )

    def clean_quarter(self):
        quarter = self.cleaned_data["quarter"]
        if not quarter.has_ended(timezone.localdate()):
            raise forms.ValidationError(
                f"{quarter} has not ended yet: its figures can be computed from "
                f"{quarter.next().start.day} {quarter.next().start:%B %Y}."
            )
        return quarter
