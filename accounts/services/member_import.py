"""Importing the brochure's member list: one organisation per record, idempotent."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from accounts.member_list import MemberRecord
from accounts.models import Organisation
from common.slugs import unique_slug

MEMBER_LIST_SOURCE = "brochure-2023"


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
