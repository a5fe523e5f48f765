"""Zipf-weighted sampling for the demo catalogue: `Pool`, the sampler every vocabulary list and
template list is wrapped in, so a few items are very common and many are rare."""

from __future__ import annotations

import bisect
import random
from collections.abc import Sequence
from typing import Any


class Pool:
    """Items sampled with Zipf weights 1/rank**exponent: the first items are common, the last rare."""

    def __init__(self, items: Sequence[Any], exponent: float = 1.0) -> None:
        self.items = tuple(items)
        total, cumulative = 0.0, []
        for rank in range(1, len(self.items) + 1):
            total += 1.0 / rank**exponent
            cumulative.append(total)
        self.cumulative = cumulative
        self.total = total
        self.last = len(self.items) - 1

    def pick(self, rng: random.Random) -> Any:
        # What rng.choices(cum_weights=...) does, without its per-call set-up (this runs ~50 times a row).
        return self.items[min(bisect.bisect(self.cumulative, rng.random() * self.total), self.last)]

    def pick_distinct(self, rng: random.Random, k: int, exclude: Sequence[Any] = ()) -> list[Any]:
        chosen: list[Any] = []
        for _ in range(k * 8):
            if len(chosen) == k:
                break
            item = self.pick(rng)
            if item not in chosen and item not in exclude:
                chosen.append(item)
        return chosen
