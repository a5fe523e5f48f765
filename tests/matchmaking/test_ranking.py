"""The ranking core on small hand-made corpora: ordering, explanations, edge cases, updates, files."""

import json
import math
from pathlib import Path

import numpy as np
import pytest

from matchmaking.ranking.config import RankerConfig
from matchmaking.ranking.explain import TermContribution
from matchmaking.ranking.index import Match, RankingIndex
from matchmaking.ranking.persistence import load_index, save_index

pytestmark = [pytest.mark.unit, pytest.mark.portable]

NO_FEEDBACK = RankerConfig(feedback=False)

CATALOGUE = {
    "flood": {
        "title": "Flood early warning for river cities",
        "summary": "River gauges send alerts to residents",
        "body": "Sensors on rivers measure water levels and warn residents before floods reach the streets.",
    },
    "parking": {
        "title": "Smart parking guidance",
        "summary": "Find a free parking space faster",
        "body": "Street sensors detect free spaces; drivers see them in an app, which cuts traffic.",
    },
    "air": {
        "title": "Air quality monitoring network",
        "summary": "Low-cost sensors for pollution maps",
        "body": "A dense network of sensors maps air pollution street by street for health officials.",
    },
    "water": {
        "title": "Leak detection for water networks",
        "summary": "Acoustic loggers find pipe leaks",
        "body": "Loggers listen to pipes at night and flag leaks, saving water; a flood of data is analysed.",
    },
    "waste": {
        "title": "Waste bin fill sensors",
        "summary": "Collect bins only when full",
        "body": "Ultrasonic sensors report fill levels so trucks skip empty bins and save fuel.",
    },
}


@pytest.fixture
def index() -> RankingIndex:
    return RankingIndex.fit(CATALOGUE, NO_FEEDBACK)


def test_search_ranks_title_match_first(index):
    results = index.search("flood warning")

    assert results[0].doc_id == "flood"
    assert [match.doc_id for match in results] == ["flood", "water"]


def test_search_scores_descending_and_positive(index):
    results = index.search("sensors for water and flood levels", k=10)

    scores = [match.score for match in results]
    assert scores == sorted(scores, reverse=True)
    assert min(scores) > 0


def test_search_respects_k(index):
    assert len(index.search("sensors", k=2)) == 2
    assert index.search("sensors", k=0) == []


def test_search_breaks_ties_by_doc_id():
    twins = {"b": {"body": "solar street lights"}, "a": {"body": "solar street lights"}}
    index = RankingIndex.fit(twins, NO_FEEDBACK)

    results = index.search("solar lights")

    assert [match.doc_id for match in results] == ["a", "b"]
    assert results[0].score == results[1].score


def test_title_field_weighs_more_than_body():
    documents = {"in_title": {"title": "bike sharing"}, "in_body": {"body": "bike sharing"}}
    index = RankingIndex.fit(documents, NO_FEEDBACK)

    assert index.search("bike")[0].doc_id == "in_title"


def test_empty_query_gives_nothing(index):
    assert index.search("") == []
    assert index.search("   ...  ") == []
    assert index.scores("") == {}


def test_stop_word_only_query_gives_nothing(index):
    assert index.search("the and of which would") == []


def test_unknown_words_give_nothing(index):
    assert index.search("zyzzyva quokka") == []


def test_stemming_matches_word_forms(index):
    assert index.search("flooding")[0].doc_id == "flood"


def test_non_english_text():
    documents = {
        "seoul": {"title": "서울 스마트 교통 시스템", "body": "실시간 교통 정보와 주차 안내"},
        "saude": {
            "title": "Saúde digital para cidades",
            "body": "Soluções de telemedicina para postos de saúde",
        },
        "energy": {"title": "Energy dashboard", "body": "Building energy use, live"},
    }
    index = RankingIndex.fit(documents, NO_FEEDBACK)

    assert index.search("교통")[0].doc_id == "seoul"
    assert index.search("saude digital")[0].doc_id == "saude"  # accents folded
    assert index.search("telemedicina")[0].doc_id == "saude"


def test_corpus_of_one_document():
    index = RankingIndex.fit({"only": {"title": "Traffic lights", "body": "Adaptive traffic signals"}})

    assert [match.doc_id for match in index.search("traffic")] == ["only"]
    assert index.search("parking") == []
    assert len(index) == 1


def test_empty_corpus():
    index = RankingIndex.fit({})

    assert index.search("anything") == []
    assert len(index) == 0
    assert index.doc_ids == []


