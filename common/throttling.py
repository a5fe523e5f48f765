"""Request throttles shared by the API and the pages: counters in the cache (Redis in production, so
every server process counts together), rates in `settings.THROTTLE_RATES` by scope.

An API view opts in by naming its `throttle_scope`; DRF answers 429 with `Retry-After`. Pages use the
same classes through `frontend.throttling.throttle_posts`.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.conf import settings
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle

logger = logging.getLogger(__name__)


class ScopeThrottle(ScopedRateThrottle):
    """DRF's scoped throttle (per person when logged in, per address otherwise) whose rates are read
    when it runs, so a test or an environment can change them, and which lets requests through when
    the cache is unreachable: losing Redis must not take logins and sign-ups down with it."""

    def __init__(self) -> None:
        self.THROTTLE_RATES = settings.THROTTLE_RATES

    def allow_request(self, request: Any, view: Any) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception:  # the cache client's connection errors: fail open, and say so
            logger.warning("Throttle cache unreachable; request let through", exc_info=True)
            return True


class PasswordResetAddressThrottle(SimpleRateThrottle):
    """Reset mails to one e-mail address, whoever asks for them (the address is hashed in the key)."""

    scope = "password_reset_address"

    def __init__(self) -> None:
        self.THROTTLE_RATES = settings.THROTTLE_RATES
        super().__init__()

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        address = str(request.POST.get("email", "")).strip().lower()
        if not address:
            return None
        digest = hashlib.sha256(address.encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": digest}

    def allow_request(self, request: Any, view: Any) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception:  # as in ScopeThrottle
            logger.warning("Throttle cache unreachable; request let through", exc_info=True)
            return True
