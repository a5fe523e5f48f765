"""Fitting helpers: the one pass over a corpus (`_TokenStream`), BM25 idf and weights
(`_bm25_idf`, `_bm25_matrix`), each term's surface word (`_surfaces`), and the pause of the cyclic
GC while fitting (`_no_gc`). `RankingIndex.fit` (in `index.py`) puts them together."""

from __future__ import annotations

import gc
from array import array
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Self

import numpy as np
import numpy.typing as npt
from scipy import sparse

from matchmaking.ranking.analysis import TOKEN
from matchmaking.ranking.config import RankerConfig
from matchmaking.ranking.scoring import FloatArray


class _Ids(dict[str, int]):
    """word -> dense id, assigned on first sight (`ids[word]` never raises)."""

    def __missing__(self, key: str) -> int:
        value = self[key] = len(self)
        return value


@contextmanager
def _no_gc() -> Iterator[None]:
    """Fitting allocates millions of small objects: pause the cyclic GC (it would rescan the corpus)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _bm25_idf(n_docs: int, df: npt.NDArray[Any]) -> FloatArray:
    return np.log1p((n_docs - df + 0.5) / (df + 0.5))


@dataclass
class _TokenStream:
    """Every token of a corpus as a word id, in (document, field) segments."""

    vocabulary: list[str]  # word id -> word
    words: npt.NDArray[np.int32]  # word id of each token
    lengths: list[int]  # tokens in each segment
    docs: npt.NDArray[np.int32]  # document position of each segment
    weights: npt.NDArray[np.float32]  # field weight of each segment

    @classmethod
    def read(cls, documents: Mapping[str, Mapping[str, str]], field_weights: Mapping[str, float]) -> Self:
        # The one pass over the text, kept to C-speed calls: findall, dict lookups through map().
        word_ids = _Ids()
        tokens: array[int] = array("i")
        lengths: list[int] = []
        docs: list[int] = []
        weights: list[float] = []
        for position, doc_id in enumerate(documents):
            for name, text in documents[doc_id].items():
                if text:
                    before = len(tokens)
                    tokens.extend(map(word_ids.__getitem__, TOKEN.findall(text.lower())))
                    lengths.append(len(tokens) - before)
                    docs.append(position)
                    weights.append(field_weights.get(name, 1.0))
        return cls(
            vocabulary=list(word_ids),
            words=np.frombuffer(tokens, dtype=np.int32) if len(tokens) else np.zeros(0, np.int32),
            lengths=lengths,
            docs=np.asarray(docs, dtype=np.int32),
            weights=np.asarray(weights, dtype=np.float32),
        )


def _bm25_matrix(
    tf: sparse.csr_array, doc_length: FloatArray, config: RankerConfig
) -> tuple[sparse.csr_array, FloatArray, float]:
    """Field-weighted term frequencies (terms x documents) -> weights, idf and average length."""
    n_docs = tf.shape[1]
    avgdl = float(doc_length.mean()) if n_docs else 0.0
    idf = _bm25_idf(n_docs, np.diff(tf.indptr))
    data = tf.data.astype(np.float32)
    if tf.nnz:
        k1, b = config.k1, config.b
        norm = k1 * (1 - b + b * doc_length / avgdl) if avgdl > 0 else np.full(n_docs, k1)
        row_idf = np.repeat(idf.astype(np.float32), np.diff(tf.indptr))
        # float32 throughout: `upsert` repeats exactly these operations for one document.
        data = row_idf * data * np.float32(k1 + 1) / (data + norm.astype(np.float32)[tf.indices])
    return sparse.csr_array((data, tf.indices, tf.indptr), shape=tf.shape), idf, avgdl


def _surfaces(
    vocabulary: list[str], word_term: npt.NDArray[np.int32], token_word: npt.NDArray[np.int32], n_terms: int
) -> list[str]:
    """For each term, its most frequent surface word in the corpus (ties: alphabetically first)."""
    counts = np.bincount(token_word, minlength=len(vocabulary)).tolist() if len(token_word) else []
    best: list[tuple[int, str]] = [(1, "")] * n_terms
    for word_id, term in enumerate(word_term.tolist()):
        if term >= 0:
            best[term] = min(best[term], (-counts[word_id], vocabulary[word_id]))
    return [word for _, word in best]
