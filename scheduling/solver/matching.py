"""Hall's condition by bipartite matching: does a set of meetings fit pairwise into its allowed slots
(each slot holding `capacity`)? When not, the witness: meetings with fewer places than members.
Used by the quick checks before the search and to find participants who must take a break.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

# The slots each meeting may take, by meeting position: a list, or a dict for a subset of meetings.
AllowedSlots = Sequence[Sequence[int]] | Mapping[int, Sequence[int]]


def hall_violation(
    positions: Sequence[int], allowed: AllowedSlots, *, capacity: int
) -> tuple[set[int], set[int]] | None:
    """A set of meetings with fewer places (slots x capacity) than members, or None when all fit.

    Max-flow from meetings to slots of `capacity` by augmenting paths; when some meeting stays
    unmatched, the meetings reachable from it by alternating paths and their slots are the witness.
    """
    if capacity <= 0:
        return ({*positions}, set()) if positions else None
    holders: dict[int, list[int]] = defaultdict(list)  # slot -> meetings in it
    slot_of: dict[int, int] = {}
    for root in positions:
        if allowed[root] and _augment(root, allowed, capacity, holders, slot_of):
            continue
        return _reachable(root, allowed, holders)
    return None


def _augment(
    root: int,
    allowed: AllowedSlots,
    capacity: int,
    holders: dict[int, list[int]],
    slot_of: dict[int, int],
) -> bool:
    parent: dict[
        int, tuple[int, int]
    ] = {}  # slot -> (meeting that reaches it, previous slot of that meeting)
    queue = [root]
    seen_meetings = {root}
    while queue:
        meeting = queue.pop(0)
        for slot in allowed[meeting]:
            if slot in parent or slot == slot_of.get(meeting):
                continue
            parent[slot] = (meeting, slot_of.get(meeting, -1))
            if len(holders[slot]) < capacity:
                _flip(slot, parent, holders, slot_of)
                return True
            for holder in holders[slot]:
                if holder not in seen_meetings:
                    seen_meetings.add(holder)
                    queue.append(holder)
    return False


def _flip(
    slot: int, parent: dict[int, tuple[int, int]], holders: dict[int, list[int]], slot_of: dict[int, int]
) -> None:
    while True:
        meeting, previous = parent[slot]
        holders[slot].append(meeting)
        slot_of[meeting] = slot
        if previous < 0:
            return
        holders[previous].remove(meeting)
        slot = previous


def _reachable(root: int, allowed: AllowedSlots, holders: dict[int, list[int]]) -> tuple[set[int], set[int]]:
    meetings, slots = {root}, set()
    queue = [root]
    while queue:
        meeting = queue.pop(0)
        for slot in allowed[meeting]:
            if slot in slots:
                continue
            slots.add(slot)
            for holder in holders[slot]:
                if holder not in meetings:
                    meetings.add(holder)
                    queue.append(holder)
    return meetings, slots
