"""Exact top-k with MaxScore-style pruning (`PrunedTopK`): the same columns and the same scores, to
the last bit, as scoring every column (`FittedCorpus.top`), from a fraction of the postings.

A long query (a stored need or solution: about 60 terms, 1.5 million postings at 100,000
documents) spends most of its time adding up common terms that cannot change which documents are
best. So:

1. Terms are taken in order of their upper bound (query weight x the term's largest document
   weight): rare, heavy terms first. Their postings are added into partial scores.
2. At a few checkpoints (shares of the query's postings), the k best partial scores are scored
   exactly; the k-th of those exact scores, theta, is a floor of the k-th best score overall.
   A column whose partial score plus the bound of every term not yet added stays below theta
   cannot reach the k-th score (nor tie it). When at most `PruningLimits.survivors` columns are
   left, they are scored exactly and the k best (and every score tied with the k-th) returned.
3. Otherwise (few postings, a k above `PruningLimits.up_to_k`, no checkpoint settled) the caller
   scores every column. At k = 250 (production's lexical depth) the checkpoints cost more than the
   postings they skip, so `RankingIndex` prunes only small k, and only with feedback on, where the
   documents x terms copy already exists (feedback's first pass asks for 3).

Exact scores come from the documents' own rows (`feedback.DocumentVectors`), summed per document
in term-id order, float64 products of the float32 weights: the very operations, in the very order,
of the full product (`scoring.gather_scores`), so the scores are identical, not merely close. The
bounds carry a relative tolerance far above float64 rounding, so rounding never drops a document.
Every weight is positive (BM25 weights and query weights), which is what makes a partial score a
floor of the full one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matchmaking.ranking.feedback import DocumentVectors
from matchmaking.ranking.scoring import ColumnArray, FloatArray, IntArray, Postings, best_columns, best_of

# Relative slack on every bound: float64 sums of ~100 terms differ by ~1e-14 relative.
TOLERANCE = 1e-9


@dataclass(frozen=True)
class PruningLimits:
    """When pruning is tried and when it stops (speed only: results are the same either way)."""

    # Fitted documents from which an index prunes (smaller ones score every column in ~1 ms).
    from_documents: int = 20_000
    # Larger k are scored in full: the k-th score is lower, fewer columns are ruled out, and the
    # checkpoints cost more than they save (measured at k = 250: 2.99 ms against 2.12 ms).
    up_to_k: int = 50
    # A query with fewer postings or terms than this is scored in full: already fast, or (a few
    # common words) too flat for a floor to rule columns out before most postings are read.
    from_postings: int = 150_000
    from_terms: int = 16
    # Stop adding terms once at most this many columns can still reach the k-th score.
    survivors: int = 4_000
    # Shares of the query's postings after which the survivors are counted.
    checks: tuple[float, ...] = (0.12, 0.2, 0.3, 0.42, 0.55)


class PrunedTopK:
    """The k best columns of a terms x documents matrix for a query, read from part of its postings."""

    def __init__(
        self, postings: Postings, vectors: DocumentVectors, limits: PruningLimits | None = None
    ) -> None:
        self.postings = postings
        matrix = self.matrix = postings.matrix
        self.vectors = vectors
        self.limits = limits or PruningLimits()
        lengths = np.diff(matrix.indptr)
        self.lengths = lengths
        self.max_weight = np.zeros(matrix.shape[0], dtype=np.float64)  # each term's heaviest posting
        filled = lengths > 0
        if matrix.nnz:
            self.max_weight[filled] = np.maximum.reduceat(matrix.data, matrix.indptr[:-1][filled])

    def top(
        self, terms: IntArray, weights: FloatArray, k: int, excluded: npt.NDArray[np.bool_] | None
    ) -> tuple[ColumnArray, FloatArray] | None:
        """What `FittedCorpus.top(terms, weights, k, excluded)` returns (the same columns and scores,
        perhaps in another order), or None when pruning would not pay (score every column then)."""
        matrix, limits = self.matrix, self.limits
        n_columns = matrix.shape[1]
        inside = terms < matrix.shape[0]
        own_terms, own_weights = terms[inside], weights[inside]
        lengths = self.lengths[own_terms]
        total = int(lengths.sum())
        if (
            not 0 < k <= limits.up_to_k
            or total < limits.from_postings
            or len(own_terms) < max(1, limits.from_terms)
            or (weights <= 0).any()
        ):
            return None
        upper = own_weights * self.max_weight[own_terms]
        order = np.argsort(-upper, kind="stable")
        ordered_upper = upper[order]
        # bound_after[i]: the most the terms after the first i in `order` can add to any column.
        bound_after = np.append(np.cumsum(ordered_upper[::-1])[::-1], 0.0)
        cumulative = np.cumsum(lengths[order])
        partial = np.zeros(n_columns, dtype=np.float64)
        done = 0
        for share in limits.checks:
            upto = min(len(order), int(np.searchsorted(cumulative, share * total)) + 1)
            if upto <= done:
                continue
            batch = np.sort(order[done:upto])
            self.postings.add_into(partial, own_terms[batch], own_weights[batch])
            done = upto
            found = self._settled(
                terms, weights, partial=partial, bound=float(bound_after[done]), k=k, excluded=excluded
            )
            if found is not None:
                return found
        return None

    def _settled(
        self,
        terms: IntArray,
        weights: FloatArray,
        *,
        partial: FloatArray,
        bound: float,
        k: int,
        excluded: npt.NDArray[np.bool_] | None,
    ) -> tuple[ColumnArray, FloatArray] | None:
        """The answer if at most `limits.survivors` columns can still reach the k-th score, else None.
        `partial`: scores from the terms added so far; `bound`: the most the other terms can add."""
        live = partial if excluded is None else np.where(excluded, 0.0, partial)
        leaders, _ = best_columns(live, k, None)
        if len(leaders) < k:
            return None  # fewer than k columns scored yet: no floor
        exact = self.vectors.scores(terms, weights, np.sort(leaders))
        if len(exact) < k:
            return None
        theta = float(np.partition(exact, len(exact) - k)[len(exact) - k])
        threshold = theta - bound - TOLERANCE * (theta + bound)
        if threshold <= 0:
            return None
        survivors = np.flatnonzero(live >= threshold).astype(np.int32)
        if len(survivors) > self.limits.survivors:
            return None
        scores = self.vectors.scores(terms, weights, survivors)
        positive = scores > 0
        return best_of(survivors[positive], scores[positive], k)
