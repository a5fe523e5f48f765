"""Fusing the lexical and the dense (meaning) signals into one text score. Pure.

Both signals are normalised per query before they are weighed (docs/concepts.md, "How ranking
settings are chosen"):

* lexical: score / the query's best lexical score (0..1; 0 for a document the lexical ranker did
  not return);
* dense: (cosine - the `DENSE_DEPTH`-th best cosine) / (best cosine - that), clipped to 0..1, so
  only the query's `DENSE_DEPTH` nearest documents carry a dense signal.

The fused score is `lexical_weight * lexical + dense_weight * dense`. The setting (feedback on or
off, which dense signal, the two weights) is learned offline by `matchmaking.fusion_learning` and
stored in `fusion_setting.json` next to this module; `load_setting()` reads it (nothing is fitted
at run time).

When the setting has a `cross_language` mapping and the caller says which documents share a
language with the query (`same_language`, see `language_pairs`), the pairs are scored apart (rule v3
in docs/concepts.md): same-language documents exactly as above, among themselves; a document in
another language, where shared words cannot be expected, by its cosine mapped onto the lexical
scale (`CrossLanguageMap`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Self

from matchmaking.ranking.config import RankerConfig
from matchmaking.ranking.dense import DenseMode

if TYPE_CHECKING:
    from matchmaking.ranking.analysis import Text
    from matchmaking.ranking.index import RankingIndex

# A query with fewer nearest documents of a kind than this (a catalogue holding a handful of
# solutions) ranks the documents in its own language by words alone (`matchmaking.selectors`):
# min-max over so few says nothing, and a lone unrelated solution would get the full dense value
# ("Museum ticketing" for a mobility gap). Ten: the results a page shows and nDCG's cut-off; every
# judged collection holds more documents (adi, the smallest: 82), so no measured figure depends on it.
MIN_DENSE_NEIGHBOURS = 10
DENSE_DEPTH = 100  # the dense signal's reach: the query's nearest documents that score above 0
SETTING_FILE = Path(__file__).with_name("fusion_setting.json")
# The best setting with the meaning signal, learned the same way but not chosen by the rule (see
# docs/concepts.md): what `SMC_MATCH_FUSION_SETTING` can point at to trade classic-collection safety
# for cross-language matching.
MEANING_SETTING_FILE = Path(__file__).with_name("fusion_setting_meaning.json")
SETTING_ENV = "SMC_MATCH_FUSION_SETTING"


CrossFeature = Literal["cosine", "normalised"]
# How a cross-language pair's own lexical evidence counts: "ignore" (rule v3: not at all, and the
# lexical score is normalised among same-language documents), "max" (rule v4 D: the larger of its
# lexical value and its mapped dense value), "fitted" (rule v4 E: both features in one fit).
CrossLexical = Literal["ignore", "max", "fitted"]
# Where pseudo-relevance feedback takes its documents from (rule v6): the lexical ranking alone
# ("lexical", rules v1-v5) or the fused ranking of the first pass ("fused", `fused_feedback`).
FeedbackRanking = Literal["lexical", "fused"]


@dataclass(frozen=True)
class CrossLanguageMap:
    """A cross-language document's score on the lexical scale: `slope * x + lexical_slope * l +
    intercept` (or, for "max", the larger of l and `slope * x + intercept`), where x is its cosine
    with the query ("cosine") or that cosine min-max normalised over the query's cross-language
    candidates ("normalised"), and l its normalised lexical score; learned so that equal scores
    mean equal estimated probabilities of relevance (`fusion_learning.fit_cross_language`)."""

    feature: CrossFeature
    slope: float
    intercept: float
    lexical: CrossLexical = "ignore"
    lexical_slope: float = 0.0

    def dense_values(self, cosines: Mapping[str, float]) -> Mapping[str, float]:
        """x of each cross-language candidate with a cosine."""
        return dense_features(cosines) if self.feature == "normalised" else cosines

    def score(self, lexical: float, dense: float) -> float:
        """The document's score on the lexical scale from its two features."""
        if self.lexical == "max":
            return max(lexical, self.slope * dense + self.intercept)
        return self.slope * dense + self.lexical_slope * lexical + self.intercept


@dataclass(frozen=True)
class FusionSetting:
    """How the text score is made: feedback, the dense signal (None: lexical only) and the weights."""

    feedback: bool = True
    # The share of the final query the feedback terms take when `feedback` is on (rule v5); files
    # written before v5 have none and get the tuned 0.5 (config.TUNING_LOG).
    feedback_weight: float = RankerConfig.feedback_weight
    # Rule v6: the feedback documents are the fused first pass's top (`fused_feedback`); files
    # written before v6 have none and keep the lexical first pass.
    feedback_ranking: FeedbackRanking = "lexical"
    dense: DenseMode | None = None
    lexical_weight: float = 1.0
    dense_weight: float = 0.0
    version: int = 1
    learned_on: tuple[str, ...] = ()
    note: str = ""
    cross_language: CrossLanguageMap | None = None  # None: every pair scored alike

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Self:
        values = dict(data)
        values["learned_on"] = tuple(values.get("learned_on", ()))  # type: ignore[arg-type]
        cross = values.get("cross_language")
        values["cross_language"] = CrossLanguageMap(**cross) if isinstance(cross, Mapping) else None
        return cls(**values)  # type: ignore[arg-type]

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["learned_on"] = list(self.learned_on)
        if self.cross_language is None:
            del data["cross_language"]  # files written before rule v3 stay as they were
        if self.feedback_ranking == "lexical":
            del data["feedback_ranking"]  # likewise before rule v6
        return data

    @property
    def uses_dense(self) -> bool:
        """Whether sentence vectors are needed: a dense weight, or cross-language pairs to score."""
        return self.dense is not None and (self.dense_weight > 0 or self.cross_language is not None)


def load_setting() -> FusionSetting:
    """The stored setting: the package's versioned file, or the file `SMC_MATCH_FUSION_SETTING`
    names (an operator's deliberate choice, e.g. `fusion_setting_meaning.json`; tests)."""
    return _read_setting(os.environ.get(SETTING_ENV) or str(SETTING_FILE))


@cache
def _read_setting(path: str) -> FusionSetting:
    return FusionSetting.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def ranker_config(setting: FusionSetting) -> RankerConfig:
    """The lexical ranker's configuration under `setting` (feedback on or off and its weight, the
    rest as tuned)."""
    return RankerConfig(feedback=setting.feedback, feedback_weight=setting.feedback_weight)


def lexical_features(scores: Mapping[str, float]) -> dict[str, float]:
    """Each score over the best one (0..1)."""
    best = max(scores.values(), default=0.0)
    if best <= 0:
        return {}
    return {doc_id: score / best for doc_id, score in scores.items() if score > 0}


def dense_features(cosines: Mapping[str, float], *, depth: int = DENSE_DEPTH) -> dict[str, float]:
    """Min-max normalised cosines of the `depth` nearest documents (the depth-th, or the farthest
    when there are fewer, scores 0)."""
    ranked = sorted(cosines.items(), key=lambda item: (-item[1], item[0]))[:depth]
    if not ranked:
        return {}
    best, floor = ranked[0][1], ranked[-1][1]
    span = best - floor
    if span <= 0:
        return {doc_id: 1.0 for doc_id, _ in ranked}
    return {doc_id: min(1.0, max(0.0, (cosine - floor) / span)) for doc_id, cosine in ranked}


@dataclass(frozen=True)
class Fused:
    doc_id: str
    score: float
    lexical: float  # normalised lexical signal (0..1)
    dense: float  # normalised dense signal (0..1); for a cross-language document, its raw cosine
    cross_language: bool = False  # scored by meaning alone, as a document in another language


def fuse(
    lexical: Mapping[str, float],
    dense: Mapping[str, float],
    setting: FusionSetting,
    *,
    same_language: Callable[[str], bool] | None = None,
) -> list[Fused]:
    """Documents with a positive fused score, best first (ties by doc id); `lexical` are raw lexical
    scores, `dense` raw cosines (both for the candidates the caller gathered). With
    `same_language` and a setting with a `cross_language` mapping, documents in another language
    than the query are scored by that mapping instead (rule v3)."""
    cross = setting.cross_language if same_language is not None and setting.uses_dense else None
    if cross is None or same_language is None:
        fused = _fused_alike(lexical, dense, setting)
        fused.sort(key=lambda item: (-item.score, item.doc_id))
        return fused
    # Each candidate's language pair asked once (a few hundred candidates a query).
    same = {doc_id: same_language(doc_id) for doc_id in lexical.keys() | dense.keys()}
    across = {doc_id: cosine for doc_id, cosine in dense.items() if not same[doc_id]}
    values = cross.dense_values(across)
    if cross.lexical == "ignore":
        fused = _fused_alike(
            {doc_id: score for doc_id, score in lexical.items() if same[doc_id]},
            {doc_id: cosine for doc_id, cosine in dense.items() if same[doc_id]},
            setting,
        )
        fused.extend(
            Fused(doc_id, score, 0.0, across[doc_id], cross_language=True)
            for doc_id, score in ((d, cross.score(0.0, x)) for d, x in values.items())
            if score > 0
        )
    else:
        # Rule v4: the lexical score normalised over every document, as without the map, so a
        # same-language pair scores exactly what it scored before.
        lexical_norm = lexical_features(lexical)
        fused = [
            item
            for item in _fused_alike(lexical, dense, setting, lexical_norm=lexical_norm)
            if same[item.doc_id]
        ]
        for doc_id in (values.keys() | lexical_norm.keys()) - {item.doc_id for item in fused}:
            if same[doc_id]:
                continue
            lex, x = lexical_norm.get(doc_id, 0.0), values.get(doc_id, 0.0)
            score = cross.score(lex, x)
            if score > 0:
                fused.append(Fused(doc_id, score, lex, across.get(doc_id, 0.0), cross_language=True))
    fused.sort(key=lambda item: (-item.score, item.doc_id))
    return fused


def fused_alike(
    lexical: Mapping[str, float], dense: Mapping[str, float], setting: FusionSetting
) -> list[Fused]:
    """Every pair scored by the setting's two weights, whatever its language (documents with a
    positive score), best first (ties by doc id): rule v6's first pass."""
    fused = _fused_alike(lexical, dense, setting)
    fused.sort(key=lambda item: (-item.score, item.doc_id))
    return fused


def _fused_alike(
    lexical: Mapping[str, float],
    dense: Mapping[str, float],
    setting: FusionSetting,
    *,
    lexical_norm: Mapping[str, float] | None = None,
) -> list[Fused]:
    """Every pair scored by the setting's two weights (documents with a positive score)."""
    lexical_norm = lexical_features(lexical) if lexical_norm is None else lexical_norm
    dense_norm = dense_features(dense) if setting.uses_dense and setting.dense_weight > 0 else {}
    fused = []
    for doc_id in lexical_norm.keys() | dense_norm.keys():
        lex, den = lexical_norm.get(doc_id, 0.0), dense_norm.get(doc_id, 0.0)
        score = setting.lexical_weight * lex + setting.dense_weight * den
        if score > 0:
            fused.append(Fused(doc_id, score, lex, den))
    return fused


def language_pairs(index: RankingIndex, text: Text) -> Callable[[str], bool]:
    """Whether a document of `index` shares a language with the query `text`: its main language is
    one the lexical analyser reads the query in (a document the index does not hold counts as
    same-language, i.e. it is scored as the lexical setting says)."""
    readings = frozenset(index.reading_languages(text))

    def same_language(doc_id: str) -> bool:
        try:
            return index.languages_of(doc_id)[0] in readings
        except KeyError:
            return True

    return same_language
