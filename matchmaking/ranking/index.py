"""The index, `RankingIndex`: fit, search and scores, query vectors, explanations, upserts and
removals; `Match` is a search result. It is composed of the fitted corpus (`corpus.FittedCorpus`),
its terms (`vocabulary.Vocabulary`), the documents upserted since (`upserts.SideDocuments`), the
feedback model (`feedback.FeedbackModel`) and, with feedback on and from
`PruningLimits.from_documents` fitted documents on, the pruned top-k for small k
(`pruning.PrunedTopK`: the same results from fewer postings); `persistence` saves and loads it.
A query text's term ids and weights are kept per text (`caching.TextCache`) while the
vocabulary does not grow, so a stored need's repeated queries skip analysis."""

from __future__ import annotations

import itertools
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Self

import numpy as np
import numpy.typing as npt

from matchmaking.ranking.analysis import BIGRAM_SEPARATOR, Analyzer, Text
from matchmaking.ranking.bm25 import bm25_document
from matchmaking.ranking.caching import TextCache, text_key
from matchmaking.ranking.config import RankerConfig
from matchmaking.ranking.corpus import FittedCorpus
from matchmaking.ranking.explain import TermContribution, term_contributions
from matchmaking.ranking.feedback import FeedbackModel
from matchmaking.ranking.fitting import fit_corpus
from matchmaking.ranking.pruning import PrunedTopK, PruningLimits
from matchmaking.ranking.scoring import LOOKUP_COLUMNS, ColumnArray, FloatArray, IntArray
from matchmaking.ranking.upserts import SideDoc, SideDocuments
from matchmaking.ranking.vocabulary import Vocabulary

Query = tuple[IntArray, FloatArray]  # term ids (sorted) and their query weights


@dataclass(frozen=True)
class Match:
    doc_id: str
    score: float


