"""Passkeys (WebAuthn credentials, django-otp-webauthn's device): naming and removing one's own.

Registering and checking a passkey is the library's ceremony (frontend/views/passkeys.py); it
stores the credential without a name, and the page names it right after. A person who must have a
second factor (`accounts.auth.second_factor_required`) cannot remove the last one they have.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.auth import second_factor_required
from accounts.models import User
from common.exceptions import ApplicationError

# Device.name's length in django-otp.
PASSKEY_NAME_MAX_LENGTH = 64


def default_passkey_name() -> str:
    return _("Passkey")


@transaction.atomic
def name_passkey(*, user: User, passkey_id: int, name: str) -> WebAuthnCredential:
    """Give one of the person's passkeys a name they recognise ("Laptop", "Phone"); a blank name
    becomes "Passkey". Another person's passkey is not found."""
    passkey = _own_passkey(user=user, passkey_id=passkey_id)
    passkey.name = name.strip() or default_passkey_name()
    if len(passkey.name) > PASSKEY_NAME_MAX_LENGTH:
        raise ValidationError(
            {"name": _("Keep the name to %(limit)d characters.") % {"limit": PASSKEY_NAME_MAX_LENGTH}}
        )
    passkey.save(update_fields=["name"])
    return passkey


@transaction.atomic
def remove_passkey(*, user: User, passkey_id: int) -> None:
    """Delete one of the person's passkeys. Staff and organisation admins keep at least one second
    factor: their last passkey goes only when an authenticator app remains. The person's passkeys
    are locked first, so two removals at once cannot both take the last two."""
    passkeys = list(WebAuthnCredential.objects.select_for_update().filter(user=user, confirmed=True))
    passkey = _own_passkey(user=user, passkey_id=passkey_id)
    others = [other for other in passkeys if other.pk != passkey.pk]
    has_app = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    if second_factor_required(user) and not others and not has_app:
        raise ApplicationError(
            _("Staff and organisation admins keep a second factor: add another passkey or an app first.")
        )
    passkey.delete()


def _own_passkey(*, user: User, passkey_id: int) -> WebAuthnCredential:
    passkey = WebAuthnCredential.objects.filter(user=user, pk=passkey_id).first()
    if passkey is None:
        raise ApplicationError(_("That passkey is not one of yours, or it was removed already."))
    return passkey
