"""Learning the fusion setting from the judged collections, by the rule in docs/concepts.md ("How
ranking settings are chosen"). Offline only: `manage.py learn_fusion` runs it and writes
`matchmaking/ranking/fusion_setting.json`; production only reads that file.

* `signals_of(collection, ...)`: per query, the lexical top 100 (raw scores) and the dense top 100
  (raw cosines), computed once per collection and setting.
* `learn_weights(signals)`: logistic regression (scikit-learn) on the per-query normalised features
  of every judged candidate pair, each query weighing the same in total.
* `grid_weights(signals, bm25)`: rule v2's grid over the dense weight, chosen on the training
  collections under the same eligibility.
* `leave_one_collection_out(...)`: per collection, nDCG@10 with weights learned on the others.
* `choose(...)`: eligibility (>= bm25s - 0.01 on every collection), best mean, ties to the simpler.
* Rule v5: `v5_table` (every collection's nDCG@10 at every (feedback weight, dense weight) point),
  `v5_choice` (the learner on the training collections), `v5_held_out` and `grid_verdict` (what
  the rule concludes, v6's too).
* Rule v6: `v6_runs` (per (f, w) point, the lexical run with feedback from the fused first pass),
  `v6_table`; the learner and the held-out choice are v5's.
* Rule v3 (pairs of languages): `pair_signals`, `fit_cross_language` (the map of a cross-language
  cosine onto the lexical scale), `leave_one_language_out` and `choose_cross`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from matchmaking.evaluation import DEPTH, NDCG_AT, Collection, evaluate, joined_text, ndcg_at_k, ours
from matchmaking.ranking.config import RankerConfig
from matchmaking.ranking.dense import DenseMode, Encode, embed_texts
from matchmaking.ranking.fused_feedback import FIRST_PASS_DEPTH, feedback_documents, lexical_scores
from matchmaking.ranking.fusion import (
    DENSE_DEPTH,
    CrossFeature,
    CrossLanguageMap,
    CrossLexical,
    FusionSetting,
    dense_features,
    fuse,
    language_pairs,
    lexical_features,
    ranker_config,
)
from matchmaking.ranking.index import RankingIndex

ELIGIBILITY_MARGIN = 0.01  # a setting may lose at most this much nDCG@10 to bm25s on any collection
TIE = 0.002  # mean nDCG@10 differences below this are a tie: the simpler setting wins
Learner = Literal["none", "logistic", "grid"]
GRID = tuple(round(0.05 * step, 2) for step in range(11))  # rule v2: dense weights 0 .. 0.5
# Simpler first: (dense signal, feedback, learner) in the order the rule breaks ties.
CANDIDATE_SETTINGS: tuple[tuple[DenseMode | None, bool, Learner], ...] = (
    (None, False, "none"),
    (None, True, "none"),
    ("whole", False, "logistic"),
    ("whole", False, "grid"),
    ("whole", True, "logistic"),
    ("whole", True, "grid"),
    ("passages", False, "logistic"),
    ("passages", False, "grid"),
    ("passages", True, "logistic"),
    ("passages", True, "grid"),
)


@dataclass(frozen=True)
class QuerySignals:
    lexical: dict[str, float]  # doc id -> raw lexical score (top DEPTH)
    dense: dict[str, float]  # doc id -> cosine (top DENSE_DEPTH); empty without a dense signal
    judgments: dict[str, float]


Signals = dict[str, QuerySignals]  # query id -> its signals


def lexical_runs(
    collection: Collection, *, feedback: bool, feedback_weight: float = RankerConfig.feedback_weight
) -> dict[str, dict[str, float]]:
    index = RankingIndex.fit(
        collection.documents, RankerConfig(feedback=feedback, feedback_weight=feedback_weight)
    )
    return {
        qid: {match.doc_id: match.score for match in index.search(text, k=DEPTH)}
        for qid, text in collection.queries.items()
    }


def dense_runs(collection: Collection, *, mode: DenseMode, encode: Encode) -> dict[str, dict[str, float]]:
    doc_ids = list(collection.documents)
    documents = embed_texts([joined_text(collection.documents[d]) for d in doc_ids], encode, mode=mode)
    qids = list(collection.queries)
    queries = embed_texts([collection.queries[q] for q in qids], encode, mode=mode)
    cosines = queries @ documents.T
    depth = min(DENSE_DEPTH, len(doc_ids))
    runs = {}
    for row, qid in enumerate(qids):
        top = np.argpartition(-cosines[row], depth - 1)[:depth]
        runs[qid] = {doc_ids[p]: float(cosines[row, p]) for p in top.tolist()}
    return runs


def combine_signals(
    collection: Collection, lexical: Mapping[str, dict[str, float]], dense: Mapping[str, dict[str, float]]
) -> Signals:
    return {
        qid: QuerySignals(lexical.get(qid, {}), dense.get(qid, {}), collection.qrels[qid])
        for qid in collection.queries
    }


def features(signals: QuerySignals) -> tuple[list[str], np.ndarray]:
    """The candidates (lexical top and dense top together) and their two normalised features."""
    lex, den = lexical_features(signals.lexical), dense_features(signals.dense)
    ids = sorted(lex.keys() | den.keys())
    return ids, np.array([[lex.get(d, 0.0), den.get(d, 0.0)] for d in ids], dtype=np.float64).reshape(-1, 2)


def learn_weights(training: Sequence[Signals]) -> tuple[float, float]:
    """(lexical weight, dense weight), non-negative and adding up to 1, by logistic regression."""
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 -- offline only

    rows: list[np.ndarray] = []
    labels: list[int] = []
    weights: list[float] = []
    for signals in training:
        for query in signals.values():
            ids, x = features(query)
            if not ids:
                continue
            rows.append(x)
            labels.extend(1 if query.judgments.get(d, 0.0) > 0 else 0 for d in ids)
            weights.extend([1.0 / len(ids)] * len(ids))
    model = LogisticRegression(class_weight="balanced")
    model.fit(np.vstack(rows), np.array(labels), sample_weight=np.array(weights))
    lexical, dense = (max(float(c), 0.0) for c in model.coef_[0])
    total = lexical + dense
    return (lexical / total, dense / total) if total > 0 else (1.0, 0.0)


@dataclass(frozen=True)
class _QueryArrays:
    """A query's candidates (doc id order) as arrays, to score many weights fast."""

    lexical: np.ndarray
    dense: np.ndarray
    gains: np.ndarray
    ideal: float


