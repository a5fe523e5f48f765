"""Second factor: an authenticator app (TOTP, django-otp) and single-use backup codes; passkeys are
the other kind (accounts/services/passkeys.py).

Staff and organisation admins must have one (`accounts.auth.second_factor_required`); anyone may.
A person has at most one app: confirming a new one replaces the old.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.auth import has_second_factor, second_factor_required
from accounts.models import User
from common.exceptions import ApplicationError

APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"
BACKUP_CODE_COUNT = 10
TOTP_DIGITS = 6
WRONG_CODE = gettext_lazy(
    "That code is not right, or it was used already. Enter the code your app shows now."
)


@transaction.atomic
def start_totp_setup(*, user: User) -> TOTPDevice:
    """The unconfirmed app device whose secret the setup page shows (the same one until confirmed)."""
    pending = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if pending is not None:
        return pending
    device = TOTPDevice(user=user, name=APP_DEVICE_NAME, confirmed=False)
    device.full_clean()
    device.save()
    return device


@transaction.atomic
def confirm_totp_device(*, user: User, token: str) -> TOTPDevice:
    """The first code from the app proves it holds the secret: the app becomes the person's second
    factor, replacing any earlier app."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None:
        raise ApplicationError(_("Start setting up an authenticator app first."))
    if not device.verify_token(token.strip()):
        raise ValidationError({"token": WRONG_CODE})
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


@transaction.atomic
def verify_second_factor(*, user: User, token: str) -> Device:
    """The device whose code `token` is: six digits from the app, or a backup code (used up).
    django-otp refuses codes for a growing delay after each wrong one, per device."""
    code = token.strip().replace(" ", "").lower()
    device: Device | None
    if len(code) == TOTP_DIGITS and code.isdigit():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    else:
        device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is None:
        raise ValidationError({"token": WRONG_CODE})
    allowed, __ = device.verify_is_allowed()
    if not allowed:
        raise ValidationError({"token": _("Too many wrong codes. Wait a minute, then try again.")})
    if not device.verify_token(code):
        raise ValidationError({"token": WRONG_CODE})
    return device


@transaction.atomic
def new_backup_codes(*, user: User) -> list[str]:
    """Ten fresh single-use codes (the old ones stop working), shown once to the person."""
    if not has_second_factor(user):
        raise ApplicationError(_("Set up an authenticator app or a passkey before backup codes."))
    device, _created = StaticDevice.objects.get_or_create(user=user, name=BACKUP_DEVICE_NAME)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def remove_second_factor(*, user: User) -> None:
    """Turn the second factor off (app, backup codes and passkeys). Staff and organisation admins
    cannot."""
    if second_factor_required(user):
        raise ApplicationError(_("Staff and organisation admins must keep a second factor."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    WebAuthnCredential.objects.filter(user=user).delete()
