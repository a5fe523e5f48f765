"""Metrics on hand-computed examples; collection parsers on tiny inline samples."""

import io
import json
import math

import pytest
from django.core.management import CommandError, call_command

from matchmaking.evaluation import (
    Collection,
    average_precision,
    evaluate,
    load_collection,
    ndcg_at_k,
    ours,
    parse_cranfield_qrels,
    parse_npl_qrels,
    parse_pairs,
    parse_slash_separated,
    parse_smart,
    recall_at_k,
)
from matchmaking.ranking.fusion import CrossLanguageMap, FusionSetting

pytestmark = [pytest.mark.unit, pytest.mark.portable]


def test_ndcg_perfect_ranking_is_one():
    assert ndcg_at_k(["a", "b", "c"], {"a": 1, "b": 1}, k=10) == pytest.approx(1.0)


def test_ndcg_binary_hand_computed():
    # Relevant at ranks 2 and 3: DCG = 1/log2(3) + 1/log2(4); ideal = 1 + 1/log2(3).
    expected = (1 / math.log2(3) + 0.5) / (1 + 1 / math.log2(3))

    assert ndcg_at_k(["x", "a", "b"], {"a": 1, "b": 1}, k=10) == pytest.approx(expected)


def test_ndcg_graded_hand_computed():
    # Gains 1 then 3; ideal order 3 then 1.
    expected = (1 + 3 / math.log2(3)) / (3 + 1 / math.log2(3))

    assert ndcg_at_k(["low", "high"], {"high": 3, "low": 1}, k=10) == pytest.approx(expected)


def test_ndcg_cuts_at_k_and_ignores_non_relevant_gains():
    assert ndcg_at_k(["x", "a"], {"a": 1}, k=1) == 0.0
    assert ndcg_at_k(["a"], {"a": 0, "b": -1}, k=10) == 0.0


def test_average_precision_hand_computed():
    # Hits at ranks 1 and 3 of 3 relevant: (1/1 + 2/3) / 3.
    assert average_precision(["a", "x", "b", "y"], {"a", "b", "c"}) == pytest.approx((1 + 2 / 3) / 3)
    assert average_precision(["x"], set()) == 0.0


def test_recall_at_k():
    assert recall_at_k(["a", "x", "b"], {"a", "b", "c", "d"}, k=2) == pytest.approx(0.25)
    assert recall_at_k(["a", "b"], {"a", "b"}, k=100) == 1.0


def test_evaluate_averages_over_judged_queries():
    collection = Collection(
        name="tiny",
        documents={"1": {"body": "x"}, "2": {"body": "y"}},
        queries={"q1": "x", "q2": "y"},
        qrels={"q1": {"1": 1.0}, "q2": {"2": 1.0}},
    )

    metrics = evaluate(collection, lambda _: {"q1": ["1", "2"], "q2": ["1", "2"]})

    assert metrics.n_queries == 2
    assert metrics.map == pytest.approx((1 + 0.5) / 2)
    assert metrics.recall_at_100 == 1.0


def test_parse_smart_records_and_fields():
    text = ".I 1\n.T\nFirst title\n.A\nSmith, J.\n.W\nsome body\ntext here\n.X\n1 5 1\n.I 2\n.W\nsecond\n"

    records = parse_smart(text)

    assert records == [
        ("1", {"T": "First title", "A": "Smith, J.", "W": "some body text here", "X": "1 5 1"}),
        ("2", {"W": "second"}),
    ]


def test_parse_pairs_med_and_cisi_layouts():
    assert parse_pairs("1 0 13 1\n1 0 14 1\n", query_column=0, doc_column=2) == {"1": {"13": 1.0, "14": 1.0}}
    assert parse_pairs("     1     28\t0\t0.000000\n01 7 0 0\n", query_column=0, doc_column=1) == {
        "1": {"28": 1.0, "7": 1.0}
    }


def test_parse_cranfield_qrels_maps_codes_to_gains():
    qrels = parse_cranfield_qrels("1 184 1\n1 29 2\n1 31 4\n1 12 -1\n")

    assert qrels == {"1": {"184": 4.0, "29": 3.0, "31": 1.0, "12": 0.0}}


def test_parse_npl_documents_and_qrels():
    documents = parse_slash_separated(
        "1\ncompact memories\nhave capacities\n   /\n2\nanalogue computer\n   /\n"
    )
    qrels = parse_npl_qrels("1\n 1239  1502\n 7923\n   /\n2\n  414\n   /\n")

    assert documents == [("1", "compact memories have capacities"), ("2", "analogue computer")]
    assert qrels == {"1": {"1239": 1.0, "1502": 1.0, "7923": 1.0}, "2": {"414": 1.0}}