def _arrays(signals: Signals) -> list[_QueryArrays]:
    result = []
    for query in signals.values():
        ids, x = features(query)
        gains = np.array([max(query.judgments.get(d, 0.0), 0.0) for d in ids])
        ideal_gains = sorted((g for g in query.judgments.values() if g > 0), reverse=True)[:NDCG_AT]
        ideal = sum(g / np.log2(rank + 2) for rank, g in enumerate(ideal_gains))
        result.append(_QueryArrays(x[:, 0], x[:, 1], gains, ideal))
    return result


_DISCOUNTS = 1 / np.log2(np.arange(2, NDCG_AT + 2))


def _mean_ndcg(queries: list[_QueryArrays], lexical_weight: float, dense_weight: float) -> float:
    """Mean nDCG@10 of the fused ranking, as `fuse` orders it (score desc, then doc id; score > 0)."""
    total = 0.0
    for query in queries:
        if query.ideal <= 0 or len(query.gains) == 0:
            continue
        scores = lexical_weight * query.lexical + dense_weight * query.dense
        order = np.lexsort((np.arange(len(scores)), -scores))[:NDCG_AT]
        order = order[scores[order] > 0]
        total += float(query.gains[order] @ _DISCOUNTS[: len(order)]) / query.ideal
    return total / max(len(queries), 1)


def grid_weights(training: Mapping[str, Signals], bm25: Mapping[str, float]) -> tuple[float, float]:
    """Rule v2: the dense weight in GRID with the best mean nDCG@10 over the training collections
    among those at least bm25s - 0.01 on each (else the best worst margin); ties to the smaller."""
    arrays = {name: _arrays(signals) for name, signals in training.items()}
    best: tuple[float, float] | None = None  # (key, w)
    fallback: tuple[float, float] | None = None
    for weight in GRID:
        scores = {name: _mean_ndcg(queries, 1 - weight, weight) for name, queries in arrays.items()}
        margin = min(scores[name] - (bm25[name] - ELIGIBILITY_MARGIN) for name in scores)
        mean = sum(scores.values()) / len(scores)
        if margin >= 0 and (best is None or mean > best[0]):
            best = (mean, weight)
        if fallback is None or margin > fallback[0]:
            fallback = (margin, weight)
    chosen = best[1] if best is not None else fallback[1] if fallback is not None else 0.0
    return 1 - chosen, chosen


