"""Sign-in: throttling, audit, two-factor for council staff, password policy."""

import pytest
from django.test import override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.conftest import TEST_PASSWORD
from frontdoor.core.models import AuditEvent, SignInFailure


def sign_in(client, username, password=TEST_PASSWORD, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_sign_in_and_out_are_audited(client, persona):
    persona("head_a")
    response = sign_in(client, "head.a")
    assert response.status_code == 302 and response.url == "/"
    client.post("/accounts/logout/")
    assert list(AuditEvent.objects.values_list("action", flat=True).order_by("id")) == [
        "auth.sign_in",
        "auth.sign_out",
    ]


def test_wrong_password_shows_a_govuk_error_and_is_counted(client, persona):
    persona("head_a")
    response = sign_in(client, "head.a", "wrong password entirely")
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.text
    assert "govuk-error-summary" in response.text
    assert SignInFailure.objects.count() == 1
    assert AuditEvent.objects.get().action == "auth.sign_in_failed"


def test_unknown_usernames_are_not_written_to_the_audit_trail(client, db):
    sign_in(client, "my secret password typed in the wrong box", "x" * 12)
    event = AuditEvent.objects.get()
    assert event.actor_username == "" and event.actor is None


@override_settings(FRONTDOOR_LOGIN_FAILURES_PER_USER=3)
def test_lockout_after_repeated_failures_even_with_the_right_password(client, persona):
    persona("head_a")
    for _ in range(3):
        sign_in(client, "head.a", "not the password at all")
    response = sign_in(client, "head.a")
    assert "too many failed attempts" in response.text
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="auth.sign_in_locked").count() == 1


@override_settings(FRONTDOOR_LOGIN_FAILURES_PER_ADDRESS=4, FRONTDOOR_LOGIN_FAILURES_PER_USER=99)
def test_lockout_by_address_across_usernames(client, persona):
    persona("head_a")
    for n in range(4):
        sign_in(client, f"guess{n}", "not the password at all", REMOTE_ADDR="10.9.9.9")
    assert "too many failed attempts" in sign_in(client, "head.a", REMOTE_ADDR="10.9.9.9").text
    assert sign_in(client, "head.a", REMOTE_ADDR="10.9.9.8").status_code == 302


def test_success_clears_the_users_failures(client, persona):
    persona("head_a")
    sign_in(client, "head.a", "not the password at all")
    sign_in(client, "head.a")
    assert SignInFailure.objects.count() == 0


def test_pages_need_sign_in(client, db):
    response = client.get("/schools/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/schools/"


@override_settings(FRONTDOOR_REQUIRE_STAFF_TWO_FACTOR=True)
def test_council_staff_must_set_up_and_use_two_factor(client, persona):
    persona("attendance_officer_north")
    assert sign_in(client, "attendance.officer.north").status_code == 302
    # Every page leads to the set-up page until a device is confirmed.
    assert client.get("/schools/").url == "/accounts/two-factor/"
    assert client.get("/accounts/two-factor/").url == "/accounts/two-factor/setup/"
    setup = client.get("/accounts/two-factor/setup/")
    assert setup.status_code == 200 and "<svg" in setup.text
    device = TOTPDevice.objects.get(confirmed=False)
    bad = client.post("/accounts/two-factor/setup/", {"code": "000000"})
    assert "The security code is wrong" in bad.text
    # django-otp throttles after a failure; a person would wait a second, the test resets it.
    device.refresh_from_db()
    device.throttle_reset()
    good = client.post("/accounts/two-factor/setup/", {"code": current_code(device)})
    assert good.status_code == 302
    assert client.get("/schools/").status_code == 200
    # Next sign-in: the code is asked for, and the page is locked until it is given.
    client.post("/accounts/logout/")
    sign_in(client, "attendance.officer.north")
    assert client.get("/schools/").url == "/accounts/two-factor/"
    device.refresh_from_db()
    device.last_t = -1  # allow the same time step again within this test
    device.save()
    assert client.post("/accounts/two-factor/", {"code": current_code(device)}).status_code == 302
    assert client.get("/schools/").status_code == 200
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"auth.two_factor_enrolled", "auth.two_factor_verified"} <= actions


@override_settings(FRONTDOOR_REQUIRE_STAFF_TWO_FACTOR=True)
def test_school_staff_are_not_forced_to_use_two_factor(client, persona):
    persona("head_a")
    sign_in(client, "head.a")
    assert client.get("/schools/").status_code == 200


@override_settings(FRONTDOOR_REQUIRE_STAFF_TWO_FACTOR=False)
def test_anyone_with_an_authenticator_must_use_it(client, persona):
    user = persona("head_a")
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    sign_in(client, "head.a")
    assert client.get("/schools/").url == "/accounts/two-factor/"
    response = client.post("/accounts/two-factor/", {"code": "12345a"})
    assert "The security code must be 6 numbers" in response.text


def test_the_authenticator_flag_follows_the_users_confirmed_devices(persona):
    user = persona("head_a")
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=False)
    user.refresh_from_db()
    assert not user.has_authenticator
    device.confirmed = True
    device.save()
    user.refresh_from_db()
    assert user.has_authenticator
    device.delete()
    user.refresh_from_db()
    assert not user.has_authenticator


def test_production_settings_require_two_factor():
    import importlib
    import os

    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(os.environ, "SECRET_KEY", "s" * 60)
        patch.setitem(os.environ, "ALLOWED_HOSTS", "frontdoor.example.gov.uk")
        production = importlib.import_module("frontdoor.config.settings.production")
        production = importlib.reload(production)
    assert production.FRONTDOOR_REQUIRE_STAFF_TWO_FACTOR is True
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SECURE_HSTS_SECONDS >= 31536000


def test_production_settings_refuse_a_missing_secret_key():
    import importlib
    import os

    from django.core.exceptions import ImproperlyConfigured

    with pytest.MonkeyPatch.context() as patch:
        patch.delitem(os.environ, "SECRET_KEY", raising=False)
        with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
            importlib.reload(importlib.import_module("frontdoor.config.settings.production"))


def test_password_change_enforces_the_policy(client, signed_in):
    client = signed_in("head_a")
    response = client.post(
        "/accounts/password/",
        {"old_password": TEST_PASSWORD, "new_password1": "short1", "new_password2": "short1"},
    )
    assert "at least 12 characters" in response.text
    response = client.post(
        "/accounts/password/",
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "marble otter lantern 42",
            "new_password2": "marble otter lantern 42",
        },
    )
    assert response.status_code == 302


def test_security_headers(client, db):
    response = client.get("/accounts/login/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.cookies["csrftoken"]["httponly"]
