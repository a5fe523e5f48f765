"""The matching index of this process: loaded once, kept current with the database.

Every process (daphne workers, management commands) loads the newest full build
(`MatchIndexBuild`, an immutable file written atomically by `services.rebuild_match_index`) once,
then on each use applies the rows changed since: an edit is visible to every process at once,
without a rebuild. Two processes never write the same file: builds get a new generation number
under a file lock, and old files are removed only after a newer build is recorded.

When the stored fusion setting uses the meaning signal (`ranking/fusion_setting.json`), a build
also holds every document's sentence vector (`<build>.vectors.npz`, a `DenseIndex`); changed rows
get their vector through `matchmaking.vectors` (stored per text in `TextVector`, usually already by
the save's background task), in the same pass as their lexical upsert.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from django.utils import timezone

from matchmaking import documents
from matchmaking.models import MatchIndexBuild
from matchmaking.ranking.dense import DenseIndex
from matchmaking.ranking.fusion import load_setting, ranker_config
from matchmaking.ranking.index import RankingIndex
from matchmaking.ranking.persistence import load_index

logger = logging.getLogger(__name__)

# A row saved inside a transaction that commits late can carry an updated_at older than rows
# already seen; re-reading a short window catches it (upserts are idempotent).
LATE_COMMIT_WINDOW = timedelta(minutes=2)


@dataclass
class _Loaded:
    index: RankingIndex
    dense: DenseIndex | None  # None when the fusion setting has no meaning signal
    generation: int  # 0 = built in memory because no build exists yet
    applied_until: datetime


def vectors_path(index_path: str | Path) -> Path:
    """Where a build's sentence vectors are saved, next to its index file."""
    return Path(f"{index_path}.vectors.npz")


def save_dense(dense: DenseIndex, path: Path) -> None:
    ids, matrix = dense.export()
    with path.open("wb") as file:
        np.savez(file, ids=np.array(ids, dtype=str), matrix=matrix.astype(np.float32, copy=False))


def load_dense(path: Path) -> DenseIndex:
    """A saved build's vectors, ready to search (its reduced space fitted now, not on a request)."""
    with np.load(path) as data:
        ids, matrix = data["ids"].tolist(), data["matrix"]
    if matrix.ndim != 2:
        return DenseIndex()
    dense = DenseIndex.of_matrix(ids, matrix, copy=False)  # the loaded array is ours alone
    dense.prepare()
    return dense


def dense_of(corpus: dict[str, dict[str, str]]) -> DenseIndex | None:
    """The documents' sentence vectors, or None when the setting has no meaning signal."""
    if not load_setting().uses_dense:
        return None
    from matchmaking.vectors import document_vectors  # noqa: PLC0415 -- loads the encoder only if used

    vectors = document_vectors(corpus)
    ids = list(vectors)
    dense = DenseIndex.of_matrix(
        ids, np.vstack([vectors[doc_id] for doc_id in ids]) if ids else np.zeros((0, 0)), copy=False
    )
    dense.prepare()
    return dense


_lock = threading.Lock()
_loaded: _Loaded | None = None


def build_in_memory() -> tuple[RankingIndex, DenseIndex | None]:
    """A fresh index of every indexable document and their vectors (used by the rebuild and when no
    build exists)."""
    corpus = dict(documents.all_documents())
    return RankingIndex.fit(corpus, ranker_config(load_setting())), dense_of(corpus)


# RankerConfig fields read only when a query is scored: a saved index takes the current values of
# these (a changed fusion setting: feedback on, its weight), while the others shaped the fitted
# weights and need a rebuild.
QUERY_TIME_FIELDS = frozenset(
    {"query_tf", "feedback", "feedback_docs", "feedback_terms", "feedback_weight", "feedback_doc_weighting"}
)


def _with_current_config(index: RankingIndex) -> RankingIndex | None:
    """`index` ranking with the current fusion setting's config, or None when the index was fitted
    with other analysis or weighting (k1, b, fields, languages...) and must be built again."""
    wanted = ranker_config(load_setting())
    if index.config == wanted:
        return index
    saved, current = asdict(index.config), asdict(wanted)
    if any(saved[name] != current[name] for name in current.keys() - QUERY_TIME_FIELDS):
        return None
    return RankingIndex(config=wanted, corpus=index.corpus, vocabulary=index.vocabulary, side=index.side)


def _load(latest: MatchIndexBuild | None) -> _Loaded:
    if latest is None:
        logger.warning("No match index built yet (manage.py rebuild_match_index); building in memory.")
    elif not Path(latest.path).exists():
        logger.warning("Match index file %s is missing; building in memory.", latest.path)
    elif (index := _with_current_config(load_index(latest.path))) is None:
        logger.warning("Match index %s was fitted with other settings; building in memory.", latest.path)
    else:
        dense = None
        if load_setting().uses_dense:
            vectors = vectors_path(latest.path)
            dense = load_dense(vectors) if vectors.exists() else dense_of(dict(documents.all_documents()))
        return _Loaded(index, dense, latest.generation, latest.built_at)
    started = timezone.now()
    index, dense = build_in_memory()
    return _Loaded(index, dense, latest.generation if latest else 0, started)


def current_indexes() -> tuple[RankingIndex, DenseIndex | None]:
    """This process's lexical index and sentence vectors, reloaded if a newer build exists and
    caught up with recent edits (a changed document gets its new vector in the same pass)."""
    global _loaded  # noqa: PLW0603 -- the one process-wide cache, guarded by _lock
    latest = MatchIndexBuild.objects.order_by("-generation").first()
    latest_generation = latest.generation if latest else 0
    with _lock:
        if _loaded is None or _loaded.generation != latest_generation:
            _loaded = _load(latest)
        changes = documents.changes_since(_loaded.applied_until - LATE_COMMIT_WINDOW)
        for doc_id, fields, _updated_at in changes:
            if fields is None:
                _loaded.index.remove(doc_id)
            else:
                _loaded.index.upsert(doc_id, fields)
        if _loaded.dense is not None and changes:
            from matchmaking.vectors import document_vectors  # noqa: PLC0415 -- only with vectors

            upserts = {doc_id: fields for doc_id, fields, _ in changes if fields is not None}
            for doc_id, vector in document_vectors(upserts).items():
                _loaded.dense.upsert(doc_id, vector)
            for doc_id, fields, _ in changes:
                if fields is None:
                    _loaded.dense.remove(doc_id)
        if changes:
            _loaded.applied_until = max(_loaded.applied_until, *(updated for _, _, updated in changes))
        return _loaded.index, _loaded.dense


def current_index() -> RankingIndex:
    """This process's lexical index (see `current_indexes`)."""
    return current_indexes()[0]


def forget_loaded_index() -> None:
    """Drop this process's copy (tests; after a rebuild in the same process)."""
    global _loaded  # noqa: PLW0603 -- the one process-wide cache, guarded by _lock
    with _lock:
        _loaded = None