def ndcg_per_query(signals: Signals, setting: FusionSetting) -> dict[str, float]:
    return {
        qid: ndcg_at_k([f.doc_id for f in fuse(q.lexical, q.dense, setting)], q.judgments, NDCG_AT)
        for qid, q in signals.items()
    }


@dataclass(frozen=True)
class HeldOut:
    collection: str
    ndcg_at_10: float
    lexical_weight: float
    dense_weight: float


def learned(
    learner: Learner, training: Mapping[str, Signals], bm25: Mapping[str, float]
) -> tuple[float, float]:
    """(lexical weight, dense weight) by `learner` on the training collections."""
    if learner == "logistic":
        return learn_weights(list(training.values()))
    if learner == "grid":
        return grid_weights(training, bm25)
    return 1.0, 0.0


def leave_one_collection_out(
    by_collection: Mapping[str, Signals],
    *,
    dense: DenseMode | None,
    feedback: bool,
    learner: Learner = "logistic",
    bm25: Mapping[str, float] | None = None,
) -> list[HeldOut]:
    """Per collection, nDCG@10 with the weights learned on all the others."""
    results = []
    for name, signals in by_collection.items():
        if dense is None:
            lexical_weight, dense_weight = 1.0, 0.0
        else:
            others = {other: s for other, s in by_collection.items() if other != name}
            lexical_weight, dense_weight = learned(learner, others, bm25 or {})
        setting = FusionSetting(
            feedback=feedback, dense=dense, lexical_weight=lexical_weight, dense_weight=dense_weight
        )
        per_query = ndcg_per_query(signals, setting)
        results.append(
            HeldOut(name, sum(per_query.values()) / max(len(per_query), 1), lexical_weight, dense_weight)
        )
    return results


@dataclass(frozen=True)
class Verdict:
    dense: DenseMode | None
    feedback: bool
    learner: Learner
    held_out: list[HeldOut]
    mean: float
    worst_margin: float  # min over collections of (ours - (bm25s - 0.01)); >= 0 means eligible

    @property
    def eligible(self) -> bool:
        return self.worst_margin >= 0


def verdict(
    dense: DenseMode | None,
    feedback: bool,
    learner: Learner,
    held_out: list[HeldOut],
    bm25: Mapping[str, float],
) -> Verdict:
    margins = [h.ndcg_at_10 - (bm25[h.collection] - ELIGIBILITY_MARGIN) for h in held_out]
    return Verdict(
        dense, feedback, learner, held_out, sum(h.ndcg_at_10 for h in held_out) / len(held_out), min(margins)
    )


def choose(verdicts: Sequence[Verdict]) -> Verdict:
    """The rule: among eligible settings the best mean, ties (< TIE) to the simpler (earlier in
    CANDIDATE_SETTINGS order); with none eligible, the one least far below the bar."""
    eligible = [v for v in verdicts if v.eligible]
    if not eligible:
        return max(verdicts, key=lambda v: v.worst_margin)
    best = max(v.mean for v in eligible)
    order = {setting: i for i, setting in enumerate(CANDIDATE_SETTINGS)}
    return min(
        (v for v in eligible if v.mean >= best - TIE), key=lambda v: order[(v.dense, v.feedback, v.learner)]
    )


# --- Rule v5: the feedback weight and the dense weight together (docs/concepts.md) ------------

V5_FEEDBACK_WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)  # 0: feedback off
V5_DENSE_MODE: DenseMode = "whole"
Point = tuple[float, float]  # (feedback weight f, dense weight w)
V5Table = dict[Point, dict[str, float]]  # point -> collection -> nDCG@10


def v5_lexical_runs(collection: Collection, f: float) -> dict[str, dict[str, float]]:
    """Rule v5's lexical run at feedback weight `f` (0: feedback off)."""
    return lexical_runs(collection, feedback=f > 0, feedback_weight=f or RankerConfig.feedback_weight)


