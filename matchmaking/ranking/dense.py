"""The dense (meaning) signal: texts as unit vectors of a multilingual sentence encoder, compared by
cosine. Pure: plain data in, plain data out; the encoder is passed in (`matchmaking.vectors` supplies
the real one and its persistent cache), so tests and the evaluation can count or cache its calls.

* `passages(text)`: a text cut into passages (sentences, packed up to `PASSAGE_WORDS` words), the
  units that are encoded and cached one by one; a document's vector is the normalised mean of its
  passages' vectors (`mean_vector`), or one vector of the whole text, as `DenseMode` says.
* `DenseIndex`: doc id -> vector, upsert and remove at once, cosine scores of every live document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]  # (n, dim), rows of unit length
# texts -> one unit vector per text, shape (len(texts), dim)
Encode = Callable[[Sequence[str]], Vectors]
DenseMode = Literal["whole", "passages"]

PASSAGE_WORDS = 60  # sentences are packed into passages of at most this many words
# A sentence ends at . ! ? or their CJK/Arabic forms followed by space, or at a line break.
SENTENCE_END = re.compile(r"(?<=[.!?\u3002\uff01\uff1f\u061f])\s+|\n+")


def passages(text: str, *, max_words: int = PASSAGE_WORDS) -> list[str]:
    """`text` cut into sentences packed into passages of at most `max_words` words (a longer sentence
    is a passage of its own); [] for a blank text."""
    result: list[str] = []
    current: list[str] = []
    count = 0
    for sentence in (part.strip() for part in SENTENCE_END.split(text)):
        if not sentence:
            continue
        words = len(sentence.split())
        if current and count + words > max_words:
            result.append(" ".join(current))
            current, count = [], 0
        current.append(sentence)
        count += words
    if current:
        result.append(" ".join(current))
    return result


def unit(vectors: npt.NDArray[np.floating]) -> Vectors:
    """Rows scaled to unit length (zero rows stay zero), as float32."""
    array = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(array, axis=-1, keepdims=True)
    return np.divide(array, norms, out=np.zeros_like(array), where=norms > 0)


def mean_vector(vectors: Vectors) -> Vectors:
    """The unit-length mean of a text's passage vectors (a zero vector when there are none)."""
    if len(vectors) == 0:
        return np.zeros(0, dtype=np.float32)
    return unit(vectors.mean(axis=0))


def text_units(text: str, mode: DenseMode) -> list[str]:
    """What gets encoded for `text`: its passages, or the whole text as one unit."""
    if mode == "passages":
        return passages(text)
    stripped = text.strip()
    return [stripped] if stripped else []


def embed_texts(texts: Sequence[str], encode: Encode, *, mode: DenseMode) -> Vectors:
    """One unit vector per text (zero for a blank text); `encode` is called once, on the distinct units."""
    units_of = [text_units(text, mode) for text in texts]
    distinct = list(dict.fromkeys(unit_text for units in units_of for unit_text in units))
    encoded = encode(distinct) if distinct else np.zeros((0, 0), dtype=np.float32)
    position = {unit_text: i for i, unit_text in enumerate(distinct)}
    dim = encoded.shape[1] if distinct else 0
    result = np.zeros((len(texts), dim), dtype=np.float32)
    for row, units in enumerate(units_of):
        if units:
            result[row] = mean_vector(encoded[[position[u] for u in units]])
    return result


