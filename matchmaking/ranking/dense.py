"""The dense (meaning) signal: texts as unit vectors of a multilingual sentence encoder, compared by
cosine. Pure: plain data in, plain data out; the encoder is passed in (`matchmaking.vectors` supplies
the real one and its persistent cache), so tests and the evaluation can count or cache its calls.

* `passages(text)`: a text cut into passages (sentences, packed up to `PASSAGE_WORDS` words), the
  units that are encoded and cached one by one; a document's vector is the normalised mean of its
  passages' vectors (`mean_vector`), or one vector of the whole text, as `DenseMode` says.
* `DenseIndex`: doc id -> vector, upsert and remove at once, the nearest documents to a query vector
  and the cosines of chosen documents.

Speed at 100,000 documents (issue 17: a stored need's recommendations in < 20 ms): the vectors are
one contiguous float32 matrix, changed in place (an edit costs one row, not a copy of the matrix);
products run on one BLAS thread (a request is one thread among the server's; numpy's default of one
BLAS thread per core made small products slower under load, not faster); and from
`APPROXIMATE_FROM` live documents on, `nearest` ranks all rows in a PCA-reduced space
(`REDUCED_DIMENSIONS`, an eighth of the bytes) and re-scores a shortlist exactly. Its recall against
exact search is measured by `bench/ranking.py --vectors` and printed there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Literal, TypeVar

import numpy as np
import numpy.typing as npt
from threadpoolctl import ThreadpoolController

Vectors = npt.NDArray[np.float32]  # (n, dim), rows of unit length
# texts -> one unit vector per text, shape (len(texts), dim)
Encode = Callable[[Sequence[str]], Vectors]
DenseMode = Literal["whole", "passages"]
Row = TypeVar("Row", bound=np.generic)

# From this many live documents on, `nearest` is approximate: below it an exact product is already
# a few milliseconds.
APPROXIMATE_FROM = 20_000
# The reduced space of the first pass, and the share of it: the rows ranked first there that are
# re-scored exactly (at least `SHORTLIST_MIN`, and `SHORTLIST_PER_RESULT` per result asked for).
REDUCED_DIMENSIONS = 64
SHORTLIST_MIN = 2_000
SHORTLIST_PER_RESULT = 20
PCA_SAMPLE = 20_000  # rows the reduced basis is fitted on (a fixed-seed sample)
GROWTH = 0.25  # spare rows added when the matrix is full, as a share of its size (amortised O(1))
MIN_GROWTH = 1_024

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


_blas: ThreadpoolController | None = None


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Products inside run on one BLAS thread (the controller is found once per process)."""
    global _blas  # noqa: PLW0603 -- one controller per process, found lazily
    if _blas is None:
        _blas = ThreadpoolController()
    with _blas.limit(limits=1, user_api="blas"):
        yield


class ReducedSpace:
    """A PCA basis of the vectors: `rows(x)` and `query(q)` give reduced coordinates whose dot
    product ranks rows as `x @ q` does, up to what the dropped dimensions carried."""

    def __init__(self, mean: Vectors, basis: Vectors) -> None:
        self.mean = mean  # (dim,)
        self.basis = basis  # (dim, reduced), orthonormal columns

    @classmethod
    def fit(cls, vectors: Vectors, *, dimensions: int = REDUCED_DIMENSIONS) -> ReducedSpace:
        rng = np.random.default_rng(0)
        sample = vectors if len(vectors) <= PCA_SAMPLE else vectors[rng.choice(len(vectors), PCA_SAMPLE)]
        sample = sample.astype(np.float64)
        mean = sample.mean(axis=0)
        centred = sample - mean
        _, eigenvectors = np.linalg.eigh(centred.T @ centred)  # ascending eigenvalues
        basis = eigenvectors[:, ::-1][:, :dimensions]
        return cls(mean.astype(np.float32), np.ascontiguousarray(basis, dtype=np.float32))

    def rows(self, vectors: Vectors) -> Vectors:
        # q . x = q . mean + q . (x - mean): the first term is the same for every row.
        return np.ascontiguousarray((vectors - self.mean) @ self.basis, dtype=np.float32)

    def query(self, query: Vectors) -> Vectors:
        return np.asarray(query @ self.basis, dtype=np.float32)


