"""The matching engine's ranking core: TF-IDF over plain data. Pure: no ORM, no Django.

`RankingIndex.fit(documents)` builds a weighted term x document matrix from doc_id -> {field: text};
`search(text)` scores a text against it and returns the top k; `explain(text, doc_id)` says which
terms produced a match's score. `selectors.py` feeds documents in, `services.py` persists indexes.

Weighting. Every knob is a `RankerConfig` field whose default was chosen by measurement on the
cran, cisi, med and adi test collections (`manage.py evaluate_ranking`; log in `TUNING_LOG`):

* Text analysis: lower-case `\\w+` tokens in any script, accents folded, sklearn's English stop
  words dropped, Snowball English stems. Single ASCII characters are dropped; a single CJK or
  Hangul character is a word and stays.
* Document side: a term's weight in a document is idf(t) x a saturated, length-normalised term
  frequency, the BM25 form of TF-IDF: tf (k1 + 1) / (tf + k1 (1 - b + b dl / avgdl)) with
  idf = log(1 + (N - df + 0.5) / (df + 0.5)). Fields count with weights, BM25F-style: a title
  word counts `title` times, in tf and in the document length dl.
* Query side: a query term weighs its count in the query; the score is the dot product.
* Pseudo-relevance feedback (Rocchio): the top `feedback_docs` documents of a first pass, weighted
  by score, are averaged as L1-normalised weight vectors; the `feedback_terms` strongest terms of
  that average make up `feedback_weight` of the final query, the original terms the rest.
  Feedback reads the whole index, so `allowed` filters results without changing scores.

Layout and speed. The weighted matrix is CSR with shape (n_terms, n_docs), "terms x documents":
a query copies out only its own terms' rows and scipy's compiled matvec adds them up (about 2 ns
a posting); the top k then comes from a block-maximum bound and a partial sort of the few columns
that pass it. (An exact MaxScore variant that skips postings was measured slower in numpy.)
Feedback needs documents' own vectors, so a documents x terms copy of the weights is kept when
feedback is on (it doubles the index's memory). Documents upserted after the fit live in a small
side structure, sparse vectors in a dict plus tombstones on the fitted columns, that every search
merges in; refit (`services.rebuild_match_index`) to fold them in and refresh idf.

Deterministic: the same documents, config and calls give the same results; ties break by doc_id.
Scores are float64 sums of float32 weights; sums taken in a different order (search, scores,
explain) agree to about 1e-6 relative.
"""

from __future__ import annotations

import gc
import itertools
import json
import os
import re
import tempfile
import threading
import unicodedata
from array import array
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Literal, Self

import numpy as np
import numpy.typing as npt
import Stemmer
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
ColumnArray = npt.NDArray[np.int32]

TOKEN = re.compile(r"\w+")
BIGRAM_SEPARATOR = " "  # stems never contain a space, so "stem stem" is always a bigram
FORMAT_VERSION = 1
# Speed only (results are the same either way).
BLOCK = 64  # top-k selection first keeps the columns that reach the k-th best maximum of 64-column blocks
LOOKUP_COLUMNS = 2_000  # an `allowed` set up to this size is scored from its documents' rows only

# bm25s's short English list, compared with sklearn's longer one while tuning.
SHORT_STOP_WORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no",
        "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this",
        "to", "was", "will", "with",
    }
)  # fmt: skip

