"""Writes of the matching engine: building the persisted index."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from filelock import FileLock

from matchmaking import documents
from matchmaking.index import dense_of, forget_loaded_index, save_dense, vectors_path
from matchmaking.models import MatchIndexBuild
from matchmaking.ranking.fusion import load_setting, ranker_config
from matchmaking.ranking.index import RankingIndex
from matchmaking.ranking.persistence import save_index

KEEP_BUILDS = 2


def rebuild_match_index(*, progress: Callable[[int], object] | None = None) -> MatchIndexBuild:
    """Fit the index over every indexable solution and need, save it, and make it current.

    Serialised by a file lock, so two rebuilds (two processes) never interleave. The file is
    written under a new generation number and recorded only once complete; readers switch to it
    on their next use. `progress(n)` is called as documents are read.
    """
    directory = Path(settings.MATCH_INDEX_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    with FileLock(str(directory / "rebuild.lock")):
        started = time.perf_counter()
        built_at = timezone.now()
        corpus = {}
        for n, (doc_id, fields) in enumerate(documents.all_documents(), start=1):
            corpus[doc_id] = fields
            if progress is not None and n % 1000 == 0:
                progress(1000)
        if progress is not None:
            progress(len(corpus) % 1000)
        index = RankingIndex.fit(corpus, ranker_config(load_setting()))
        dense = dense_of(corpus)  # encodes only texts without a stored vector
        latest = MatchIndexBuild.objects.order_by("-generation").first()
        generation = (latest.generation if latest else 0) + 1
        path = directory / f"match-index-{generation}.idx"
        save_index(index, path)
        if dense is not None:
            save_dense(dense, vectors_path(path))
        with transaction.atomic():
            build = MatchIndexBuild.objects.create(
                generation=generation,
                path=str(path),
                built_at=built_at,
                document_count=len(index),
                seconds=round(time.perf_counter() - started, 3),
            )
        _remove_old_builds(keep_from=generation - KEEP_BUILDS + 1)
    forget_loaded_index()
    return build


def rebuild_match_index_if_due() -> MatchIndexBuild | None:
    """Rebuild when a solution or need changed after the newest build (or none exists); returns the
    new build, or None when the index is current. Between builds each process applies the changes
    on top of its loaded file (`matchmaking.index`), which grow until the next build; the nightly
    beat task (`matchmaking.tasks.rebuild_match_index_when_due`) keeps that delta one day long."""
    latest = MatchIndexBuild.objects.order_by("-generation").first()
    changed = documents.newest_change()
    if latest is not None and (changed is None or changed <= latest.built_at):
        return None
    return rebuild_match_index()


def _remove_old_builds(*, keep_from: int) -> None:
    for old in MatchIndexBuild.objects.filter(generation__lt=keep_from):
        Path(old.path).unlink(missing_ok=True)
        vectors_path(old.path).unlink(missing_ok=True)
        old.delete()
