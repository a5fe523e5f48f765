"""The fitted corpus (`FittedCorpus`): the documents of the last fit as a weighted terms x documents
CSR matrix (float32 weights held as float64; its rows as `scoring.Postings`), their ids, positions
and languages, and tombstones for fitted documents removed since."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy import sparse

from common.languages import DEFAULT
from matchmaking.ranking.scoring import ColumnArray, FloatArray, IntArray, Postings, best_columns


class FittedCorpus:
    """Fitted documents: `matrix` is (n_terms, n_docs) CSR with sorted int32 column indices."""

    def __init__(
        self,
        *,
        ids: list[str],
        matrix: sparse.csr_array,
        avgdl: float,
        languages: list[tuple[str, ...]] | None = None,
    ) -> None:
        self.ids = ids
        # Each document's languages, main one first (English where they were not detected).
        self.languages = languages if languages is not None else [(DEFAULT,)] * len(ids)
        matrix.indices = matrix.indices.astype(np.int32, copy=False)
        # The float32 weights held as float64 (exactly the same values): the scoring kernel adds
        # them without converting a copy per query (`scoring.Postings`); saved as float32.
        matrix.data = matrix.data.astype(np.float64, copy=False)
        self.matrix = matrix
        self.postings = Postings(matrix)  # the rows as posting lists, for whole-corpus scores
        self.n_terms: int = matrix.shape[0]
        self.avgdl = avgdl
        self.dead = np.zeros(len(ids), dtype=bool)
        self._positions = {doc_id: pos for pos, doc_id in enumerate(ids)}

    def __len__(self) -> int:
        """Live (not removed) fitted documents."""
        return len(self._positions)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._positions

    def position(self, doc_id: str) -> int | None:
        """The column of a live fitted document, None when it is not one."""
        return self._positions.get(doc_id)

    def live_ids(self) -> list[str]:
        """Live doc ids in fit order."""
        return [doc_id for doc_id in self.ids if doc_id in self._positions]

    def remove(self, doc_id: str) -> None:
        """Tombstone a fitted document; nothing happens for an id that is not a live fitted one."""
        position = self._positions.pop(doc_id, None)
        if position is not None:
            self.dead[position] = True

    def remove_at(self, position: int) -> None:
        """Tombstone the fitted column `position` (restoring a saved index's removals)."""
        self.dead[position] = True
        self._positions.pop(self.ids[position], None)

    def scores(self, terms: IntArray, weights: FloatArray) -> FloatArray:
        """Dense scores over every fitted column (0 for removed documents)."""
        scores = self.postings.scores(terms, weights)
        scores[self.dead] = 0.0
        return scores

    def top(
        self, terms: IntArray, weights: FloatArray, k: int, excluded: npt.NDArray[np.bool_] | None
    ) -> tuple[ColumnArray, FloatArray]:
        """Columns of the k best not excluded documents (and of all tied with the k-th), with their scores."""
        return best_columns(self.postings.scores(terms, weights), k, excluded)

    def lookup(self, terms: IntArray, weights: FloatArray, columns: ColumnArray) -> FloatArray:
        """Exact scores of the fitted `columns` (sorted int32), by binary search in each term's row."""
        result = np.zeros(len(columns), dtype=np.float64)
        if not len(columns):
            return result
        matrix = self.matrix
        for term, weight in zip(terms.tolist(), weights.tolist(), strict=True):
            if term >= self.n_terms:
                continue
            start, end = int(matrix.indptr[term]), int(matrix.indptr[term + 1])
            if end == start:
                continue
            row = matrix.indices[start:end]
            at = np.minimum(np.searchsorted(row, columns), end - start - 1)
            hit = row[at] == columns
            result[hit] += matrix.data[start + at[hit]].astype(np.float64) * weight
        return result

    def weights_of(self, position: int, terms: IntArray) -> FloatArray:
        """The document at `position`'s weight for each of `terms` (0 where absent)."""
        column = np.array([position], dtype=np.int32)
        return np.array([self.lookup(terms[i : i + 1], np.ones(1), column)[0] for i in range(len(terms))])
