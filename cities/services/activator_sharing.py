"""Writes of who may see a city's Activator results: the city shares them with a provider, revokes
a share, and shares made on a proposal or a meeting end with it.

Every share is the city's own act (`cities.selectors.can_share_activator_results`): its people
share from the Activator's sharing page or on a proposal with the provider; staff and providers
cannot share for it. Shares are never deleted, only ended, so the page can say who saw the results
when. A share made on a proposal ends when the proposal is dropped or done or the provider is taken
off it (`cities.receivers`, on `projects.signals.proposal_providers_left`). A city person who
accepts a meeting a provider asked for may share on it (`accept_meeting_sharing_activator_results`,
the meeting page's checkbox); that share ends when the meeting is cancelled, declined or expires
(`scheduling.signals.meetings_called_off`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Category
from accounts.models import Organisation, User
from cities.enums import ActivatorShareSource
from cities.models import ActivatorResultShare
from cities.selectors import activator_share_offer, active_activator_shares, can_share_activator_results
from projects.enums import OPEN_STAGES
from projects.models import Proposal
from scheduling.enums import MeetingStatus
from scheduling.models import Meeting
from scheduling.services.meetings import accept_meeting


def _lock_city(city: Organisation) -> Organisation:
    # Two people of the city sharing with the same provider at once: the second waits and finds
    # the first's share, instead of failing on the unique constraint.
    return Organisation.objects.select_for_update().get(pk=city.pk)


def _check_provider(provider: Organisation) -> None:
    if provider.category != Category.CORPORATION:
        raise ValidationError({"provider": _("Results are shared with corporate members (providers).")})


@transaction.atomic
def share_activator_results(
    *, actor: User, city: Organisation, provider: Organisation
) -> ActivatorResultShare:
    """The city lets `provider` see its Activator results until it revokes the share. Only the
    city's own people (403 otherwise). Sharing again while a direct share is active returns it."""
    if not can_share_activator_results(actor, city):
        raise PermissionDenied(_("Only the city's own people share its Activator results."))
    _check_provider(provider)
    _lock_city(city)
    existing = active_activator_shares().filter(city=city, provider=provider, proposal__isnull=True).first()
    if existing is not None:
        return existing
    share = ActivatorResultShare(
        city=city, provider=provider, source=ActivatorShareSource.SHARED, created_by=actor
    )
    share.full_clean()
    share.save()
    return share


@transaction.atomic
def share_activator_results_on_proposal(
    *, actor: User, proposal: Proposal, providers: Iterable[Organisation] | None = None
) -> list[ActivatorResultShare]:
    """The city shares its results with the providers on an open proposal (default: all of them);
    each share ends with the proposal (dropped or done) or when the provider leaves it. Only the
    proposal's city's own people (403 otherwise); a provider not on the proposal is a 400. Returns
    the active share of each chosen provider on it (those already shared with included)."""
    city = proposal.city
    if not can_share_activator_results(actor, city):
        raise PermissionDenied(_("Only the city's own people share its Activator results."))
    locked = Proposal.objects.select_for_update(of=("self",)).get(pk=proposal.pk)
    if locked.stage not in OPEN_STAGES:
        raise ValidationError({"proposal": _("Results are shared on a proposal that is still open.")})
    on_it = {p.pk: p for p in locked.providers.all()}
    chosen = list(on_it.values()) if providers is None else list(providers)
    if not chosen or any(p.pk not in on_it for p in chosen):
        raise ValidationError({"providers": _("Choose providers that are on this proposal.")})
    _lock_city(city)
    already = {
        share.provider_id: share
        for share in active_activator_shares().filter(
            city=city, proposal=locked, provider_id__in=[p.pk for p in chosen]
        )
    }
    shares = []
    for provider in chosen:
        share = already.get(provider.pk) or ActivatorResultShare(
            city=city,
            provider=provider,
            source=ActivatorShareSource.PROPOSAL,
            proposal=locked,
            created_by=actor,
        )
        if share.pk is None:
            share.full_clean()
            share.save()
        shares.append(share)
    return shares


@transaction.atomic
def revoke_activator_share(*, actor: User, share: ActivatorResultShare) -> ActivatorResultShare:
    """The city stops sharing: the provider loses access at once. Only the city's own people (403);
    revoking an ended share changes nothing."""
    if not can_share_activator_results(actor, share.city):
        raise PermissionDenied(_("Only the city's own people revoke what it shares."))
    locked = ActivatorResultShare.objects.select_for_update().get(pk=share.pk)
    if locked.ended_at is None:
        locked.ended_at, locked.ended_by = timezone.now(), actor
        locked.end_reason = _("Revoked by the city.")
        locked.save(update_fields=["ended_at", "ended_by", "end_reason"])
    return locked


def end_activator_shares_on_proposal(*, proposal_id: int, provider_ids: Iterable[int], reason: str) -> int:
    """End the active shares made on a proposal with these providers (the relationship ended).
    One UPDATE; runs in the caller's transaction. Returns how many ended."""
    return (
        active_activator_shares()
        .filter(proposal_id=proposal_id, provider_id__in=list(provider_ids))
        .update(ended_at=timezone.now(), end_reason=reason[:200])
    )


@transaction.atomic
def share_activator_results_on_meeting(*, actor: User, meeting: Meeting) -> ActivatorResultShare:
    """The city shares its results with the provider on the other side of a confirmed meeting; the
    share ends when the meeting is cancelled, declined or expires (`cities.receivers`). Only the
    city's own people, on a meeting of their city with a provider (403 otherwise); a meeting that is
    not confirmed is a 400. Sharing again on the same meeting returns the active share."""
    locked = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    offer = activator_share_offer(actor, locked)
    if offer is None:
        raise PermissionDenied(
            _("Only the city's own people share its Activator results, with a provider they meet.")
        )
    city, provider = offer
    if locked.status != MeetingStatus.CONFIRMED:
        raise ValidationError({"meeting": _("Results are shared on a confirmed meeting.")})
    _lock_city(city)
    existing = active_activator_shares().filter(city=city, provider=provider, meeting=locked).first()
    if existing is not None:
        return existing
    share = ActivatorResultShare(
        city=city, provider=provider, source=ActivatorShareSource.MEETING, meeting=locked, created_by=actor
    )
    share.full_clean()
    share.save()
    return share


@transaction.atomic
def accept_meeting_sharing_activator_results(
    *, meeting: Meeting, actor: User, proposal_start: datetime | None = None
) -> Meeting:
    """Accept a meeting (`scheduling.services.meetings.accept_meeting`) and, in the same transaction,
    share the city's Activator results with the provider on it: both happen or neither. The check
    comes first, so a person who may not share gets a 403 without accepting."""
    if activator_share_offer(actor, meeting) is None:
        raise PermissionDenied(
            _("Only the city's own people share its Activator results, with a provider they meet.")
        )
    accepted = accept_meeting(meeting=meeting, actor=actor, proposal_start=proposal_start)
    share_activator_results_on_meeting(actor=actor, meeting=accepted)
    return accepted


def end_activator_shares_on_meetings(*, meeting_ids: Iterable[int], reason: str) -> int:
    """End the active shares made on these meetings (they were called off). One UPDATE; runs in the
    caller's transaction. Returns how many ended."""
    return (
        active_activator_shares()
        .filter(meeting_id__in=list(meeting_ids))
        .update(ended_at=timezone.now(), end_reason=reason[:200])
    )
