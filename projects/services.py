"""Every write of the project pipeline, and the activity log of matching.

Proposals are changed under a row lock (`select_for_update`), every stage move is checked against
`projects.stages` and kept as a `ProposalStageChange`, and the parties hear about it only after the
commit. Nothing is deleted.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.enums import Category
from accounts.models import Organisation, User
from common.languages import per_reader
from notifications.services import notify_people
from projects import selectors, stages
from projects.enums import Stage
from projects.models import Proposal, ProposalKeyDate, ProposalNote, ProposalStageChange
from projects.signals import announce_providers_left
from scheduling.enums import MeetingStatus
from scheduling.models import Meeting
from scheduling.selectors import side_of

logger = logging.getLogger(__name__)

PROPOSAL_FIELDS = frozenset(
    {"title", "scope", "budget_amount", "budget_currency", "start_date", "end_date", "funding_sought", "kind"}
)


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - PROPOSAL_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in sorted(unknown)})


def _check_providers(providers: list[Organisation]) -> None:
    wrong = [p.name for p in providers if p.category != Category.CORPORATION]
    if wrong:
        raise ValidationError(
            {"providers": _("Providers are corporate members; not: %(names)s.") % {"names": ", ".join(wrong)}}
        )


def _check_owner(
    owner: User,
    *,
    actor: User,
    city: Organisation,
    providers: list[Organisation],
    current: User | None = None,
) -> None:
    """The owner is one of the parties' people or staff; and a person hands a proposal only to
    someone they may see: people of their own organisation (staff: anyone eligible). The people of
    the other parties are not listed anywhere for them, so the owner picker must not list them
    either (`selectors.owner_choices_for`). Keeping the current owner is always allowed."""
    parties = {city.pk, *(p.pk for p in providers)}
    if not (owner.is_active and (owner.is_staff or owner.organisation_id in parties)):
        raise ValidationError({"owner": _("The owner is one of the parties' people or association staff.")})
    if current is not None and owner.pk == current.pk:
        return
    if not actor.is_staff and not (actor.organisation_id and owner.organisation_id == actor.organisation_id):
        raise ValidationError({"owner": _("Hand the proposal to someone of your own organisation.")})


def _record_stage(proposal: Proposal, *, actor: User, from_stage: str, note: str = "") -> ProposalStageChange:
    return ProposalStageChange.objects.create(
        proposal=proposal,
        from_stage=from_stage,
        to_stage=proposal.stage,
        actor=actor if actor is not None and actor.is_authenticated else None,
        note=note,
    )


# A dropped or finished project ends the work between the city and its providers, and with it what
# the city shared on the proposal (`projects.signals`). Reopening a dropped one restores nothing.
RELATIONSHIP_ENDING_STAGES: dict[str, Promise] = {
    Stage.DROPPED: gettext_lazy("The proposal was dropped."),
    Stage.DONE: gettext_lazy("The project was completed."),
}

TITLES = {
    "project.proposed": gettext_lazy("New project proposal: %(title)s"),
    "project.stage_changed": gettext_lazy("%(title)s: the stage is now “%(stage)s”"),
    "project.note_added": gettext_lazy("New note on %(title)s"),
}


def notification_title(event_type: str, *, title: str, stage: str) -> str:
    """A proposal notification's title in the active language (the reader's, through `per_reader`)."""
    return TITLES[event_type] % {"title": title, "stage": Stage(stage).label}


def _announce(proposal: Proposal, *, actor: User, event_type: str, body: str = "") -> None:
    """A notification for the parties' people (but not the actor), each in their own language, told
    live after the commit."""
    notify_people(
        recipients=[person for person in selectors.party_people(proposal) if person.pk != actor.pk],
        kind=event_type,
        title=per_reader(notification_title, event_type, title=proposal.title, stage=proposal.stage),
        body=body,
        link=reverse("frontend:project", args=[proposal.pk]),
        payload={"id": proposal.pk, "title": proposal.title, "stage": proposal.stage},
    )


def _lock(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update(of=("self",)).select_related("city").get(pk=proposal.pk)


@transaction.atomic
def create_proposal(
    *,
    actor: User,
    city: Organisation | None = None,
    providers: Iterable[Organisation] | None = None,
    meeting: Meeting | None = None,
    owner: User | None = None,
    **fields: Any,
) -> Proposal:
    """A new proposal at stage "proposal", owned by `owner` (default: the actor). From a held
    `meeting`, city and providers default to the meeting's organisations. The actor must be staff or
    speak for the city or one of the providers (403 otherwise)."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(_("Log in to propose a project."))
    _check_fields(fields)
    if meeting is not None:
        if not actor.is_staff and side_of(actor, meeting) is None:
            raise PermissionDenied(
                _("Only the two parties to a meeting (and staff) can start a project from it.")
            )
        if meeting.status != MeetingStatus.HELD:
            raise ValidationError({"meeting": _("A project starts from a meeting that was held.")})
        meeting_city, meeting_providers = selectors.meeting_parties(meeting)
        city = city or meeting_city
        providers = meeting_providers if providers is None else providers
    if city is None:
        raise ValidationError({"city": _("Choose the city of the project.")})
    if city.category != Category.LOCAL_GOVERNMENT:
        raise ValidationError({"city": _("The city of a project is a local-government member.")})
    providers = list({p.pk: p for p in providers or []}.values())
    _check_providers(providers)
    if not (actor.is_staff or actor.organisation_id in {city.pk, *(p.pk for p in providers)}):
        raise PermissionDenied(_("You can propose projects only for your own city or with your own company."))
    owner = owner or actor
    _check_owner(owner, actor=actor, city=city, providers=providers, current=actor)
    proposal = Proposal(city=city, meeting=meeting, owner=owner, stage=Stage.PROPOSAL, **fields)
    proposal.stage_changed_at = timezone.now()
    proposal.full_clean()
    proposal.save()
    proposal.providers.set(providers)
    _record_stage(proposal, actor=actor, from_stage="", note=_("Proposed."))
    _announce(proposal, actor=actor, event_type="project.proposed")
    return proposal


