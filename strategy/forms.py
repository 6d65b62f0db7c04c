from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.contrib.auth import get_user_model

from cpboard.forms import GovukFormMixin, SeenChangeMixin
from cpboard.history import latest_change
from cpboard.quarters import FinancialQuarter, QuarterFormField
from cpboard.roles import Capability, people_who_can
from strategy.models import Action, Outcome, Risk, Status
from strategy.ratings import Rating, RatingError, current_scale


class OutcomeForm(SeenChangeMixin, GovukFormMixin, forms.ModelForm):
    submit_label = "Save changes"

    class Meta:
        model = Outcome
        fields = (
            "title",
            "description",
            "lead_group",
            "lead_officer",
            "member_champion",
            "principles",
        )
        labels = {
            "lead_group": "Lead group",
            "lead_officer": "Lead officer",
            "member_champion": "Member champion",
            "principles": "Principles this outcome serves",
        }
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_officer"].queryset = people_who_can(
            Capability.UPDATE_OWN_ITEMS, get_user_model()
        )
        self.fields["lead_officer"].label_from_instance = lambda u: u.get_full_name() or u.username


class RatingFormField(forms.CharField):
    """A risk rating typed as the papers write it ("BII"), read into a Rating."""

    def __init__(self, **kwargs):
        # The length is checked by parsing; a length validator would be handed a Rating.
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"class": "govuk-input govuk-input--width-5", "spellcheck": "false"}
        )

    def to_python(self, value):
        if isinstance(value, Rating):
            return value
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            return Rating.parse(text)
        except RatingError as error:
            raise forms.ValidationError(str(error), code="invalid_rating") from error

    def prepare_value(self, value):
        return value.code if isinstance(value, Rating) else super().prepare_value(value)


def _quarter_help() -> str:
    return f'As in "{FinancialQuarter.current()}".'


class SeenFormMixin:
    """SeenChangeMixin for forms that change a record without being its ModelForm: the
    record's latest change when the form was opened rides in a hidden field."""

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_change"] = forms.IntegerField(required=False, widget=forms.HiddenInput)
        if record is not None and not self.is_bound:
            self.initial["seen_change"] = latest_change(record)
        self.helper.layout.fields.append("seen_change")


