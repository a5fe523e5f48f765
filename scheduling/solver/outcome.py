"""What a search gives back (`SearchOutcome`): its status and each placed meeting's slot, plus the
lower bound it proved; tables are assigned afterwards."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class SearchOutcome:
    status: str
    slots: dict[int, int]  # meeting position -> slot
    lower_bound: int | None = None
