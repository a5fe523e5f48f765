"""What `cities` does when other apps announce something without importing it (see `projects.signals`)."""

from __future__ import annotations

from typing import Any

from cities.services.activator_sharing import end_activator_shares_on_proposal
from projects.models import Proposal


def end_shares_with_providers_who_left(
    sender: Any, *, proposal: Proposal, provider_ids: list[int], reason: str, **_: Any
) -> None:
    """A proposal was dropped or done, or providers left it: what the city shared on it ends."""
    end_activator_shares_on_proposal(proposal_id=proposal.pk, provider_ids=provider_ids, reason=reason)
