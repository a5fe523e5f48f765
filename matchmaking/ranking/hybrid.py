"""A query's text matches as production ranks them (`text_matches`): the lexical search, the
nearest sentence vectors, and their fusion (`fusion.fuse`, with the language pairs when the setting
scores cross-language pairs apart), cut to the matches worth re-scoring. Pure: the indexes and the
query's vector are passed in. `matchmaking.selectors` recommends through it and `bench/ranking.py`
times it, so the benchmark measures exactly what a request runs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from matchmaking.ranking.fusion import DENSE_DEPTH, Fused, FusionSetting, fuse, language_pairs

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
    lexical = {
        m.doc_id: m.score for m in index.search(text, k=lexical_depth(want)) if m.doc_id.startswith(prefix)
    }
    cosines: dict[str, float] = {}
    same_language = None
    if dense is not None and setting.uses_dense:
        cosines = dense.nearest(query_vector(), k=DENSE_DEPTH, prefix=prefix)
        if setting.cross_language is not None:
            same_language = language_pairs(index, text)
    fused = fuse(lexical, cosines, setting, same_language=same_language)
    if not fused:
        return []
    floor = fused[0].score * MIN_RELATIVE_TEXT_SCORE
    return [f for f in fused if f.score >= floor][:want]
