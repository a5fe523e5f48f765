"""Offline evaluation of the ranking core on classic IR test collections. Pure: no ORM, no Django.

What it reads (see the collections' README for provenance and quirks):

* SMART-style folders: cran, cisi, med, adi, cacm (`.I` records with `.T/.A/.W/...` fields) and
  npl (number line, text, `/` separator). Quirks handled here: Cranfield queries are renumbered
  1..225 in file order (their `.I` numbers have gaps; `cranqrel` uses the positions); CISI and
  CACM queries without any judgment are left out; MED.REL is `qid 0 docid 1`; CACM's qrels pad
  query ids with zeros ("01").
* BEIR folders: `corpus.jsonl` (`_id`, `title`, `text`), `queries.jsonl` (`_id`, `text`) and
  `qrels/test.tsv` (`query-id`, `corpus-id`, `score`; a header line).

Our ranker reads every collection as production does, with language detection, when given the fusion
setting (as `evaluate_ranking` does); as English (`CLASSIC_CONFIG`) without one. Fields
given to the rankers: `.T` becomes "title", `.W` "body", `.A` "authors" (CACM and CISI
queries also ask for authors) and `.K` "keywords"; bibliographic, citation and category
fields (`.B`, `.N`, `.X`, `.C`) are dropped. A query's text is its `.T`, `.A` and `.W` joined.

Metrics, averaged over the judged queries of a collection (a query with no relevant document is
left out):

* nDCG@10 with linear gains (DCG = sum gain / log2(rank + 1)) against the ideal ordering of all
  judged documents. Gains are graded where the collection grades: Cranfield codes 1 (a complete
  answer) .. 4 (minimum interest) become gains 4..1 and code -1 ("no interest") is not relevant;
  BEIR scores are the gains (0 = not relevant). Every other collection is binary (gain 1).
* MAP: average precision over the top `depth` (100) results, divided by all relevant documents.
* Recall@100: relevant documents in the top 100 over all relevant documents.

The BM25 baseline is fixed, not tuned: `bm25s` used as its README recommends, i.e.
`bm25s.tokenize(texts, stopwords="en", stemmer=Stemmer.Stemmer("english"))` and `bm25s.BM25()` with
its defaults (method "lucene", k1=1.5, b=0.75), over the same text our ranker sees (all fields
joined, title first), retrieving the top 100 (or every document when there are fewer). It scores
higher than the bm25s numbers in bench-data/ir/baseline-nDCG.json: those were measured without a
stemmer (this module reproduces their MED nDCG@10, 0.6674, exactly when the stemmer is left out).
"""

from __future__ import annotations

import json
import logging
import math
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from matchmaking.ranking.config import RankerConfig
from matchmaking.ranking.dense import Encode, embed_texts
from matchmaking.ranking.fused_feedback import lexical_scores
from matchmaking.ranking.fusion import DENSE_DEPTH, FusionSetting, fuse, language_pairs, ranker_config
from matchmaking.ranking.index import RankingIndex

DEPTH = 100  # results retrieved per query: MAP and Recall@100 are measured over these
NDCG_AT = 10
RECALL_AT = 100

SMART_FIELDS = {"T": "title", "A": "authors", "W": "body", "K": "keywords"}
QUERY_FIELDS = ("title", "authors", "body")  # a query's text, in this order


@dataclass(frozen=True)
class Collection:
    """A test collection: documents (doc id -> field -> text), judged queries and graded judgments."""

    name: str
    documents: dict[str, dict[str, str]]
    queries: dict[str, str]
    qrels: dict[str, dict[str, float]]  # query id -> doc id -> gain (> 0 relevant)
    query_languages: dict[str, str] = field(default_factory=dict)  # BEIR `metadata.language`, if given