class DenseIndex:
    """Unit vectors by doc id; nearest documents and cosines for a query vector.

    Not thread-safe for writes (callers serialise upsert/remove against each other); a search
    running during a write sees each row either before or after it.
    """

    def __init__(
        self,
        vectors: Mapping[str, npt.NDArray[np.float32]] | None = None,
        *,
        dim: int = 0,
        approximate_from: int = APPROXIMATE_FROM,
    ) -> None:
        self.dim = dim
        self.approximate_from = approximate_from
        self._ids: list[str] = []  # slot -> doc id (a removed document keeps its slot)
        self._position: dict[str, int] = {}
        self._matrix: Vectors = np.zeros((0, dim), np.float32)  # (capacity, dim); rows past _size unused
        self._live: npt.NDArray[np.bool_] = np.zeros(0, bool)
        self._live_count = 0
        self._prefix_slots: dict[str, npt.NDArray[np.bool_]] = {}  # prefix -> slots whose id has it
        self._space: ReducedSpace | None = None
        self._reduced: Vectors | None = None  # (capacity, REDUCED_DIMENSIONS) once fitted
        if vectors:
            ids = list(vectors)
            self._bulk_load(ids, np.vstack([self._row(vectors[doc_id]) for doc_id in ids]))

    @classmethod
    def of_matrix(
        cls,
        ids: Sequence[str],
        matrix: npt.NDArray[np.floating],
        *,
        copy: bool = True,
        approximate_from: int = APPROXIMATE_FROM,
    ) -> DenseIndex:
        """An index of `ids` whose vectors are `matrix`'s rows (distinct ids), built in one step.
        `copy=False` lets the index own a float32 matrix nobody else holds (no second copy)."""
        array = np.array(matrix, dtype=np.float32, order="C", copy=True if copy else None)
        index = cls(dim=array.shape[1] if array.ndim == 2 else 0, approximate_from=approximate_from)
        if len(ids):
            index._bulk_load(list(ids), array)
        return index

    def _bulk_load(self, ids: list[str], matrix: Vectors) -> None:
        if len(set(ids)) != len(ids):
            raise ValueError("duplicate doc ids")
        if self.dim == 0:
            self.dim = matrix.shape[1]
        self._ids = ids
        self._position = {doc_id: slot for slot, doc_id in enumerate(ids)}
        self._matrix = matrix
        self._live = np.ones(len(ids), bool)
        self._live_count = len(ids)

    def __len__(self) -> int:
        return self._live_count

    def __contains__(self, doc_id: object) -> bool:
        slot = self._position.get(doc_id) if isinstance(doc_id, str) else None
        return slot is not None and bool(self._live[slot])

    @property
    def approximate(self) -> bool:
        """Whether `nearest` ranks through the reduced space (from `approximate_from` live documents)."""
        return self._live_count >= self.approximate_from

    # --- Writing -------------------------------------------------------------------------------

    def _row(self, vector: npt.NDArray[np.floating]) -> Vectors:
        row = np.asarray(vector, dtype=np.float32).reshape(-1)
        if self.dim == 0:
            self.dim = len(row)
            self._matrix = np.zeros((0, self.dim), np.float32)
        if len(row) != self.dim:  # a blank text: no meaning to compare
            return np.zeros(self.dim, dtype=np.float32)
        return row

    def upsert(self, doc_id: str, vector: npt.NDArray[np.float32]) -> None:
        """Add or replace a document's vector, effective at once (one row written in place)."""
        row = self._row(vector)
        slot = self._position.get(doc_id)
        if slot is None:
            slot = len(self._ids)
            if slot == len(self._matrix):
                self._grow()
            self._ids.append(doc_id)
            self._position[doc_id] = slot
            for prefix, slots in self._prefix_slots.items():
                slots[slot] = doc_id.startswith(prefix)
        if not self._live[slot]:
            self._live_count += 1
        self._matrix[slot] = row
        if self._reduced is not None and self._space is not None:
            self._reduced[slot] = self._space.rows(row[np.newaxis])[0]
        self._live[slot] = True

    def remove(self, doc_id: str) -> None:
        slot = self._position.get(doc_id)
        if slot is not None and self._live[slot]:
            self._live[slot] = False
            self._live_count -= 1
            self._matrix[slot] = 0.0

    def _grow(self) -> None:
        """Room for more rows: GROWTH more (at least MIN_GROWTH), so appends cost O(1) amortised."""
        capacity = len(self._matrix) + max(MIN_GROWTH, int(len(self._matrix) * GROWTH))
        self._matrix = _resized(self._matrix, capacity)
        self._live = _resized(self._live, capacity)
        self._prefix_slots = {
            prefix: _resized(slots, capacity) for prefix, slots in self._prefix_slots.items()
        }
        if self._reduced is not None:
            self._reduced = _resized(self._reduced, capacity)

    # --- Reading -------------------------------------------------------------------------------

    def vector_of(self, doc_id: str) -> npt.NDArray[np.float32]:
        """A live document's vector (a copy); KeyError for other ids."""
        if doc_id not in self:
            raise KeyError(doc_id)
        return self._matrix[self._position[doc_id]].copy()

    def matrix(self) -> Vectors:
        """All slots' vectors as one (slots, dim) matrix (a view; removed slots are zero rows)."""
        return self._matrix[: len(self._ids)]

    def items(self) -> Iterable[tuple[str, npt.NDArray[np.float32]]]:
        return ((doc_id, self._matrix[p]) for doc_id, p in self._position.items() if self._live[p])

    def export(self) -> tuple[list[str], Vectors]:
        """The live documents' ids and their vectors as one matrix (a copy), to save them."""
        slots = np.flatnonzero(self._live[: len(self._ids)])
        return [self._ids[slot] for slot in slots.tolist()], self._matrix[slots]

    def scores(self, query: npt.NDArray[np.float32]) -> dict[str, float]:
        """Cosine of `query` (a unit vector) with every live document, by doc id."""
        ids, cosines = self.cosines(query)
        return (
            {doc_id: float(cosines[p]) for doc_id, p in self._position.items() if self._live[p]}
            if ids
            else {}
        )

    def cosines(self, query: npt.NDArray[np.float32]) -> tuple[list[str], npt.NDArray[np.float32]]:
        """Every slot's id and cosine (removed slots score -inf), for callers that rank many."""
        if not self._ids or query.size == 0:
            return [], np.zeros(0, dtype=np.float32)
        size = len(self._ids)
        with one_blas_thread():
            cosines = self._matrix[:size] @ np.asarray(query, dtype=np.float32)
        cosines[~self._live[:size]] = -np.inf
        return self._ids[:size], cosines

    def cosines_of(self, query: npt.NDArray[np.float32], doc_ids: Iterable[str]) -> dict[str, float]:
        """The exact cosine of `query` with each of `doc_ids` that is live (the dense scores of a
        caller's candidates, e.g. the lexical matches)."""
        if query.size == 0:
            return {}
        chosen = [(doc_id, slot) for doc_id in doc_ids if (slot := self._position.get(doc_id)) is not None]
        chosen = [(doc_id, slot) for doc_id, slot in chosen if self._live[slot]]
        if not chosen:
            return {}
        with one_blas_thread():
            cosines = self._matrix[[slot for _, slot in chosen]] @ np.asarray(query, dtype=np.float32)
        return {doc_id: float(c) for (doc_id, _), c in zip(chosen, cosines.tolist(), strict=True)}

    def nearest(
        self, query: npt.NDArray[np.float32], *, k: int, prefix: str = "", exact: bool = False
    ) -> dict[str, float]:
        """The `k` live documents whose id starts with `prefix` nearest to `query`: id -> exact cosine.

        From `APPROXIMATE_FROM` live documents on (unless `exact`), candidates are the rows ranked
        best in the reduced space, re-scored exactly; a true neighbour missing from that shortlist
        is the approximation's only error (its recall is measured by `bench/ranking.py`).
        """
        size = len(self._ids)
        if size == 0 or query.size == 0 or k <= 0:
            return {}
        query = np.asarray(query, dtype=np.float32)
        wanted = self._wanted(prefix, size)
        count = self._live_count if wanted is None else int(np.count_nonzero(wanted))
        k = min(k, count)
        if k == 0:
            return {}
        matrix = self._matrix  # one reference: a concurrent growth swaps the attribute, not this array
        shortlist = max(SHORTLIST_MIN, SHORTLIST_PER_RESULT * k)
        with one_blas_thread():
            if exact or not self.approximate or shortlist >= count:
                cosines = matrix[:size] @ query
                slots = _top(cosines, wanted, k)
                values = cosines[slots]
            else:
                space, reduced = self._reduced_space()
                rough = reduced[:size] @ space.query(query)
                candidates = _top(rough, wanted, shortlist)
                exact_cosines = matrix[candidates] @ query
                best = np.argpartition(-exact_cosines, k - 1)[:k]
                slots, values = candidates[best], exact_cosines[best]
        ids = self._ids
        return {ids[slot]: float(value) for slot, value in zip(slots.tolist(), values.tolist(), strict=True)}

    def prepare(self) -> None:
        """Fit the reduced space now if `nearest` will use it (else the first search fits it)."""
        if self.approximate:
            self._reduced_space()

    def _reduced_space(self) -> tuple[ReducedSpace, Vectors]:
        """The reduced space and every slot's reduced row, fitted on first need and kept current by
        upserts (the basis stays that of the first fit until the index is rebuilt)."""
        if self._space is None or self._reduced is None:
            size = len(self._ids)
            live = self._matrix[:size][self._live[:size]]
            space = ReducedSpace.fit(live)
            reduced = np.zeros((len(self._matrix), space.basis.shape[1]), np.float32)
            with one_blas_thread():
                for start in range(0, size, 8192):  # bounded temporaries
                    reduced[start : start + 8192] = space.rows(self._matrix[start : min(size, start + 8192)])
            self._space, self._reduced = space, reduced
        return self._space, self._reduced

    def _wanted(self, prefix: str, size: int) -> npt.NDArray[np.bool_] | None:
        """Live slots whose id starts with `prefix`, or None when that is every slot."""
        if prefix:
            slots = self._prefix_slots.get(prefix)
            if slots is None:
                slots = np.zeros(len(self._matrix), bool)
                slots[:size] = [doc_id.startswith(prefix) for doc_id in self._ids]
                self._prefix_slots[prefix] = slots
            if self._live_count < size or not slots[:size].all():
                return slots[:size] & self._live[:size]
            return None
        return None if self._live_count == size else self._live[:size].copy()


def _top(scores: Vectors, wanted: npt.NDArray[np.bool_] | None, k: int) -> npt.NDArray[np.intp]:
    """The slots of the `k` best `scores` among `wanted` (all when None), in no particular order;
    `k` is at most the number wanted."""
    if wanted is not None:
        scores = np.where(wanted, scores, -np.inf)
    if k >= len(scores):
        return np.arange(len(scores))[np.isfinite(scores)]
    return np.argpartition(scores, len(scores) - k)[len(scores) - k :]  # no negated copy


def _resized(array: npt.NDArray[Row], rows: int) -> npt.NDArray[Row]:
    grown = np.zeros((rows, *array.shape[1:]), array.dtype)
    grown[: len(array)] = array
    return grown