def test_empty_corpus_finds_documents_upserted_later():
    # A fresh installation fits its first index on no solutions at all.
    index = RankingIndex.fit({})

    index.upsert("lights", {"title": "Smart street lights", "body": "Dimming LED lamps."})

    matches = index.search("street lights")
    assert [match.doc_id for match in matches] == ["lights"]
    assert matches[0].score > 0


def test_allowed_restricts_results_without_changing_scores(index):
    everything = {match.doc_id: match.score for match in index.search("sensors", k=10)}

    restricted = index.search("sensors", k=10, allowed={"waste", "parking", "unknown"})

    assert {match.doc_id for match in restricted} == {"waste", "parking"}
    assert all(match.score == pytest.approx(everything[match.doc_id]) for match in restricted)


def test_scores_agree_with_search(index):
    scores = index.scores("water sensors")

    assert {match.doc_id: match.score for match in index.search("water sensors", k=10)} == pytest.approx(
        scores
    )


def test_explain_lists_heaviest_terms_summing_to_score(index):
    match = index.search("flood warning sensors")[0]

    terms = index.explain("flood warning sensors", match.doc_id, top_n=10)

    # Rarest first: "warning" is in one document, "flood" in two, "sensors" in four.
    assert [term.term for term in terms] == ["warning", "flood", "sensors"]
    assert terms[0].weight >= terms[1].weight >= terms[2].weight > 0
    assert math.isclose(sum(term.weight for term in terms), match.score, rel_tol=1e-6)


def test_explain_top_n_and_non_matching_document(index):
    assert len(index.explain("flood warning sensors", "flood", top_n=1)) == 1
    assert index.explain("flood warning", "parking") == []


def test_explain_unknown_document_raises(index):
    with pytest.raises(KeyError):
        index.explain("flood", "nope")


def test_explain_with_feedback_sums_to_score():
    index = RankingIndex.fit(CATALOGUE)  # default config: feedback on
    match = index.search("water sensors")[0]

    terms = index.explain("water sensors", match.doc_id, top_n=100)

    assert all(isinstance(term, TermContribution) for term in terms)
    assert math.isclose(sum(term.weight for term in terms), match.score, rel_tol=1e-6)


def test_feedback_can_be_switched_per_search():
    index = RankingIndex.fit(CATALOGUE)

    with_feedback = index.search("river alerts", k=10)
    without = index.search("river alerts", k=10, feedback=False)

    assert with_feedback[0].doc_id == without[0].doc_id == "flood"
    assert [m.doc_id for m in without] == ["flood"]
    assert len(with_feedback) > len(without)  # expansion terms reach documents sharing no query word


def test_upsert_new_document_is_found_at_once(index):
    index.upsert("bikes", {"title": "Bike sharing for commuters", "body": "Docked bikes near stations."})

    assert index.search("bike sharing")[0].doc_id == "bikes"
    assert len(index) == 6
    assert index.doc_ids[-1] == "bikes"


def test_upsert_words_unseen_at_fit_are_searchable(index):
    index.upsert("drone", {"title": "Quadcopter inspections", "body": "Drones inspect bridges."})

    assert [match.doc_id for match in index.search("quadcopter")] == ["drone"]
    assert index.explain("quadcopter", "drone")[0].term == "quadcopter"


def test_upsert_edit_changes_ranking(index):
    assert index.search("pollution")[0].doc_id == "air"

    index.upsert("air", {"title": "Air quality network", "body": "Sensors for ozone."})
    index.upsert("waste", {"title": "Pollution from waste trucks", "body": "Fewer trips, less pollution."})

    assert index.search("pollution")[0].doc_id == "waste"
    assert [match.doc_id for match in index.search("ozone")] == ["air"]


def test_upsert_of_unchanged_document_keeps_its_score(index):
    before = index.search("parking guidance")[0]

    index.upsert("parking", CATALOGUE["parking"])

    after = index.search("parking guidance")[0]
    assert after.doc_id == "parking"
    assert after.score == pytest.approx(before.score, rel=1e-6)


def test_remove_hides_document(index):
    index.remove("flood")
    index.remove("never-there")

    assert "flood" not in [match.doc_id for match in index.search("flood warning", k=10)]
    assert len(index) == 4
    with pytest.raises(KeyError):
        index.explain("flood", "flood")


def test_remove_upserted_document(index):
    index.upsert("bikes", {"title": "Bike sharing"})
    index.remove("bikes")

    assert index.search("bike") == []


