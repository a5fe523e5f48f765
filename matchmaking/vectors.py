"""Sentence vectors of solutions, needs and queries, persisted by the text they encode.

Every text is cut into units (`ranking.dense.text_units`: passages or the whole text, as the stored
fusion setting says); each unit's vector is kept in `TextVector` under `text_key` (encoder name +
sha256 of the exact unit), so a rebuild, a restart or a second process never re-encodes an
unchanged text, and texts that repeat sentences share rows. A document's vector is the unit-length
mean of its units' vectors.

When a solution or need is saved, `matchmaking.receivers` queues `tasks.encode_document_vectors`
after the commit (a Celery worker; run eagerly without a broker); the index's upsert path
(`matchmaking.index`) asks for the same vectors and finds them stored, or encodes them itself when
the task has not run yet.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
from tqdm import tqdm

from matchmaking.models import TextVector
from matchmaking.ranking.dense import Vectors, embed_texts
from matchmaking.ranking.encoder import (
    CachedEncoder,
    SentenceEncoder,
    SqliteVectorStore,
    encode_parallel,
    from_bytes,
    to_bytes,
)
from matchmaking.ranking.fusion import load_setting


class DatabaseVectorStore:
    """`TextVector` rows as a `VectorStore`."""

    def get_many(self, keys: Sequence[str]) -> Mapping[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), 1000):
            rows = TextVector.objects.filter(key__in=keys[start : start + 1000]).values_list("key", "vector")
            found.update((key, from_bytes(bytes(vector))) for key, vector in rows)
        return found

    def put_many(self, vectors: Mapping[str, np.ndarray]) -> None:
        TextVector.objects.bulk_create(
            [TextVector(key=key, vector=to_bytes(vector)) for key, vector in vectors.items()],
            ignore_conflicts=True,  # another process stored the same text first: same vector
            batch_size=1000,
        )


_lock = threading.Lock()
_encoder: CachedEncoder | None = None


def production_encoder() -> CachedEncoder:
    """This process's encoder, backed by `TextVector` (one model per process, loaded on first use)."""
    global _encoder  # noqa: PLW0603 -- one per process
    with _lock:
        if _encoder is None:
            _encoder = CachedEncoder(DatabaseVectorStore(), encode=SentenceEncoder(threads=1))
        return _encoder


def set_production_encoder(encoder: CachedEncoder | None) -> None:
    """Replace this process's encoder (tests count its calls; None: back to the default)."""
    global _encoder  # noqa: PLW0603 -- one per process
    with _lock:
        _encoder = encoder


def document_text(fields: Mapping[str, str]) -> str:
    """What a document's vector encodes: its fields in order, one per line (as its query text)."""
    return "\n".join(text for text in fields.values() if text)


def text_vectors(texts: Sequence[str]) -> Vectors:
    """Unit vectors for `texts` in the stored setting's mode, through the persistent cache."""
    mode = load_setting().dense or "passages"
    return embed_texts(texts, production_encoder(), mode=mode)


def document_vectors(documents: Mapping[str, Mapping[str, str]]) -> dict[str, np.ndarray]:
    """doc id -> unit vector of its fields."""
    ids = list(documents)
    vectors = text_vectors([document_text(documents[doc_id]) for doc_id in ids])
    return {doc_id: vectors[i] for i, doc_id in enumerate(ids)}


def bench_encoder(cache_path: str | Path, *, workers: int = 2) -> CachedEncoder:
    """An encoder cached in a SQLite file outside the repository, encoding what is missing over
    `workers` processes with a progress bar (the evaluation and the 100k bench)."""

    def encode(texts: Sequence[str]) -> Vectors:
        if len(texts) < 64:
            return SentenceEncoder()(texts)
        with tqdm(total=len(texts), desc="encoding", unit="text", mininterval=5) as bar:
            return encode_parallel(texts, workers=workers, progress=bar.update)

    return CachedEncoder(SqliteVectorStore(cache_path), encode=encode)


def encode_documents(doc_ids: Sequence[str]) -> int:
    """Store the vectors of these solutions/needs (as they are now); returns how many texts the
    encoder had to encode (0: all stored already)."""
    from matchmaking import documents  # noqa: PLC0415 -- documents imports the other apps' models

    wanted = documents.documents_by_id(doc_ids)
    encoder = production_encoder()
    before = encoder.encoded
    document_vectors(wanted)
    return encoder.encoded - before
