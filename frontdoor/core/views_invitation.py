"""The page an invitation email links to: a parent or young person whose account a SEND
caseworker made (frontdoor.send.family_access) chooses their password, then signs in.

Django's password-reset confirmation does the work: the link's token (default_token_generator)
is moved into the session before the form is shown, so it never leaks in a Referer header, and
it stops working once the password is set (the token covers the password hash). Only family
accounts are taken: staff accounts are made by an administrator and sign in with a second
factor. The page is open to visitors who are not signed in (core.middleware)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.urls import reverse_lazy

from frontdoor.core import audit
from frontdoor.core.roles import Role


class InvitationPasswordForm(SetPasswordForm):
    """Django's form in the words of the service's other password pages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label, second.label = "Password", "Confirm password"
        first.help_text = (
            "Use at least 12 characters. Three random words together make a strong password "
            "that is easy to remember."
        )
        second.help_text = "Type the same password again."


class InvitationView(auth_views.PasswordResetConfirmView):
    form_class = InvitationPasswordForm
    template_name = "core/invitation.html"
    success_url = reverse_lazy("login")
    post_reset_login = False  # they sign in as usual, throttled like everyone else

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        if user is None or not user.is_active or user.role != Role.PARENT:
            return None
        return user

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(form.user, "auth.invitation_accept", request=self.request)
        messages.success(
            self.request,
            "Your password is set. Sign in with your email address and your new password.",
        )
        return response
