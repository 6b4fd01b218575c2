"""Every page needs a signed-in user, and council staff (or anyone with an authenticator) must
have verified their second factor before they see anything but the sign-in pages."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from frontdoor.core.access import requires_two_factor
from frontdoor.core.api_tokens import user_for_key

API_PREFIX = "/api/"

# Reachable without signing in (or before the second factor is verified).
OPEN_PATH_PREFIXES = ("/accounts/login/", "/accounts/invitation/", "/healthz", "/static/")
TWO_FACTOR_PATHS = ("/accounts/two-factor/", "/accounts/logout/")


class SignInRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(OPEN_PATH_PREFIXES):
            return self.get_response(request)
        if path.startswith(API_PREFIX):
            return self._api(request)
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

    def _api(self, request):
        """The API takes a bearer token (a key made at /accounts/api-tokens/ by a user who
        signed in with their second factor), or a verified signed-in session; never a redirect."""
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            user = user_for_key(header.removeprefix("Bearer ").strip())
            if user is None:
                return _unauthorised("The API key is not valid, or has been revoked.")
            request.user = user
            request.user.is_verified = lambda: True  # the key was made behind the second factor
            return self.get_response(request)
        user = request.user
        if not user.is_authenticated or (
            not user.is_verified()
            and requires_two_factor(
                user, required_for_staff=settings.FRONTDOOR_REQUIRE_STAFF_TWO_FACTOR
            )
        ):
            return _unauthorised("Send an API key: Authorization: Bearer <key>.")
        return self.get_response(request)


def _unauthorised(message: str) -> JsonResponse:
    response = JsonResponse({"error": message}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="Front Door"'
    return response
