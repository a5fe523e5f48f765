"""Pseudo-relevance feedback (Rocchio): the first pass's top documents' L1-normalised weight
vectors, score-weighted, give the expansion terms (`_FeedbackMixin._expand`). It reads documents'
own vectors from a documents x terms copy of the weights (`_forward_matrix`), which also scores a
few chosen documents cheaply (`_forward_scores`). Mixed into `RankingIndex`."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from matchmaking.ranking.scoring import ColumnArray, FloatArray, IntArray, _float_bincount


class _FeedbackMixin:
    """`RankingIndex`'s query expansion and its documents x terms copy (`_forward`, `_forward_scale`)."""

    def _expand(self, terms: IntArray, weights: FloatArray) -> tuple[IntArray, FloatArray]:
        """Rocchio feedback: mix the strongest terms of the first pass's top documents into the query."""
        config = self.config
        top = self._top_k(terms, weights, k=config.feedback_docs, allowed=None)
        if not top or config.feedback_terms <= 0 or config.feedback_weight <= 0:
            return terms, weights
        best = top[0][1]
        forward = self._forward_matrix()
        part_terms, part_weights = [], []
        for doc_id, score in top:
            share = score / best if config.feedback_doc_weighting == "score" else 1.0
            position = self._fit_pos.get(doc_id)
            if position is not None:
                start, end = forward.indptr[position], forward.indptr[position + 1]
                part_terms.append(forward.indices[start:end].astype(np.int64))
                part_weights.append(forward.data[start:end] * (share * self._forward_scale[position]))
            else:
                doc = self._side_docs[doc_id]
                part_terms.append(doc.terms)
                part_weights.append(doc.feedback * share)
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
        return ids.astype(np.int64), _float_bincount(at.reshape(-1), mixed_weights, len(ids))

    def _forward_matrix(self) -> sparse.csr_array:
        """Documents x terms (the same float32 weights): feedback vectors and scoring of few documents."""
        if self._forward is None:
            forward = self._matrix.T.tocsr()
            forward.sort_indices()
            forward.indices = forward.indices.astype(np.int32, copy=False)
            lengths = np.diff(forward.indptr)
            scale = np.zeros(forward.shape[0], dtype=np.float64)
            if forward.nnz:
                nonempty = lengths > 0
                totals = np.add.reduceat(forward.data.astype(np.float64), forward.indptr[:-1][nonempty])
                scale[nonempty] = 1.0 / totals
            self._forward_scale = scale  # 1 / L1 norm of each document's weights
            self._forward = forward
        return self._forward

    def _forward_scores(self, terms: IntArray, weights: FloatArray, columns: ColumnArray) -> FloatArray:
        """Exact scores of the fitted `columns` for `terms`, read from the documents' own rows."""
        forward = self._forward_matrix()
        query = np.zeros(self._n_fit_terms, dtype=np.float64)
        inside = terms < self._n_fit_terms
        query[terms[inside]] = weights[inside]
        starts = forward.indptr[columns]
        lengths = forward.indptr[columns + 1] - starts
        total = int(lengths.sum())
        if not total:
            return np.zeros(len(columns), dtype=np.float64)
        offsets = np.cumsum(lengths) - lengths
        positions = np.arange(total) + np.repeat(starts - offsets, lengths)
        contributions = query[forward.indices[positions]] * forward.data[positions]
        return _float_bincount(np.repeat(np.arange(len(columns)), lengths), contributions, len(columns))
