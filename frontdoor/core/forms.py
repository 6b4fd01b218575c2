from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from frontdoor.core import audit, throttle
from frontdoor.core.models import User


class SignInForm(AuthenticationForm):
    """Django's sign-in form with throttling: too many failures lock the username (or the
    address) out for a while, whatever the password."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "locked": (
            "There have been too many failed attempts to sign in. Wait %(minutes)s minutes, "
            "then try again, or ask your administrator to help."
        ),
    }

    def clean(self):
        from django.conf import settings

        username = self.cleaned_data.get("username", "")
        ip_address = audit.client_ip(self.request)
        if username and throttle.is_locked_out(username=username, ip_address=ip_address):
            audit.record(_known_user(username), "auth.sign_in_locked", request=self.request)
            raise ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": settings.FRONTDOOR_LOGIN_LOCKOUT_MINUTES},
            )
        try:
            return super().clean()
        except ValidationError:
            if username:
                throttle.failure_record(username=username, ip_address=ip_address)
                # Only a known account is named: a mistyped password in the username box
                # must not end up in the audit trail.
                audit.record(_known_user(username), "auth.sign_in_failed", request=self.request)
            raise


def _known_user(username: str) -> User | None:
    return User.objects.filter(username__iexact=username).first()


class TokenForm(forms.Form):
    code = forms.CharField(
        label="Security code",
        help_text="The 6-digit code shown in your authenticator app.",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise ValidationError("The security code must be 6 numbers.")
        return code


class AuditSearchForm(forms.Form):
    username = forms.CharField(label="User", required=False)
    action = forms.CharField(
        label="Action", required=False, help_text="For example pupil.view or user.change"
    )
    object_type = forms.CharField(label="Record type", required=False, help_text="pupils.pupil")
    object_id = forms.CharField(label="Record ID", required=False)
    date_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date must be the same as or after the start date.")
        return cleaned


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="What is the key for?",
        help_text="For example, 'Power BI attendance report'. It helps you tell keys apart.",
        max_length=100,
    )
