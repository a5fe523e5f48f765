"""What `cities` does when other apps announce something without importing it (see `projects.signals`
and `scheduling.signals`)."""

from __future__ import annotations

from typing import Any

from cities.services.activator_sharing import (
    end_activator_shares_on_meetings,
    end_activator_shares_on_proposal,
)
from projects.models import Proposal


def end_shares_with_providers_who_left(
    sender: Any, *, proposal: Proposal, provider_ids: list[int], reason: str, **_: Any
) -> None:
    """A proposal was dropped or done, or providers left it: what the city shared on it ends."""
    end_activator_shares_on_proposal(proposal_id=proposal.pk, provider_ids=provider_ids, reason=reason)


def end_shares_on_meetings_called_off(sender: Any, *, meeting_ids: list[int], reason: str, **_: Any) -> None:
    """Meetings were cancelled, declined or expired: what the city shared on accepting them ends."""
    end_activator_shares_on_meetings(meeting_ids=meeting_ids, reason=reason)