def v5_table(lexical: Mapping[float, Mapping[str, Signals]], grid: Sequence[float] = GRID) -> V5Table:
    """nDCG@10 of every collection at every (f, w): `lexical[f][collection]` are the collection's
    signals (lexical run with feedback weight f, whole-text cosines)."""
    table: V5Table = {}
    for f, by_collection in lexical.items():
        arrays = {name: _arrays(signals) for name, signals in by_collection.items()}
        for w in grid:
            table[(f, w)] = {name: _mean_ndcg(queries, 1 - w, w) for name, queries in arrays.items()}
    return table


def v5_choice(table: V5Table, training: Sequence[str], bm25: Mapping[str, float]) -> Point:
    """Rule v5, 2.: on `training`, the point with the best mean nDCG@10 among those at least
    bm25s - 0.01 on every training collection (none: the best worst margin); within `TIE` of the
    best mean, the smaller w, then the smaller f."""

    def margin(point: Point) -> float:
        return min(table[point][name] - (bm25[name] - ELIGIBILITY_MARGIN) for name in training)

    def mean(point: Point) -> float:
        return sum(table[point][name] for name in training) / len(training)

    eligible = [point for point in table if margin(point) >= 0]
    if not eligible:
        return max(sorted(table, key=lambda p: (p[1], p[0])), key=margin)
    best = max(map(mean, eligible))
    return min((p for p in eligible if mean(p) >= best - TIE), key=lambda p: (p[1], p[0]))


def v5_held_out(table: V5Table, bm25: Mapping[str, float]) -> dict[str, tuple[Point, float]]:
    """Rule v5, 3.: per collection, the point chosen on the others and its nDCG@10 there."""
    names = list(bm25)
    result = {}
    for name in names:
        point = v5_choice(table, [other for other in names if other != name], bm25)
        result[name] = (point, table[point][name])
    return result


def v5_setting(point: Point) -> FusionSetting:
    """The stored setting of a v5 point (f = 0: feedback off, its weight left at the tuned one)."""
    f, w = point
    return FusionSetting(
        feedback=f > 0,
        feedback_weight=f if f > 0 else RankerConfig.feedback_weight,
        dense=V5_DENSE_MODE,
        lexical_weight=round(1 - w, 4),
        dense_weight=w,
    )


@dataclass(frozen=True)
class GridVerdict:
    """What rules v5 and v6 conclude (docs/concepts.md): each collection's point chosen on the
    others and its nDCG@10 there (measured as production fuses), the stored setting's, and whether
    the stored setting changes to `final`, the point the learner takes on every collection."""

    held_out: dict[str, tuple[Point, float]]
    stored: dict[str, float]
    mean: float
    stored_mean: float
    worst_margin: float
    final: Point

    @property
    def eligible(self) -> bool:
        return self.worst_margin >= 0

    @property
    def changes(self) -> bool:
        return self.eligible and self.mean > self.stored_mean + TIE


def grid_verdict(
    table: V5Table,
    signals: Mapping[Point, Mapping[str, Signals]],
    bm25: Mapping[str, float],
    setting_of: Callable[[Point], FusionSetting],
) -> GridVerdict:
    """Rules v5/v6, 3.: every collection held out with the point `v5_choice` takes on the others,
    scored by `fuse` with that point's setting (not only by the grid's fast scorer), against the
    stored setting (lexical, feedback off) measured the same way."""
    names = list(bm25)
    held_out = {
        name: (point, mean_of(ndcg_per_query(signals[point][name], setting_of(point))))
        for name, (point, _) in v5_held_out(table, bm25).items()
    }
    stored = {
        name: mean_of(ndcg_per_query(signals[(0.0, 0.0)][name], FusionSetting(feedback=False)))
        for name in names
    }
    return GridVerdict(
        held_out=held_out,
        stored=stored,
        mean=mean_of({name: held_out[name][1] for name in names}),
        stored_mean=mean_of(stored),
        worst_margin=min(held_out[name][1] - (bm25[name] - ELIGIBILITY_MARGIN) for name in names),
        final=v5_choice(table, names, bm25),
    )


def mean_of(values: Mapping[str, float]) -> float:
    """The mean of a per-collection (or per-query) table; 0 for an empty one."""
    return sum(values.values()) / max(len(values), 1)


# --- Rule v6: the feedback documents chosen by the fused first pass (docs/concepts.md) ---------

Runs = dict[str, dict[str, float]]  # query id -> doc id -> raw lexical score (top DEPTH)


