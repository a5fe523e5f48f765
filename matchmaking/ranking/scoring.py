"""Scoring kernels over the weighted CSR matrices: dense scores of a query over a matrix's columns
(`gather_scores`) and the top-k selection by block maxima and partial sorts (`best_columns`); also
the array type aliases the package shares, `float_bincount` and the speed-only constants."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

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
    return _best_of(columns, scores[columns], k)


def _best_of(columns: ColumnArray, scores: FloatArray, k: int) -> tuple[ColumnArray, FloatArray]:
    """The entries with the k highest scores, and every entry tied with the k-th."""
    if k < len(scores):
        kth = np.partition(scores, len(scores) - k)[len(scores) - k]
        keep = scores >= kth
        return columns[keep], scores[keep]
    return columns, scores
