"""E-mail verification links: a person's id and the address to prove, signed with
`django.core.signing.TimestampSigner` (its own salt, `SECRET_KEY` and its fallbacks).

Why a signed token and not a library or a table: verification needs nothing stored (the token
carries the address it proves, so a link for an old or superseded address simply stops matching),
expiry comes from the timestamp, and Django's signer is maintained with Django itself.
django-allauth would bring its own sign-up, login and account pages in place of ours for this one
feature. The address is part of the signed value, so a link cannot be bent to another address.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import timedelta

from django.core import signing

SALT = "accounts.email-verification"
VERIFICATION_LINK_LIFETIME = timedelta(days=3)


@dataclass(frozen=True)
class VerificationClaim:
    """What a valid link says: this person receives mail at this address."""

    user_id: int
    email: str


def email_verification_token(*, user_id: int, email: str) -> str:
    """The token of a link proving that person `user_id` receives mail at `email`."""
    return signing.TimestampSigner(salt=SALT).sign_object({"user": user_id, "email": email.lower()})


def read_email_verification_token(token: str) -> VerificationClaim | None:
    """What `token` proves, or None when it is forged, altered, malformed or older than
    `VERIFICATION_LINK_LIFETIME`."""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign_object(
            token, max_age=VERIFICATION_LINK_LIFETIME.total_seconds()
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(value, dict) or not isinstance(value.get("user"), int):
        return None
    if not isinstance(value.get("email"), str):
        return None
    return VerificationClaim(user_id=value["user"], email=value["email"])


# --- Sign-up links ------------------------------------------------------------------------------
# Sign-up creates no account: it e-mails a link carrying what the form said (signed, never stored),
# and the account is made when the link is opened and a username and password chosen there. So the
# sign-up answer is the same whether the address has an account or not (issue 15), nothing waits in
# the database for a link nobody opens, and the link holds no secret: the password is chosen after
# the address is proven.

SIGN_UP_SALT = "accounts.sign-up"
SIGN_UP_LINK_LIFETIME = timedelta(days=3)


@dataclass(frozen=True)
class SignUpClaim:
    """What a sign-up link says: someone receiving mail at `email` asked for an account with these
    details."""

    email: str
    first_name: str = ""
    last_name: str = ""
    time_zone: str = "UTC"
    asks_to_join: int | None = None  # an organisation's id
    # An `UnconfirmedApplication`'s id: the link also submits that membership application.
    application: int | None = None


def sign_up_token(claim: SignUpClaim) -> str:
    """The token of the link that finishes the sign-up `claim` describes."""
    return signing.TimestampSigner(salt=SIGN_UP_SALT).sign_object(asdict(claim), compress=True)


def read_sign_up_token(token: str) -> SignUpClaim | None:
    """What `token` says, or None when it is forged, altered, malformed or older than
    `SIGN_UP_LINK_LIFETIME`."""
    try:
        value = signing.TimestampSigner(salt=SIGN_UP_SALT).unsign_object(
            token, max_age=SIGN_UP_LINK_LIFETIME.total_seconds()
        )
        return SignUpClaim(**value)
    except (signing.BadSignature, ValueError, TypeError):
        return None
