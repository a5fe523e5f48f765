"""Every write to organisations and accounts. Each service is atomic and validates first."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.enums import OrganisationRole
from accounts.member_list import MemberRecord
from accounts.models import Organisation, User
from accounts.selectors import can_edit_organisation
from common.slugs import unique_slug

MEMBER_LIST_SOURCE = "brochure-2023"

# Fields an organisation's own admins may change; category, kind and source are staff business.
ORGANISATION_ADMIN_FIELDS = frozenset(
    {"name", "website", "description", "population", "gdp_per_capita_ppp", "employee_count"}
)
STAFF_ONLY_FIELDS = frozenset({"category", "kind", "country", "region"})


@dataclass
class ImportSummary:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


@transaction.atomic
def import_members(*, records: list[MemberRecord], dry_run: bool = False) -> ImportSummary:
    """Create or align one organisation per record, keyed on (category, country, name).

    Idempotent: a second run with the same records changes nothing. Values staff or members
    entered since (population, description...) are never touched. With dry_run, rolls back.
    """
    summary = ImportSummary()
    # str() of a CountryField value is its code (the stubs type the field as its stored str).
    existing = {(o.category, str(o.country), o.name): o for o in Organisation.objects.all()}
    for record in records:
        organisation = existing.get((record.category, record.country, record.name))
        if organisation is None:
            organisation = Organisation(
                name=record.name,
                slug=unique_slug(Organisation, f"{record.name}-{record.country}"),
                category=record.category,
                kind=record.kind,
                country=record.country,
                region=record.region,
                source=MEMBER_LIST_SOURCE,
            )
            organisation.full_clean()
            organisation.save()
            existing[(record.category, record.country, record.name)] = organisation
            summary.created.append(record.name)
        elif (organisation.kind, organisation.region) != (record.kind, record.region):
            organisation.kind, organisation.region = record.kind, record.region
            organisation.full_clean()
            organisation.save(update_fields=["kind", "region", "updated_at"])
            summary.updated.append(record.name)
        else:
            summary.unchanged += 1
    if dry_run:
        transaction.set_rollback(True)
    return summary


@transaction.atomic
def create_organisation(*, actor: User, **fields: Any) -> Organisation:
    """Staff add a member organisation (e.g. a new corporate member)."""
    if not actor.is_staff:
        raise PermissionDenied("Only association staff can add member organisations.")
    organisation = Organisation(**fields)
    if not organisation.slug and organisation.name:
        organisation.slug = unique_slug(Organisation, f"{organisation.name}-{organisation.country}")
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def update_organisation(*, organisation: Organisation, actor: User, **changes: Any) -> Organisation:
    """Apply `changes` if `actor` may make them; validates the whole row before saving.

    Locks the row so two admins editing at once cannot interleave half-validated values.
    """
    if not can_edit_organisation(actor, organisation):
        raise PermissionDenied("Only this organisation's admins and association staff can edit it.")
    forbidden = set(changes) & STAFF_ONLY_FIELDS
    if forbidden and not actor.is_staff:
        raise PermissionDenied(f"Only association staff can change: {', '.join(sorted(forbidden))}.")
    unknown = set(changes) - ORGANISATION_ADMIN_FIELDS - STAFF_ONLY_FIELDS
    if unknown:
        raise ValidationError({name: "This field cannot be changed." for name in sorted(unknown)})
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    return locked


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