class ActionUpdateForm(SeenFormMixin, GovukFormMixin, forms.Form):
    submit_label = "Save update"

    quarter = QuarterFormField(label="Quarter", help_text='As in "2025-26 Q2".')
    status = forms.ChoiceField(
        label="Where does it stand?", choices=Status.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Update",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What was done this quarter, and what happens next. If it is off track or "
        "overdue, say why and what will bring it back.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].help_text = _quarter_help()
        if not self.is_bound:
            self.initial.setdefault("quarter", FinancialQuarter.current())
        self.fields["quarter"].error_messages["required"] = "Enter the quarter this update is for."
        self.fields["status"].error_messages["required"] = "Choose where the action stands."
        self.fields["note"].error_messages["required"] = "Write the update."


class OutcomeProgressForm(GovukFormMixin, forms.Form):
    submit_label = "Save progress statement"

    quarter = QuarterFormField(label="Quarter")
    statement = forms.CharField(
        label="Progress statement",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What has changed for children and young people this quarter, in plain English.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].help_text = _quarter_help()
        if not self.is_bound:
            self.initial.setdefault("quarter", FinancialQuarter.current())
        self.fields["quarter"].error_messages["required"] = "Enter the quarter."
        self.fields["statement"].error_messages["required"] = "Write the progress statement."


class RiskReviewForm(SeenFormMixin, GovukFormMixin, forms.Form):
    submit_label = "Save review"

    quarter = QuarterFormField(label="Quarter")
    rating = RatingFormField(label="Rating now")
    note = forms.CharField(
        label="What the review found",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What has changed, how the mitigating actions are working, and why the "
        "rating is what it is.",
    )
    next_review_on = forms.DateField(
        label="Next review due",
        required=False,
        help_text="For example 30 6 2026, written 2026-06-30. Leave blank for three months "
        "from today.",
        widget=forms.DateInput(
            format="%Y-%m-%d", attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scale = current_scale()
        self.fields["rating"].help_text = scale.help_text
        self.fields["quarter"].help_text = _quarter_help()
        if not self.is_bound:
            self.initial.setdefault("quarter", FinancialQuarter.current())
        self.fields["quarter"].error_messages["required"] = "Enter the quarter of this review."
        self.fields["rating"].error_messages["required"] = (
            f'Enter the rating, such as "{scale.example}".'
        )
        self.fields["note"].error_messages["required"] = "Write what the review found."


class RiskForm(SeenChangeMixin, GovukFormMixin, forms.ModelForm):
    """The secretary's form for a risk's description, owner, links and target rating."""

    submit_label = "Save changes"
    target_rating = RatingFormField(label="Target rating")
    # The KPIs' app owns the link (`risk.kpis` is its reverse side), so the form edits it
    # through its own field and the service sets it; the queryset is set in __init__.
    kpis = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label="KPIs that would show the risk materialising",
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Risk
        fields = (
            "title",
            "description",
            "cause",
            "consequence",
            "owner",
            "outcome",
            "mitigation",
            "actions",
            "kpis",
            "review_on",
        )
        labels = {
            "outcome": "Linked outcome",
            "mitigation": "Action to avoid or mitigate the risk, as the papers put it",
            "actions": "Mitigating actions of the plan",
            "review_on": "Next review due",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "cause": forms.Textarea(attrs={"rows": 3}),
            "consequence": forms.Textarea(attrs={"rows": 3}),
            "mitigation": forms.Textarea(attrs={"rows": 3}),
            "actions": forms.CheckboxSelectMultiple,
            "review_on": forms.DateInput(
                format="%Y-%m-%d",
                attrs={"type": "date", "class": "govuk-input govuk-input--width-10"},
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scale = current_scale()
        self.fields["target_rating"].help_text = (
            "The rating the mitigating actions aim for. " + scale.help_text
        )
        if self.instance.pk and not self.is_bound:
            self.initial["target_rating"] = self.instance.target
        self.fields["owner"].queryset = people_who_can(
            Capability.UPDATE_OWN_ITEMS, get_user_model()
        )
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["outcome"].queryset = Outcome.objects.filter(
            strategy__status="approved"
        ).order_by("number")
        self.fields["actions"].queryset = Action.objects.plan().order_by("reference")
        kpis = Risk._meta.get_field("kpis").related_model.objects
        self.fields["kpis"].queryset = kpis.filter(is_active=True)
        if self.instance.pk and "kpis" not in self.initial:
            self.initial["kpis"] = list(self.instance.kpis.all())
        # Keep the target rating next to the review date, where the papers put ratings.
        self.helper.layout = Layout(
            *[
                Field.checkboxes(name, small=True) if name in ("actions", "kpis") else name
                for name in self.fields
                if name != "seen_change"
            ]
        )
        self.helper.layout.fields.append("seen_change")


class RiskImportForm(GovukFormMixin, forms.Form):
    submit_label = "Import reviews"

    file = forms.FileField(
        label="Spreadsheet of reviews",
        help_text="A .csv or .xlsx file with the columns risk, quarter, reviewed_on, rating "
        "and note, one review a row.",
        error_messages={"required": "Choose a file to import."},
    )


class ActionForm(SeenChangeMixin, GovukFormMixin, forms.ModelForm):
    """The secretary's form for an action's or a commitment's wording, owner and due date."""

    submit_label = "Save"

    class Meta:
        model = Action
        fields = (
            "kind",
            "outcome",
            "reference",
            "title",
            "description",
            "owner",
            "due_on",
            "principles",
        )
        labels = {
            "kind": "What it is",
            "outcome": "Outcome it delivers",
            "due_on": "Due date",
            "principles": "Principles it serves",
        }
        help_texts = {
            "outcome": "Needed for an action of the plan; leave blank for the pledge and the "
            "care leaver offer.",
            "title": "For the pledge and the offer, write it as a promise to young people, "
            'such as "We will ...".',
            "due_on": "For example 2026-03-31.",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "title": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "due_on": forms.DateInput(
                format="%Y-%m-%d",
                attrs={"type": "date", "class": "govuk-input govuk-input--width-10"},
            ),
            "principles": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people_who_can(
            Capability.UPDATE_OWN_ITEMS, get_user_model()
        )
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["outcome"].queryset = Outcome.objects.filter(
            strategy__status="approved"
        ).order_by("number")
        self.fields["kind"].choices = Action.Kind.choices
        if self.instance.pk:
            # What an action is does not change once it has updates of its own.
            del self.fields["kind"]
            self.helper.layout = Layout(*[n for n in self.fields if n != "seen_change"])
            self.helper.layout.fields.append("seen_change")


class NewRiskForm(RiskForm):
    """A new risk: its reference and first rating besides what RiskForm asks."""

    submit_label = "Add risk"
    rating = RatingFormField(label="Rating now")

    class Meta(RiskForm.Meta):
        fields = ("reference", *RiskForm.Meta.fields)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].help_text = current_scale().help_text
