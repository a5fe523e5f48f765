"""A small thread-safe LRU (`TextCache`) for what a query text's analysis yields, keyed by the text
itself (`text_key`): a stored need or solution is analysed once, not on every recommendation or
explanation, and an edited text is a new key, so nothing stale is ever served."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from matchmaking.ranking.analysis import Text

Value = TypeVar("Value")

TEXTS_KEPT = 2_048  # distinct query texts remembered (a stored text is a few kB: a few MB at most)


def text_key(text: Text) -> Hashable:
    """A plain text as itself; (language, text) parts as a tuple of pairs."""
    if isinstance(text, str):
        return text
    return tuple((code, part) for code, part in text)


class TextCache(Generic[Value]):
    """key -> value, the least recently used dropped beyond `size`; `get_or_make` computes a missing
    value outside the lock (two threads may compute the same value once each: harmless)."""

    def __init__(self, size: int = TEXTS_KEPT) -> None:
        self.size = size
        self._values: OrderedDict[Hashable, Value] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._values)

    def get_or_make(self, key: Hashable, make: Callable[[], Value]) -> Value:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = make()
        self.put(key, value)
        return value

    def put(self, key: Hashable, value: Value) -> None:
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
