"""Explanations: which terms made a document's score for a text (`TermContribution`, and
`RankingIndex.explain` through `_ExplainMixin`), said the way the query said them."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from matchmaking.ranking.analysis import BIGRAM_SEPARATOR
from matchmaking.ranking.scoring import FloatArray, IntArray


@dataclass(frozen=True)
class TermContribution:
    term: str  # the word as the query wrote it; for feedback terms the corpus's most frequent form
    weight: float  # its part of the score; a match's contributions sum to its score


class _ExplainMixin:
    """`RankingIndex.explain` and the per-document term weights it reads."""

    def explain(self, text: str, doc_id: str, *, top_n: int = 8) -> list[TermContribution]:
        """The `top_n` terms that contributed most to `doc_id`'s score in `search(text)`, heaviest first.

        Contributions are exact: all of a document's contributions (top_n large enough) sum to its
        score. Feedback expansion terms appear like query terms. Raises KeyError for a doc id that
        is not in the index; gives [] when the document does not match.
        """
        if doc_id not in self._fit_pos and doc_id not in self._side_docs:
            raise KeyError(doc_id)
        query = self._query_vector(text, None)
        if query is None:
            return []
        terms, weights = query
        contributions = weights * self._doc_weights(doc_id, terms)
        order = sorted(
            (i for i in range(len(terms)) if contributions[i] > 0),
            key=lambda i: (-contributions[i], self._terms[terms[i]]),
        )
        # Say a query term the way the query did ("warning", not the corpus's "warn").
        spoken: dict[str, str] = {}
        analysed = self._analyzer.pairs(text)
        for word, term in analysed:
            if term is not None:
                spoken.setdefault(term, word)
        for (word, first), (next_word, second) in itertools.pairwise(analysed):
            if first is not None and second is not None:
                spoken.setdefault(f"{first}{BIGRAM_SEPARATOR}{second}", f"{word} {next_word}")
        return [
            TermContribution(
                spoken.get(self._terms[terms[i]], self._surfaces[terms[i]]), float(contributions[i])
            )
            for i in order[:top_n]
        ]

    def _doc_weights(self, doc_id: str, terms: IntArray) -> FloatArray:
        """The document's weight for each of `terms` (0 where absent)."""
        position = self._fit_pos.get(doc_id)
        if position is not None:
            column = np.array([position], dtype=np.int32)
            return np.array(
                [self._lookup(terms[i : i + 1], np.ones(1), column)[0] for i in range(len(terms))]
            )
        doc = self._side_docs[doc_id]
        result = np.zeros(len(terms), dtype=np.float64)
        if len(doc.terms):
            at = np.minimum(np.searchsorted(doc.terms, terms), len(doc.terms) - 1)
            found = doc.terms[at] == terms
            result[found] = doc.weights[at[found]]
        return result
