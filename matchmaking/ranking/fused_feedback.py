"""Rule v6's pseudo-relevance feedback (docs/concepts.md, "How ranking settings are chosen"): the
documents the expansion terms come from are the top of the fused first pass, not of the lexical
ranking alone. Pure: an index, a query text and its cosines in, lexical scores out.

`lexical_scores(index, text, cosines, setting, k=...)` is what a caller fusing the lexical and the
dense signals asks for its lexical side; `fuse(lexical, cosines, setting, ...)` then fuses them
with the same cosines. Under a setting whose feedback first pass is "lexical" (or feedback off) it
is `index.search` as before.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING

from matchmaking.ranking.fusion import DENSE_DEPTH, FusionSetting, fused_alike

if TYPE_CHECKING:
    from matchmaking.ranking.analysis import Text
    from matchmaking.ranking.index import RankingIndex

# The first pass's lexical candidates: its top 100, as many as the dense side's (and as learned).
FIRST_PASS_DEPTH = DENSE_DEPTH


def uses_fused_feedback(setting: FusionSetting) -> bool:
    """Whether feedback is on and takes its documents from the fused first pass."""
    return setting.feedback and setting.feedback_ranking == "fused"


def feedback_documents(
    first_lexical: Mapping[str, float], cosines: Mapping[str, float], setting: FusionSetting, *, count: int
) -> list[tuple[str, float]]:
    """The first pass's best `count` (doc id, fused score), best first (ties by doc id): raw lexical
    scores of the query without feedback and raw cosines in, weighted as the final score is. With
    a dense weight of 0 the fused score is the lexical score / the best one, so the documents and
    their relative weights are the lexical first pass's."""
    return [(item.doc_id, item.score) for item in fused_alike(first_lexical, cosines, setting)[:count]]


def lexical_scores(
    index: RankingIndex,
    text: Text,
    cosines: Mapping[str, float],
    setting: FusionSetting,
    *,
    k: int,
    allowed: Collection[str] | None = None,
) -> dict[str, float]:
    """The lexical side of the fusion: the index's top k raw scores for `text` (feedback as the
    index's config says), or under rule v6's setting, the query expanded from the fused first
    pass's top `feedback_docs` documents (the first pass reads the whole index, as feedback always
    does; `cosines` are the query's nearest documents the caller fuses with)."""
    if not uses_fused_feedback(setting):
        return {m.doc_id: m.score for m in index.search(text, k=k, allowed=allowed)}
    first = {m.doc_id: m.score for m in index.search(text, k=FIRST_PASS_DEPTH, feedback=False)}
    top = feedback_documents(first, cosines, setting, count=index.config.feedback_docs)
    matches = index.search(text, k=k, allowed=allowed, feedback_documents=top)
    return {m.doc_id: m.score for m in matches}