@dataclass(frozen=True)
class Metrics:
    ndcg_at_10: float
    map: float
    recall_at_100: float
    n_queries: int
    seconds: float  # fit + all queries
    per_query_ndcg_at_10: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class CollectionReport:
    name: str
    n_documents: int
    ours: Metrics
    bm25: Metrics
    # language -> {"queries": n, "ours": mean nDCG@10, "bm25": mean nDCG@10}, when queries say it
    by_language: dict[str, dict[str, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class Report:
    collections: list[CollectionReport]
    mean_ours: dict[str, float] = field(default_factory=dict)
    mean_bm25: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


# A ranker gets the whole collection and answers every query: query id -> doc ids, best first.
Ranker = Callable[[Collection], Mapping[str, Sequence[str]]]


# --- Metrics ----------------------------------------------------------------------------------


def dcg(gains: Iterable[float]) -> float:
    """Discounted cumulative gain with linear gains: sum of gain / log2(rank + 1), ranks from 1."""
    return sum(gain / math.log2(rank + 1) for rank, gain in enumerate(gains, start=1))


def ndcg_at_k(ranking: Sequence[str], judgments: Mapping[str, float], k: int = NDCG_AT) -> float:
    """nDCG@k of `ranking` (doc ids, best first) given gains per doc id (<= 0 or absent: not relevant).

    0.0 when nothing is relevant; 1.0 when the top k is an ideal ordering.
    """
    ideal = dcg(sorted((gain for gain in judgments.values() if gain > 0), reverse=True)[:k])
    if ideal <= 0:
        return 0.0
    return dcg(max(judgments.get(doc_id, 0.0), 0.0) for doc_id in ranking[:k]) / ideal


def average_precision(ranking: Sequence[str], relevant: AbstractSet[str]) -> float:
    """Mean of precision at each relevant doc's rank in `ranking`, over all relevant docs (0.0 if none)."""
    if not relevant:
        return 0.0
    hits, total = 0, 0.0
    for rank, doc_id in enumerate(ranking, start=1):
        if doc_id in relevant:
            hits += 1
            total += hits / rank
    return total / len(relevant)


def recall_at_k(ranking: Sequence[str], relevant: AbstractSet[str], k: int = RECALL_AT) -> float:
    """Share of the relevant docs found in the top k of `ranking` (0.0 if none are relevant)."""
    if not relevant:
        return 0.0
    return len(set(ranking[:k]) & set(relevant)) / len(relevant)


# --- Parsers ----------------------------------------------------------------------------------

SMART_MARKER = re.compile(r"^\.([A-Z])(?:\s+(\S+))?\s*$")


def parse_smart(text: str) -> list[tuple[str, dict[str, str]]]:
    """Records of a SMART file in file order: (the `.I` id, {field letter: text}); repeated fields join."""
    records: list[tuple[str, dict[str, str]]] = []
    current: dict[str, list[str]] | None = None
    record_id = ""
    letter = ""

    def close() -> None:
        if current is not None:
            records.append((record_id, {key: " ".join(lines).strip() for key, lines in current.items()}))

    for line in text.splitlines():
        marker = SMART_MARKER.match(line)
        if marker and marker.group(1) == "I" and marker.group(2):
            close()
            record_id, current, letter = marker.group(2), {}, ""
        elif marker and current is not None and marker.group(2) is None:
            letter = marker.group(1)
            current.setdefault(letter, [])
        elif current is not None and letter:
            current[letter].append(line.strip())
    close()
    return records


def smart_fields(record: Mapping[str, str]) -> dict[str, str]:
    """The text fields we rank on (title, authors, body, keywords), without empty ones."""
    return {name: record[letter] for letter, name in SMART_FIELDS.items() if record.get(letter)}


def smart_query_text(record: Mapping[str, str]) -> str:
    fields = smart_fields(record)
    return " ".join(fields[name] for name in QUERY_FIELDS if name in fields)


def _number(value: str) -> str:
    """Ids as the files spell them, without zero padding ("007" -> "7")."""
    return str(int(value))


def parse_pairs(text: str, *, query_column: int, doc_column: int) -> dict[str, dict[str, float]]:
    """Binary judgments from whitespace-separated lines: query id and doc id at the given columns."""
    qrels: dict[str, dict[str, float]] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) > max(query_column, doc_column):
            qrels.setdefault(_number(parts[query_column]), {})[_number(parts[doc_column])] = 1.0
    return qrels


def parse_cranfield_qrels(text: str) -> dict[str, dict[str, float]]:
    """`qid docid code`: codes 1 (complete answer) .. 4 (minimum interest) become gains 4..1; -1 is 0."""
    qrels: dict[str, dict[str, float]] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            code = int(parts[2])
            gain = float(5 - code) if 1 <= code <= 4 else 0.0
            qrels.setdefault(_number(parts[0]), {})[_number(parts[1])] = gain
    return qrels


def parse_slash_separated(text: str) -> list[tuple[str, str]]:
    """NPL `doc-text` / `query-text`: an id line, text lines, then a line holding only "/"."""
    records: list[tuple[str, str]] = []
    lines: list[str] = []
    for line in text.splitlines():
        if line.strip() == "/":
            if lines:
                records.append((_number(lines[0]), " ".join(part.strip() for part in lines[1:]).strip()))
            lines = []
        elif line.strip() or lines:
            lines.append(line)
    return records


def parse_npl_qrels(text: str) -> dict[str, dict[str, float]]:
    """NPL `rlv-ass`: a query id line, then relevant doc ids over one or more lines, then "/"."""
    qrels: dict[str, dict[str, float]] = {}
    numbers: list[str] = []
    for line in text.splitlines():
        if line.strip() == "/":
            if numbers:
                qrels[_number(numbers[0])] = {_number(doc_id): 1.0 for doc_id in numbers[1:]}
            numbers = []
        else:
            numbers.extend(line.split())
    return qrels


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _judged(
    name: str,
    documents: dict[str, dict[str, str]],
    queries: dict[str, str],
    qrels: dict[str, dict[str, float]],
) -> Collection:
    """Keep only queries with at least one relevant judged document that exists in the corpus."""
    kept = {
        qid: {doc_id: gain for doc_id, gain in judged.items() if doc_id in documents}
        for qid, judged in qrels.items()
        if qid in queries
    }
    kept = {qid: judged for qid, judged in kept.items() if any(gain > 0 for gain in judged.values())}
    return Collection(name, documents, {qid: queries[qid] for qid in sorted(kept, key=_sort_key)}, kept)


def _with_languages(collection: Collection, languages: dict[str, str]) -> Collection:
    kept = {qid: languages[qid] for qid in collection.queries if qid in languages}
    return Collection(collection.name, collection.documents, collection.queries, collection.qrels, kept)


def _sort_key(value: str) -> tuple[int, str]:
    return (int(value), "") if value.isdigit() else (1 << 62, value)


def _smart_documents(path: Path) -> dict[str, dict[str, str]]:
    return {_number(doc_id): smart_fields(record) for doc_id, record in parse_smart(_read(path))}


def _smart_queries(path: Path, *, renumber: bool = False) -> dict[str, str]:
    records = parse_smart(_read(path))
    return {
        (str(position) if renumber else _number(qid)): smart_query_text(record)
        for position, (qid, record) in enumerate(records, start=1)
    }


MARKER_FILES = ("corpus.jsonl", "cran.all.1400", "cacm.all", "doc-text", "CISI.ALL", "MED.ALL", "ADI.ALL")


def is_collection(path: str | Path) -> bool:
    """Whether `load_collection` can read this folder (TIME, for one, it cannot: see the README)."""
    return any((Path(path) / marker).exists() for marker in MARKER_FILES)


def load_collection(path: str | Path) -> Collection:
    """Read a collection folder, recognised by its files (cran, cisi, med, adi, cacm, npl or BEIR)."""
    folder = Path(path)
    name = folder.name
    if (folder / "corpus.jsonl").exists():
        return load_beir(folder)
    if (folder / "cran.all.1400").exists():
        return _judged(
            name,
            _smart_documents(folder / "cran.all.1400"),
            _smart_queries(folder / "cran.qry", renumber=True),
            parse_cranfield_qrels(_read(folder / "cranqrel")),
        )
    if (folder / "cacm.all").exists():
        return _judged(
            name,
            _smart_documents(folder / "cacm.all"),
            _smart_queries(folder / "query.text"),
            parse_pairs(_read(folder / "qrels.text"), query_column=0, doc_column=1),
        )
    if (folder / "doc-text").exists():
        return _judged(
            name,
            {doc_id: {"body": text} for doc_id, text in parse_slash_separated(_read(folder / "doc-text"))},
            dict(parse_slash_separated(_read(folder / "query-text"))),
            parse_npl_qrels(_read(folder / "rlv-ass")),
        )
    for prefix in ("CISI", "MED", "ADI"):
        if (folder / f"{prefix}.ALL").exists():
            med = prefix == "MED"
            return _judged(
                name,
                _smart_documents(folder / f"{prefix}.ALL"),
                _smart_queries(folder / f"{prefix}.QRY"),
                parse_pairs(_read(folder / f"{prefix}.REL"), query_column=0, doc_column=2 if med else 1),
            )
    raise ValueError(f"{folder}: not a collection this module can read")


def load_beir(folder: Path, *, split: str = "test") -> Collection:
    """A BEIR folder: corpus.jsonl, queries.jsonl and qrels/<split>.tsv (graded; score 0 = not relevant)."""
    documents: dict[str, dict[str, str]] = {}
    for line in _read(folder / "corpus.jsonl").splitlines():
        if line.strip():
            row = json.loads(line)
            documents[str(row["_id"])] = {
                key: value for key, value in (("title", row.get("title")), ("body", row.get("text"))) if value
            }
    queries = {}
    languages: dict[str, str] = {}
    for line in _read(folder / "queries.jsonl").splitlines():
        if line.strip():
            row = json.loads(line)
            queries[str(row["_id"])] = str(row.get("text", ""))
            language = (row.get("metadata") or {}).get("language")
            if language:
                languages[str(row["_id"])] = str(language)
    qrels: dict[str, dict[str, float]] = {}
    for line in _read(folder / "qrels" / f"{split}.tsv").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and parts[2].strip().lstrip("-").isdigit():
            qrels.setdefault(parts[0], {})[parts[1]] = float(parts[2])
    return _with_languages(_judged(folder.name, documents, queries, qrels), languages)


# --- Rankers ----------------------------------------------------------------------------------


def joined_text(fields: Mapping[str, str]) -> str:
    """All of a document's fields in one string, title first (what the BM25 baseline indexes)."""
    order = sorted(fields, key=lambda name: (name != "title", name))
    return "\n".join(fields[name] for name in order)


# English only, as the ranker was tuned: for callers without a fusion setting. With one (as
# `evaluate_ranking` runs), texts go through language detection as in production, which reads a few
# short classic texts as French or Spanish (docs/concepts.md, rule v4 measured).
CLASSIC_CONFIG = RankerConfig(languages=("en",))


def ours(
    config: RankerConfig | None = None, *, setting: FusionSetting | None = None, encode: Encode | None = None
) -> Ranker:
    """Our ranker as production runs it, as a `Ranker`: the lexical index (`config`, or the one the
    fusion `setting` implies, or `CLASSIC_CONFIG`) fused with the dense signal when the setting has
    one (`encode` then gives the sentence vectors; documents are encoded as `joined_text`)."""

    def run(collection: Collection) -> dict[str, list[str]]:
        lexical_config = config or (ranker_config(setting) if setting is not None else CLASSIC_CONFIG)
        index = RankingIndex.fit(collection.documents, lexical_config)
        if (
            setting is None
            or not setting.uses_dense
            or encode is None
            or setting.dense is None
            or (setting.dense_weight <= 0 and not _has_cross_language_pairs(index, collection))
        ):
            return {
                qid: [match.doc_id for match in index.search(text, k=DEPTH)]
                for qid, text in collection.queries.items()
            }
        doc_ids = list(collection.documents)
        texts = [joined_text(collection.documents[doc_id]) for doc_id in doc_ids]
        documents = embed_texts(texts, encode, mode=setting.dense)
        qids = list(collection.queries)
        queries = embed_texts([collection.queries[qid] for qid in qids], encode, mode=setting.dense)
        depth = min(DENSE_DEPTH, len(doc_ids))
        runs = {}
        for row, qid in enumerate(qids):
            cosines = documents @ queries[row]
            top = np.argpartition(-cosines, depth - 1)[:depth]
            dense = {doc_ids[p]: float(cosines[p]) for p in top.tolist()}
            text = collection.queries[qid]
            lexical = lexical_scores(index, text, dense, setting, k=DEPTH)  # rule v6's feedback too
            same_language = language_pairs(index, text) if setting.cross_language is not None else None
            runs[qid] = [f.doc_id for f in fuse(lexical, dense, setting, same_language=same_language)][:DEPTH]
        return runs

    return run


def _has_cross_language_pairs(index: RankingIndex, collection: Collection) -> bool:
    """Whether some document's language is not one a query is read in (then rule v3 scores that
    pair by meaning; otherwise every pair is lexical and no vector is needed)."""
    document_languages = {index.languages_of(doc_id)[0] for doc_id in index.doc_ids}
    return any(
        not document_languages <= set(index.reading_languages(text)) for text in collection.queries.values()
    )


def bm25_baseline(collection: Collection) -> dict[str, list[str]]:
    """The fixed bm25s baseline (see the module docstring): query id -> top 100 doc ids."""
    doc_ids = list(collection.documents)
    if not doc_ids or not collection.queries:
        return {qid: [] for qid in collection.queries}
    import bm25s  # noqa: PLC0415 -- imported first: importing it sets its logger to DEBUG

    with _quiet(bm25s.logger.name):
        return _bm25_runs(collection, doc_ids)


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """bm25s logs every index build at DEBUG; keep a DEBUG console readable."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _bm25_runs(collection: Collection, doc_ids: list[str]) -> dict[str, list[str]]:
    import bm25s  # noqa: PLC0415 -- optional heavy dependency, only the evaluation needs it
    import Stemmer  # noqa: PLC0415 -- PyStemmer comes with bm25s's recommended set-up

    stemmer = Stemmer.Stemmer("english")
    corpus_tokens = bm25s.tokenize(
        [joined_text(collection.documents[doc_id]) for doc_id in doc_ids],
        stopwords="en",
        stemmer=stemmer,
        show_progress=False,
    )
    retriever = bm25s.BM25()
    retriever.index(corpus_tokens, show_progress=False)
    qids = list(collection.queries)
    query_tokens = bm25s.tokenize(
        [collection.queries[qid] for qid in qids],
        stopwords="en",
        stemmer=stemmer,
        show_progress=False,
        return_ids=False,  # strings: retrieve() maps them onto the corpus vocabulary
    )
    results, scores = retriever.retrieve(query_tokens, k=min(DEPTH, len(doc_ids)), show_progress=False)
    # bm25s pads with score-0 documents; those were not retrieved.
    return {
        qid: [doc_ids[int(position)] for position, score in zip(row, row_scores, strict=True) if score > 0]
        for qid, row, row_scores in zip(qids, results, scores, strict=True)
    }


def evaluate(collection: Collection, ranker: Ranker) -> Metrics:
    """Run `ranker` on `collection` and average nDCG@10, MAP and Recall@100 over its judged queries."""
    started = time.perf_counter()
    runs = ranker(collection)
    seconds = time.perf_counter() - started
    ndcgs, aps, recalls = [], [], []
    for qid, judgments in collection.qrels.items():
        ranking = list(runs.get(qid, []))[:DEPTH]
        relevant = {doc_id for doc_id, gain in judgments.items() if gain > 0}
        ndcgs.append(ndcg_at_k(ranking, judgments, NDCG_AT))
        aps.append(average_precision(ranking, relevant))
        recalls.append(recall_at_k(ranking, relevant, RECALL_AT))
    count = len(ndcgs)
    per_query = dict(zip(collection.qrels, ndcgs, strict=True))
    return Metrics(
        ndcg_at_10=sum(ndcgs) / count if count else 0.0,
        map=sum(aps) / count if count else 0.0,
        recall_at_100=sum(recalls) / count if count else 0.0,
        n_queries=count,
        seconds=seconds,
        per_query_ndcg_at_10=per_query,
    )


METRIC_NAMES = ("ndcg_at_10", "map", "recall_at_100")


def by_language(collection: Collection, ours_run: Metrics, bm25_run: Metrics) -> dict[str, dict[str, float]]:
    """Mean nDCG@10 of ours and bm25s per query language (empty when queries do not say)."""
    groups: dict[str, list[str]] = {}
    for qid, language in collection.query_languages.items():
        if qid in ours_run.per_query_ndcg_at_10:
            groups.setdefault(language, []).append(qid)
    return {
        language: {
            "queries": len(qids),
            "ours": sum(ours_run.per_query_ndcg_at_10[q] for q in qids) / len(qids),
            "bm25": sum(bm25_run.per_query_ndcg_at_10[q] for q in qids) / len(qids),
        }
        for language, qids in sorted(groups.items())
    }


def evaluate_paths(
    paths: Sequence[str | Path],
    config: RankerConfig | None = None,
    *,
    setting: FusionSetting | None = None,
    encode: Encode | None = None,
) -> Report:
    """Evaluate our ranker (with the fusion `setting` and its encoder, as production ranks) and the
    BM25 baseline on each collection folder, plus their means."""
    reports = []
    for path in paths:
        collection = load_collection(path)
        ours_run = evaluate(collection, ours(config, setting=setting, encode=encode))
        bm25_run = evaluate(collection, bm25_baseline)
        reports.append(
            CollectionReport(
                name=collection.name,
                n_documents=len(collection.documents),
                ours=ours_run,
                bm25=bm25_run,
                by_language=by_language(collection, ours_run, bm25_run),
            )
        )

    def mean(side: str) -> dict[str, float]:
        if not reports:
            return dict.fromkeys(METRIC_NAMES, 0.0)
        return {
            name: sum(getattr(getattr(report, side), name) for report in reports) / len(reports)
            for name in METRIC_NAMES
        }

    return Report(reports, mean("ours"), mean("bm25"))
