"""Documents upserted after the fit (`SideDocuments`): sparse vectors in a dict (`SideDoc`), merged
into every search through a small terms x documents CSR rebuilt after each change. Refit to fold
them into the fitted corpus and refresh idf."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Self

import numpy as np
from scipy import sparse

from common.languages import DEFAULT
from matchmaking.ranking.scoring import FloatArray, IntArray, gather_scores


@dataclass(frozen=True, eq=False)  # numpy fields: compared by identity
class SideDoc:
    terms: IntArray  # sorted term ids
    weights: FloatArray  # the document's weight for each term
    feedback: FloatArray  # the same, L1-normalised
    languages: tuple[str, ...] = (DEFAULT,)  # main one first

    @classmethod
    def of(cls, terms: IntArray, weights: FloatArray, languages: tuple[str, ...] = (DEFAULT,)) -> Self:
        total = float(weights.sum())
        return cls(terms, weights, weights / total if total > 0 else weights.copy(), languages)


class SideDocuments:
    """Upserted documents by id, in upsert order."""

    def __init__(self) -> None:
        self._docs: dict[str, SideDoc] = {}
        self._matrix: tuple[list[str], sparse.csr_array] | None = None

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._docs

    def __iter__(self) -> Iterator[str]:
        return iter(self._docs)

    def __getitem__(self, doc_id: str) -> SideDoc:
        return self._docs[doc_id]

    def get(self, doc_id: str) -> SideDoc | None:
        return self._docs.get(doc_id)

    def put(self, doc_id: str, doc: SideDoc) -> None:
        """Add a document (replace it with `remove` first to move it to the end of the order)."""
        self._docs[doc_id] = doc
        self._matrix = None

    def remove(self, doc_id: str) -> None:
        if self._docs.pop(doc_id, None) is not None:
            self._matrix = None

    def scores(self, terms: IntArray, weights: FloatArray, n_terms: int) -> tuple[list[str], FloatArray]:
        """Ids of the upserted documents and their dense scores (`n_terms`: the vocabulary's size)."""
        if not self._docs:
            return [], np.zeros(0)
        ids, matrix = self._state(n_terms)
        return ids, gather_scores(matrix, terms, weights, len(ids))

    def weights_of(self, doc_id: str, terms: IntArray) -> FloatArray:
        """The document's weight for each of `terms` (0 where absent)."""
        doc = self._docs[doc_id]
        result = np.zeros(len(terms), dtype=np.float64)
        if len(doc.terms):
            at = np.minimum(np.searchsorted(doc.terms, terms), len(doc.terms) - 1)
            found = doc.terms[at] == terms
            result[found] = doc.weights[at[found]]
        return result

    def _state(self, n_terms: int) -> tuple[list[str], sparse.csr_array]:
        """Upserted documents as a (terms x side docs) CSR, rebuilt after each change."""
        if self._matrix is None:
            ids = list(self._docs)
            docs = [self._docs[doc_id] for doc_id in ids]
            rows = np.concatenate([doc.terms for doc in docs]) if docs else np.zeros(0, np.int64)
            cols = np.repeat(np.arange(len(docs)), [len(doc.terms) for doc in docs])
            data = np.concatenate([doc.weights for doc in docs]) if docs else np.zeros(0)
            matrix = sparse.coo_array((data, (rows, cols)), shape=(n_terms, len(docs))).tocsr()
            matrix.sort_indices()
            self._matrix = (ids, matrix)
        return self._matrix
