"""Sign-up, profiles, and confirming someone as a member of their organisation."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.enums import OrganisationRole
from accounts.models import Organisation, User


@transaction.atomic
def register_user(
    *,
    username: str,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    requested_organisation: Organisation | None = None,
    time_zone: str = "UTC",
) -> User:
    """Create an account. The organisation asked for stays a request until staff confirm it."""
    user = User(
        username=username,
        email=User.objects.normalize_email(email),
        first_name=first_name,
        last_name=last_name,
        requested_organisation=requested_organisation,
        time_zone=time_zone,
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
        errors["email"] = ["An account with this e-mail address already exists."]
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def update_profile(*, user: User, **changes: Any) -> User:
    """A person edits their own name, e-mail, job title and time zone."""
    allowed = {"first_name", "last_name", "email", "job_title", "time_zone"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({name: "This field cannot be changed here." for name in sorted(unknown)})
    if "email" in changes:
        changes["email"] = User.objects.normalize_email(changes["email"])
        if User.objects.filter(email__iexact=changes["email"]).exclude(pk=user.pk).exists():
            raise ValidationError({"email": "An account with this e-mail address already exists."})
    for name, value in changes.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def confirm_membership(*, user: User, confirmed_by: User, role: str = OrganisationRole.MEMBER) -> User:
    """Staff attach a person to the organisation they asked to represent."""
    if not confirmed_by.is_staff:
        raise PermissionDenied("Only association staff can confirm who represents an organisation.")
    if user.requested_organisation_id is None:
        raise ValidationError(
            {"requested_organisation": "This person has not asked to join an organisation."}
        )
    user.organisation_id = user.requested_organisation_id
    user.organisation_role = role
    user.requested_organisation = None
    user.full_clean(exclude=["password"])
    user.save()
    return user
