"""Scoring kernels over the weighted CSR matrices: dense scores of a query over a matrix's columns
(`gather_scores`; `Postings` for the fitted matrix, the same sums without copying rows) and the
top-k selection by block maxima and partial sorts (`best_columns`, and `best_of` for a few scored
columns); also
the array type aliases the package shares, `float_bincount` and the speed-only constants."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

try:  # scipy's compiled kernel behind `csc @ vector`; private, so a missing one falls back
    from scipy.sparse._sparsetools import csc_matvec as _csc_matvec
except ImportError:  # pragma: no cover -- every scipy since 0.7 has it
    _csc_matvec = None

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
ColumnArray = npt.NDArray[np.int32]

# Speed only (results are the same either way).
BLOCK = 64  # top-k selection first keeps the columns that reach the k-th best maximum of 64-column blocks
LOOKUP_COLUMNS = 2_000  # an `allowed` set up to this size is scored from its documents' rows only


def float_bincount(bins: npt.NDArray[Any], weights: npt.NDArray[Any], length: int) -> FloatArray:
    """np.bincount with weights (always float64; typed as such)."""
    return np.bincount(bins, weights=weights, minlength=length).astype(np.float64, copy=False)


def gather_scores(
    matrix: sparse.csr_array, terms: IntArray, weights: FloatArray, n_columns: int
) -> FloatArray:
    """Dense scores over the matrix's columns: the sum over `terms` (rows) of weight x row.

    Copies the query's rows out (a terms x documents layout makes that a few memcpy) and lets
    scipy's compiled matvec add them up: about 2 ns per posting.
    """
    inside = terms < matrix.shape[0]
    if not inside.any() or not n_columns:
        return np.zeros(n_columns, dtype=np.float64)
    rows = matrix[terms[inside]]
    return np.asarray(rows.T @ weights[inside], dtype=np.float64)


class Postings:
    """A terms x documents matrix's rows as float64 posting lists, added into dense scores one term
    at a time by scipy's compiled kernel, straight from the stored rows.

    `gather_scores` first copies the query's rows out and converts them to float64 (about half its
    time for a 60-term stored need at 100,000 documents); here the rows are read where they are,
    from a float64 matrix (`FittedCorpus` holds its float32 weights so; a float32 matrix is
    converted once). Each document's products are added in term-id order, the order of
    `gather_scores`, so the scores are the same to the last bit.
    """

    def __init__(self, matrix: sparse.csr_array) -> None:
        self.matrix = matrix
        self.n_terms, self.n_columns = matrix.shape
        self.indptr = matrix.indptr.astype(np.int64, copy=False)
        self.indices = matrix.indices.astype(np.int32, copy=False)
        self.data = matrix.data.astype(np.float64, copy=False) if _csc_matvec is not None else None

    def scores(self, terms: IntArray, weights: FloatArray) -> FloatArray:
        """Dense scores over every column: `gather_scores(matrix, terms, weights, n_columns)`."""
        if self.data is None:
            return gather_scores(self.matrix, terms, weights, self.n_columns)
        scores = np.zeros(self.n_columns, dtype=np.float64)
        self.add_into(scores, terms, weights)
        return scores

    def add_into(self, scores: FloatArray, terms: IntArray, weights: FloatArray) -> None:
        """Add weight x row of each of `terms` (ascending; ids past the matrix are skipped) into `scores`."""
        if self.data is None or _csc_matvec is None:
            scores += gather_scores(self.matrix, terms, weights, self.n_columns)
            return
        indptr, indices, data = self.indptr, self.indices, self.data
        span = np.zeros(2, dtype=np.int32)
        for term, weight in zip(terms.tolist(), weights.tolist(), strict=True):
            if term >= self.n_terms:
                continue
            start, end = int(indptr[term]), int(indptr[term + 1])
            if end > start:
                span[1] = end - start
                # One column: scores[indices[i]] += data[i] * weight, for i in the term's row.
                _csc_matvec(
                    self.n_columns, 1, span, indices[start:end], data[start:end], np.array([weight]), scores
                )


def best_columns(
    scores: FloatArray, k: int, excluded: npt.NDArray[np.bool_] | None
) -> tuple[ColumnArray, FloatArray]:
    """Columns of the k highest positive scores and of every score tied with the k-th."""
    if excluded is not None:
        scores = np.where(excluded, 0.0, scores)
    floor = np.nextafter(0.0, 1.0)
    blocks = len(scores) // BLOCK
    if blocks > 4 * k:
        # The k-th highest of the block maxima is a lower bound of the k-th highest score (k blocks
        # each hold a score at least that high), and a tight one: few columns pass it.
        maxima = scores[: blocks * BLOCK].reshape(blocks, BLOCK).max(axis=1)
        floor = max(floor, float(np.partition(maxima, blocks - k)[blocks - k]))
    columns = np.flatnonzero(scores >= floor).astype(np.int32)
    return best_of(columns, scores[columns], k)


def best_of(columns: ColumnArray, scores: FloatArray, k: int) -> tuple[ColumnArray, FloatArray]:
    """The entries with the k highest scores, and every entry tied with the k-th."""
    if k < len(scores):
        kth = np.partition(scores, len(scores) - k)[len(scores) - k]
        keep = scores >= kth
        return columns[keep], scores[keep]
    return columns, scores
