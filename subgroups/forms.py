"""Forms of the Board's pages: members, meetings, agendas, papers, attendance, minutes, the
action log, challenges, highlight reports and "You said, we did"."""

import datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from cpboard.forms import GovukFormMixin, SeenChangeMixin
from cpboard.history import latest_change
from cpboard.quarters import QuarterFormField
from cpboard.roles import Capability, people_who_can
from subgroups.models import (
    AgendaItem,
    Attendance,
    BoardGroup,
    Challenge,
    Declaration,
    HighlightReport,
    Meeting,
    MeetingAction,
    Membership,
    PlannedItem,
    PlannedMeeting,
    YouSaidWeDid,
)
from subgroups.papers import validate_paper

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d %m %Y"]


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
        input_formats=DATE_FORMATS,
        help_text=help_text or "For example, 20/01/2027.",
        error_messages={
            "invalid": "Enter the date as day/month/year, like 20/01/2027.",
            "required": f"Enter the date ({label.lower()}).",
        },
    )


def _people():
    return get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class BoardGroupForm(SeenChangeMixin, GovukFormMixin, forms.ModelForm):
    submit_label = "Save changes"

    class Meta:
        model = BoardGroup
        fields = ("remit", "meeting_frequency")
        labels = {"remit": "Remit", "meeting_frequency": "How often the group meets"}
        widgets = {"meeting_frequency": forms.RadioSelect}


class MembershipForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Save member"
    user = PersonChoiceField(
        queryset=_people(),
        required=False,
        label="Portal user",
        help_text="Leave empty for a partner or carer without an account, and give a name.",
    )
    starts_on = date_field("From")
    ends_on = date_field(
        "Until", required=False, help_text="Leave empty while the person is a member."
    )

    class Meta:
        model = Membership
        fields = ("user", "name", "organisation", "role", "theme", "starts_on", "ends_on")
        labels = {"name": "Name (if no portal user)", "role": "Role"}

    def clean(self):
        data = super().clean()
        if not data.get("user") and not (data.get("name") or "").strip():
            self.add_error("name", "Choose a portal user or give the person's name.")
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be on or after the start date.")
        return data


