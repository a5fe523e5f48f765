"""Explanations: which terms made a document's score for a text (`TermContribution`), said the way
the query said them (`term_contributions`; `RankingIndex.explain` supplies the contributions)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from matchmaking.ranking.analysis import BIGRAM_SEPARATOR, Analyzer, Text
from matchmaking.ranking.scoring import FloatArray, IntArray
from matchmaking.ranking.vocabulary import Vocabulary


@dataclass(frozen=True)
class TermContribution:
    term: str  # the word as the query wrote it; for feedback terms the corpus's most frequent form
    weight: float  # its part of the score; a match's contributions sum to its score


def term_contributions(
    text: Text,
    terms: IntArray,
    contributions: FloatArray,
    *,
    analyzer: Analyzer,
    vocabulary: Vocabulary,
    top_n: int,
    only_query_terms: bool = False,
) -> list[TermContribution]:
    """The `top_n` positive `contributions` (one per query term id in `terms`), heaviest first, ties
    by term; each named as `text` wrote it, or else by the term's most frequent surface word.
    `only_query_terms` keeps only terms `text` itself contains (not feedback expansion terms)."""
    order = sorted(
        (i for i in range(len(terms)) if contributions[i] > 0),
        key=lambda i: (-contributions[i], vocabulary.terms[terms[i]]),
    )
    # Say a query term the way the query did ("warning", not the corpus's "warn").
    spoken: dict[str, str] = {}
    known = [
        [(word, term) for word, term in readings if vocabulary.id_of(term) >= 0]
        for readings in analyzer.term_options(text)
    ]
    for readings in known:
        for word, term in readings:
            spoken.setdefault(term, word)
    for first, second in itertools.pairwise(known):
        if len(first) == 1 and len(second) == 1:
            (word, first_term), (next_word, second_term) = first[0], second[0]
            spoken.setdefault(f"{first_term}{BIGRAM_SEPARATOR}{second_term}", f"{word} {next_word}")
    if only_query_terms:
        order = [i for i in order if vocabulary.terms[terms[i]] in spoken]
    return [
        TermContribution(
            spoken.get(vocabulary.terms[terms[i]], vocabulary.surfaces[terms[i]]), float(contributions[i])
        )
        for i in order[:top_n]
    ]