def test_load_cranfield_renumbers_queries(tmp_path):
    folder = tmp_path / "cran"
    folder.mkdir()
    (folder / "cran.all.1400").write_text(".I 1\n.T\nwing flow\n.W\nwing flow study\n.I 2\n.W\nheat\n")
    (folder / "cran.qry").write_text(".I 001\n.W\nwing flow\n.I 004\n.W\nheat transfer\n")
    (folder / "cranqrel").write_text("1 1 2\n2 2 1\n2 1 -1\n")

    collection = load_collection(folder)

    assert collection.queries == {"1": "wing flow", "2": "heat transfer"}  # 004 is the 2nd query
    assert collection.qrels == {"1": {"1": 3.0}, "2": {"2": 4.0, "1": 0.0}}
    assert collection.documents["1"] == {"title": "wing flow", "body": "wing flow study"}


def test_load_cisi_drops_unjudged_queries(tmp_path):
    folder = tmp_path / "cisi"
    folder.mkdir()
    (folder / "CISI.ALL").write_text(".I 1\n.T\nLibraries\n.A\nDoe, J.\n.W\nOn libraries.\n.X\n1 5 1\n")
    (folder / "CISI.QRY").write_text(".I 1\n.W\nlibraries?\n.I 2\n.W\nunjudged\n")
    (folder / "CISI.REL").write_text("     1      1\t0\t0.000000\n")

    collection = load_collection(folder)

    assert collection.queries == {"1": "libraries?"}
    assert collection.documents["1"] == {"title": "Libraries", "authors": "Doe, J.", "body": "On libraries."}


def test_load_med_rel_format(tmp_path):
    folder = tmp_path / "med"
    folder.mkdir()
    (folder / "MED.ALL").write_text(".I 1\n.W\nlens of the eye\n.I 2\n.W\nlung cells\n")
    (folder / "MED.QRY").write_text(".I 1\n.W\n the crystalline lens\n")
    (folder / "MED.REL").write_text("1 0 1 1\n")

    collection = load_collection(folder)

    assert collection.qrels == {"1": {"1": 1.0}}
    assert collection.queries == {"1": "the crystalline lens"}


def test_load_cacm_strips_zero_padding(tmp_path):
    folder = tmp_path / "cacm"
    folder.mkdir()
    (folder / "cacm.all").write_text(".I 1\n.T\nAlgebraic language\n.B\nCACM 1958\n.N\nCA581203\n")
    (folder / "query.text").write_text(".I 1\n.W\n algebraic languages\n.N\n 1. someone\n")
    (folder / "qrels.text").write_text("01 1  0 0\n")

    collection = load_collection(folder)

    assert collection.queries == {"1": "algebraic languages"}
    assert collection.documents == {"1": {"title": "Algebraic language"}}


def test_load_npl(tmp_path):
    folder = tmp_path / "npl"
    folder.mkdir()
    (folder / "doc-text").write_text("1\ncompact memories\n   /\n2\nmicrowave liquids\n   /\n")
    (folder / "query-text").write_text("1\nMICROWAVE MEASUREMENT\n/\n")
    (folder / "rlv-ass").write_text("1\n 2\n   /\n")

    collection = load_collection(folder)

    assert collection.qrels == {"1": {"2": 1.0}}
    assert collection.documents["2"] == {"body": "microwave liquids"}


