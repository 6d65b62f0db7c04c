"""Forms of the visits programme, the inspections log and members' development."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from cpboard.forms import GovukFormMixin, SeenChangeMixin
from cpboard.roles import Capability, people_who_can
from subgroups.forms import PersonChoiceField, _people, date_field
from subgroups.models import (
    BoardGroup,
    Inspection,
    Judgement,
    Membership,
    TrainingCourse,
    TrainingSession,
    Visit,
    validate_report_address,
)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class MembershipChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.person_name}, {obj.role_label}"


class VisitForm(SeenChangeMixin, GovukFormMixin, forms.ModelForm):
    submit_label = "Save visit"
    visit_on = date_field("Date of the visit")
    visitors = PeopleChoiceField(
        queryset=None,
        label="Who goes",
        widget=forms.CheckboxSelectMultiple,
        help_text="Members of the Board with a portal account, who write the report afterwards.",
        error_messages={"required": "Choose at least one member who goes."},
    )

    class Meta:
        model = Visit
        fields = ("group", "service", "service_name", "place", "visit_on", "visitors", "status")
        labels = {"group": "Visit made for"}
        widgets = {"status": forms.RadioSelect}

    def __init__(self, *args, user, may_plan_for_others: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.may_plan_for_others = may_plan_for_others
        self.fields["group"].queryset = BoardGroup.objects.for_listing()
        self.fields["group"].empty_label = None
        people = people_who_can(Capability.VISIT_SERVICES, get_user_model())
        current = Membership.objects.current().filter(user__isnull=False).values("user")
        chosen = [p.pk for p in self.instance.visitors.all()] if self.instance.pk else []
        self.fields["visitors"].queryset = people.filter(Q(pk__in=current) | Q(pk__in=chosen))
        self.fields["service"].choices = [
            ("", "Choose the kind of service"),
            *Visit.Service.choices,
        ]
        if not self.instance.pk:
            del self.fields["status"]
            self.helper.layout.fields.remove("status")
            if not self.is_bound and not may_plan_for_others:
                self.initial["visitors"] = [user.pk]

    def clean_visitors(self):
        visitors = self.cleaned_data["visitors"]
        if not self.may_plan_for_others and user_not_in(self.user, visitors):
            raise forms.ValidationError(
                "You can plan the visits you go on: tick your own name as well."
            )
        return visitors


def user_not_in(user, people) -> bool:
    return all(person.pk != user.pk for person in people)


class VisitReportForm(SeenChangeMixin, GovukFormMixin, forms.ModelForm):
    submit_label = "Save report"
    share = forms.BooleanField(
        label="Share the report with the group now",
        required=False,
        help_text="Until it is shared, only the visitors and the board secretary can read it.",
    )

    class Meta:
        model = Visit
        fields = ("went_well", "worries", "voices", "share")
        widgets = {
            "went_well": forms.Textarea(attrs={"rows": 4}),
            "worries": forms.Textarea(attrs={"rows": 4}),
            "voices": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "voices": "In their own words where you can, without naming any child or young "
            "person or saying anything that could identify them.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["went_well"].required = True
        self.fields["went_well"].error_messages["required"] = "Write what went well."
        if self.instance.report_is_shared:
            del self.fields["share"]
            self.helper.layout.fields.remove("share")


class FollowUpActionForm(GovukFormMixin, forms.Form):
    """An action from a visit, or an inspection's recommendation, for the action log."""

    submit_label = "Add to the action log"
    description = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what needs to be done."},
    )
    owner = PersonChoiceField(queryset=None, required=False, label="Owner")
    owner_name = forms.CharField(label="Owner without an account", required=False, max_length=120)
    due_on = date_field("Due")

    def __init__(self, *args, description_label: str = "Action", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people()
        self.fields["description"].label = description_label

    def clean_due_on(self):
        due = self.cleaned_data["due_on"]
        if due < timezone.localdate():
            raise forms.ValidationError("The action cannot be due before today.")
        return due

    def clean(self):
        data = super().clean()
        if not data.get("owner") and not (data.get("owner_name") or "").strip():
            self.add_error("owner", "Choose who owns the action, or name them below.")
        return data


class InspectionForm(SeenChangeMixin, GovukFormMixin, forms.ModelForm):
    submit_label = "Save inspection"
    report_url = forms.URLField(
        label="Address of the report",
        max_length=300,
        assume_scheme="https",
        widget=forms.TextInput(attrs={"spellcheck": "false", "inputmode": "url"}),
        validators=[validate_report_address],
        help_text="The published report on Ofsted's website, starting "
        "https://reports.ofsted.gov.uk/ (or on GOV.UK).",
        error_messages={
            "required": "Give the address of the published report.",
            "invalid": "Enter a web address, like https://reports.ofsted.gov.uk/provider/...",
        },
    )
    inspected_on = date_field("Inspection ended on")
    published_on = date_field(
        "Report published on", required=False, help_text="Leave empty until it is published."
    )

    class Meta:
        model = Inspection
        fields = (
            "kind",
            "provision",
            "service_name",
            "inspected_on",
            "published_on",
            "judgement",
            "children_in_care_judgement",
            "care_leavers_judgement",
            "report_url",
            "summary",
        )
        widgets = {
            "provision": forms.RadioSelect,
            "judgement": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judgement"].choices = Judgement.choices
        self.fields["kind"].choices = [
            ("", "Choose the kind of inspection"),
            *Inspection.Kind.choices,
        ]
        for name in ("children_in_care_judgement", "care_leavers_judgement"):
            self.fields[name].choices = [("", "Not judged (not an ILACS inspection)")] + [
                choice for choice in self.fields[name].choices if choice[0]
            ]

    def clean(self):
        data = super().clean()
        inspected, published = data.get("inspected_on"), data.get("published_on")
        if inspected and inspected > timezone.localdate():
            self.add_error("inspected_on", "Log an inspection once it has ended.")
        if inspected and published and published < inspected:
            self.add_error(
                "published_on", "The report cannot be published before the inspection ended."
            )
        if data.get("kind") != Inspection.Kind.ILACS:
            for name in ("children_in_care_judgement", "care_leavers_judgement"):
                if data.get(name):
                    self.add_error(
                        name, "Only an ILACS inspection has this judgement; leave it empty."
                    )
        return data


class TrainingCourseForm(SeenChangeMixin, GovukFormMixin, forms.ModelForm):
    submit_label = "Save course"
    required_for = forms.MultipleChoiceField(
        label="Required for",
        choices=[
            choice for choice in Membership.Role.choices if choice[0] != Membership.Role.SECRETARY
        ],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The seats on the Board whose holders must take it.",
    )

    class Meta:
        model = TrainingCourse
        fields = ("name", "description", "required_for", "renew_after_months")
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class TrainingSessionForm(SeenChangeMixin, GovukFormMixin, forms.ModelForm):
    submit_label = "Save session"
    held_on = date_field("Date")
    attendees = MembershipChoiceField(
        queryset=None,
        required=False,
        label="Who attended",
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = TrainingSession
        fields = ("course", "held_on", "place", "led_by", "attendees")
        labels = {"course": "Course"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].empty_label = None
        board = BoardGroup.objects.board()
        chosen = [m.pk for m in self.instance.attendees.all()] if self.instance.pk else []
        current = Membership.objects.current().filter(group=board).values("pk")
        self.fields["attendees"].queryset = (
            Membership.objects.filter(Q(pk__in=current) | Q(pk__in=chosen))
            .select_related("user")
            .order_by("role", "name", "user__first_name")
        )

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate() + datetime.timedelta(days=366):
            raise forms.ValidationError("Give a date within the next year.")
        return held_on
