"""The matching index of this process: loaded once, kept current with the database.

Every process (daphne workers, management commands) loads the newest full build
(`MatchIndexBuild`, an immutable file written atomically by `services.rebuild_match_index`) once,
then on each use applies the rows changed since: an edit is visible to every process at once,
without a rebuild. Two processes never write the same file: builds get a new generation number
under a file lock, and old files are removed only after a newer build is recorded.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.utils import timezone

from matchmaking import documents
from matchmaking.models import MatchIndexBuild
from matchmaking.ranking.index import RankingIndex
from matchmaking.ranking.persistence import load_index

logger = logging.getLogger(__name__)

# A row saved inside a transaction that commits late can carry an updated_at older than rows
# already seen; re-reading a short window catches it (upserts are idempotent).
LATE_COMMIT_WINDOW = timedelta(minutes=2)


@dataclass
class _Loaded:
    index: RankingIndex
    generation: int  # 0 = built in memory because no build exists yet
    applied_until: datetime


_lock = threading.Lock()
_loaded: _Loaded | None = None


def build_in_memory() -> RankingIndex:
    """A fresh index of every indexable document (used by the rebuild and when no build exists)."""
    return RankingIndex.fit(dict(documents.all_documents()))


def _load(latest: MatchIndexBuild | None) -> _Loaded:
    if latest is not None and Path(latest.path).exists():
        return _Loaded(load_index(latest.path), latest.generation, latest.built_at)
    if latest is not None:
        logger.warning("Match index file %s is missing; building in memory.", latest.path)
    else:
        logger.warning("No match index built yet (manage.py rebuild_match_index); building in memory.")
    started = timezone.now()
    return _Loaded(build_in_memory(), latest.generation if latest else 0, started)


def current_index() -> RankingIndex:
    """This process's index, reloaded if a newer build exists and caught up with recent edits."""
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
        if changes:
            _loaded.applied_until = max(_loaded.applied_until, *(updated for _, _, updated in changes))
        return _loaded.index


def forget_loaded_index() -> None:
    """Drop this process's copy (tests; after a rebuild in the same process)."""
    global _loaded  # noqa: PLW0603 -- the one process-wide cache, guarded by _lock
    with _lock:
        _loaded = None