def test_load_beir(tmp_path):
    folder = tmp_path / "scifact"
    (folder / "qrels").mkdir(parents=True)
    corpus = [
        {"_id": "d1", "title": "Vitamin D", "text": "Bones."},
        {"_id": "d2", "title": "", "text": "Other."},
    ]
    (folder / "corpus.jsonl").write_text("\n".join(json.dumps(row) for row in corpus))
    (folder / "queries.jsonl").write_text(json.dumps({"_id": "q1", "text": "vitamin d bones"}))
    (folder / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\td2\t0\n")

    collection = load_collection(folder)

    assert collection.documents == {"d1": {"title": "Vitamin D", "body": "Bones."}, "d2": {"body": "Other."}}
    assert collection.qrels == {"q1": {"d1": 2.0, "d2": 0.0}}


def test_load_unknown_folder_raises(tmp_path):
    with pytest.raises(ValueError, match="not a collection"):
        load_collection(tmp_path)


def _write_med(folder):
    folder.mkdir()
    (folder / "MED.ALL").write_text(
        ".I 1\n.W\nlens of the eye\n.I 2\n.W\nlung cells\n.I 3\n.W\nheart valves\n"
    )
    (folder / "MED.QRY").write_text(".I 1\n.W\n the crystalline lens\n.I 2\n.W\n lung\n")
    (folder / "MED.REL").write_text("1 0 1 1\n2 0 2 1\n")


def test_evaluate_ranking_command_json(tmp_path):
    _write_med(tmp_path / "med")
    out = io.StringIO()

    call_command("evaluate_ranking", str(tmp_path / "med"), "--json", stdout=out)

    report = json.loads(out.getvalue())
    assert [row["name"] for row in report["collections"]] == ["med"]
    assert report["mean_ours"]["ndcg_at_10"] == pytest.approx(1.0)
    assert report["mean_bm25"]["ndcg_at_10"] == pytest.approx(1.0)


def test_evaluate_ranking_command_table_under_root(tmp_path):
    _write_med(tmp_path / "med")
    (tmp_path / "time").mkdir()  # not a readable collection: skipped when scanning the root
    out = io.StringIO()

    call_command("evaluate_ranking", "--collections-root", str(tmp_path), stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[2].split()[:3] == ["med", "3", "2"]
    assert lines[-1].split()[0] == "mean"


def test_evaluate_ranking_command_rejects_missing_folder(tmp_path):
    with pytest.raises(CommandError, match="Not a folder"):
        call_command("evaluate_ranking", str(tmp_path / "nope"))


def test_evaluate_ranking_json_gives_per_query_and_per_language_figures(tmp_path):
    folder = tmp_path / "multi"
    (folder / "qrels").mkdir(parents=True)
    corpus = [
        {"_id": "d1", "title": "Flood warning", "text": "River sensors warn before floods."},
        {"_id": "d2", "title": "Parking", "text": "Ground sensors find free parking bays."},
        {"_id": "d3", "title": "Lighting", "text": "Street lamps dim at night."},
    ]
    queries = [
        {"_id": "q1", "text": "flood warning river", "metadata": {"language": "en"}},
        {"_id": "q2", "text": "free parking bays", "metadata": {"language": "en"}},
        {"_id": "q3", "text": "aparcamiento parking libre", "metadata": {"language": "es"}},
    ]
    (folder / "corpus.jsonl").write_text("\n".join(json.dumps(row) for row in corpus))
    (folder / "queries.jsonl").write_text("\n".join(json.dumps(row) for row in queries))
    (folder / "qrels" / "test.tsv").write_text(
        "query-id\tcorpus-id\tscore\nq1\td1\t2\nq2\td2\t1\nq3\td2\t1\n"
    )
    out = io.StringIO()

    call_command("evaluate_ranking", str(folder), "--json", stdout=out)

    row = json.loads(out.getvalue())["collections"][0]
    assert set(row["ours"]["per_query_ndcg_at_10"]) == {"q1", "q2", "q3"}
    assert set(row["bm25"]["per_query_ndcg_at_10"]) == {"q1", "q2", "q3"}
    assert row["by_language"]["en"]["queries"] == 2
    assert row["by_language"]["es"]["queries"] == 1
    assert row["by_language"]["en"]["ours"] == pytest.approx(
        (row["ours"]["per_query_ndcg_at_10"]["q1"] + row["ours"]["per_query_ndcg_at_10"]["q2"]) / 2
    )


def test_a_collection_in_one_language_ranks_as_the_lexical_setting_and_encodes_nothing():
    collection = Collection(
        "tiny",
        {
            "1": {"title": "Adaptive traffic signals", "body": "Traffic lights adapt to the queues of cars."},
            "2": {"title": "Flood early warning", "body": "River sensors warn residents before floods."},
        },
        {"q": "Traffic jams at the junctions in the centre every morning"},
        {"q": {"1": 1.0}},
    )

    def encode(texts):
        raise AssertionError(f"encoded {texts}")

    cross = CrossLanguageMap("normalised", slope=0.5, intercept=0.1, lexical="max")
    setting = FusionSetting(feedback=False, dense="whole", cross_language=cross)
    assert ours(setting=setting, encode=encode)(collection) == ours(setting=FusionSetting(feedback=False))(
        collection
    )