def v6_runs(
    collection: Collection,
    dense: Mapping[str, Mapping[str, float]],
    *,
    feedback_weights: Sequence[float] = V5_FEEDBACK_WEIGHTS,
    grid: Sequence[float] = GRID,
) -> dict[Point, Runs]:
    """Per point (f, w), each query's lexical top `DEPTH` with feedback weight f whose documents
    are the top `feedback_docs` of the first pass fused with weights 1 - w and w
    (`fused_feedback.feedback_documents`, as production and `evaluation.ours` do); f = 0: no
    feedback, the same run for every w. `dense` are the collection's whole-text cosines (top
    `DENSE_DEPTH`). One fit; the indexes of every f share its corpus."""
    plain = RankingIndex.fit(collection.documents, RankerConfig(feedback=False))
    indexes = {
        f: RankingIndex(
            config=RankerConfig(feedback=True, feedback_weight=f),
            corpus=plain.corpus,
            vocabulary=plain.vocabulary,
        )
        for f in feedback_weights
        if f > 0
    }
    count = plain.config.feedback_docs
    runs: dict[Point, Runs] = {(f, w): {} for f in feedback_weights for w in grid}
    for qid, text in collection.queries.items():
        first = {m.doc_id: m.score for m in plain.search(text, k=FIRST_PASS_DEPTH)}
        cosines = dense.get(qid, {})
        if 0.0 in feedback_weights:
            no_feedback = {m.doc_id: m.score for m in plain.search(text, k=DEPTH)}
            for w in grid:
                runs[(0.0, w)][qid] = no_feedback
        expanded: dict[tuple[tuple[str, float], ...], dict[float, dict[str, float]]] = {}
        for w in grid:
            # The first pass's weights as the stored setting of (f, w) has them (any f > 0).
            weights = FusionSetting(dense=V5_DENSE_MODE, lexical_weight=round(1 - w, 4), dense_weight=w)
            top = tuple(feedback_documents(first, cosines, weights, count=count))
            if top not in expanded:
                expanded[top] = {
                    f: {m.doc_id: m.score for m in index.search(text, k=DEPTH, feedback_documents=top)}
                    for f, index in indexes.items()
                }
            for f, run in expanded[top].items():
                runs[(f, w)][qid] = run
    return runs


def v6_table(signals: Mapping[Point, Mapping[str, Signals]]) -> V5Table:
    """nDCG@10 of every collection at every (f, w) from that point's own signals (its lexical run
    and the whole-text cosines), fused with weights 1 - w and w."""
    table: V5Table = {}
    for (f, w), by_collection in signals.items():
        table[(f, w)] = {name: _mean_ndcg(_arrays(s), 1 - w, w) for name, s in by_collection.items()}
    return table


def v6_setting(point: Point) -> FusionSetting:
    """The stored setting of a v6 point: v5's, with the feedback documents from the fused first
    pass when feedback is on."""
    setting = v5_setting(point)
    return replace(setting, feedback_ranking="fused") if setting.feedback else setting


# --- Rules v3 and v4: scoring by the pair of languages (docs/concepts.md) ----------------------


@dataclass(frozen=True)
class CrossCandidate:
    """One candidate of rules v3/v4: how a cross-language pair is scored (feature None: it is not,
    candidate A) and whether the regressions are regularised (v3: C = 1; v4: not)."""

    name: str
    feature: CrossFeature | None = None
    lexical: CrossLexical = "ignore"
    regularised: bool = True


# Simpler first, as each rule breaks ties.
CROSS_CANDIDATES: dict[str, tuple[CrossCandidate, ...]] = {
    "v3": (
        CrossCandidate("A lexical only"),
        CrossCandidate("B raw cosine", "cosine"),
        CrossCandidate("C normalised cosine", "normalised"),
    ),
    "v4": (
        CrossCandidate("A lexical only"),
        CrossCandidate("D max", "normalised", "max", regularised=False),
        CrossCandidate("E both", "normalised", "fitted", regularised=False),
    ),
}
CROSS_DENSE_MODE: DenseMode = "whole"  # the dense mode v1 and v2 preferred


@dataclass(frozen=True)
class PairSignals:
    """A query's lexical top and dense top, and which of those documents share its language."""

    lexical: dict[str, float]
    dense: dict[str, float]
    same_language: frozenset[str]
    judgments: dict[str, float]
    language: str  # the query's language as the collection states it (the fold)

    def is_same(self, doc_id: str) -> bool:
        return doc_id in self.same_language