@transaction.atomic
def update_proposal(
    *,
    proposal: Proposal,
    actor: User,
    providers: Iterable[Organisation] | None = None,
    owner: User | None = None,
    **changes: Any,
) -> Proposal:
    """Change a proposal's content, providers or owner (not its city, nor its stage: see
    `change_stage`). Only staff change its kind, and only while it is a proposal."""
    if not selectors.can_edit_proposal(actor, proposal):
        raise PermissionDenied(_("Only the project's parties and association staff can change it."))
    _check_fields(changes)
    locked = _lock(proposal)
    if "kind" in changes and changes["kind"] != locked.kind:
        if not actor.is_staff:
            raise ValidationError({"kind": _("Only association staff change what kind of proposal this is.")})
        if locked.stage != Stage.PROPOSAL:
            raise ValidationError({"kind": _("The kind can change only while the project is a proposal.")})
    for name, value in changes.items():
        setattr(locked, name, value)
    current_providers = list(proposal.providers.all())
    new_providers = current_providers if providers is None else list({p.pk: p for p in providers}.values())
    _check_providers(new_providers)
    keeps_own = actor.organisation_id in {locked.city_id, *(p.pk for p in new_providers)}
    if not (actor.is_staff or keeps_own):
        raise ValidationError({"providers": _("Keep your own organisation among the providers.")})
    current_owner = locked.owner
    if owner is not None:
        locked.owner = owner
    # A new owner, or new providers that may leave the current owner's company out: either way the
    # owner must still be one of the parties' people (or staff), who can see the proposal.
    if (owner is not None or providers is not None) and locked.owner is not None:
        _check_owner(
            locked.owner, actor=actor, city=locked.city, providers=new_providers, current=current_owner
        )
    locked.full_clean()
    locked.save()
    if providers is not None:
        locked.providers.set(new_providers)
        kept = {p.pk for p in new_providers}
        announce_providers_left(
            proposal=locked,
            provider_ids=[p.pk for p in current_providers if p.pk not in kept],
            reason=_("The provider was taken off the proposal."),
        )
    return locked


@transaction.atomic
def change_stage(*, proposal: Proposal, actor: User, stage: str, note: str = "") -> Proposal:
    """Move a proposal to `stage` if the table in `projects.stages` allows it for this actor (400
    if not in the table, 403 for a staff-only review step); the move is kept in the history."""
    if not selectors.can_edit_proposal(actor, proposal):
        raise PermissionDenied(_("Only the project's parties and association staff can move it."))
    locked = _lock(proposal)
    refusal = stages.stage_move_refusal(
        kind=locked.kind, from_stage=locked.stage, to_stage=stage, is_staff=actor.is_staff
    )
    if refusal is not None and refusal.reason == "staff_only":
        raise PermissionDenied(refusal.message)
    if refusal is not None:
        raise ValidationError({"stage": refusal.message})
    from_stage = locked.stage
    locked.stage, locked.stage_changed_at = stage, timezone.now()
    locked.full_clean()
    locked.save()
    _record_stage(locked, actor=actor, from_stage=from_stage, note=note)
    if stage in RELATIONSHIP_ENDING_STAGES:
        announce_providers_left(
            proposal=locked,
            provider_ids=[p.pk for p in locked.providers.all()],
            reason=str(RELATIONSHIP_ENDING_STAGES[stage]),
        )
    _announce(locked, actor=actor, event_type="project.stage_changed")
    return locked


@transaction.atomic
def add_note(*, proposal: Proposal, actor: User, text: str) -> ProposalNote:
    """A free note by one of the parties or staff; the other parties' people are notified."""
    if not selectors.can_edit_proposal(actor, proposal):
        raise PermissionDenied(_("Only the project's parties and association staff can add notes."))
    note = ProposalNote(proposal=proposal, author=actor, text=text.strip())
    note.full_clean()
    note.save()
    Proposal.objects.filter(pk=proposal.pk).update(updated_at=timezone.now())
    _announce(proposal, actor=actor, event_type="project.note_added", body=note.text)
    return note


@transaction.atomic
def add_key_date(*, proposal: Proposal, actor: User, label: str, date: date) -> ProposalKeyDate:
    """A milestone ("Study report due") by one of the parties or staff."""
    if not selectors.can_edit_proposal(actor, proposal):
        raise PermissionDenied(_("Only the project's parties and association staff can add key dates."))
    key_date = ProposalKeyDate(proposal=proposal, label=label.strip(), date=date, added_by=actor)
    key_date.full_clean()
    key_date.save()
    Proposal.objects.filter(pk=proposal.pk).update(updated_at=timezone.now())
    return key_date
