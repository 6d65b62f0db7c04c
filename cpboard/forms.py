"""Forms of the shared kernel and the GOV.UK form helper every form in the portal uses."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from cpboard.history import latest_change


def govuk_form_helper(submit_label: str) -> FormHelper:
    """A crispy helper for a GOV.UK form: labels above fields, one primary button.

    Templates render the form's error summary above the page heading with
    ``{% error_summary form %}``; the helper keeps non-field errors out of the form itself so
    that they are not shown twice."""
    helper = FormHelper()
    helper.form_tag = False
    helper.add_input(Submit("submit", submit_label))
    return helper


class GovukFormMixin:
    """Give a form the GOV.UK helper; a form class sets `submit_label`."""

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(self.submit_label)
        # With an explicit layout the GDS pack leaves non-field errors to the error summary
        # above the heading; without one it repeats them, unstyled, inside the form.
        self.helper.layout = Layout(*self.fields)

    def full_clean(self):
        super().full_clean()
        # The GDS pack marks errors on text inputs, selects and text areas only; give
        # password, number and date inputs the same red border next to their message.
        for name in self.errors:
            widget = self.fields[name].widget if name in self.fields else None
            if isinstance(widget, forms.PasswordInput | forms.NumberInput | forms.DateInput):
                classes = widget.attrs.get("class", "")
                if "govuk-input--error" not in classes:
                    widget.attrs["class"] = f"{classes} govuk-input--error".strip()


class SignInForm(GovukFormMixin, AuthenticationForm):
    submit_label = "Sign in"
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask the portal's administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        # Autofocus would skip the skip link and header for keyboard and screen-reader users.
        self.fields["username"].widget.attrs.pop("autofocus", None)


class ChangePasswordForm(GovukFormMixin, PasswordChangeForm):
    submit_label = "Change password"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].widget.attrs.pop("autofocus", None)
        required = {
            "old_password": "Enter your current password.",
            "new_password1": "Enter a new password.",
            "new_password2": "Enter the new password again.",
        }
        for name, message in required.items():
            self.fields[name].error_messages["required"] = message


class SeenChangeMixin:
    """A hidden field carrying the record's latest change when the form was opened, so that
    a save over someone else's newer change is refused rather than silently overwriting it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_change"] = forms.IntegerField(required=False, widget=forms.HiddenInput)
        if self.instance.pk and not self.is_bound:
            self.initial["seen_change"] = latest_change(self.instance)
        self.helper.layout.fields.append("seen_change")
