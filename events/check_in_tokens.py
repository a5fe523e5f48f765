"""Check-in codes: the credential a person's agenda shows as a QR code and staff scan at the door.

A code names one representative at one event and carries an HMAC of the two (`django.core.signing`
with its own salt, keyed by `SECRET_KEY` and its fallbacks), so it cannot be guessed from ids or
altered; it does not expire, since an agenda is printed days before the event. Pure: no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core import signing
from django.utils.translation import gettext as _

SALT = "events.check-in"
# A prefix that says what the code is, so a stray QR code (a website's address) is told apart
# from a damaged check-in code.
PREFIX = "smc-check-in:"
ID_PAIR = re.compile(r"([0-9]+)\.([0-9]+)")


class InvalidCheckInTokenError(ValueError):
    """The text is not a check-in code this site signed (tampered, truncated, another site's)."""


@dataclass(frozen=True)
class CheckInCredential:
    event_id: int
    representative_id: int


def check_in_token(*, event_id: int, representative_id: int) -> str:
    """The signed check-in code of representative `representative_id` at event `event_id`."""
    return PREFIX + signing.Signer(salt=SALT).sign(f"{event_id}.{representative_id}")


def read_check_in_token(token: str) -> CheckInCredential:
    """The event and representative a code names; `InvalidCheckInTokenError` unless this site signed it."""
    text = token.strip()
    if not text.startswith(PREFIX):
        raise InvalidCheckInTokenError(_("This is not a check-in code."))
    try:
        value = signing.Signer(salt=SALT).unsign(text.removeprefix(PREFIX))
    except signing.BadSignature as exc:
        raise InvalidCheckInTokenError(_("This check-in code is damaged or forged.")) from exc
    ids = ID_PAIR.fullmatch(value)
    if ids is None:  # signed by this site, so only a code of an older format
        raise InvalidCheckInTokenError(_("This check-in code is of an older kind; print the agenda again."))
    return CheckInCredential(event_id=int(ids[1]), representative_id=int(ids[2]))
