"""System checks of the running configuration (registered in CommonConfig.ready).

They run on every management command, `migrate` included, which the container runs before it starts
daphne: a failing check stops the deployment before it serves anyone."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error

# Backends that print the message to the log, keep it in memory or in a file, or drop it.
_NOT_SENDING_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


def check_email_backend_sends(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """With DEBUG off, e-mails (password-reset links among them) must leave through a real backend."""
    if settings.DEBUG or getattr(settings, "EMAIL_OUTSIDE_SMTP_ALLOWED", False):
        return []
    if settings.EMAIL_BACKEND not in _NOT_SENDING_BACKENDS:
        return []
    return [
        Error(
            f"EMAIL_BACKEND is {settings.EMAIL_BACKEND} while DEBUG is off: e-mails, password-reset "
            "links among them, would be written to the log or lost instead of sent.",
            hint="Set EMAIL_URL to your SMTP server (smtp+tls://user:password@host:587), or set "
            "DJANGO_EMAIL_OUTSIDE_SMTP_ALLOWED=true on a machine whose log only you can read.",
            id="common.E001",
        )
    ]
