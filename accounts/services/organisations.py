"""Creating and editing organisations (staff; an organisation's admins for their own record)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.selectors import can_edit_organisation
from common.slugs import unique_slug

# Fields an organisation's own admins may change; category, kind and source are staff business.
ORGANISATION_ADMIN_FIELDS = frozenset(
    {"name", "website", "logo_url", "description", "population", "gdp_per_capita_ppp", "employee_count"}
)
STAFF_ONLY_FIELDS = frozenset({"category", "kind", "country", "region"})


@transaction.atomic
def create_organisation(*, actor: User, **fields: Any) -> Organisation:
    """Staff add a member organisation (e.g. a new corporate member)."""
    if not actor.is_staff:
        raise PermissionDenied(_("Only association staff can add member organisations."))
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
        raise PermissionDenied(_("Only this organisation's admins and association staff can edit it."))
    forbidden = set(changes) & STAFF_ONLY_FIELDS
    if forbidden and not actor.is_staff:
        raise PermissionDenied(
            _("Only association staff can change: %(fields)s.") % {"fields": ", ".join(sorted(forbidden))}
        )
    unknown = set(changes) - ORGANISATION_ADMIN_FIELDS - STAFF_ONLY_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in sorted(unknown)})
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    return locked
