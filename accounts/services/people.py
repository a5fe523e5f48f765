"""Sign-up and profiles. Joining an organisation: `joining` and `invitations`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import Organisation, User
from accounts.services.joining import request_to_join


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
) -> User:
    """Create an account; `asks_to_join` files a join request its admins (or staff) decide."""
    user = User(
        username=username,
        email=User.objects.normalize_email(email),
        first_name=first_name,
        last_name=last_name,
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
    if asks_to_join is not None:
        request_to_join(person=user, organisation=asks_to_join)
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