class RankingIndex:
    """A fitted TF-IDF index: search, scores, explain, upsert and remove.

    Not thread-safe for writes: callers serialise upsert/remove against searches. Save and load
    with `persistence.save_index` and `persistence.load_index`.
    """

    def __init__(
        self,
        *,
        config: RankerConfig,
        corpus: FittedCorpus,
        vocabulary: Vocabulary,
        side: SideDocuments | None = None,
    ) -> None:
        self.config = config
        self.analyzer = Analyzer(config)
        self.corpus = corpus
        self.vocabulary = vocabulary
        self.side = side if side is not None else SideDocuments()
        self.feedback = FeedbackModel(config, corpus.matrix)
        limits = PruningLimits()
        # Pruning scores its survivors from the documents x terms copy, which only feedback keeps:
        # without feedback (production's setting) the whole-corpus product is as fast (k = 250).
        vectors = self.feedback.built_vectors
        self.pruning: PrunedTopK | None = (
            PrunedTopK(corpus.postings, vectors, limits)
            if vectors is not None and len(corpus.ids) >= limits.from_documents
            else None
        )
        # text -> (vocabulary size when analysed, its known terms and weights or None)
        self._queries: TextCache[tuple[int, Query | None]] = TextCache()

    # --- Building ----------------------------------------------------------------------------

    @classmethod
    def fit(cls, documents: Mapping[str, Mapping[str, Text]], config: RankerConfig | None = None) -> Self:
        """Fit on doc_id -> {field: text}; "title", "summary", "body" weigh as configured, other fields 1.

        A field is a plain text (its language detected with the document's other plain fields) or a
        list of (language, text) parts (a text and its translations; language None: detected).
        Any corpus works, including an empty one (every search then gives []).
        """
        config = config or RankerConfig()
        corpus, vocabulary = fit_corpus(documents, config)
        return cls(config=config, corpus=corpus, vocabulary=vocabulary)

    # --- Writing -----------------------------------------------------------------------------

    def upsert(self, doc_id: str, fields: Mapping[str, Text]) -> None:
        """Add or replace one document, effective at once, without refitting.

        It is weighted with the idf, N and average length of the last fit. Words unseen at fit
        time are handled, not ignored: they become new terms with the idf of a word in one document.
        """
        doc_id = str(doc_id)
        self.remove(doc_id)
        vocabulary, n_docs = self.vocabulary, len(self.corpus.ids)
        term_tf: dict[int, float] = {}
        length = 0.0
        document = self.analyzer.analyse_document(fields)
        for name, segment in document.segments:
            weight = self.config.weight_of(name)
            analysed = [(token, self.analyzer.term(token, segment.language)) for token in segment.tokens]
            for word, term in analysed:
                if term is not None:
                    term_id = vocabulary.add(term, surface=word, n_docs=n_docs)
                    term_tf[term_id] = term_tf.get(term_id, 0.0) + weight
                    length += weight
            if self.config.bigram_weight > 0:
                for (word, first), (next_word, second) in itertools.pairwise(analysed):
                    if first is not None and second is not None:
                        bigram = f"{first}{BIGRAM_SEPARATOR}{second}"
                        term_id = vocabulary.add(bigram, surface=f"{word} {next_word}", n_docs=n_docs)
                        term_tf[term_id] = term_tf.get(term_id, 0.0) + weight
        ids = np.array(sorted(term_tf), dtype=np.int64)
        tf = np.array([term_tf[i] for i in ids.tolist()], dtype=np.float32)
        weights = bm25_document(vocabulary.idf[ids], tf, length, self.corpus.avgdl, self.config)
        self.side.put(doc_id, SideDoc.of(ids, weights, document.languages))

    def remove(self, doc_id: str) -> None:
        """Remove a document, effective at once. Removing an id that is not indexed does nothing."""
        doc_id = str(doc_id)
        self.corpus.remove(doc_id)
        self.side.remove(doc_id)

    # --- Reading -----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.corpus) + len(self.side)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self.corpus or doc_id in self.side

    def languages_of(self, doc_id: str) -> tuple[str, ...]:
        """A live document's languages, main one first (detected, or given with its parts); KeyError
        for other ids."""
        position = self.corpus.position(doc_id)
        if position is not None:
            return self.corpus.languages[position]
        return self.side[doc_id].languages

    def query_languages(self, text: Text) -> tuple[str, ...]:
        """The languages a query `text` is read in, main one first."""
        return self.analyzer.detect(text)

    def reading_languages(self, text: Text) -> tuple[str, ...]:
        """The languages a query `text`'s words are read in (every Latin-script one for a query
        nothing decides): a document in one of them can share words with it."""
        return self.analyzer.reading_languages(text)

    @property
    def doc_ids(self) -> list[str]:
        """Live doc ids: fitted ones in fit order, then upserted ones in upsert order."""
        return self.corpus.live_ids() + list(self.side)

    def search(
        self,
        text: Text,
        *,
        k: int = 10,
        allowed: Collection[str] | None = None,
        feedback: bool | None = None,
        feedback_documents: Sequence[tuple[str, float]] | None = None,
    ) -> list[Match]:
        """The k best documents for `text`: score descending, ties by doc_id, only scores > 0.

        `allowed` restricts results to those doc ids without changing any score (feedback reads
        the whole index). `feedback` overrides `config.feedback`. `feedback_documents`, (doc_id,
        score) best first, are the documents the expansion terms come from instead of the lexical
        first pass's top (rule v6's fused first pass, `fused_feedback`); it implies feedback. An
        empty or stop-word-only text, or a text with no word known to the index, gives []. `text`
        is analysed in its detected language, or given as (language, text) parts.
        """
        if k <= 0:
            return []
        query = self.query_vector(text, feedback=feedback, feedback_documents=feedback_documents)
        if query is None:
            return []
        return [Match(doc_id, score) for doc_id, score in self._top_k(*query, k=k, allowed=allowed)]

    def scores(self, text: Text) -> dict[str, float]:
        """Every document's score for `text` that is > 0 (feedback as configured), by doc id."""
        query = self.query_vector(text)
        if query is None:
            return {}
        terms, weights = query
        main = self.corpus.scores(terms, weights)
        result = {self.corpus.ids[p]: float(main[p]) for p in np.flatnonzero(main > 0)}
        side_ids, side_scores = self.side.scores(terms, weights, len(self.vocabulary))
        result |= {doc_id: float(s) for doc_id, s in zip(side_ids, side_scores, strict=True) if s > 0}
        return result

    def explain(
        self,
        text: Text,
        doc_id: str,
        *,
        top_n: int = 8,
        only_query_terms: bool = False,
        feedback: bool | None = None,
    ) -> list[TermContribution]:
        """The `top_n` terms that contributed most to `doc_id`'s score in `search(text)`, heaviest first.

        Contributions are exact: all of a document's contributions (top_n large enough) sum to its
        score. Feedback expansion terms appear like query terms, unless `only_query_terms` (then
        only terms the text itself contains: words the text and the document really share).
        Raises KeyError for a doc id that is not in the index; gives [] when the document does
        not match. `feedback` overrides `config.feedback` (False: the words' weights before any
        expansion, without the first pass feedback costs).
        """
        if doc_id not in self:
            raise KeyError(doc_id)
        query = self.query_vector(text, feedback=feedback)
        if query is None:
            return []
        terms, weights = query
        return term_contributions(
            text,
            terms,
            weights * self.document_weights(doc_id, terms),
            analyzer=self.analyzer,
            vocabulary=self.vocabulary,
            top_n=top_n,
            only_query_terms=only_query_terms,
        )

    def document_weights(self, doc_id: str, terms: IntArray) -> FloatArray:
        """A live document's weight for each of `terms` (0 where absent); KeyError for other ids."""
        position = self.corpus.position(doc_id)
        if position is not None:
            return self.corpus.weights_of(position, terms)
        return self.side.weights_of(doc_id, terms)

    # --- Query vectors -----------------------------------------------------------------------

    def query_vector(
        self,
        text: Text,
        *,
        feedback: bool | None = None,
        feedback_documents: Sequence[tuple[str, float]] | None = None,
    ) -> Query | None:
        """The text's term ids (sorted) and weights, expanded by feedback when on (`feedback`
        overrides the config) from the lexical top `feedback_docs`, or from `feedback_documents`
        when given; None when no known term is left."""
        query = self._query_terms(text)
        if query is None:
            return None
        if feedback_documents is not None:
            top = [(str(doc_id), score) for doc_id, score in feedback_documents if doc_id in self]
            return self.feedback.expand(*query, top, corpus=self.corpus, side=self.side)
        if self.config.feedback if feedback is None else feedback:
            top = self._top_k(*query, k=self.config.feedback_docs, allowed=None)
            return self.feedback.expand(*query, top, corpus=self.corpus, side=self.side)
        return query

    def _query_terms(self, text: Text) -> Query | None:
        """The text's known term ids (sorted) and their weights (read-only arrays), or None when
        none is left; kept per text until the vocabulary grows (an upsert's new word may be one of
        the text's words that were unknown)."""
        key, size = text_key(text), len(self.vocabulary)
        known_size, query = self._queries.get_or_make(key, lambda: (size, self._analysed_query(text)))
        if known_size != size:
            query = self._analysed_query(text)
            self._queries.put(key, (size, query))
        return query

    def _analysed_query(self, text: Text) -> Query | None:
        counts: dict[int, float] = {}
        vocabulary = self.vocabulary
        # Each word's readings the index knows (one, as a rule; a query too short to place is read
        # in several languages, and the word's weight is shared among the known readings).
        known = [
            [term for _, term in readings if vocabulary.id_of(term) >= 0]
            for readings in self.analyzer.term_options(text)
        ]
        for terms in known:
            for term in terms:
                term_id = vocabulary.id_of(term)
                counts[term_id] = counts.get(term_id, 0.0) + 1.0 / len(terms)
        if self.config.bigram_weight > 0:
            for first, second in itertools.pairwise(known):
                if len(first) == 1 and len(second) == 1:
                    term_id = vocabulary.id_of(f"{first[0]}{BIGRAM_SEPARATOR}{second[0]}")
                    if term_id >= 0:
                        counts[term_id] = counts.get(term_id, 0.0) + self.config.bigram_weight
        if not counts:
            return None
        ids = sorted(counts)
        weights = np.array([counts[i] for i in ids], dtype=np.float64)
        if self.config.query_tf == "binary":
            weights = np.minimum(weights, 1.0)
        term_ids = np.array(ids, dtype=np.int64)
        term_ids.flags.writeable = weights.flags.writeable = False  # shared by every caller of this text
        return term_ids, weights

    # --- Scoring -----------------------------------------------------------------------------

    def _top_k(
        self, terms: IntArray, weights: FloatArray, *, k: int, allowed: Collection[str] | None
    ) -> list[tuple[str, float]]:
        """The k best (doc_id, score) with score > 0, score descending then doc_id."""
        corpus = self.corpus
        if allowed is None:
            columns, scores = self._fitted_top(terms, weights, k, corpus.dead if corpus.dead.any() else None)
        else:
            wanted = sorted(
                {p for p in (corpus.position(str(doc_id)) for doc_id in allowed) if p is not None}
            )
            chosen = np.array(wanted, dtype=np.int32)
            if len(chosen) <= LOOKUP_COLUMNS:
                columns, scores = chosen, self._exact(terms, weights, chosen)
            else:
                excluded = np.ones(len(corpus.ids), dtype=bool)
                excluded[chosen] = False
                columns, scores = self._fitted_top(terms, weights, k, excluded)
        ranked = [
            (corpus.ids[c], float(s)) for c, s in zip(columns.tolist(), scores.tolist(), strict=True) if s > 0
        ]
        if self.side:
            side_ids, side_scores = self.side.scores(terms, weights, len(self.vocabulary))
            allowed_set = None if allowed is None else {str(doc_id) for doc_id in allowed}
            ranked += [
                (doc_id, float(s))
                for doc_id, s in zip(side_ids, side_scores.tolist(), strict=True)
                if s > 0 and (allowed_set is None or doc_id in allowed_set)
            ]
        ranked.sort(key=lambda item: (-item[1], item[0]))
        return ranked[:k]

    def _fitted_top(
        self, terms: IntArray, weights: FloatArray, k: int, excluded: npt.NDArray[np.bool_] | None
    ) -> tuple[ColumnArray, FloatArray]:
        """`FittedCorpus.top`'s columns and scores, pruned when that pays (the same results)."""
        if self.pruning is not None:
            found = self.pruning.top(terms, weights, k, excluded)
            if found is not None:
                return found
        return self.corpus.top(terms, weights, k, excluded)

    def _exact(self, terms: IntArray, weights: FloatArray, columns: ColumnArray) -> FloatArray:
        """Exact scores of the fitted `columns` (sorted int32), the cheaper of two ways."""
        vectors = self.feedback.built_vectors
        if vectors is not None:
            return vectors.scores(terms, weights, columns)
        return self.corpus.lookup(terms, weights, columns)
