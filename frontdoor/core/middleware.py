"""Every page needs a signed-in user, and council staff (or anyone with an authenticator) must
have verified their second factor before they see anything but the sign-in pages."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from frontdoor.core.access import requires_two_factor

# Reachable without signing in (or before the second factor is verified).
OPEN_PATH_PREFIXES = ("/accounts/login/", "/healthz", "/static/")
TWO_FACTOR_PATHS = ("/accounts/two-factor/", "/accounts/logout/")


class SignInRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(OPEN_PATH_PREFIXES):
            return self.get_response(request)
        user = request.user
        if not user.is_authenticated:
            return redirect(f"{reverse('login')}?next={path}")
        if (
            not user.is_verified()
            and requires_two_factor(
                user, required_for_staff=settings.FRONTDOOR_REQUIRE_STAFF_TWO_FACTOR
            )
            and not path.startswith(TWO_FACTOR_PATHS)
        ):
            return redirect("two_factor")
        return self.get_response(request)
