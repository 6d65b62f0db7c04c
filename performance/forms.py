"""Forms for entering, signing off and importing quarterly figures."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fieldset, Layout, Size
from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MinValueValidator
from django.utils.html import format_html

from cpboard.forms import GovukFormMixin
from cpboard.quarters import FinancialYear, QuarterFormatError, QuarterFormField
from cpboard.roles import Capability, people_who_can
from performance.benchmarks import catalogue as dfe_catalogue
from performance.judgement import Unit, format_value
from performance.models import Comparator, Kpi, Measurement
from performance.services import FigureInput
from performance.ssda903.measures import MEASURE_CHOICES as SSDA903_MEASURES
from performance.ssda903.measures import MEASURES_BY_CODE


class FigureForm(forms.Form):
    """One KPI's row on the data entry page: a value (or numerator and denominator) and the
    commentary that explains it."""

    # Text inputs with an input mode, as GOV.UK advises for numbers: number inputs round,
    # step and scroll figures by accident, and lose the GOV.UK styling.
    value = forms.DecimalField(
        required=False,
        max_digits=12,
        decimal_places=2,
        label="Figure",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={"invalid": "Enter the figure as a number, like 55 or 55.5."},
    )
    numerator = forms.IntegerField(
        required=False,
        min_value=0,
        label="Numerator (children counted)",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )
    denominator = forms.IntegerField(
        required=False,
        min_value=0,
        label="Denominator (children in the group)",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )
    commentary = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Commentary",
        help_text="Why the figure moved and what is being done about it.",
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, kpi: Kpi, measurement: Measurement | None, context: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kpi = kpi
        self.measurement = measurement
        self.locked = measurement is not None and measurement.is_locked
        if kpi.has_fraction:
            del self.fields["value"]
            self.fields["numerator"].error_messages["invalid"] = "Enter a whole number."
            self.fields["denominator"].error_messages["invalid"] = "Enter a whole number."
        else:
            del self.fields["numerator"]
            del self.fields["denominator"]
            self.fields["value"].label = f"Figure ({kpi.get_unit_display().lower()})"
            self.fields["value"].validators.append(
                MinValueValidator(0, "The figure cannot be negative.")
            )
            if kpi.unit == Unit.PERCENTAGE:
                self.fields["value"].help_text = "A percentage between 0 and 100."
        if self.locked:
            for field in self.fields.values():
                field.disabled = True
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        fields = [name for name in ("value", "numerator", "denominator") if name in self.fields]
        self.helper.layout = Layout(
            Fieldset(
                HTML(context),
                *[Field.text(name, field_width=5) for name in fields],
                Field.textarea("commentary"),
                "version",
                legend=format_html(
                    '{} <span class="govuk-caption-s cpb-kpi-code">{}</span>', kpi.title, kpi.code
                ),
                legend_size=Size.SMALL,
            )
        )

    def clean(self):
        data = super().clean()
        if not self.locked and data.get("commentary") and not self.has_figure():
            self.add_error(
                "commentary",
                "Enter the figure as well: commentary is saved with its figure.",
            )
        return data

    def should_save(self, *, submitting: bool) -> bool:
        """Save a row the person changed, or, when they submit, a draft or returned figure on
        the page; leave untouched rows alone so as not to rewrite their history."""
        if self.locked or not self.has_figure():
            return False
        if self.has_changed():
            return True
        status = self.measurement.status if self.measurement else None
        return submitting and status in (Measurement.Status.DRAFT, Measurement.Status.RETURNED)

    def has_figure(self) -> bool:
        data = self.cleaned_data
        return any(
            data.get(name) not in (None, "") for name in ("value", "numerator", "denominator")
        )

    def to_input(self) -> FigureInput:
        data = self.cleaned_data
        return FigureInput(
            kpi=self.kpi,
            value=data.get("value"),
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            commentary=data.get("commentary", ""),
            version=data.get("version"),
        )


class BaseFigureFormSet(forms.BaseFormSet):
    def __init__(self, *args, kpis: list[Kpi], measurements: dict, contexts: dict, **kwargs):
        self.kpis = kpis
        self.measurements = measurements
        self.contexts = contexts
        initial = []
        for kpi in kpis:
            measurement = measurements.get(kpi.pk)
            initial.append(
                {
                    "value": measurement.value if measurement else None,
                    "numerator": measurement.numerator if measurement else None,
                    "denominator": measurement.denominator if measurement else None,
                    "commentary": measurement.commentary if measurement else "",
                    "version": measurement.version if measurement else None,
                }
            )
        super().__init__(*args, initial=initial, **kwargs)

    def get_form_kwargs(self, index: int) -> dict:
        kpi = self.kpis[index]
        return {
            "kpi": kpi,
            "measurement": self.measurements.get(kpi.pk),
            "context": self.contexts.get(kpi.pk, ""),
        }

    def total_form_count(self) -> int:
        return len(self.kpis)

    def figures(self, *, submitting: bool) -> list[FigureInput]:
        """What to save: the rows changed, and on submitting the page's drafts too."""
        return [form.to_input() for form in self.forms if form.should_save(submitting=submitting)]


FigureFormSet = forms.formset_factory(
    FigureForm, formset=BaseFigureFormSet, extra=0, max_num=500, absolute_max=500
)