TUNING_LOG = """
nDCG@10, mean of cran, cisi, med, adi (the bm25s baseline scores 0.4902 there). Each step keeps the
best of the previous one; "~" marks differences under 0.002, which we treat as noise (ADI has 35
queries) and then keep the value closer to the textbook default or the cheaper one.

1. No feedback, k1 x b in {0.9, 1.2, 1.5, 2.0} x {0.5, 0.65, 0.75, 0.85}: 0.4905 .. 0.5017; larger
   k1 better (2.0: 0.5005-0.5017), b flat between 0.5 and 0.75.
2. No feedback, k1=1.5 b=0.65: title weight 1 / 2 / 3 = 0.4960 / 0.4988 / 0.5020; stop words
   sklearn 0.4988 > bm25s's short list 0.4958; raw query tf 0.4988 > binary 0.4866; dropping
   numbers 0.4982 ~ keeping them; stemming english 0.4988 > porter 0.4962 > none 0.4714; bigrams with
   query weight 0.1 / 0.25 / 0.5 = 0.5011 / 0.5020 / 0.4940 (+0.003 at best, doubles the index).
3. Feedback (k1=1.2 b=0.75 title 2), docs {3,5,10,15,20} x terms {10,20,30,50} x weight
   {0.3,0.5,0.7}: 0.4960 .. 0.5154; marginal means favour 3-5 docs, 30-50 terms, weight 0.3-0.5.
   Score-weighted documents beat uniform ones (0.5080 vs 0.4988 averaged over 18 settings).
4. Joint grid k1 {1.5,2,2.5} x b {0.6,0.7} x title 3 x docs {2,3,4} x terms {30,50,75,100}
   x weight {0.4,0.5,0.6}: best 0.5292 (k1 2.5, b 0.7, 3 docs, 50 terms, 0.5); marginal means
   k1 2.5 ~ 2.0 (0.5227 / 0.5217), b 0.7 > 0.6, 3 docs best, 50 ~ 75 ~ 100 terms, weight 0.5.
5. With feedback on, bigrams hurt (0.1: 0.5160, 0.25: 0.5155 vs 0.5261 without), the short stop
   list hurts (0.5153) and binary query tf hurts (0.5162).

Chosen: k1 2.0, b 0.7, title 3, sklearn stop words, english stems, no bigrams, raw query tf,
feedback on with 3 documents (score-weighted), 50 terms, weight 0.5: 0.5261 on the four tuning
collections. "summary" weight 2 cannot be measured on these collections (none has a summary):
it sits between title and body.

Held-out check, run once with this config: npl 0.4402 vs bm25s 0.4280 (+0.012), cacm 0.4959 vs
0.5188 (-0.023: misses the "at most 0.01 below" bar). A diagnostic run afterwards (not used to
change anything, since cacm is the held-out set): cacm without feedback scores 0.5342, so the
loss comes from feedback on that collection, while feedback still raises cacm's MAP and recall.

6. After that miss, more robust feedback variants, measured on the four tuning collections only
   (mean nDCG@10 vs 0.5261 for the chosen config): expansion terms only from content fields, not
   author names 0.5254; feedback only for queries of at most 8 / 15 distinct terms 0.5157 / 0.5246;
   feedback weight scaled by sqrt(8 / 15 over the query's term count) 0.5241 / 0.5266; Anserini's
   RM3 defaults (10 documents, 10 terms, uniform) 0.4869; 5 documents, 20 terms 0.5110. None beats
   the chosen config by more than noise, so nothing changed and cacm was not run again. Choosing
   between feedback on and off now needs a collection nobody has looked at (a BEIR set).
"""


@dataclass(frozen=True)
class RankerConfig:
    """Every tuned knob with its chosen default (see TUNING_LOG for how each was picked)."""

    # How many times a word in this field counts, in tf and in document length (unknown fields: 1).
    field_weights: tuple[tuple[str, float], ...] = (("title", 3.0), ("summary", 2.0), ("body", 1.0))
    # Term-frequency saturation and document-length normalisation (BM25 form of TF-IDF).
    k1: float = 2.0
    b: float = 0.7
    # Text analysis.
    stop_words: Literal["sklearn", "short", "none"] = "sklearn"
    stemmer: str | None = "english"  # a PyStemmer algorithm name, or None
    fold_accents: bool = True  # "saúde" matches "saude"
    drop_numbers: bool = False
    # Adjacent non-stop word pairs as extra terms, with this query weight (0 = off).
    bigram_weight: float = 0.0
    # A query term weighs its count in the query ("raw") or 1 ("binary").
    query_tf: Literal["raw", "binary"] = "raw"
    # Pseudo-relevance feedback (Rocchio); `search(feedback=...)` overrides `feedback` per call.
    feedback: bool = True
    feedback_docs: int = 3
    feedback_terms: int = 50
    feedback_weight: float = 0.5  # share of the final query that comes from the feedback terms
    feedback_doc_weighting: Literal["score", "uniform"] = "score"

    def weight_of(self, field_name: str) -> float:
        for name, weight in self.field_weights:
            if name == field_name:
                return weight
        return 1.0


@dataclass(frozen=True)
class Match:
    doc_id: str
    score: float


@dataclass(frozen=True)
class TermContribution:
    term: str  # the word as the query wrote it; for feedback terms the corpus's most frequent form
    weight: float  # its part of the score; a match's contributions sum to its score


def words(text: str) -> list[str]:
    """Lower-cased word tokens of `text`: runs of letters, digits or "_" in any script."""
    return TOKEN.findall(text.lower())


