from django.urls import path

from frontdoor.core import views, views_invitation

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "invitation/<uidb64>/<token>/",
        views_invitation.InvitationView.as_view(),
        name="account_invitation",
    ),
    path("two-factor/", views.two_factor_verify, name="two_factor"),
    path("two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("api-tokens/", views.api_tokens, name="api_tokens"),
    path("api-tokens/<int:token_id>/revoke/", views.api_token_revoke_view, name="api_token_revoke"),
]
