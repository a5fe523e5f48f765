"""Sign-up and profiles. Joining an organisation: `joining` and `invitations`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import status

from accounts.emails import send_email_verification, send_sign_up_attempt_notice, send_sign_up_link
from accounts.models import Organisation, User
from accounts.selectors import member_organisations
from accounts.services.joining import request_to_join
from accounts.verification import (
    SignUpClaim,
    email_verification_token,
    read_email_verification_token,
    read_sign_up_token,
    sign_up_token,
)
from common.exceptions import ApplicationError, ConflictError

# A person may ask for another verification link once a minute: enough to retry a lost mail,
# too slow to turn the resend button into a way of flooding someone's inbox.
VERIFICATION_RESEND_INTERVAL = timedelta(minutes=1)


class VerificationLinkError(ApplicationError):
    """A verification link that is forged, expired or for an address no longer on the account."""

    error_type = "verification_link_unusable"


class TooSoonError(ApplicationError):
    error_type = "too_soon"
    status_code = status.HTTP_429_TOO_MANY_REQUESTS


def _address_taken(email: str, *, by_other_than: User | None = None) -> bool:
    others = User.objects.filter(email__iexact=email)
    if by_other_than is not None:
        others = others.exclude(pk=by_other_than.pk)
    return others.exists()


def _send_verification_after_commit(user: User, email: str) -> None:
    sent_at = user.email_verification_sent_at = timezone.now()
    User.objects.filter(pk=user.pk).update(email_verification_sent_at=sent_at)
    token = email_verification_token(user_id=user.pk, email=email)
    name = user.get_full_name() or user.username
    # Written to the outbox now, sent after the commit; one e-mail per link sent (`sent_at`).
    send_email_verification(email=email, name=name, token=token, sent_at=sent_at)


@transaction.atomic
def register_user(
    *,
    username: str,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    asks_to_join: Organisation | None = None,
    time_zone: str = "UTC",
    email_verified: bool = False,
) -> User:
    """Create an account; `asks_to_join` files a join request its admins (or staff) decide.
    Unless the address is known to be theirs (`email_verified`, e.g. an invitation's), a link to
    verify it is e-mailed after the commit."""
    user = User(
        username=username,
        email=User.objects.normalize_email(email),
        first_name=first_name,
        last_name=last_name,
        time_zone=time_zone,
        email_verified=email_verified,
    )
    errors: dict[str, list[str]] = {}
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if User.objects.filter(email__iexact=user.email).exists():
        errors["email"] = [_("An account with this e-mail address already exists.")]
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.save()
    if not email_verified:
        _send_verification_after_commit(user, user.email)
    if asks_to_join is not None:
        request_to_join(person=user, organisation=asks_to_join)
    return user


def sign_up_candidate(
    *, email: str, first_name: str = "", last_name: str = "", time_zone: str = "UTC"
) -> User:
    """The unsaved account a sign-up (or a membership application without an account) asks for,
    checked by the field rules only: `full_clean` would also run the unique check of the address and
    say "taken" (issue 15). ValidationError by field."""
    candidate = User(
        email=User.objects.normalize_email(email),
        first_name=first_name,
        last_name=last_name,
        time_zone=time_zone,
    )
    candidate.clean_fields(exclude=["password", "username"])
    return candidate


def account_with_address(email: str) -> User | None:
    """The account whose address is `email` (case aside), if any: whom a notice goes to instead of
    a sign-up link. Never shown to whoever asked."""
    return User.objects.filter(email__iexact=email).first()


@transaction.atomic
def request_sign_up(
    *,
    email: str,
    first_name: str = "",
    last_name: str = "",
    time_zone: str = "UTC",
    asks_to_join: Organisation | None = None,
) -> None:
    """Someone asks for an account: the answer never says whether the address has one (issue 15).

    Only what can be checked without looking for other accounts is checked here (the address's
    form, the names' lengths, the time zone); a 400 never depends on who is registered. Then, after
    the commit, one e-mail either way: to a new address the link that finishes the sign-up
    (`complete_sign_up`, where the username and password are chosen); to an address with an account
    a notice that someone tried, with a link to log in or reset the password. Nothing is stored but
    the e-mail itself (an outbox row, written in this transaction and sent after the commit)."""
    candidate = sign_up_candidate(
        email=email, first_name=first_name, last_name=last_name, time_zone=time_zone
    )
    email = candidate.email
    existing = account_with_address(email)
    if existing is not None:
        send_sign_up_attempt_notice(user=existing, at=timezone.now())  # outbox row, sent after the commit
        return
    claim = SignUpClaim(
        email=email,
        first_name=first_name,
        last_name=last_name,
        time_zone=time_zone,
        asks_to_join=asks_to_join.pk if asks_to_join is not None else None,
    )
    name = candidate.get_full_name() or email
    send_sign_up_link(email=email, name=name, token=sign_up_token(claim))  # outbox row, sent after the commit


def read_sign_up_link(token: str) -> SignUpClaim:
    """What a sign-up link asks for; 400 when it is forged or expired."""
    claim = read_sign_up_token(token)
    if claim is None:
        raise VerificationLinkError(_("This sign-up link is invalid or has expired. Sign up again."))
    return claim


@transaction.atomic
def complete_sign_up(*, token: str, username: str, password: str) -> User:
    """Open a sign-up link: the account is made with the address it was sent to (verified: the link
    proves it), the details given on sign-up and the username and password chosen now. Whoever holds
    the link receives mail at the address, so telling them that it has an account already (409) or
    that a username is taken (400, like any field error) reveals nothing about anyone else's address.
    The organisation asked for, if any, gets a join request (`register_user`)."""
    claim = read_sign_up_link(token)
    if _address_taken(claim.email):
        raise ConflictError(
            _("An account with this e-mail address exists already: log in, or reset your password.")
        )
    organisation = (
        member_organisations().filter(pk=claim.asks_to_join).first() if claim.asks_to_join else None
    )
    return register_user(
        username=username,
        email=claim.email,
        password=password,
        first_name=claim.first_name,
        last_name=claim.last_name,
        asks_to_join=organisation,
        time_zone=claim.time_zone,
        email_verified=True,
    )


@transaction.atomic
def update_profile(*, user: User, **changes: Any) -> User:
    """A person edits their own name, e-mail, job title, time zone and language. A new e-mail address is
    kept aside (`pending_email`) and a link to verify it sent there; the account keeps the old
    address, where its mail goes, until the link is opened (`verify_email`)."""
    allowed = {"first_name", "last_name", "email", "job_title", "time_zone", "language"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    # The stored row, not the caller's copy: a bound ModelForm has already written the new
    # address into the instance it was given.
    user = User.objects.select_for_update().get(pk=user.pk)
    new_email = ""
    if "email" in changes:
        new_email = User.objects.normalize_email(changes.pop("email"))
        if new_email.lower() == user.email.lower():
            new_email = ""
        elif _address_taken(new_email, by_other_than=user):
            raise ValidationError({"email": _("An account with this e-mail address already exists.")})
    for name, value in changes.items():
        setattr(user, name, value)
    if new_email:
        user.pending_email = new_email
    user.full_clean(exclude=["password"])
    user.save()
    if new_email:
        _send_verification_after_commit(user, new_email)
    return user


@transaction.atomic
def verify_email(*, token: str) -> User:
    """Open a verification link: the address it was sent to becomes the account's verified
    address (a pending new address replaces the old one now). 400 when the link is forged or
    expired or names an address the account no longer has; 409 when someone else took the
    address meanwhile."""
    claim = read_email_verification_token(token)
    user = User.objects.select_for_update().filter(pk=claim.user_id).first() if claim else None
    if claim is None or user is None:
        raise VerificationLinkError(
            _("This verification link is invalid or has expired. Ask for a new one on your profile.")
        )
    if claim.email == user.pending_email.lower():
        if _address_taken(user.pending_email, by_other_than=user):
            raise ConflictError(_("Another account uses this e-mail address now."))
        user.email, user.pending_email = user.pending_email, ""
    elif claim.email != user.email.lower():
        raise VerificationLinkError(
            _("This link is for an address that is no longer on your account. Use the newest link.")
        )
    user.email_verified = True
    user.save(update_fields=["email", "pending_email", "email_verified"])
    return user


@transaction.atomic
def resend_email_verification(*, user: User) -> str:
    """Send a new verification link to the address waiting for one (the new one if the person
    changed it, else their only one) and return it. At most once a minute (429 sooner); 409 when
    nothing waits for verification."""
    user = User.objects.select_for_update().get(pk=user.pk)
    address = user.pending_email or ("" if user.email_verified else user.email)
    if not address:
        raise ConflictError(_("Your e-mail address is verified already."))
    sent_at = user.email_verification_sent_at
    if sent_at is not None and timezone.now() - sent_at < VERIFICATION_RESEND_INTERVAL:
        raise TooSoonError(
            _("A link was sent less than a minute ago. Check your inbox, or try again shortly.")
        )
    _send_verification_after_commit(user, address)
    return address