class Analyzer:
    """Words -> terms as configured; the per-word work is cached."""

    def __init__(self, config: RankerConfig) -> None:
        self.config = config
        self.stop_words: frozenset[str] = {
            "sklearn": frozenset(ENGLISH_STOP_WORDS),
            "short": SHORT_STOP_WORDS,
            "none": frozenset(),
        }[config.stop_words]
        self.stemmer = Stemmer.Stemmer(config.stemmer) if config.stemmer else None
        self._cache: dict[str, str | None] = {}
        self._lock = threading.Lock()

    def term(self, word: str) -> str | None:
        """The term a lower-cased word stands for, or None when it is dropped (stop word, noise)."""
        try:
            return self._cache[word]
        except KeyError:
            pass
        with self._lock:  # a PyStemmer object must not be used by two threads at once
            if len(self._cache) > 200_000:
                self._cache.clear()
            result = self._cache[word] = self._term(word)
        return result

    def _term(self, word: str) -> str | None:
        if self.config.fold_accents and not word.isascii():
            decomposed = unicodedata.normalize("NFKD", word)
            word = unicodedata.normalize(
                "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
            )
        if word in self.stop_words or (len(word) == 1 and word.isascii()):
            return None
        if self.config.drop_numbers and word.isdigit():
            return None
        return self.stemmer.stemWord(word) if self.stemmer else word

    def terms(self, text: str) -> list[str | None]:
        """Terms of `text` in order; dropped words stay as None so bigrams never jump over them."""
        return [self.term(word) for word in words(text)]

    def pairs(self, text: str) -> list[tuple[str, str | None]]:
        """(word, term) for each word of `text`, in order (term None when the word is dropped)."""
        return [(word, self.term(word)) for word in words(text)]


class _Ids(dict[str, int]):
    """word -> dense id, assigned on first sight (`ids[word]` never raises)."""

    def __missing__(self, key: str) -> int:
        value = self[key] = len(self)
        return value


@dataclass
class _SideDoc:
    terms: IntArray  # sorted term ids
    weights: FloatArray  # the document's weight for each term
    feedback: FloatArray  # the same, L1-normalised


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


def _float_bincount(bins: npt.NDArray[Any], weights: npt.NDArray[Any], length: int) -> FloatArray:
    """np.bincount with weights (always float64; typed as such)."""
    return np.bincount(bins, weights=weights, minlength=length).astype(np.float64, copy=False)


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


