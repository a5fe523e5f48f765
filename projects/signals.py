"""What the project pipeline tells the rest of the product about proposals.

A signal rather than a call because `cities` depends on `projects` (a city's Activator results may
be shared on a proposal, `cities.models.ActivatorResultShare`): `projects` announces that a
relationship ended and does not know who listens (`cities.receivers` ends the shares made on it).
Sent inside the service's transaction, so what a receiver writes commits or rolls back with the change.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.dispatch import Signal

from projects.models import Proposal

# Sent with: proposal (the Proposal), provider_ids (a list of organisation ids that are no longer
# working with the city on it), reason (a sentence for the record, e.g. "The proposal was dropped.").
proposal_providers_left = Signal()


def announce_providers_left(*, proposal: Proposal, provider_ids: Iterable[int], reason: str) -> None:
    """Send `proposal_providers_left` for these providers (nothing when there are none)."""
    ids = sorted(set(provider_ids))
    if ids:
        proposal_providers_left.send(sender=Proposal, proposal=proposal, provider_ids=ids, reason=reason)
