"""Forms of the People and roles page and of accepting an invitation."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator

from cpboard.forms import GovukFormMixin
from cpboard.roles import ROLES

ROLE_CHOICES = [(role.slug, role.name) for role in ROLES]


class InviteForm(GovukFormMixin, forms.Form):
    submit_label = "Send the invitation"

    first_name = forms.CharField(
        max_length=150, error_messages={"required": "Enter their first name."}
    )
    last_name = forms.CharField(
        max_length=150, error_messages={"required": "Enter their last name."}
    )
    email = forms.EmailField(
        label="E-mail address",
        error_messages={
            "required": "Enter their e-mail address.",
            "invalid": "Enter an e-mail address like name@council.gov.uk.",
        },
    )
    role = forms.ChoiceField(
        choices=ROLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the role they will have."},
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "Someone already has an account with this e-mail address. Find them in the list."
            )
        return email


class RoleForm(GovukFormMixin, forms.Form):
    submit_label = "Change role"

    role = forms.ChoiceField(
        choices=ROLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role."},
    )


class AcceptInvitationForm(GovukFormMixin, forms.Form):
    submit_label = "Create my account"

    username = forms.CharField(
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text="Letters, digits and @ . + - _ only. You sign in with it or your e-mail address.",
        error_messages={"required": "Choose a username."},
    )
    password1 = forms.CharField(
        label="Password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters.",
        error_messages={"required": "Choose a password."},
    )
    password2 = forms.CharField(
        label="Password again",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Type the password again."},
    )

    def __init__(self, *args, invitation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is taken. Choose another.")
        return username

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords are different. Type the same one twice.")
        elif first:
            user = get_user_model()(
                username=data.get("username", ""),
                email=self.invitation.email if self.invitation else "",
                first_name=self.invitation.first_name if self.invitation else "",
                last_name=self.invitation.last_name if self.invitation else "",
            )
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
