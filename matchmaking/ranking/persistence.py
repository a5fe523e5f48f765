"""Persistence: `save_index` and `load_index`, one npz file written atomically, with its
`FORMAT_VERSION`; a loaded index answers every call as the saved one did.

Format 2 adds the analysed languages (`config.languages`) and each document's languages; a format-1
file (written before languages were detected) loads as an English-only index, as it was built."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, fields
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy import sparse

from common.languages import DEFAULT
from matchmaking.ranking.config import RankerConfig
from matchmaking.ranking.corpus import FittedCorpus
from matchmaking.ranking.index import RankingIndex
from matchmaking.ranking.upserts import SideDoc, SideDocuments
from matchmaking.ranking.vocabulary import Vocabulary

FORMAT_VERSION = 2
READABLE_FORMATS = (1, 2)
LANGUAGE_SEPARATOR = "+"  # a document's languages in one string: "ko+en"


def save_index(index: RankingIndex, path: str | os.PathLike[str]) -> None:
    """Write the index to `path` (npz) atomically: a temp file in the same folder, then os.replace."""
    target = Path(path)
    corpus, vocabulary = index.corpus, index.vocabulary
    side_ids = list(index.side)
    side = [index.side[doc_id] for doc_id in side_ids]
    meta = {
        "format": FORMAT_VERSION,
        "config": asdict(index.config),
        "fit_ids": corpus.ids,
        "dead": np.flatnonzero(corpus.dead).tolist(),
        "terms": vocabulary.terms,
        "surfaces": vocabulary.surfaces,
        "n_fit_terms": corpus.n_terms,
        "avgdl": corpus.avgdl,
        "side_ids": side_ids,
        "languages": [LANGUAGE_SEPARATOR.join(codes) for codes in corpus.languages],
        "side_languages": [LANGUAGE_SEPARATOR.join(doc.languages) for doc in side],
    }
    arrays: dict[str, npt.NDArray[np.generic]] = {
        "meta": np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
        "idf": vocabulary.idf,
        "data": corpus.matrix.data.astype(np.float32),  # float32 weights, held as float64 in memory
        "indices": corpus.matrix.indices,
        "indptr": corpus.matrix.indptr,
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


def load_index(path: str | os.PathLike[str]) -> RankingIndex:
    """Read an index written by `save_index`; it answers every call exactly as the saved one did."""
    with np.load(path, allow_pickle=False) as stored:
        meta = json.loads(stored["meta"].tobytes().decode())
        version = meta.get("format")
        if version not in READABLE_FORMATS:
            raise ValueError(f"{path}: unknown ranking index format {version!r}")
        known = {item.name for item in fields(RankerConfig)}
        raw = {key: value for key, value in meta["config"].items() if key in known}
        raw["field_weights"] = tuple((str(name), float(weight)) for name, weight in raw["field_weights"])
        # Format 1 was written by the English-only analyser.
        raw["languages"] = tuple(str(code) for code in raw.get("languages", (DEFAULT,)))
        fit_ids = list(meta["fit_ids"])
        english = [DEFAULT] * len(fit_ids)
        fit_languages = [_codes(joined) for joined in meta.get("languages", english)]
        side_languages = [
            _codes(joined) for joined in meta.get("side_languages", [DEFAULT] * len(meta["side_ids"]))
        ]
        matrix = sparse.csr_array(
            (stored["data"], stored["indices"], stored["indptr"]),
            shape=(int(meta["n_fit_terms"]), len(fit_ids)),
        )
        corpus = FittedCorpus(ids=fit_ids, matrix=matrix, avgdl=float(meta["avgdl"]), languages=fit_languages)
        for position in meta["dead"]:
            corpus.remove_at(position)
        side = SideDocuments()
        offsets = np.concatenate([[0], np.cumsum(stored["side_lengths"])]).astype(np.int64)
        side_terms, side_weights = stored["side_terms"], stored["side_weights"]
        for i, doc_id in enumerate(meta["side_ids"]):
            start, end = offsets[i], offsets[i + 1]
            side.put(
                doc_id,
                SideDoc.of(
                    side_terms[start:end].astype(np.int64),
                    side_weights[start:end].astype(np.float64),
                    side_languages[i],
                ),
            )
        # Fitted terms first, then terms first seen in upserts.
        vocabulary = Vocabulary(list(meta["terms"]), list(meta["surfaces"]), stored["idf"].copy())
    return RankingIndex(config=RankerConfig(**raw), corpus=corpus, vocabulary=vocabulary, side=side)


_interned: dict[str, tuple[str, ...]] = {}


def _codes(joined: str) -> tuple[str, ...]:
    """ "ko+en" -> ("ko", "en"), one shared tuple per distinct value (100k documents, a few values)."""
    found = _interned.get(joined)
    if found is None:
        found = _interned[joined] = tuple(joined.split(LANGUAGE_SEPARATOR))
    return found
