"""Persistence: `RankingIndex.save` and `load` (through `_PersistenceMixin`), one npz file written
atomically, with its `FORMAT_VERSION`; a loaded index answers every call as the saved one did."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, fields
from pathlib import Path
from typing import Self

import numpy as np
from scipy import sparse

from matchmaking.ranking.config import RankerConfig
from matchmaking.ranking.upserts import _side_doc

FORMAT_VERSION = 1


class _PersistenceMixin:
    """`RankingIndex`'s save and load."""

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the index to `path` (npz) atomically: a temp file in the same folder, then os.replace."""
        target = Path(path)
        side_ids = list(self._side_docs)
        side = [self._side_docs[doc_id] for doc_id in side_ids]
        meta = {
            "format": FORMAT_VERSION,
            "config": asdict(self.config),
            "fit_ids": self._fit_ids,
            "dead": np.flatnonzero(self._dead).tolist(),
            "terms": self._terms,
            "surfaces": self._surfaces,
            "n_fit_terms": self._n_fit_terms,
            "avgdl": self._avgdl,
            "side_ids": side_ids,
        }
        arrays = {
            "meta": np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
            "idf": self._idf,
            "data": self._matrix.data,
            "indices": self._matrix.indices,
            "indptr": self._matrix.indptr,
            "side_lengths": np.array([len(doc.terms) for doc in side], dtype=np.int64),
            "side_terms": np.concatenate([doc.terms for doc in side]) if side else np.zeros(0, np.int64),
            "side_weights": np.concatenate([doc.weights for doc in side]) if side else np.zeros(0),
        }
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                np.savez(handle, allow_pickle=False, **arrays)
            Path(temporary).replace(target)  # os.replace: atomic on POSIX
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Self:
        """Read an index written by `save`; it answers every call exactly as the saved one did."""
        with np.load(path, allow_pickle=False) as stored:
            meta = json.loads(stored["meta"].tobytes().decode())
            if meta.get("format") != FORMAT_VERSION:
                raise ValueError(f"{path}: unknown ranking index format {meta.get('format')!r}")
            known = {item.name for item in fields(RankerConfig)}
            raw = {key: value for key, value in meta["config"].items() if key in known}
            raw["field_weights"] = tuple((str(name), float(weight)) for name, weight in raw["field_weights"])
            n_fit_terms = int(meta["n_fit_terms"])
            matrix = sparse.csr_array(
                (stored["data"], stored["indices"], stored["indptr"]),
                shape=(n_fit_terms, len(meta["fit_ids"])),
            )
            index = cls(
                config=RankerConfig(**raw),
                fit_ids=list(meta["fit_ids"]),
                terms=list(meta["terms"]),  # fitted terms first, then terms first seen in upserts
                surfaces=list(meta["surfaces"]),
                idf=stored["idf"].copy(),
                matrix=matrix,
                avgdl=float(meta["avgdl"]),
            )
            for position in meta["dead"]:
                index._dead[position] = True
                index._fit_pos.pop(index._fit_ids[position], None)
            offsets = np.concatenate([[0], np.cumsum(stored["side_lengths"])]).astype(np.int64)
            side_terms, side_weights = stored["side_terms"], stored["side_weights"]
            for i, doc_id in enumerate(meta["side_ids"]):
                start, end = offsets[i], offsets[i + 1]
                index._side_docs[doc_id] = _side_doc(
                    side_terms[start:end].astype(np.int64), side_weights[start:end].astype(np.float64)
                )
        return index
