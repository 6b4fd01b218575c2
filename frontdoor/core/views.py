from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from frontdoor.core import access, audit, throttle, two_factor
from frontdoor.core.access import Permission
from frontdoor.core.api_tokens import ApiTokenRefused, api_token_create, api_token_revoke
from frontdoor.core.forms import ApiTokenForm, AuditSearchForm, SignInForm, TokenForm
from frontdoor.core.models import ApiToken
from frontdoor.core.selectors import audit_events_search


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "core/sign_in.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        throttle.failures_clear(username=user.get_username())
        response = super().form_valid(form)
        audit.record(user, "auth.sign_in", request=self.request)
        return response


class SignOutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            audit.record(request.user, "auth.sign_out", request=request)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "core/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(self.request.user, "auth.password_change", request=self.request)
        messages.success(self.request, "Your password has been changed.")
        return response


@never_cache
def two_factor_verify(request):
    """Ask for the code from the user's authenticator, or send them to set one up."""
    if request.user.is_verified():
        return redirect("home")
    if two_factor.confirmed_device(request.user) is None:
        return redirect("two_factor_setup")
    form = TokenForm(request.POST or None)
    if form.is_valid():
        if two_factor.totp_sign_in(request=request, code=form.cleaned_data["code"]):
            return redirect(request.GET.get("next") or "home")
        form.add_error("code", "The security code is wrong or has expired. Enter the new code.")
    return render(request, "core/two_factor.html", {"form": form})


@never_cache
def two_factor_setup(request):
    if two_factor.confirmed_device(request.user) is not None:
        return redirect("two_factor")
    device = two_factor.totp_enrolment_start(user=request.user)
    form = TokenForm(request.POST or None)
    if form.is_valid():
        code = form.cleaned_data["code"]
        if two_factor.totp_enrolment_confirm(request=request, device=device, code=code):
            messages.success(request, "Your authenticator app is set up.")
            return redirect("home")
        form.add_error("code", "The security code is wrong or has expired. Enter the new code.")
    context = {
        "form": form,
        "qr_code_svg": two_factor.qr_code_svg(device),
        "secret": two_factor.secret_for_display(device),
    }
    return render(request, "core/two_factor_setup.html", context)


@require_GET
def audit_search(request):
    access.require(request.user, Permission.VIEW_AUDIT)
    form = AuditSearchForm(request.GET)
    events = audit_events_search(**form.cleaned_data) if form.is_valid() else None
    page = Paginator(events, 50).get_page(request.GET.get("page")) if events is not None else None
    return render(request, "core/audit_search.html", {"form": form, "page": page})


@require_GET
def healthz(request):
    """For load balancers and monitoring: is the database reachable and fully migrated?"""
    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    if pending:
        return JsonResponse(
            {"status": "error", "database": "ok", "migrations": f"{len(pending)} unapplied"},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok", "migrations": "ok"})


def api_tokens(request):
    """The user's API keys: make one (its key shown once), see and revoke the others."""
    access.require(request.user, Permission.VIEW_ATTENDANCE)
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ApiTokenRefused as refused:
            form.add_error(None, str(refused))
        else:
            form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    context = {"form": form, "tokens": tokens, "new_key": new_key}
    return render(request, "core/api_tokens.html", context)


@require_POST
def api_token_revoke_view(request, token_id: int):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    api_token_revoke(token=token, by=request.user)
    messages.success(request, f"The key starting {token.prefix} no longer works.")
    return redirect("api_tokens")
