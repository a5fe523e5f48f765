"""Fitting (`fit_corpus`): one pass over the corpus's text (`_TokenStream`), terms per distinct word,
field-weighted term frequencies, BM25 weights, and each term's surface word; the cyclic GC is paused
meanwhile. Gives the `FittedCorpus` and its `Vocabulary`; `RankingIndex.fit` wraps it."""

from __future__ import annotations

import gc
from array import array
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Self

import numpy as np
import numpy.typing as npt
from scipy import sparse

from matchmaking.ranking.analysis import BIGRAM_SEPARATOR, Analyzer, Text
from matchmaking.ranking.bm25 import bm25_matrix
from matchmaking.ranking.config import RankerConfig
from matchmaking.ranking.corpus import FittedCorpus
from matchmaking.ranking.scoring import float_bincount
from matchmaking.ranking.vocabulary import Vocabulary


class _Ids(dict[str, int]):
    """word -> dense id for the words of one language, assigned on first sight from one numbering
    shared by every language (`ids[word]` never raises); `vocabulary` gets (word, language)."""

    def __init__(self, language: str, vocabulary: list[tuple[str, str]]) -> None:
        super().__init__()
        self.language = language
        self.vocabulary = vocabulary

    def __missing__(self, key: str) -> int:
        value = self[key] = len(self.vocabulary)
        self.vocabulary.append((key, self.language))
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


@dataclass
class _TokenStream:
    """Every token of a corpus as a word id, in (document, field or part) segments; a word read in
    two languages (a Spanish and an English "sensores") has two ids."""

    vocabulary: list[tuple[str, str]]  # word id -> (word, the language it is read in)
    words: npt.NDArray[np.int32]  # word id of each token
    lengths: list[int]  # tokens in each segment
    docs: npt.NDArray[np.int32]  # document position of each segment
    weights: npt.NDArray[np.float32]  # field weight of each segment
    languages: list[tuple[str, ...]]  # each document's languages, main one first

    @classmethod
    def read(
        cls,
        documents: Mapping[str, Mapping[str, Text]],
        field_weights: Mapping[str, float],
        analyzer: Analyzer,
    ) -> Self:
        # The one pass over the text, kept to C-speed calls: findall, dict lookups through map().
        vocabulary: list[tuple[str, str]] = []
        ids_by_language: dict[str, _Ids] = {}
        tokens: array[int] = array("i")
        lengths: list[int] = []
        docs: list[int] = []
        weights: list[float] = []
        languages: list[tuple[str, ...]] = []
        for position, doc_id in enumerate(documents):
            analysed = analyzer.analyse_document(documents[doc_id])
            languages.append(analysed.languages)
            for name, segment in analysed.segments:
                ids = ids_by_language.get(segment.language)
                if ids is None:
                    ids = ids_by_language[segment.language] = _Ids(segment.language, vocabulary)
                before = len(tokens)
                tokens.extend(map(ids.__getitem__, segment.tokens))
                lengths.append(len(tokens) - before)
                docs.append(position)
                weights.append(field_weights.get(name, 1.0))
        return cls(
            vocabulary=vocabulary,
            words=np.frombuffer(tokens, dtype=np.int32) if len(tokens) else np.zeros(0, np.int32),
            lengths=lengths,
            docs=np.asarray(docs, dtype=np.int32),
            weights=np.asarray(weights, dtype=np.float32),
            languages=languages,
        )


def _surfaces(
    vocabulary: list[tuple[str, str]],
    word_term: npt.NDArray[np.int32],
    token_word: npt.NDArray[np.int32],
    n_terms: int,
) -> list[str]:
    """For each term, its most frequent surface word in the corpus (ties: alphabetically first)."""
    counts = np.bincount(token_word, minlength=len(vocabulary)).tolist() if len(token_word) else []
    best: list[tuple[int, str]] = [(1, "")] * n_terms
    for word_id, term in enumerate(word_term.tolist()):
        if term >= 0:
            best[term] = min(best[term], (-counts[word_id], vocabulary[word_id][0]))
    return [word for _, word in best]


def fit_corpus(
    documents: Mapping[str, Mapping[str, Text]], config: RankerConfig
) -> tuple[FittedCorpus, Vocabulary]:
    """The weighted corpus and vocabulary of doc_id -> {field: text or (language, text) parts}, fields
    weighted as configured; the corpus keeps each document's languages."""
    with _no_gc():
        return _fit(documents, config)


def _fit(
    documents: Mapping[str, Mapping[str, Text]], config: RankerConfig
) -> tuple[FittedCorpus, Vocabulary]:
    analyzer = Analyzer(config)
    stream = _TokenStream.read(documents, dict(config.field_weights), analyzer)
    # Per distinct (word, language) (not per token): stop words, folding and stemming.
    word_terms = [analyzer.term(word, language) for word, language in stream.vocabulary]
    unigrams = sorted({term for term in word_terms if term is not None})
    unigram_index = {term: i for i, term in enumerate(unigrams)}
    word_term = np.array([unigram_index[t] if t is not None else -1 for t in word_terms], dtype=np.int32)

    n_docs = len(documents)
    token_term = word_term[stream.words] if len(stream.words) else np.zeros(0, np.int32)
    token_segment = np.repeat(np.arange(len(stream.lengths), dtype=np.int32), stream.lengths)
    keep = token_term >= 0
    kept_segment = token_segment[keep]
    kept_per_segment = np.bincount(kept_segment, minlength=len(stream.lengths))
    doc_length = float_bincount(stream.docs, kept_per_segment * stream.weights, n_docs)

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
    matrix, idf, avgdl = bm25_matrix(tf, doc_length, config)
    corpus = FittedCorpus(
        ids=[str(doc_id) for doc_id in documents], matrix=matrix, avgdl=avgdl, languages=stream.languages
    )
    return corpus, Vocabulary(terms, surfaces, idf)
