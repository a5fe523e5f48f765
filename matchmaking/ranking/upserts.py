"""Documents upserted after the fit: a small side structure (sparse vectors in a dict, `_SideDoc`,
plus tombstones on the fitted columns) that every search merges in, and `upsert`/`remove`, mixed
into `RankingIndex` by `_UpsertsMixin`. Refit to fold them in and refresh idf."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from matchmaking.ranking.analysis import BIGRAM_SEPARATOR
from matchmaking.ranking.fitting import _bm25_idf
from matchmaking.ranking.scoring import FloatArray, IntArray, _gather


@dataclass
class _SideDoc:
    terms: IntArray  # sorted term ids
    weights: FloatArray  # the document's weight for each term
    feedback: FloatArray  # the same, L1-normalised


def _side_doc(terms: IntArray, weights: FloatArray) -> _SideDoc:
    total = float(weights.sum())
    return _SideDoc(terms, weights, weights / total if total > 0 else weights.copy())


class _UpsertsMixin:
    """`RankingIndex`'s writes after the fit and its side structure (`_side_docs`, `_side`, `_dead`)."""

    # --- Writing -----------------------------------------------------------------------------

    def upsert(self, doc_id: str, fields: Mapping[str, str]) -> None:
        """Add or replace one document, effective at once, without refitting.

        It is weighted with the idf, N and average length of the last fit. Words unseen at fit
        time are handled, not ignored: they become new terms with the idf of a word in one document.
        """
        doc_id = str(doc_id)
        self.remove(doc_id)
        term_tf: dict[int, float] = {}
        length = 0.0
        for name, text in fields.items():
            if not text:
                continue
            weight = self.config.weight_of(name)
            analysed = self._analyzer.pairs(text)
            for word, term in analysed:
                if term is not None:
                    term_id = self._term_id(term, surface=word)
                    term_tf[term_id] = term_tf.get(term_id, 0.0) + weight
                    length += weight
            if self.config.bigram_weight > 0:
                for (word, first), (next_word, second) in itertools.pairwise(analysed):
                    if first is not None and second is not None:
                        bigram = f"{first}{BIGRAM_SEPARATOR}{second}"
                        term_id = self._term_id(bigram, surface=f"{word} {next_word}")
                        term_tf[term_id] = term_tf.get(term_id, 0.0) + weight
        ids = np.array(sorted(term_tf), dtype=np.int64)
        tf = np.array([term_tf[i] for i in ids.tolist()], dtype=np.float32)
        k1, b = self.config.k1, self.config.b
        norm = np.float32(k1 * (1 - b + b * length / self._avgdl) if self._avgdl > 0 else k1)
        # The same float32 arithmetic as the fit, so an upserted copy of a document scores the same.
        weights = self._idf[ids].astype(np.float32) * tf * np.float32(k1 + 1) / (tf + norm)
        self._side_docs[doc_id] = _side_doc(ids, weights.astype(np.float64))
        self._side = None

    def remove(self, doc_id: str) -> None:
        """Remove a document, effective at once. Removing an id that is not indexed does nothing."""
        doc_id = str(doc_id)
        position = self._fit_pos.pop(doc_id, None)
        if position is not None:
            self._dead[position] = True
        if self._side_docs.pop(doc_id, None) is not None:
            self._side = None

    def _term_id(self, term: str, *, surface: str) -> int:
        """The id of `term`, created (with the idf of a word seen in one document) if it is new."""
        term_id = self._term_index.get(term, -1)
        if term_id < 0:
            term_id = len(self._terms)
            self._terms.append(term)
            self._surfaces.append(surface)
            self._term_index[term] = term_id
            # At least one document: the one bringing the term (an index fitted on nothing would
            # otherwise give it a negative idf, and documents upserted into it would never match).
            n_docs = max(len(self._fit_ids), 1)
            self._idf = np.append(self._idf, _bm25_idf(n_docs, np.array([1.0])))
        return term_id

    def _side_state(self) -> tuple[list[str], sparse.csr_array]:
        """Upserted documents as a (terms x side docs) CSR, rebuilt after each change."""
        if self._side is None:
            ids = list(self._side_docs)
            docs = [self._side_docs[doc_id] for doc_id in ids]
            rows = np.concatenate([doc.terms for doc in docs]) if docs else np.zeros(0, np.int64)
            cols = np.repeat(np.arange(len(docs)), [len(doc.terms) for doc in docs])
            data = np.concatenate([doc.weights for doc in docs]) if docs else np.zeros(0)
            matrix = sparse.coo_array((data, (rows, cols)), shape=(len(self._terms), len(docs))).tocsr()
            matrix.sort_indices()
            self._side = (ids, matrix)
        return self._side

    def _side_scores(self, terms: IntArray, weights: FloatArray) -> tuple[list[str], FloatArray]:
        if not self._side_docs:
            return [], np.zeros(0)
        ids, matrix = self._side_state()
        return ids, _gather(matrix, terms, weights, len(ids))
