"""allauth's forms in the portal's GOV.UK style: plain labels, no placeholders, errors in the
error summary and beside the field (settings ACCOUNT_FORMS and MFA_FORMS)."""

from allauth.account import forms as account_forms
from allauth.mfa.base import forms as mfa_base_forms
from allauth.mfa.recovery_codes import forms as recovery_forms
from allauth.mfa.totp import forms as totp_forms
from django import forms
from django.conf import settings

from cpboard.forms import GovukFormMixin

LABELS = {
    "login": "Username or e-mail address",
    "password": "Password",
    "oldpassword": "Current password",
    "password1": "New password",
    "password2": "New password again",
    "email": "E-mail address",
    "code": "Code",
}
AUTOCOMPLETE = {"login": "username", "code": "one-time-code"}


class _Govuk(GovukFormMixin):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            field.widget.attrs.pop("autofocus", None)
            if name in LABELS:
                field.label = LABELS[name]
            if name in AUTOCOMPLETE:
                field.widget.attrs["autocomplete"] = AUTOCOMPLETE[name]
            if name in ("password", "code"):
                field.help_text = ""
            if name == "code":
                field.widget.attrs.update(inputmode="numeric", spellcheck="false")
                field.widget.attrs["class"] = "govuk-input govuk-input--width-10"


class SignInForm(_Govuk, account_forms.LoginForm):
    submit_label = "Sign in"

    def clean(self):
        if not settings.LOCAL_PASSWORDS:
            raise forms.ValidationError(
                "Sign in with your council account: the portal's own passwords are switched off."
            )
        return super().clean()


class ChangePasswordForm(_Govuk, account_forms.ChangePasswordForm):
    submit_label = "Change password"


class SetPasswordForm(_Govuk, account_forms.SetPasswordForm):
    submit_label = "Set password"


class ResetPasswordForm(_Govuk, account_forms.ResetPasswordForm):
    submit_label = "Send the link"


class ResetPasswordKeyForm(_Govuk, account_forms.ResetPasswordKeyForm):
    submit_label = "Change password"


class ReauthenticateForm(_Govuk, account_forms.ReauthenticateForm):
    submit_label = "Confirm"


class AuthenticateForm(_Govuk, mfa_base_forms.AuthenticateForm):
    submit_label = "Sign in"


class MFAReauthenticateForm(_Govuk, mfa_base_forms.ReauthenticateForm):
    submit_label = "Confirm"


class ActivateTOTPForm(_Govuk, totp_forms.ActivateTOTPForm):
    submit_label = "Turn on"


class DeactivateTOTPForm(_Govuk, totp_forms.DeactivateTOTPForm):
    submit_label = "Turn off"


class GenerateRecoveryCodesForm(_Govuk, recovery_forms.GenerateRecoveryCodesForm):
    submit_label = "Make new codes"
