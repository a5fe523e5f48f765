"""Pseudo-relevance feedback (Rocchio, `FeedbackModel`): the first pass's top documents' L1-normalised
weight vectors, score-weighted, give the expansion terms. Fitted documents' vectors come from a
documents x terms copy of the weights (`DocumentVectors`), which also scores chosen documents
exactly and cheaply (an `allowed` set, the pruned top-k's survivors: `pruning.PrunedTopK`)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from matchmaking.ranking.config import RankerConfig
from matchmaking.ranking.corpus import FittedCorpus
from matchmaking.ranking.scoring import ColumnArray, FloatArray, IntArray, float_bincount
from matchmaking.ranking.upserts import SideDocuments


class DocumentVectors:
    """Documents x terms: the same float32 weights as the fitted terms x documents matrix."""

    def __init__(self, matrix: sparse.csr_array) -> None:
        forward = matrix.T.tocsr()
        forward.sort_indices()
        forward.indices = forward.indices.astype(np.int32, copy=False)
        forward.data = forward.data.astype(np.float32, copy=False)  # the weights are float32 values
        lengths = np.diff(forward.indptr)
        scale = np.zeros(forward.shape[0], dtype=np.float64)
        if forward.nnz:
            nonempty = lengths > 0
            totals = np.add.reduceat(forward.data.astype(np.float64), forward.indptr[:-1][nonempty])
            scale[nonempty] = 1.0 / totals
        self.matrix = forward
        self.scale = scale  # 1 / L1 norm of each document's weights

    def normalised(self, position: int, share: float) -> tuple[IntArray, FloatArray]:
        """The document's terms and its L1-normalised weights times `share`."""
        forward = self.matrix
        start, end = forward.indptr[position], forward.indptr[position + 1]
        return (
            forward.indices[start:end].astype(np.int64),
            forward.data[start:end] * (share * self.scale[position]),
        )

    def scores(self, terms: IntArray, weights: FloatArray, columns: ColumnArray) -> FloatArray:
        """Exact scores of the fitted `columns` for `terms`, read from the documents' own rows.

        Each document's products are added in term-id order, as `scoring.gather_scores` adds them,
        so the scores are the same to the last bit (scipy's row copy and matvec: about 0.1 us a
        document)."""
        forward = self.matrix
        n_terms = forward.shape[1]
        query = np.zeros(n_terms, dtype=np.float64)
        inside = terms < n_terms
        query[terms[inside]] = weights[inside]
        if not len(columns):
            return np.zeros(0, dtype=np.float64)
        return np.asarray(forward[np.asarray(columns, dtype=np.int32)] @ query, dtype=np.float64)


class FeedbackModel:
    """Query expansion as `config` says, over the fitted corpus's `DocumentVectors` (built on first
    use, or at once when feedback is on by default, so the first search is as fast as the others)."""

    def __init__(self, config: RankerConfig, matrix: sparse.csr_array) -> None:
        self.config = config
        self._matrix = matrix
        self._vectors: DocumentVectors | None = None
        if config.feedback:
            self.vectors()

    def vectors(self) -> DocumentVectors:
        """The documents x terms copy, built now if it was not yet (it doubles the index's memory)."""
        if self._vectors is None:
            self._vectors = DocumentVectors(self._matrix)
        return self._vectors

    @property
    def built_vectors(self) -> DocumentVectors | None:
        """The documents x terms copy if it exists already, else None (never builds it)."""
        return self._vectors

    def expand(
        self,
        terms: IntArray,
        weights: FloatArray,
        top: Sequence[tuple[str, float]],
        *,
        corpus: FittedCorpus,
        side: SideDocuments,
    ) -> tuple[IntArray, FloatArray]:
        """Rocchio: mix the strongest terms of the first pass's `top` (doc_id, score) into the query."""
        config = self.config
        if not top or config.feedback_terms <= 0 or config.feedback_weight <= 0:
            return terms, weights
        best = top[0][1]
        vectors = self.vectors()
        part_terms, part_weights = [], []
        for doc_id, score in top:
            share = score / best if config.feedback_doc_weighting == "score" else 1.0
            position = corpus.position(doc_id)
            if position is not None:
                doc_terms, doc_weights = vectors.normalised(position, share)
            else:
                doc = side[doc_id]
                doc_terms, doc_weights = doc.terms, doc.feedback * share
            part_terms.append(doc_terms)
            part_weights.append(doc_weights)
        unique, inverse = np.unique(np.concatenate(part_terms), return_inverse=True)
        expansion = np.bincount(inverse.reshape(-1), weights=np.concatenate(part_weights))
        strongest = np.lexsort((unique, -expansion))[: config.feedback_terms]
        chosen_terms, chosen_weights = unique[strongest], expansion[strongest]
        total = chosen_weights.sum()
        if total <= 0:
            return terms, weights
        mixed = np.concatenate([terms, chosen_terms])
        mixed_weights = np.concatenate(
            [
                weights * ((1 - config.feedback_weight) / weights.sum()),
                chosen_weights * (config.feedback_weight / total),
            ]
        )
        ids, at = np.unique(mixed, return_inverse=True)
        return ids.astype(np.int64), float_bincount(at.reshape(-1), mixed_weights, len(ids))
