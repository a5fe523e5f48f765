"""The fitted index, `RankingIndex`: fit, search and scores, query vectors, and the top k over the
fitted terms x documents matrix merged with the upserted documents; `Match` is a search result.
Upserts, feedback, explanations and persistence come from the mixins of their own modules."""

from __future__ import annotations

import itertools
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Self

import numpy as np
import numpy.typing as npt
from scipy import sparse

from matchmaking.ranking.analysis import BIGRAM_SEPARATOR, Analyzer
from matchmaking.ranking.config import RankerConfig
from matchmaking.ranking.explain import _ExplainMixin
from matchmaking.ranking.feedback import _FeedbackMixin
from matchmaking.ranking.fitting import _bm25_matrix, _no_gc, _surfaces, _TokenStream
from matchmaking.ranking.persistence import _PersistenceMixin
from matchmaking.ranking.scoring import (
    LOOKUP_COLUMNS,
    ColumnArray,
    FloatArray,
    IntArray,
    _best_columns,
    _float_bincount,
    _gather,
)
from matchmaking.ranking.upserts import _SideDoc, _UpsertsMixin


@dataclass(frozen=True)
class Match:
    doc_id: str
    score: float


class RankingIndex(_UpsertsMixin, _FeedbackMixin, _ExplainMixin, _PersistenceMixin):
    """A fitted TF-IDF index: search, explain, upsert, remove, save and load.

    Not thread-safe for writes: callers serialise upsert/remove against searches. Upserts and
    removals live in `upserts.py`, feedback in `feedback.py`, `explain` in `explain.py`, `save` and
    `load` in `persistence.py`.
    """

    def __init__(
        self,
        *,
        config: RankerConfig,
        fit_ids: list[str],
        terms: list[str],
        surfaces: list[str],
        idf: FloatArray,
        matrix: sparse.csr_array,
        avgdl: float,
    ) -> None:
        self.config = config
        self._analyzer = Analyzer(config)
        self._fit_ids = fit_ids
        self._fit_pos = {doc_id: pos for pos, doc_id in enumerate(fit_ids)}
        self._dead = np.zeros(len(fit_ids), dtype=bool)
        self._terms = terms
        self._term_index = {term: i for i, term in enumerate(terms)}
        self._surfaces = surfaces
        self._idf = idf
        matrix.indices = matrix.indices.astype(np.int32, copy=False)
        self._matrix = matrix  # (n_fit_terms, n_fit_docs), CSR, sorted column indices
        self._n_fit_terms = matrix.shape[0]
        self._avgdl = avgdl
        self._forward: sparse.csr_array | None = None
        self._forward_scale = np.zeros(0, dtype=np.float64)
        self._side_docs: dict[str, _SideDoc] = {}
        self._side: tuple[list[str], sparse.csr_array] | None = None
        if config.feedback:
            self._forward_matrix()  # built now, so the first search is as fast as the others

    # --- Building ----------------------------------------------------------------------------

    @classmethod
    def fit(cls, documents: Mapping[str, Mapping[str, str]], config: RankerConfig | None = None) -> Self:
        """Fit on doc_id -> {field: text}; "title", "summary", "body" weigh as configured, other fields 1.

        Any corpus works, including an empty one (every search then gives []).
        """
        config = config or RankerConfig()
        with _no_gc():
            return cls._fit(documents, config)

    @classmethod
    def _fit(cls, documents: Mapping[str, Mapping[str, str]], config: RankerConfig) -> Self:
        stream = _TokenStream.read(documents, dict(config.field_weights))
        # Per distinct word (not per token): stop words, folding and stemming.
        analyzer = Analyzer(config)
        word_terms = [analyzer.term(word) for word in stream.vocabulary]
        unigrams = sorted({term for term in word_terms if term is not None})
        unigram_index = {term: i for i, term in enumerate(unigrams)}
        word_term = np.array([unigram_index[t] if t is not None else -1 for t in word_terms], dtype=np.int32)

        n_docs = len(documents)
        token_term = word_term[stream.words] if len(stream.words) else np.zeros(0, np.int32)
        token_segment = np.repeat(np.arange(len(stream.lengths), dtype=np.int32), stream.lengths)
        keep = token_term >= 0
        kept_segment = token_segment[keep]
        kept_per_segment = np.bincount(kept_segment, minlength=len(stream.lengths))
        doc_length = _float_bincount(stream.docs, kept_per_segment * stream.weights, n_docs)

        terms = list(unigrams)
        surfaces = _surfaces(stream.vocabulary, word_term, stream.words, len(unigrams))
        rows, cols, vals = [token_term[keep]], [stream.docs[kept_segment]], [stream.weights[kept_segment]]
        if config.bigram_weight > 0 and len(token_term) > 1:
            # Adjacent kept tokens of the same field.
            pair = keep[:-1] & keep[1:] & (token_segment[:-1] == token_segment[1:])
            keys = token_term[:-1][pair].astype(np.int64) * len(unigrams) + token_term[1:][pair]
            bigram_keys, bigram_of = np.unique(keys, return_inverse=True)
            pairs = list(zip(*(part.tolist() for part in np.divmod(bigram_keys, len(unigrams))), strict=True))
            terms += [f"{unigrams[a]}{BIGRAM_SEPARATOR}{unigrams[b]}" for a, b in pairs]
            surfaces += [f"{surfaces[a]} {surfaces[b]}" for a, b in pairs]
            rows.append((bigram_of.reshape(-1) + len(unigrams)).astype(np.int32))
            cols.append(stream.docs[token_segment[:-1][pair]])
            vals.append(stream.weights[token_segment[:-1][pair]])

        tf = sparse.coo_array(
            (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(len(terms), n_docs)
        ).tocsr()  # sums duplicates: field-weighted term frequencies
        tf.sum_duplicates()
        tf.sort_indices()
        matrix, idf, avgdl = _bm25_matrix(tf, doc_length, config)
        return cls(
            config=config,
            fit_ids=[str(doc_id) for doc_id in documents],
            terms=terms,
            surfaces=surfaces,
            idf=idf,
            matrix=matrix,
            avgdl=avgdl,
        )

    # --- Reading -----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._fit_pos) + len(self._side_docs)

    @property
    def doc_ids(self) -> list[str]:
        """Live doc ids: fitted ones in fit order, then upserted ones in upsert order."""
        return [doc_id for doc_id in self._fit_ids if doc_id in self._fit_pos] + list(self._side_docs)

    def search(
        self,
        text: str,
        *,
        k: int = 10,
        allowed: Collection[str] | None = None,
        feedback: bool | None = None,
    ) -> list[Match]:
        """The k best documents for `text`: score descending, ties by doc_id, only scores > 0.

        `allowed` restricts results to those doc ids without changing any score (feedback reads
        the whole index). `feedback` overrides `config.feedback`. An empty or stop-word-only text,
        or a text with no word known to the index, gives [].
        """
        if k <= 0:
            return []
        query = self._query_vector(text, feedback)
        if query is None:
            return []
        return [Match(doc_id, score) for doc_id, score in self._top_k(*query, k=k, allowed=allowed)]

    def scores(self, text: str) -> dict[str, float]:
        """Every document's score for `text` that is > 0 (feedback as configured), by doc id."""
        query = self._query_vector(text, None)
        if query is None:
            return {}
        terms, weights = query
        main = _gather(self._matrix, terms, weights, len(self._fit_ids))
        main[self._dead] = 0.0
        result = {self._fit_ids[p]: float(main[p]) for p in np.flatnonzero(main > 0)}
        side_ids, side_scores = self._side_scores(terms, weights)
        result |= {doc_id: float(s) for doc_id, s in zip(side_ids, side_scores, strict=True) if s > 0}
        return result

    # --- Query vectors -----------------------------------------------------------------------

    def _query_terms(self, text: str) -> tuple[IntArray, FloatArray] | None:
        """The text's known term ids (sorted) and their weights, or None when none is left."""
        counts: dict[int, float] = {}
        analysed = self._analyzer.terms(text)
        for term in analysed:
            term_id = self._term_index.get(term, -1) if term is not None else -1
            if term_id >= 0:
                counts[term_id] = counts.get(term_id, 0.0) + 1.0
        if self.config.bigram_weight > 0:
            for first, second in itertools.pairwise(analysed):
                if first is not None and second is not None:
                    term_id = self._term_index.get(f"{first}{BIGRAM_SEPARATOR}{second}", -1)
                    if term_id >= 0:
                        counts[term_id] = counts.get(term_id, 0.0) + self.config.bigram_weight
        if not counts:
            return None
        ids = sorted(counts)
        weights = np.array([counts[i] for i in ids], dtype=np.float64)
        if self.config.query_tf == "binary":
            weights = np.minimum(weights, 1.0)
        return np.array(ids, dtype=np.int64), weights

    def _query_vector(self, text: str, feedback: bool | None) -> tuple[IntArray, FloatArray] | None:
        query = self._query_terms(text)
        if query is None:
            return None
        if self.config.feedback if feedback is None else feedback:
            return self._expand(*query)
        return query

    # --- Scoring -----------------------------------------------------------------------------

    def _top_k(
        self, terms: IntArray, weights: FloatArray, *, k: int, allowed: Collection[str] | None
    ) -> list[tuple[str, float]]:
        """The k best (doc_id, score) with score > 0, score descending then doc_id."""
        if allowed is None:
            columns, scores = self._main_top(terms, weights, k, self._dead if self._dead.any() else None)
        else:
            wanted = sorted(
                {p for p in (self._fit_pos.get(str(doc_id)) for doc_id in allowed) if p is not None}
            )
            chosen = np.array(wanted, dtype=np.int32)
            if len(chosen) <= LOOKUP_COLUMNS:
                columns, scores = chosen, self._exact(terms, weights, chosen)
            else:
                excluded = np.ones(len(self._fit_ids), dtype=bool)
                excluded[chosen] = False
                columns, scores = self._main_top(terms, weights, k, excluded)
        ranked = [
            (self._fit_ids[c], float(s))
            for c, s in zip(columns.tolist(), scores.tolist(), strict=True)
            if s > 0
        ]
        if self._side_docs:
            side_ids, side_scores = self._side_scores(terms, weights)
            allowed_set = None if allowed is None else {str(doc_id) for doc_id in allowed}
            ranked += [
                (doc_id, float(s))
                for doc_id, s in zip(side_ids, side_scores.tolist(), strict=True)
                if s > 0 and (allowed_set is None or doc_id in allowed_set)
            ]
        ranked.sort(key=lambda item: (-item[1], item[0]))
        return ranked[:k]

    def _main_top(
        self, terms: IntArray, weights: FloatArray, k: int, excluded: npt.NDArray[np.bool_] | None
    ) -> tuple[ColumnArray, FloatArray]:
        """Fitted columns of the k best live, not excluded documents (and of all tied with the k-th),
        with their scores."""
        scores = _gather(self._matrix, terms, weights, len(self._fit_ids))
        return _best_columns(scores, k, excluded)

    def _exact(self, terms: IntArray, weights: FloatArray, columns: ColumnArray) -> FloatArray:
        """Exact scores of the fitted `columns` (sorted int32), the cheaper of two ways."""
        if self._forward is not None:
            return self._forward_scores(terms, weights, columns)
        return self._lookup(terms, weights, columns)

    def _lookup(self, terms: IntArray, weights: FloatArray, columns: ColumnArray) -> FloatArray:
        """Exact scores of the fitted `columns` (sorted int32), by binary search in each term's row."""
        result = np.zeros(len(columns), dtype=np.float64)
        if not len(columns):
            return result
        matrix = self._matrix
        for term, weight in zip(terms.tolist(), weights.tolist(), strict=True):
            if term >= self._n_fit_terms:
                continue
            start, end = int(matrix.indptr[term]), int(matrix.indptr[term + 1])
            if end == start:
                continue
            row = matrix.indices[start:end]
            at = np.minimum(np.searchsorted(row, columns), end - start - 1)
            hit = row[at] == columns
            result[hit] += matrix.data[start + at[hit]].astype(np.float64) * weight
        return result
