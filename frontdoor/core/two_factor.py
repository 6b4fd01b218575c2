"""Two-factor sign-in with a TOTP authenticator app (django-otp's TOTP devices)."""

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.core import audit

DEVICE_NAME = "Authenticator app"


def authenticator_changed(sender, instance: TOTPDevice, **kwargs) -> None:
    """Keep User.has_authenticator true to the user's confirmed devices, however a device was
    saved or deleted (these services, the admin, a shell)."""
    confirmed = TOTPDevice.objects.filter(user_id=instance.user_id, confirmed=True).exists()
    get_user_model().objects.filter(pk=instance.user_id).update(has_authenticator=confirmed)


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@transaction.atomic
def totp_enrolment_start(*, user) -> TOTPDevice:
    """The unconfirmed device a user is setting up; the same one until they confirm it, so a
    reload does not invalidate the code they have just scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


@transaction.atomic
def totp_enrolment_confirm(*, request, device: TOTPDevice, code: str) -> bool:
    if device.user_id != request.user.pk or not device.verify_token(code):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    audit.record(request.user, "auth.two_factor_enrolled", request=request)
    return True


@transaction.atomic
def totp_devices_reset(*, user, by, request=None) -> None:
    """Remove a user's authenticators (lost phone): they set one up again at next sign-in."""
    TOTPDevice.objects.filter(user=user).delete()
    audit.record(by, "auth.two_factor_reset", user, request=request)


def totp_sign_in(*, request, code: str) -> bool:
    device = confirmed_device(request.user)
    if device is None or not device.verify_token(code):
        audit.record(request.user, "auth.two_factor_failed", request=request)
        return False
    otp_login(request, device)
    audit.record(request.user, "auth.two_factor_verified", request=request)
    return True


def secret_for_display(device: TOTPDevice) -> str:
    """The shared secret in base32, in groups of four, for typing into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()
