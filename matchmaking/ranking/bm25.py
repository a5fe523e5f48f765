"""BM25 weighting, shared by the fit and by upserts: idf (`bm25_idf`), the weights of a whole corpus
(`bm25_matrix`) and of one document weighted against the last fit (`bm25_document`). Both weight in
float32 with the same operations, so an upserted copy of a fitted document scores the same."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from matchmaking.ranking.config import RankerConfig
from matchmaking.ranking.scoring import FloatArray


def bm25_idf(n_docs: int, df: npt.NDArray[Any]) -> FloatArray:
    """log(1 + (N - df + 0.5) / (df + 0.5)) for each document frequency in `df`."""
    return np.log1p((n_docs - df + 0.5) / (df + 0.5))


def bm25_matrix(
    tf: sparse.csr_array, doc_length: FloatArray, config: RankerConfig
) -> tuple[sparse.csr_array, FloatArray, float]:
    """Field-weighted term frequencies (terms x documents) -> weights, idf and average length."""
    n_docs = tf.shape[1]
    avgdl = float(doc_length.mean()) if n_docs else 0.0
    idf = bm25_idf(n_docs, np.diff(tf.indptr))
    data = tf.data.astype(np.float32)
    if tf.nnz:
        k1, b = config.k1, config.b
        norm = k1 * (1 - b + b * doc_length / avgdl) if avgdl > 0 else np.full(n_docs, k1)
        row_idf = np.repeat(idf.astype(np.float32), np.diff(tf.indptr))
        # float32 throughout: `bm25_document` repeats exactly these operations for one document.
        data = row_idf * data * np.float32(k1 + 1) / (data + norm.astype(np.float32)[tf.indices])
    return sparse.csr_array((data, tf.indices, tf.indptr), shape=tf.shape), idf, avgdl


def bm25_document(
    idf: FloatArray, tf: npt.NDArray[np.float32], length: float, avgdl: float, config: RankerConfig
) -> FloatArray:
    """One document's weights, given its terms' idf and field-weighted tf and the fit's `avgdl`."""
    k1, b = config.k1, config.b
    norm = np.float32(k1 * (1 - b + b * length / avgdl) if avgdl > 0 else k1)
    weights = idf.astype(np.float32) * tf * np.float32(k1 + 1) / (tf + norm)
    return weights.astype(np.float64)