def pair_signals(collection: Collection, *, base: FusionSetting, encode: Encode) -> dict[str, PairSignals]:
    """Per query, the signals rules v3/v4 learn from, gathered as `evaluation.ours` ranks: the
    lexical index of the `base` setting, the whole-text vectors' top `DENSE_DEPTH`."""
    index = RankingIndex.fit(collection.documents, ranker_config(base))
    dense = dense_runs(collection, mode=CROSS_DENSE_MODE, encode=encode)
    result = {}
    for qid, text in collection.queries.items():
        lexical = lexical_scores(index, text, dense[qid], base, k=DEPTH)  # rule v6's feedback too
        same = language_pairs(index, text)
        candidates = lexical.keys() | dense[qid].keys()
        result[qid] = PairSignals(
            lexical,
            dense[qid],
            frozenset(d for d in candidates if same(d)),
            collection.qrels[qid],
            collection.query_languages.get(qid, ""),
        )
    return result


Rows = tuple[list[list[float]], list[int], list[float]]  # features, labels, sample weights


def _pair_rows(queries: Sequence[PairSignals], candidate: CrossCandidate) -> tuple[Rows, Rows]:
    """The same-language rows (l) and the cross-language rows (x, or l and x for "fitted"), each
    query weighing the same in total within each fit."""
    same: Rows = ([], [], [])
    cross: Rows = ([], [], [])
    for query in queries:
        if candidate.lexical == "ignore":  # v3: normalised among same-language documents only
            lexical = lexical_features({d: s for d, s in query.lexical.items() if query.is_same(d)})
        else:
            lexical = {d: v for d, v in lexical_features(query.lexical).items() if query.is_same(d)}
        across = {d: c for d, c in query.dense.items() if not query.is_same(d)}
        values = dense_features(across) if candidate.feature == "normalised" else across
        same_rows = {d: [v] for d, v in lexical.items()}
        if candidate.lexical == "fitted":
            lexical_all = lexical_features(query.lexical)
            ids = (values.keys() | {d for d in lexical_all if not query.is_same(d)}) - query.same_language
            cross_rows = {d: [lexical_all.get(d, 0.0), values.get(d, 0.0)] for d in ids}
        else:
            cross_rows = {d: [x] for d, x in values.items()}
        for rows, found in ((same, same_rows), (cross, cross_rows)):
            for doc_id, x in sorted(found.items()):
                rows[0].append(x)
                rows[1].append(1 if query.judgments.get(doc_id, 0.0) > 0 else 0)
                rows[2].append(1.0 / len(found))
    return same, cross


def _fit(rows: Rows, *, regularised: bool) -> tuple[list[float], float] | None:
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 -- offline only

    features, labels, weights = rows
    if len(set(labels)) < 2:
        return None
    # Unregularised (rule v4): C = inf, how scikit-learn now spells penalty=None.
    model = LogisticRegression() if regularised else LogisticRegression(C=np.inf)
    model.fit(np.array(features), np.array(labels), sample_weight=np.array(weights))
    return [float(c) for c in model.coef_[0]], float(model.intercept_[0])


def fit_cross_language(queries: Sequence[PairSignals], candidate: CrossCandidate) -> CrossLanguageMap | None:
    """Logistic regressions of relevance on the same-language lexical feature and on the
    cross-language features; the map gives a cross-language document the lexical value of equal
    estimated probability. None when a fit has no positive slope where one is needed (or no data)."""
    if candidate.feature is None:
        return None
    same_rows, cross_rows = _pair_rows(queries, candidate)
    same, cross = _fit(same_rows, regularised=candidate.regularised), None
    if same is None or same[0][0] <= 0:
        return None
    (a_same,), b_same = same
    if candidate.lexical == "fitted":
        cross = _fit(cross_rows, regularised=candidate.regularised)
        if cross is not None and min(cross[0]) >= 0 and cross[0][1] > 0:
            (c_lexical, c_dense), b_cross = cross
            return CrossLanguageMap(
                candidate.feature, c_dense / a_same, (b_cross - b_same) / a_same, "fitted", c_lexical / a_same
            )
        # E reduces to D (rule v4).
        return fit_cross_language(queries, replace(candidate, lexical="max"))
    cross = _fit(cross_rows, regularised=candidate.regularised)
    if cross is None or cross[0][0] <= 0:
        return None
    (a_cross,), b_cross = cross
    return CrossLanguageMap(
        candidate.feature, a_cross / a_same, (b_cross - b_same) / a_same, candidate.lexical
    )