class DenseIndex:
    """Unit vectors by doc id; cosine scores for a query vector. Not thread-safe for writes."""

    def __init__(self, vectors: Mapping[str, npt.NDArray[np.float32]] | None = None, *, dim: int = 0) -> None:
        self._ids: list[str] = []
        self._position: dict[str, int] = {}
        self._rows: list[npt.NDArray[np.float32]] = []
        self._live: list[bool] = []
        self._matrix: Vectors | None = None
        self._prefix_rows: dict[str, npt.NDArray[np.int64]] = {}
        self.dim = dim
        for doc_id, vector in (vectors or {}).items():
            self.upsert(doc_id, vector)

    def __len__(self) -> int:
        return sum(self._live)

    def __contains__(self, doc_id: object) -> bool:
        position = self._position.get(doc_id) if isinstance(doc_id, str) else None
        return position is not None and self._live[position]

    def upsert(self, doc_id: str, vector: npt.NDArray[np.float32]) -> None:
        """Add or replace a document's vector, effective at once."""
        row = np.asarray(vector, dtype=np.float32).reshape(-1)
        if self.dim == 0:
            self.dim = len(row)
        if len(row) != self.dim:  # a blank text: no meaning to compare
            row = np.zeros(self.dim, dtype=np.float32)
        position = self._position.get(doc_id)
        if position is None:
            self._position[doc_id] = len(self._ids)
            self._ids.append(doc_id)
            self._rows.append(row)
            self._live.append(True)
        else:
            self._rows[position] = row
            self._live[position] = True
        self._matrix = None
        self._prefix_rows = {}

    def remove(self, doc_id: str) -> None:
        position = self._position.get(doc_id)
        if position is not None and self._live[position]:
            self._live[position] = False
            self._rows[position] = np.zeros(self.dim, dtype=np.float32)
            self._matrix = None
            self._prefix_rows = {}

    def vector_of(self, doc_id: str) -> npt.NDArray[np.float32]:
        """A live document's vector; KeyError for other ids."""
        if doc_id not in self:
            raise KeyError(doc_id)
        return self._rows[self._position[doc_id]]

    def scores(self, query: npt.NDArray[np.float32]) -> dict[str, float]:
        """Cosine of `query` (a unit vector) with every live document, by doc id."""
        if not self._ids or query.size == 0:
            return {}
        cosines = self.matrix() @ np.asarray(query, dtype=np.float32)
        return {doc_id: float(cosines[p]) for doc_id, p in self._position.items() if self._live[p]}

    def cosines(self, query: npt.NDArray[np.float32]) -> tuple[list[str], npt.NDArray[np.float32]]:
        """Every slot's id and cosine (removed slots score -inf), for callers that rank many."""
        if not self._ids or query.size == 0:
            return [], np.zeros(0, dtype=np.float32)
        cosines = self.matrix() @ np.asarray(query, dtype=np.float32)
        dead = ~np.array(self._live, dtype=bool)
        cosines[dead] = -np.inf
        return self._ids, cosines

    def nearest(self, query: npt.NDArray[np.float32], *, k: int, prefix: str = "") -> dict[str, float]:
        """The `k` live documents whose id starts with `prefix` nearest to `query`: id -> cosine."""
        if not self._ids or query.size == 0 or k <= 0:
            return {}
        rows = self._rows_with(prefix)
        if len(rows) == 0:
            return {}
        matrix = self.matrix()
        cosines = (matrix if len(rows) == len(self._ids) else matrix[rows]) @ np.asarray(query, np.float32)
        k = min(k, len(rows))
        top = np.argpartition(-cosines, k - 1)[:k]
        return {self._ids[rows[p]]: float(cosines[p]) for p in top.tolist()}

    def _rows_with(self, prefix: str) -> npt.NDArray[np.int64]:
        """Live slots whose id starts with `prefix` (cached until the next change)."""
        rows = self._prefix_rows.get(prefix)
        if rows is None:
            rows = np.array(
                [p for p, doc_id in enumerate(self._ids) if self._live[p] and doc_id.startswith(prefix)],
                dtype=np.int64,
            )
            self._prefix_rows[prefix] = rows
        return rows

    def matrix(self) -> Vectors:
        """All slots' vectors as one (n, dim) matrix, rebuilt after a change."""
        if self._matrix is None:
            self._matrix = np.vstack(self._rows) if self._rows else np.zeros((0, self.dim), np.float32)
        return self._matrix

    def items(self) -> Iterable[tuple[str, npt.NDArray[np.float32]]]:
        return ((doc_id, self._rows[p]) for doc_id, p in self._position.items() if self._live[p])
