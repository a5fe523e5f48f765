"""Second factor in tests: a confirmed authenticator app for a person, its current code, and a test
client session that has given it (what `force_login` does for staff and admins, tests/conftest.py)."""

from __future__ import annotations

import time
from base64 import b32decode

from django.test.client import ClientMixin
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP, totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.auth import SECOND_FACTOR_PENDING_KEY
from accounts.models import User


def authenticator_app_of(user: User) -> TOTPDevice:
    """The person's confirmed app device (created when missing)."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "Authenticator app"}
    )
    return device


def current_code(device: TOTPDevice) -> str:
    """A code the device accepts now: the app's current one, or, when that was used already (a code
    works once), the next one, which the device's tolerance of one step admits."""
    device.refresh_from_db()
    while True:
        app = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        ahead = max(0, device.last_t + 1 - app.t())
        if ahead <= device.tolerance:
            break
        time.sleep(1)  # both codes in reach were used: wait for the app's next one
    app.drift += ahead
    return f"{app.token():0{device.digits}d}"


def code_for_key(base32_key: str) -> str:
    """The code an authenticator app shows now for a key typed in from the setup page."""
    key = b32decode(base32_key.replace(" ", "") + "=" * (-len(base32_key.replace(" ", "")) % 8))
    return f"{totp(key):06d}"


def give_second_factor(client: ClientMixin, user: User) -> None:
    """Mark the client's logged-in session as having entered a code from the person's app."""
    device = authenticator_app_of(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.pop(SECOND_FACTOR_PENDING_KEY, None)
    session.save()
