"""The frozen multilingual smart-city collection (issue 17): unchanged since it was judged, complete,
and readable by the evaluation's BEIR loader. Loading and counting only: no ranking runs here."""

import csv
import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from common.languages import CODES
from matchmaking.evaluation import is_collection, load_collection

pytestmark = [pytest.mark.unit, pytest.mark.portable]

FOLDER = Path(__file__).resolve().parents[2] / "bench" / "data" / "smartcity-multilingual"
DATA_FILES = ("corpus.jsonl", "queries.jsonl", "qrels/test.tsv")
NON_ENGLISH = tuple(code for code in CODES if code != "en")


def _rows(name: str) -> list[dict]:
    with (FOLDER / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _qrels() -> list[tuple[str, str, int]]:
    with (FOLDER / "qrels" / "test.tsv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t")
        assert next(reader) == ["query-id", "corpus-id", "score"]
        return [(query_id, corpus_id, int(score)) for query_id, corpus_id, score in reader]


def test_files_match_their_frozen_hashes():
    recorded = {}
    for line in (FOLDER / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        recorded[name.lstrip("*")] = digest

    assert set(recorded) == set(DATA_FILES)
    for name in DATA_FILES:
        assert hashlib.sha256((FOLDER / name).read_bytes()).hexdigest() == recorded[name], name


def test_ids_are_unique_and_every_judgment_names_existing_records():
    corpus_ids = [row["_id"] for row in _rows("corpus.jsonl")]
    query_ids = [row["_id"] for row in _rows("queries.jsonl")]
    judgments = _qrels()

    assert len(set(corpus_ids)) == len(corpus_ids)
    assert len(set(query_ids)) == len(query_ids)
    assert {query_id for query_id, _, _ in judgments} == set(query_ids)  # every need is judged
    assert {corpus_id for _, corpus_id, _ in judgments} <= set(corpus_ids)
    assert len({(query_id, corpus_id) for query_id, corpus_id, _ in judgments}) == len(judgments)
    assert {score for _, _, score in judgments} <= {1, 2}  # 0 lines are omitted


def test_records_have_text_and_a_known_language():
    for row in _rows("corpus.jsonl"):
        assert row["title"].strip(), row["_id"]
        assert row["text"].strip(), row["_id"]
        assert row["metadata"]["language"] in CODES, row["_id"]
    for row in _rows("queries.jsonl"):
        assert row["text"].strip(), row["_id"]
        assert row["metadata"]["language"] in CODES, row["_id"]


def test_counts_and_per_language_minimums():
    solutions = Counter(row["metadata"]["language"] for row in _rows("corpus.jsonl"))
    needs = Counter(row["metadata"]["language"] for row in _rows("queries.jsonl"))

    assert sum(solutions.values()) >= 210
    assert all(solutions[code] >= 12 for code in NON_ENGLISH), solutions
    assert sum(solutions[code] for code in NON_ENGLISH) >= 0.3 * sum(solutions.values())
    assert sum(needs.values()) >= 84
    assert needs["en"] >= 42
    assert sum(needs[code] for code in NON_ENGLISH) >= 42
    assert all(needs[code] >= 7 for code in NON_ENGLISH), needs


def test_every_need_has_at_least_two_solutions_that_address_it():
    addressed = Counter(query_id for query_id, _, score in _qrels() if score == 2)

    assert all(addressed[row["_id"]] >= 2 for row in _rows("queries.jsonl")), addressed


def test_the_evaluation_loader_reads_the_folder():
    assert is_collection(FOLDER)
    collection = load_collection(FOLDER)

    assert len(collection.documents) == len(_rows("corpus.jsonl"))
    assert len(collection.queries) == len(_rows("queries.jsonl"))
    assert sum(len(judged) for judged in collection.qrels.values()) == len(_qrels())