class RankingIndex:
    """A fitted TF-IDF index: search, explain, upsert, remove, save and load.

    Not thread-safe for writes: callers serialise upsert/remove against searches.
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

    # --- Persistence -------------------------------------------------------------------------

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the index to `path` (npz) atomically: a temp file in the same folder, then os.replace."""
        target = Path(path)
        side_ids = list(self._side_docs)
        side = [self._side_docs[doc_id] for doc_id in side_ids]
        meta = {
            "format": FORMAT_VERSION,
            "config": asdict(self.config),
            "fit_ids": self._fit_ids,
            "dead": np.flatnonzero(self._dead).tolist(),
            "terms": self._terms,
            "surfaces": self._surfaces,
            "n_fit_terms": self._n_fit_terms,
            "avgdl": self._avgdl,
            "side_ids": side_ids,
        }
        arrays = {
            "meta": np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
            "idf": self._idf,
            "data": self._matrix.data,
            "indices": self._matrix.indices,
            "indptr": self._matrix.indptr,
            "side_lengths": np.array([len(doc.terms) for doc in side], dtype=np.int64),
            "side_terms": np.concatenate([doc.terms for doc in side]) if side else np.zeros(0, np.int64),
            "side_weights": np.concatenate([doc.weights for doc in side]) if side else np.zeros(0),
        }
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                np.savez(handle, allow_pickle=False, **arrays)
            Path(temporary).replace(target)  # os.replace: atomic on POSIX
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Self:
        """Read an index written by `save`; it answers every call exactly as the saved one did."""
        with np.load(path, allow_pickle=False) as stored:
            meta = json.loads(stored["meta"].tobytes().decode())
            if meta.get("format") != FORMAT_VERSION:
                raise ValueError(f"{path}: unknown ranking index format {meta.get('format')!r}")
            known = {item.name for item in fields(RankerConfig)}
            raw = {key: value for key, value in meta["config"].items() if key in known}
            raw["field_weights"] = tuple((str(name), float(weight)) for name, weight in raw["field_weights"])
            n_fit_terms = int(meta["n_fit_terms"])
            matrix = sparse.csr_array(
                (stored["data"], stored["indices"], stored["indptr"]),
                shape=(n_fit_terms, len(meta["fit_ids"])),
            )
            index = cls(
                config=RankerConfig(**raw),
                fit_ids=list(meta["fit_ids"]),
                terms=list(meta["terms"]),  # fitted terms first, then terms first seen in upserts
                surfaces=list(meta["surfaces"]),
                idf=stored["idf"].copy(),
                matrix=matrix,
                avgdl=float(meta["avgdl"]),
            )
            for position in meta["dead"]:
                index._dead[position] = True
                index._fit_pos.pop(index._fit_ids[position], None)
            offsets = np.concatenate([[0], np.cumsum(stored["side_lengths"])]).astype(np.int64)
            side_terms, side_weights = stored["side_terms"], stored["side_weights"]
            for i, doc_id in enumerate(meta["side_ids"]):
                start, end = offsets[i], offsets[i + 1]
                index._side_docs[doc_id] = _side_doc(
                    side_terms[start:end].astype(np.int64), side_weights[start:end].astype(np.float64)
                )
        return index

    # --- Query vectors -----------------------------------------------------------------------

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

    def _expand(self, terms: IntArray, weights: FloatArray) -> tuple[IntArray, FloatArray]:
        """Rocchio feedback: mix the strongest terms of the first pass's top documents into the query."""
        config = self.config
        top = self._top_k(terms, weights, k=config.feedback_docs, allowed=None)
        if not top or config.feedback_terms <= 0 or config.feedback_weight <= 0:
            return terms, weights
        best = top[0][1]
        forward = self._forward_matrix()
        part_terms, part_weights = [], []
        for doc_id, score in top:
            share = score / best if config.feedback_doc_weighting == "score" else 1.0
            position = self._fit_pos.get(doc_id)
            if position is not None:
                start, end = forward.indptr[position], forward.indptr[position + 1]
                part_terms.append(forward.indices[start:end].astype(np.int64))
                part_weights.append(forward.data[start:end] * (share * self._forward_scale[position]))
            else:
                doc = self._side_docs[doc_id]
                part_terms.append(doc.terms)
                part_weights.append(doc.feedback * share)
        unique, inverse = np.unique(np.concatenate(part_terms), return_inverse=True)
        expansion = np.bincount(inverse.reshape(-1), weights=np.concatenate(part_weights))
        strongest = np.lexsort((unique, -expansion))[: config.feedback_terms]
        chosen_terms, chosen_weights = unique[strongest], expansion[strongest]
        total = chosen_weights.sum()
        if total <= 0:
            return terms, weights
        mixed = np.concatenate([terms, chosen_terms])
        mixed_weights = np.concatenate(
            [
                weights * ((1 - config.feedback_weight) / weights.sum()),
                chosen_weights * (config.feedback_weight / total),
            ]
        )
        ids, at = np.unique(mixed, return_inverse=True)
        return ids.astype(np.int64), _float_bincount(at.reshape(-1), mixed_weights, len(ids))

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

    def _forward_matrix(self) -> sparse.csr_array:
        """Documents x terms (the same float32 weights): feedback vectors and scoring of few documents."""
        if self._forward is None:
            forward = self._matrix.T.tocsr()
            forward.sort_indices()
            forward.indices = forward.indices.astype(np.int32, copy=False)
            lengths = np.diff(forward.indptr)
            scale = np.zeros(forward.shape[0], dtype=np.float64)
            if forward.nnz:
                nonempty = lengths > 0
                totals = np.add.reduceat(forward.data.astype(np.float64), forward.indptr[:-1][nonempty])
                scale[nonempty] = 1.0 / totals
            self._forward_scale = scale  # 1 / L1 norm of each document's weights
            self._forward = forward
        return self._forward

    def _forward_scores(self, terms: IntArray, weights: FloatArray, columns: ColumnArray) -> FloatArray:
        """Exact scores of the fitted `columns` for `terms`, read from the documents' own rows."""
        forward = self._forward_matrix()
        query = np.zeros(self._n_fit_terms, dtype=np.float64)
        inside = terms < self._n_fit_terms
        query[terms[inside]] = weights[inside]
        starts = forward.indptr[columns]
        lengths = forward.indptr[columns + 1] - starts
        total = int(lengths.sum())
        if not total:
            return np.zeros(len(columns), dtype=np.float64)
        offsets = np.cumsum(lengths) - lengths
        positions = np.arange(total) + np.repeat(starts - offsets, lengths)
        contributions = query[forward.indices[positions]] * forward.data[positions]
        return _float_bincount(np.repeat(np.arange(len(columns)), lengths), contributions, len(columns))


def _side_doc(terms: IntArray, weights: FloatArray) -> _SideDoc:
    total = float(weights.sum())
    return _SideDoc(terms, weights, weights / total if total > 0 else weights.copy())


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


def _gather(matrix: sparse.csr_array, terms: IntArray, weights: FloatArray, n_columns: int) -> FloatArray:
    """Dense scores over the matrix's columns: the sum over `terms` (rows) of weight x row.

    Copies the query's rows out (a terms x documents layout makes that a few memcpy) and lets
    scipy's compiled matvec add them up: about 2 ns per posting.
    """
    inside = terms < matrix.shape[0]
    if not inside.any() or not n_columns:
        return np.zeros(n_columns, dtype=np.float64)
    rows = matrix[terms[inside]]
    return np.asarray(rows.T @ weights[inside], dtype=np.float64)


def _best_columns(
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