def pair_ndcg(query: PairSignals, setting: FusionSetting) -> float:
    """nDCG@10 of the query ranked as production ranks under `setting`."""
    fused = fuse(query.lexical, query.dense, setting, same_language=query.is_same)
    return ndcg_at_k([f.doc_id for f in fused], query.judgments, NDCG_AT)


def cross_setting(base: FusionSetting, cross: CrossLanguageMap | None) -> FusionSetting:
    """`base` with cross-language pairs scored by `cross` (None: `base` itself, candidate A)."""
    if cross is None:
        return base
    return replace(base, dense=CROSS_DENSE_MODE, cross_language=cross)


@dataclass(frozen=True)
class CrossVerdict:
    candidate: CrossCandidate
    by_language: dict[str, float]  # held-out mean nDCG@10 per query language
    non_english: float  # held-out mean over every non-English query
    maps: dict[str, CrossLanguageMap | None]  # per held-out language, the map fitted without it
    per_query: dict[str, float]
    final: CrossLanguageMap | None = None  # fitted on every query (what would be stored)
    classic: dict[str, float] | None = None  # classic check: nDCG@10 - (bm25s - 0.01) per collection

    @property
    def classic_margin(self) -> float | None:
        return min(self.classic.values()) if self.classic else None


def leave_one_language_out(
    signals: Mapping[str, PairSignals], candidate: CrossCandidate, base: FusionSetting
) -> CrossVerdict:
    """Rule v3, 5.: per query language, its queries ranked with the map fitted on the others'."""
    languages = sorted({q.language for q in signals.values()})
    per_query: dict[str, float] = {}
    maps: dict[str, CrossLanguageMap | None] = {}
    for language in languages:
        training = [q for q in signals.values() if q.language != language]
        maps[language] = fit_cross_language(training, candidate)
        setting = cross_setting(base, maps[language])
        for qid, query in signals.items():
            if query.language == language:
                per_query[qid] = pair_ndcg(query, setting)
    by_language = {
        language: float(np.mean([per_query[q] for q, s in signals.items() if s.language == language]))
        for language in languages
    }
    others = [per_query[q] for q, s in signals.items() if s.language != "en"]
    final = fit_cross_language(list(signals.values()), candidate)
    return CrossVerdict(
        candidate, by_language, float(np.mean(others)) if others else 0.0, maps, per_query, final
    )


def classic_check(
    verdict: CrossVerdict,
    base: FusionSetting,
    collections: Sequence[Collection],
    bm25: Mapping[str, float],
    encode: Encode,
) -> CrossVerdict:
    """Rule v3, 2.: the candidate's final setting ranked on the classic collections as
    `evaluate_ranking` ranks; each collection's margin over bm25s - 0.01."""
    setting = cross_setting(base, verdict.final)
    margins = {
        c.name: evaluate(c, ours(setting=setting, encode=encode)).ndcg_at_10
        - (bm25[c.name] - ELIGIBILITY_MARGIN)
        for c in collections
    }
    return replace(verdict, classic=margins)


def eligible_cross(verdict: CrossVerdict, lexical_only: CrossVerdict) -> bool:
    """Rule v3, 6.: English needs lose nothing against the lexical-only candidate, and (when
    checked) no classic collection falls below bm25s - 0.01."""
    margin = verdict.classic_margin
    english_kept = verdict.by_language.get("en", 0.0) >= lexical_only.by_language.get("en", 0.0)
    return english_kept and (margin is None or margin >= 0)


def choose_cross(verdicts: Sequence[CrossVerdict]) -> CrossVerdict:
    """Rule v3, 6.: among eligible candidates the best non-English mean, ties (< TIE) to the simpler
    (verdicts come simpler first; the first is the lexical-only candidate)."""
    eligible = [v for v in verdicts if eligible_cross(v, verdicts[0])]
    best = max(v.non_english for v in eligible)
    return next(v for v in eligible if v.non_english >= best - TIE)
