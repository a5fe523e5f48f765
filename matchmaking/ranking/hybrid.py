"""A query's text matches as production ranks them (`text_matches`): the nearest sentence vectors,
the lexical search (its feedback's first pass fused with them: `fused_feedback`), and their fusion
(`fusion.fuse`, with the language pairs when the setting scores cross-language pairs apart), cut to
the matches worth re-scoring. Pure: the indexes and the query's vector are passed in.
`matchmaking.selectors` recommends through it and `bench/ranking.py` times it, so the benchmark
measures exactly what a request runs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from matchmaking.ranking.fused_feedback import lexical_scores
from matchmaking.ranking.fusion import (
    DENSE_DEPTH,
    MIN_DENSE_NEIGHBOURS,
    Fused,
    FusionSetting,
    fuse,
    language_pairs,
)

if TYPE_CHECKING:
    from matchmaking.ranking.analysis import Text
    from matchmaking.ranking.dense import DenseIndex
    from matchmaking.ranking.index import RankingIndex

# Text matches weaker than this share of the best one are noise (often brought in only by
# pseudo-relevance feedback) and are not recommended, whatever their structured signals.
MIN_RELATIVE_TEXT_SCORE = 0.2


def lexical_depth(want: int) -> int:
    """How many lexical matches to ask for to keep `want` of one kind: needs and solutions share
    one index (one vocabulary, one idf), so enough of both kinds."""
    return want * 4 + 50


def text_matches(
    index: RankingIndex,
    dense: DenseIndex | None,
    text: Text,
    *,
    setting: FusionSetting,
    prefix: str,
    want: int,
    query_vector: Callable[[], npt.NDArray[np.float32]],
) -> list[Fused]:
    """The fused text scores of the best `want` documents whose id starts with `prefix`, best
    first, those under `MIN_RELATIVE_TEXT_SCORE` of the best left out. `query_vector` gives the
    query's sentence vector (a stored document's saved one, or the text encoded); it is called only
    when the setting uses the meaning signal and `dense` is there."""
    cosines: dict[str, float] = {}
    same_language = None
    if dense is not None and setting.uses_dense:
        cosines = dense.nearest(query_vector(), k=DENSE_DEPTH, prefix=prefix)
        if setting.cross_language is not None:
            same_language = language_pairs(index, text)
        if len(cosines) < MIN_DENSE_NEIGHBOURS:
            # Too few documents of this kind to tell near from far: a pair in one language ranks by
            # words alone; a document in another language keeps its meaning score (rule v4's map).
            cosines = {
                doc_id: cosine
                for doc_id, cosine in cosines.items()
                if same_language is not None and not same_language(doc_id)
            }
    # The feedback's first pass fuses the lexical scores with these cosines (rule v6).
    scores = lexical_scores(index, text, cosines, setting, k=lexical_depth(want))
    lexical = {doc_id: score for doc_id, score in scores.items() if doc_id.startswith(prefix)}
    fused = fuse(lexical, cosines, setting, same_language=same_language)
    if not fused:
        return []
    floor = fused[0].score * MIN_RELATIVE_TEXT_SCORE
    return [f for f in fused if f.score >= floor][:want]
