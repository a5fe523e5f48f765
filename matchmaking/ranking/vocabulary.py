"""The index's terms (`Vocabulary`): the fitted terms first, then terms first seen in upserts, each
with its surface word (how explanations say a feedback term) and its idf."""

from __future__ import annotations

import numpy as np

from matchmaking.ranking.bm25 import bm25_idf
from matchmaking.ranking.scoring import FloatArray


class Vocabulary:
    """Term <-> dense id, with each term's surface word and idf; grows only through `add`."""

    def __init__(self, terms: list[str], surfaces: list[str], idf: FloatArray) -> None:
        self.terms = terms
        self.surfaces = surfaces
        self.idf = idf
        self._index = {term: i for i, term in enumerate(terms)}

    def __len__(self) -> int:
        return len(self.terms)

    def id_of(self, term: str) -> int:
        """The id of `term`, or -1 when it is unknown."""
        return self._index.get(term, -1)

    def add(self, term: str, *, surface: str, n_docs: int) -> int:
        """The id of `term`, created (with the idf of a word seen in one of `n_docs` documents) if new."""
        term_id = self._index.get(term, -1)
        if term_id < 0:
            term_id = len(self.terms)
            self.terms.append(term)
            self.surfaces.append(surface)
            self._index[term] = term_id
            # At least one document: the one bringing the term (an index fitted on nothing would
            # otherwise give it a negative idf, and documents upserted into it would never match).
            self.idf = np.append(self.idf, bm25_idf(max(n_docs, 1), np.array([1.0])))
        return term_id
