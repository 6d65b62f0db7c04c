"""Forms of the voice app: a message to the Board, and the participation lead's answers."""

from crispy_forms_gds.layout import Submit
from django import forms
from django.contrib.auth import get_user_model

from cpboard.forms import GovukFormMixin
from subgroups.forms import DATE_FORMATS, PersonChoiceField
from voice.models import MESSAGE_MAX_LENGTH, Message


class MessageForm(GovukFormMixin, forms.Form):
    submit_label = "Send to the Board"

    topic = forms.ChoiceField(
        label="What is it about?",
        choices=Message.Topic.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what your message is about."},
    )
    text = forms.CharField(
        label="What do you want the Board to know?",
        help_text="A few lines is enough. Please do not write other people's names.",
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Write what you want the Board to know.",
            "max_length": f"Your message is too long. Use {MESSAGE_MAX_LENGTH} letters or fewer.",
        },
    )
    anonymous = forms.BooleanField(
        label="Do not tell the Board my name",
        required=False,
        help_text="The Board will not see who sent it. If you tell us you are not safe, we "
        "will still tell the person who keeps children safe, so they can help you.",
    )

    def __init__(self, *args, for_group: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if for_group:
            # A participation worker writes down what a group session said: the group is the
            # sender, so there is no one to keep anonymous.
            del self.fields["anonymous"]
            self.fields["text"].label = "What did the group want the Board to know?"
            self.fields["text"].help_text = "Write it as the group said it. No names, please."
            self.helper.layout.fields.remove("anonymous")

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Write what you want the Board to know.")
        return text


class PassToBoardForm(GovukFormMixin, forms.Form):
    submit_label = "Publish as \u201cYou said\u201d"
    action = forms.CharField(widget=forms.HiddenInput, initial="pass")
    you_said = forms.CharField(
        label="\u201cYou said\u201d, as everyone will read it",
        help_text="Everyone who uses the portal, young people too, will read this. Take out "
        "anything that could show who sent it.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write what the young person said, as it will be published."},
    )
    owner = PersonChoiceField(
        label="Who on the Board answers it",
        queryset=get_user_model().objects.none(),
        error_messages={"required": "Choose who answers it."},
    )
    reply_by = forms.DateField(
        label="Answer by",
        input_formats=DATE_FORMATS,
        help_text="For example, 20/01/2027.",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
        error_messages={
            "invalid": "Enter the date as day/month/year, like 20/01/2027.",
            "required": "Enter the date to answer by.",
        },
    )

    def __init__(self, *args, owners=None, **kwargs):
        # Two forms share the moderation page: ids of their own for labels and buttons.
        super().__init__(*args, auto_id="pass-%s", **kwargs)
        self.helper.inputs = [Submit("publish", self.submit_label)]
        if owners is not None:
            self.fields["owner"].queryset = owners


class AnswerForm(GovukFormMixin, forms.Form):
    submit_label = "Send the answer"
    action = forms.CharField(widget=forms.HiddenInput, initial="answer")
    outcome = forms.ChoiceField(
        label="What happened?",
        choices=(("done", "We did this"), ("not-possible", "We could not do this")),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether we did it or could not."},
    )
    answer = forms.CharField(
        label="Your answer to the young person",
        help_text="Plain words: what we did, or why we could not.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write what we did, or why we could not."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="answer-%s", **kwargs)
        self.helper.inputs = [Submit("send_answer", self.submit_label)]