class ReturnFigureForm(GovukFormMixin, forms.Form):
    submit_label = "Return to officer"
    reason = forms.CharField(
        label="Why are you returning this figure?",
        help_text="The officer sees this next to the figure.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Say why the figure is returned, so the officer knows what to check."
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReopenFigureForm(GovukFormMixin, forms.Form):
    submit_label = "Reopen figure"
    reason = forms.CharField(
        label="Why does this approved figure need changing?",
        help_text="Kept in the figure's history. The figure leaves the councillors' view until "
        "it is approved again.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the figure is reopened."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class CollectionRoundForm(GovukFormMixin, forms.Form):
    submit_label = "Open for entry"
    quarter = QuarterFormField(
        label="Quarter", help_text='For example, "2024-25 Q3" (October to December 2024).'
    )
    due_on = forms.DateField(
        label="Figures due by",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
        help_text="For example, 20/01/2025.",
        input_formats=["%d/%m/%Y", "%Y-%m-%d", "%d %m %Y"],
        error_messages={"invalid": "Enter the due date as day/month/year, like 20/01/2025."},
    )
    reminder_days = forms.IntegerField(
        label="Remind officers this many days before the due date",
        min_value=0,
        max_value=60,
        initial=5,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )


def figure_context(kpi: Kpi, previous: Measurement | None, target_text: str) -> str:
    """The hint above a KPI's row: last quarter's approved figure and this year's target."""
    last = format_value(previous.value, kpi.unit) if previous else "no approved figure"
    return format_html('<p class="govuk-hint">Last quarter: {}. Target: {}.</p>', last, target_text)


class KpiForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Save changes"

    class Meta:
        model = Kpi
        fields = (
            "title",
            "plain_title",
            "definition",
            "definition_reference",
            "source",
            "definition_year",
            "polarity",
            "frequency",
            "owner",
            "subgroup",
            "outcome",
            "suppress_small_counts",
            "is_active",
            "dfe_measure",
            "ssda903_measure",
        )
        labels = {
            "definition_year": "Definition followed since (first year of the financial year)",
            "owner": "Officer who enters the figures",
            "subgroup": "Sub-group that reports it",
            "outcome": "Strategic outcome it measures",
            "suppress_small_counts": "Show counts of 1 to 4 as 'fewer than 5' in public reports",
            "is_active": "Still tracked",
        }
        widgets = {
            "definition_year": forms.TextInput(attrs={"inputmode": "numeric"}),
            "definition": forms.Textarea(attrs={"rows": 4}),
            "source": forms.RadioSelect,
            "polarity": forms.RadioSelect,
            "frequency": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people_who_can(Capability.ENTER_FIGURES, get_user_model())
        self.fields["dfe_measure"].widget = forms.Select(
            choices=[("", "None: a local KPI, compared by hand"), *dfe_catalogue.choices()]
        )
        self.fields["dfe_measure"].label = "DfE measure it is compared with (How we compare)"
        self.fields["ssda903_measure"].label = "SSDA903 measure its figures are computed from"
        self.fields["ssda903_measure"].choices = [
            ("", "None: its figures are entered by hand"),
            *SSDA903_MEASURES,
        ]
        self.fields["owner"].label_from_instance = lambda user: (
            user.get_full_name() or user.username
        )
        if self.instance.pk and self.instance.measurements.exists():
            self.fields["polarity"].disabled = True
            self.fields[
                "polarity"
            ].help_text = "Fixed once figures exist: changing it would change every past judgement."

    def clean_ssda903_measure(self) -> str:
        code = self.cleaned_data["ssda903_measure"]
        if code and self.instance.unit and MEASURES_BY_CODE[code].unit != self.instance.unit:
            measure = MEASURES_BY_CODE[code]
            raise forms.ValidationError(
                f"{code} is a {Unit(measure.unit).label.lower()}, but this KPI is a "
                f"{self.instance.get_unit_display().lower()}: choose a measure of the same unit."
            )
        return code


class TargetForm(GovukFormMixin, forms.Form):
    submit_label = "Set target"
    year = forms.CharField(
        label="Applies from financial year",
        help_text='For example, "2025-26". It applies until a later year has its own target.',
    )
    target = forms.DecimalField(
        required=False,
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
    )
    amber_threshold = forms.DecimalField(
        required=False,
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        label="Amber threshold",
        help_text="The worst figure still counted amber. Leave blank for no amber band.",
    )

    def clean_year(self) -> int:
        try:
            return FinancialYear.parse(self.cleaned_data["year"]).start_year
        except QuarterFormatError as error:
            raise forms.ValidationError(str(error)) from error


MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class ImportForm(GovukFormMixin, forms.Form):
    """A spreadsheet of figures or KPIs to import: CSV or XLSX, up to 5 MB."""

    submit_label = "Check and import"
    file = forms.FileField(
        label="Spreadsheet",
        help_text="A CSV (UTF-8) or Excel (.xlsx) file, up to 5 MB.",
        error_messages={"required": "Choose a CSV or Excel file to import."},
    )

    def __init__(self, *args, can_approve: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if can_approve:
            self.fields["approve"] = forms.BooleanField(
                required=False,
                label="Approve the figures as they are imported (historic figures only)",
                help_text="They are recorded as approved by you. Leave unticked and they arrive "
                "submitted, waiting for sign-off.",
            )
            self.helper.layout.fields.append("approve")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The file must be a CSV or an Excel (.xlsx) file.")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file must be smaller than 5 MB.")
        return upload


class ComparatorForm(GovukFormMixin, forms.Form):
    submit_label = "Save comparator"
    kind = forms.ChoiceField(
        label="Compared with", choices=Comparator.Kind.choices, widget=forms.RadioSelect
    )
    year = forms.CharField(
        label="Used from financial year",
        help_text='For example, "2025-26". It is used until a later year has its own figure.',
    )
    value = forms.DecimalField(
        max_digits=12,
        decimal_places=2,
        label="Published figure",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={"required": "Enter the published figure."},
    )
    published_for = forms.CharField(
        max_length=20,
        label="Period the published figure covers",
        help_text='For example, "2024-25" or "31 March 2025".',
    )

    clean_year = TargetForm.clean_year
