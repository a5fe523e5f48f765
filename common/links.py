"""Absolute links for messages that leave the site (e-mails have no request to take a host from)."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` (from `reverse`) on the site's public address, `settings.SITE_URL`."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"