class MeetingForm(SeenChangeMixin, GovukFormMixin, forms.ModelForm):
    submit_label = "Save meeting"
    day = date_field("Date")
    time = forms.TimeField(
        label="Start time",
        input_formats=["%H:%M", "%H.%M"],
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
        help_text="24-hour clock, for example 18:00.",
        error_messages={"invalid": "Enter the time like 18:00.", "required": "Enter the time."},
    )

    class Meta:
        model = Meeting
        fields = ("day", "time", "place", "status")
        widgets = {"status": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            local = timezone.localtime(self.instance.starts_at)
            self.initial["day"] = local.date().strftime("%d/%m/%Y")
            self.initial["time"] = local.strftime("%H:%M")

    def starts_at(self) -> datetime.datetime:
        naive = datetime.datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"])
        return timezone.make_aware(naive)


class MeetingCreateForm(MeetingForm):
    group = forms.ModelChoiceField(
        queryset=BoardGroup.objects.for_listing(), label="Group", empty_label=None
    )
    plan = forms.ModelChoiceField(
        queryset=PlannedMeeting.objects.filter(meeting__isnull=True),
        required=False,
        widget=forms.HiddenInput,
    )
    submit_label = "Arrange meeting"

    def clean(self):
        data = super().clean()
        plan, group = data.get("plan"), data.get("group")
        if plan and group and plan.group_id != group.pk:
            self.add_error("group", f"The work plan's meeting is one of {plan.group}.")
        return data

    class Meta(MeetingForm.Meta):
        fields = ("group", "day", "time", "place")


class FeedbackForm(SeenChangeMixin, GovukFormMixin, forms.ModelForm):
    submit_label = "Save feedback"
    feedback_given_on = date_field("Feedback given on", required=False)

    class Meta:
        model = Meeting
        fields = ("feedback", "feedback_given_on")
        widgets = {"feedback": forms.Textarea(attrs={"rows": 6})}


class AgendaItemForm(SeenChangeMixin, GovukFormMixin, forms.ModelForm):
    submit_label = "Save item"
    upload = forms.FileField(
        label="Paper",
        required=False,
        help_text="PDF, Word (DOCX), Excel (XLSX) or OpenDocument text (ODT).",
    )

    class Meta:
        model = AgendaItem
        fields = ("title", "presenter", "is_restricted", "public_title", "upload")
        labels = {"is_restricted": "Restricted item"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["upload"].help_text += f" Up to {settings.BOARD_PAPER_MAX_MB:g} MB."
        if self.instance.paper:
            self.fields["upload"].help_text += (
                f" The current paper is {self.instance.paper_name}; a new file replaces it "
                "for this item only."
            )

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            validate_paper(upload)
        return upload


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(
        choices=Attendance.Status.choices, widget=forms.RadioSelect, label="Attendance"
    )

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.fields["status"].label = f"{membership.person_name}, {membership.role_label}"
        # One line per member: the three answers side by side.
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.radios("status", inline=True, small=True))


class BaseAttendanceFormSet(forms.BaseFormSet):
    def __init__(self, *args, members: list[Membership], **kwargs):
        self.members = members
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        # Every member's row must be answered, whatever the management form says is "extra".
        return {"membership": self.members[index], "empty_permitted": False}

    def total_form_count(self):
        return len(self.members)

    def statuses(self) -> dict[int, str]:
        return {form.membership.pk: form.cleaned_data["status"] for form in self.forms}


AttendanceFormSet = forms.formset_factory(AttendanceForm, formset=BaseAttendanceFormSet, extra=0)


class MinutesForm(forms.Form):
    """The minutes and decisions of one agenda item. The hidden fields name the item the form
    was opened for and its latest change, so that a save lands on that item even if the
    agenda changed meanwhile, and never over someone else's newer minutes."""

    item_id = forms.IntegerField(widget=forms.HiddenInput)
    seen_change = forms.IntegerField(required=False, widget=forms.HiddenInput)
    minutes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    decisions = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, item: AgendaItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["minutes"].label = f"Minutes of item {item.position}: {item.title}"
        self.fields["decisions"].label = f"Decisions of item {item.position}"
        if not self.is_bound:
            self.initial.update(item_id=item.pk, seen_change=latest_change(item))

    def clean(self):
        data = super().clean()
        if data.get("item_id") != self.item.pk:
            raise forms.ValidationError(
                f"Item {self.item.position} was taken off the agenda after you opened this "
                "page, so nothing was saved. Copy what you wrote for it, then open the "
                "minutes again."
            )
        return data


class BaseMinutesFormSet(forms.BaseFormSet):
    def __init__(self, *args, items: list[AgendaItem], **kwargs):
        self.items = items
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"item": self.items[index], "empty_permitted": False}

    def total_form_count(self):
        return len(self.items)


def items_as_opened(data, items: list[AgendaItem]) -> list[AgendaItem]:
    """The agenda items a posted minutes form was opened for, in the form's order, from the
    hidden item ids, so that each form saves onto its own item even if items were added or
    moved since. An item no longer on the agenda (or not visible to the person) keeps its
    place with the item now there, and that form's check refuses it."""
    by_pk = {item.pk: item for item in items}
    try:
        count = int(data.get("form-TOTAL_FORMS", 0))
    except (TypeError, ValueError):
        return items
    opened = []
    for n in range(min(count, 1000)):
        try:
            opened.append(by_pk[int(data.get(f"form-{n}-item_id", ""))])
        except (KeyError, ValueError):
            opened.append(items[n] if n < len(items) else None)
    if None in opened or len({item.pk for item in opened}) != len(opened):
        return items
    return opened


MinutesFormSet = forms.formset_factory(MinutesForm, formset=BaseMinutesFormSet, extra=0)