def test_save_and_load_round_trip(tmp_path):
    index = RankingIndex.fit(CATALOGUE)
    index.upsert("bikes", {"title": "Bike sharing for commuters"})
    index.upsert("air", {"title": "Air quality network", "body": "Sensors for ozone."})
    index.remove("waste")
    path = tmp_path / "index.npz"

    save_index(index, path)
    loaded = load_index(path)

    assert loaded.config == index.config
    assert loaded.doc_ids == index.doc_ids
    for query in ["flood warning", "sensors", "bike", "ozone", "water leaks at night"]:
        assert loaded.search(query, k=10) == index.search(query, k=10)
        assert loaded.explain(query, "air") == index.explain(query, "air")
    assert list(tmp_path.iterdir()) == [path]  # no temp file left behind


def test_save_replaces_existing_file(tmp_path):
    path = tmp_path / "index.npz"
    save_index(RankingIndex.fit({"a": {"body": "old text"}}), path)

    save_index(RankingIndex.fit({"b": {"body": "new text"}}), path)

    assert load_index(path).doc_ids == ["b"]


def test_fit_is_deterministic():
    first = RankingIndex.fit(CATALOGUE)
    second = RankingIndex.fit(CATALOGUE)

    assert first.search("sensors for streets", k=10) == second.search("sensors for streets", k=10)


def test_match_is_plain_data():
    assert Match("a", 1.0) == Match("a", 1.0)


def test_bigrams_when_configured(tmp_path):
    config = RankerConfig(feedback=False, bigram_weight=0.5)
    index = RankingIndex.fit(
        {"pair": {"body": "street lighting for parks"}, "apart": {"body": "lighting the street"}}, config
    )
    index.upsert("new", {"body": "smart street lighting"})

    results = index.search("street lighting", k=10)
    save_index(index, tmp_path / "bigrams.npz")

    assert {match.doc_id for match in results[:2]} == {"pair", "new"}  # the phrase beats the words apart
    assert [term.term for term in index.explain("street lighting", "pair", top_n=10)][:1] == [
        "street lighting"
    ]
    assert load_index(tmp_path / "bigrams.npz").search("street lighting", k=10) == results


def test_feedback_on_request_when_config_has_it_off(index):
    assert index.search("river alerts", k=10, feedback=True)[0].doc_id == "flood"


FORMAT_1 = Path(__file__).parent / "data" / "ranking-index-v1.npz"


def test_load_index_written_by_format_1_code_answers_as_it_did():
    # Written (with its answers, in the .json next to it) by the code before the package was split
    # into composed parts; any change to the file format or the scores shows up here.
    expected = json.loads(FORMAT_1.with_suffix(".json").read_text(encoding="utf-8"))

    loaded = load_index(FORMAT_1)

    assert loaded.doc_ids == expected["doc_ids"]
    for query, answers in expected["answers"].items():
        assert [[m.doc_id, m.score] for m in loaded.search(query, k=10)] == answers["search"]
        assert [[m.doc_id, m.score] for m in loaded.search(query, k=10, feedback=False)] == answers[
            "no_feedback"
        ]
        allowed = loaded.search(query, k=3, allowed=["air", "bikes", "flood"])
        assert [[m.doc_id, m.score] for m in allowed] == answers["allowed"]
        assert [[t.term, t.weight] for t in loaded.explain(query, "air", top_n=20)] == answers["explain_air"]
        assert [[t.term, t.weight] for t in loaded.explain(query, "bikes", top_n=20)] == answers[
            "explain_bikes"
        ]
        assert loaded.scores(query) == answers["scores"]


def test_save_index_writes_format_1_index_as_format_2_with_only_languages_added(tmp_path):
    # Format 2 adds the analysed languages and each document's languages; everything else is
    # written exactly as format 1 wrote it (a format-1 file was built English-only).
    loaded = load_index(FORMAT_1)
    path = tmp_path / "again.npz"

    save_index(loaded, path)

    with np.load(FORMAT_1) as before, np.load(path) as after:
        assert sorted(after.files) == sorted(before.files)
        for name in before.files:
            if name != "meta":
                assert after[name].dtype == before[name].dtype
                assert after[name].tobytes() == before[name].tobytes()
        old_meta = json.loads(before["meta"].tobytes().decode())
        new_meta = json.loads(after["meta"].tobytes().decode())
    assert new_meta.pop("format") == 2
    assert new_meta["config"].pop("languages") == ["en"]
    assert new_meta.pop("languages") == ["en"] * len(old_meta["fit_ids"])
    assert new_meta.pop("side_languages") == ["en"] * len(old_meta["side_ids"])
    old_meta.pop("format")
    assert new_meta == old_meta
