from django import forms
from django.core.exceptions import ValidationError

from cpboard.forms import GovukFormMixin, SeenChangeMixin
from cpboard.quarters import FinancialYear, QuarterFormatError, QuarterFormField
from reports.models import Report, ReportSection
from reports.sections import GUIDANCE


class ReportCreateForm(GovukFormMixin, forms.Form):
    submit_label = "Create report"

    kind = forms.ChoiceField(
        label="What kind of report",
        choices=Report.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of report to create."},
    )
    quarter = QuarterFormField(
        label="Quarter (board packs)",
        required=False,
        help_text="The quarter a board pack covers, like 2025-26 Q2.",
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"}),
    )
    year = forms.CharField(
        label="Financial year (annual report and young people's summary)",
        required=False,
        help_text="Like 2025-26.",
        max_length=7,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-5"}),
    )
    audience = forms.ChoiceField(
        label="Who it is for",
        choices=Report.Audience.choices,
        widget=forms.RadioSelect,
        help_text="A public version hides counts from 1 to 4 and restricted items. The young "
        "people's summary is always public.",
        error_messages={"required": "Choose who the report is for."},
    )

    def clean_year(self) -> FinancialYear | None:
        text = self.cleaned_data["year"].strip()
        if not text:
            return None
        try:
            return FinancialYear.parse(text)
        except QuarterFormatError as error:
            raise ValidationError(str(error)) from error

    def clean(self) -> dict:
        data = super().clean()
        kind = data.get("kind")
        # A period typed wrongly already has its message; only a missing one needs asking for.
        needs_quarter = kind == Report.Kind.BOARD_PACK and "quarter" not in self.errors
        if needs_quarter and not data.get("quarter"):
            self.add_error("quarter", "Enter the quarter the board pack covers, like 2025-26 Q2.")
        needs_year = kind != Report.Kind.BOARD_PACK and "year" not in self.errors
        if kind and needs_year and not data.get("year"):
            self.add_error("year", "Enter the financial year the report covers, like 2025-26.")
        if kind == Report.Kind.YOUNG_PEOPLE and data.get("audience") == Report.Audience.BOARD:
            self.add_error("audience", "The young people's summary is public: choose Public.")
        return data


class SectionForm(SeenChangeMixin, GovukFormMixin, forms.ModelForm):
    submit_label = "Save section"

    class Meta:
        model = ReportSection
        fields = ("body",)
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["body"]
        field.label = self.instance.heading
        field.help_text = (
            f"{GUIDANCE.get(self.instance.key, '')} Plain text: leave a blank line between "
            "paragraphs."
        ).strip()