class ActionForm(SeenChangeMixin, GovukFormMixin, forms.ModelForm):
    submit_label = "Save action"
    owner = PersonChoiceField(queryset=_people(), required=False, label="Owner")
    due_on = date_field("Due")

    class Meta:
        model = MeetingAction
        fields = ("description", "agenda_item", "owner", "owner_name", "due_on")
        labels = {
            "agenda_item": "Agenda item",
            "owner_name": "Owner without an account",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, items: list[AgendaItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(
            pk__in=[item.pk for item in items]
        )
        self.fields["agenda_item"].required = False

    def clean(self):
        data = super().clean()
        if not data.get("owner") and not (data.get("owner_name") or "").strip():
            self.add_error("owner", "Choose who owns the action, or name them below.")
        return data


class ActionUpdateForm(SeenChangeMixin, GovukFormMixin, forms.ModelForm):
    submit_label = "Save update"
    due_on = date_field("Due")
    closed_at = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        required=False,
        label="Closed at meeting",
        help_text="When closing: the meeting that agreed it is done.",
    )

    class Meta:
        model = MeetingAction
        fields = ("status", "progress", "due_on", "closed_at")
        widgets = {"status": forms.RadioSelect, "progress": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_at"].queryset = Meeting.objects.filter(
            group=self.instance.group_id
        ).select_related("group")


class ChallengeForm(GovukFormMixin, forms.Form):
    submit_label = "Raise challenge"
    question = forms.CharField(
        label="Your question or challenge",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write the question or challenge."},
    )
    owner = PersonChoiceField(
        queryset=_people(),
        label="Who should answer",
        error_messages={"required": "Choose who should answer."},
    )
    due_on = date_field("Answer due by")

    def __init__(
        self, *args, subjects: list[tuple[str, list[tuple[str, str]]]] | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people_who_can(
            Capability.UPDATE_OWN_ITEMS, get_user_model()
        )
        if subjects is not None:
            # Raised from the challenge log rather than from an item's page: choose the item.
            self.fields["subject"] = forms.ChoiceField(
                label="What is the challenge about?",
                choices=[("", "Choose a KPI, action, risk or highlight report"), *subjects],
                error_messages={"required": "Choose what the challenge is about."},
            )
            self.order_fields(["subject", "question", "owner", "due_on"])
            self.helper.layout = Layout(*self.fields)

    def clean_due_on(self):
        due = self.cleaned_data["due_on"]
        if due < timezone.localdate():
            raise forms.ValidationError("The answer cannot be due before today.")
        return due


class ChallengeAnswerForm(SeenChangeMixin, GovukFormMixin, forms.ModelForm):
    submit_label = "Record answer"

    class Meta:
        model = Challenge
        fields = ("answer",)
        widgets = {"answer": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].required = True
        self.fields["answer"].error_messages["required"] = "Write the answer."


class HighlightReportForm(SeenChangeMixin, GovukFormMixin, forms.ModelForm):
    submit_label = "Save report"
    quarter = QuarterFormField(label="Quarter", help_text='For example, "2026-27 Q2".')
    # Outcomes and KPIs belong to higher layers that own the links (`report.outcomes` and
    # `report.kpis` are their reverse sides), so the form edits them through its own fields
    # and the service sets them; the querysets are set in __init__.
    outcomes = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label="Outcomes this report is about",
        widget=forms.CheckboxSelectMultiple,
    )
    kpis = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label="KPIs this report is about",
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = HighlightReport
        fields = ("quarter", "went_well", "concerns", "asks", "outcomes", "kpis", "status")
        widgets = {"status": forms.RadioSelect}

    def __init__(self, *args, group: BoardGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        # Outcomes led by the sub-group and KPIs it reports, read by their reverse names.
        for name, of_group, order in (
            ("outcomes", "lead_group", "number"),
            ("kpis", "subgroup", "code"),
        ):
            linked = HighlightReport._meta.get_field(name).related_model.objects
            self.fields[name].queryset = linked.filter(**{of_group: group}).order_by(order)
            if self.instance.pk and name not in self.initial:
                self.initial[name] = list(getattr(self.instance, name).all())

    def clean_quarter(self):
        quarter = self.cleaned_data["quarter"]
        clash = HighlightReport.objects.filter(group=self.group, quarter=quarter)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                f"{self.group.name} already has a report for {quarter}; change that one."
            )
        return quarter


class YouSaidWeDidForm(SeenChangeMixin, GovukFormMixin, forms.ModelForm):
    submit_label = "Save"
    raised_on = date_field("Date raised")
    told_on = date_field(
        "Young people told on", required=False, help_text="Leave empty until they are told."
    )

    class Meta:
        model = YouSaidWeDid
        fields = ("source", "raised_on", "you_said", "we_did", "status", "told_on", "meeting")
        widgets = {
            "you_said": forms.Textarea(attrs={"rows": 3}),
            "we_did": forms.Textarea(attrs={"rows": 3}),
            "status": forms.RadioSelect,
        }
        labels = {"meeting": "Board meeting it came from (if any)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(
            group__kind=BoardGroup.Kind.BOARD
        ).select_related("group")


class SearchForm(forms.Form):
    q = forms.CharField(label="Search meetings, agendas, minutes and decisions", required=False)


# --- Forward work plan --------------------------------------------------------------------


class PlannedMeetingForm(SeenChangeMixin, GovukFormMixin, forms.ModelForm):
    submit_label = "Save planned meeting"
    planned_for = date_field("Planned for")

    class Meta:
        model = PlannedMeeting
        fields = ("planned_for", "theme")

    def __init__(self, *args, group: BoardGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group

    def clean_planned_for(self):
        day = self.cleaned_data["planned_for"]
        taken = PlannedMeeting.objects.filter(group=self.group, planned_for=day)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(f"{self.group} already has a meeting planned that day.")
        return day


class PlannedItemForm(SeenChangeMixin, GovukFormMixin, forms.ModelForm):
    submit_label = "Save planned item"
    officer = PersonChoiceField(
        queryset=_people(),
        required=False,
        label="Officer",
        help_text="For a report: the officer who owes it. They see it on their Papers you owe "
        "page.",
    )
    paper_due_on = date_field(
        "Paper due", required=False, help_text="For example, 20/01/2027. Leave empty if none."
    )

    class Meta:
        model = PlannedItem
        fields = ("kind", "title", "officer", "paper_due_on", "kpi_code", "is_restricted")
        labels = {"kind": "Kind of item", "is_restricted": "Restricted item"}
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = PlannedItem.Kind.choices

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == PlannedItem.Kind.REPORT and not data.get("officer"):
            self.add_error("officer", "Choose the officer who owes the report.")
        if kind == PlannedItem.Kind.DEEP_DIVE and not (data.get("kpi_code") or "").strip():
            self.add_error("kpi_code", "Give the code of the KPI for the deep dive.")
        return data


class PlannedMeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        arranged = " (arranged)" if obj.meeting_id else ""
        return f"{obj.planned_for:%-d %B %Y}: {obj.theme}{arranged}"


class PlannedItemMoveForm(GovukFormMixin, forms.Form):
    submit_label = "Move item"
    to = PlannedMeetingChoiceField(
        queryset=PlannedMeeting.objects.none(),
        label="Move to the meeting on",
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the meeting to move the item to."},
    )

    def __init__(self, *args, item: PlannedItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = (
            PlannedMeeting.objects.coming()
            .filter(group=item.planned_meeting.group_id)
            .exclude(pk=item.planned_meeting_id)
            .order_by("planned_for")
        )


# --- Declarations of interest -------------------------------------------------------------


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.person_name}, {obj.role_label}"


class DeclarationForm(GovukFormMixin, forms.ModelForm):
    submit_label = "Record declaration"
    membership = MembershipChoiceField(
        queryset=Membership.objects.none(), label="Who", empty_label="Choose a member"
    )

    class Meta:
        model = Declaration
        fields = ("agenda_item", "membership", "kind", "interest", "left_the_room")
        labels = {"agenda_item": "Agenda item"}
        widgets = {"kind": forms.RadioSelect, "interest": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, items: list[AgendaItem], members: list[Membership], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Declaration.Kind.choices
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(
            pk__in=[item.pk for item in items]
        ).order_by("position", "pk")
        self.fields["agenda_item"].empty_label = "Choose an item"
        self.fields["membership"].queryset = Membership.objects.filter(
            pk__in=[member.pk for member in members]
        ).select_related("user")
