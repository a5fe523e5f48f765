"""Sentence vectors in the product: stored by text, reused, re-encoded on edits, encoded on save,
and recommendations across languages with honest explanations. Uses the real encoder (its weights
ship in the package); the texts are few so the tests stay fast.

They run with the package's stored setting: rule v4 in docs/concepts.md keeps the lexical ranker
for pairs in one language and scores a document in another language than the query by meaning."""

import numpy as np
import pytest
from django.db import transaction

from matchmaking.index import load_dense, save_dense
from matchmaking.models import TextVector
from matchmaking.ranking.analysis import Analyzer
from matchmaking.ranking.config import RankerConfig
from matchmaking.ranking.dense import DenseIndex
from matchmaking.ranking.encoder import CachedEncoder, SentenceEncoder
from matchmaking.ranking.fusion import SETTING_ENV, load_setting
from matchmaking.selectors import matching_needs_for_solution, recommended_solutions_for_need
from matchmaking.services import rebuild_match_index
from matchmaking.vectors import DatabaseVectorStore, set_production_encoder
from tests.factories.accounts import OrganisationFactory, UserFactory
from tests.factories.catalogue import NeedFactory, SolutionFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

_model = SentenceEncoder()


class CountingEncoder:
    def __init__(self):
        self.texts: list[str] = []

    def __call__(self, texts):
        self.texts.extend(texts)
        return _model(texts)


@pytest.fixture
def encoder():
    counting = CountingEncoder()
    set_production_encoder(CachedEncoder(DatabaseVectorStore(), encode=counting))
    yield counting
    set_production_encoder(None)


@pytest.fixture(autouse=True)
def _stored_setting(monkeypatch):
    monkeypatch.delenv(SETTING_ENV, raising=False)
    assert load_setting().cross_language is not None


def english_catalogue():
    return {
        "traffic": SolutionFactory.create(
            title="Adaptive traffic signals",
            summary="Less congestion at busy junctions",
            description=(
                "Cameras count the cars waiting at each junction and the traffic lights adapt their "
                "timing, so queues and traffic jams in the city centre get shorter."
            ),
            sectors=["mobility"],
        ),
        "flood": SolutionFactory.create(
            title="Flood early warning",
            summary="River gauges and SMS alerts",
            description=(
                "Water level sensors on rivers warn residents by text message before floods reach homes."
            ),
            sectors=["water"],
        ),
        "waste": SolutionFactory.create(
            title="Smart waste bins",
            summary="Collect only full bins",
            description="Fill-level sensors in public bins plan the garbage trucks' routes.",
            sectors=["environment"],
        ),
        "light": SolutionFactory.create(
            title="LED street lighting",
            summary="Dimmable lamps",
            description="Street lamps dim when nobody is around and report failures, saving energy.",
            sectors=["energy"],
        ),
    }


def top_titles(recommendations, n=2):
    return [r.item.title for r in recommendations[:n]]


def test_a_spanish_need_finds_the_english_solution_and_explains_honestly(encoder):
    catalogue = english_catalogue()
    need = NeedFactory.create(
        title="Congestión del tráfico en el centro",
        description=(
            "Cada mañana los atascos bloquean las calles del centro de la ciudad y los semáforos no "
            "se adaptan al número de coches."
        ),
        city=OrganisationFactory.create(name="Bogotá"),
    )
    recommendations = recommended_solutions_for_need(need=need, user=UserFactory.create())
    assert recommendations[0].item == catalogue["traffic"]
    top = recommendations[0]
    # Honest explanation: every named term occurs in both texts; without one, "similar meaning".
    need_terms = set(Analyzer(RankerConfig()).terms(f"{need.title} {need.description}"))
    solution = catalogue["traffic"]
    solution_terms = set(
        Analyzer(RankerConfig()).terms(f"{solution.title} {solution.summary} {solution.description}")
    )
    for term in top.terms:
        # The word as the need wrote it, read in the need's language (a lone word is otherwise
        # read in every Latin-script language: "adaptan" is a Spanish "adapt").
        analysed = set(Analyzer(RankerConfig()).terms([("es", term.term)])) - {None}
        assert analysed <= need_terms & solution_terms, term
    if not top.terms:
        assert top.meaning is not None
        assert top.meaning.query_passage in f"{need.title}\n{need.description}"


def assert_explained_honestly(recommendation, query_text, language):
    """Every term the explanation names occurs in both texts (read in the query's language); a
    match across languages says which passages mean the same."""
    analyzer = Analyzer(RankerConfig())
    query_terms = set(analyzer.terms([(language, query_text)]))
    item = recommendation.item
    item_terms = set(analyzer.terms(f"{item.title}\n{item.summary}\n{item.description}"))
    for term in recommendation.terms:
        analysed = set(analyzer.terms([(language, term.term)])) - {None}
        assert analysed <= query_terms & item_terms, term
    assert recommendation.meaning is not None
    # A passage is the query's sentences joined by spaces, quoted at most PASSAGE_SHOWN characters.
    assert recommendation.meaning.query_passage.removesuffix(" …") in " ".join(query_text.split())


def test_an_english_need_finds_the_spanish_solution(encoder):
    english_catalogue()
    spanish = SolutionFactory.create(
        title="Alerta temprana de inundaciones",
        summary="Sensores en los ríos",
        description=(
            "Sensores del nivel del agua en los ríos avisan a los vecinos por SMS antes de que la "
            "inundación llegue a sus casas."
        ),
        sectors=["water"],
    )
    need = NeedFactory.create(
        title="Warn residents before the river floods",
        description="Every rainy season the river floods the market; people need an early warning.",
    )
    recommendations = recommended_solutions_for_need(need=need, user=UserFactory.create())
    assert set(top_titles(recommendations)) == {spanish.title, "Flood early warning"}
    found = next(r for r in recommendations if r.item == spanish)
    assert_explained_honestly(found, f"{need.title}\n{need.description}", "en")


def test_a_korean_need_finds_a_korean_and_an_english_solution(encoder):
    english_catalogue()
    korean = SolutionFactory.create(
        title="교통 혼잡 해소를 위한 스마트 신호등",
        summary="교차로 대기 차량 감지",
        description=(
            "카메라가 교차로에서 기다리는 차량을 세고 신호등이 시간을 조정하여 도심의 교통 체증을 줄입니다."
        ),
        sectors=["mobility"],
    )
    need = NeedFactory.create(
        title="도심 교통 체증",
        description="출퇴근 시간마다 도심 도로가 막히고 신호등이 차량 수에 맞춰 바뀌지 않습니다.",
        city=OrganisationFactory.create(name="Busan"),
    )
    recommendations = recommended_solutions_for_need(need=need, user=UserFactory.create())
    assert set(top_titles(recommendations)) == {korean.title, "Adaptive traffic signals"}
    english = next(r for r in recommendations if r.item.title == "Adaptive traffic signals")
    assert_explained_honestly(english, f"{need.title}\n{need.description}", "ko")


def test_unchanged_texts_are_not_encoded_again_and_an_edit_is(encoder):
    catalogue = english_catalogue()
    rebuild_match_index()
    encoded_first = len(encoder.texts)
    assert encoded_first > 0
    assert TextVector.objects.count() == encoded_first
    rebuild_match_index()  # nothing changed: every vector comes from TextVector
    assert len(encoder.texts) == encoded_first

    flood = catalogue["flood"]
    flood.description = "Radar and rain gauges forecast flash floods in the city's streets hours ahead."
    flood.save()
    need = NeedFactory.create(title="Flash floods in our streets", description="Rain floods the streets.")
    recommendations = recommended_solutions_for_need(need=need, user=UserFactory.create())
    new_texts = encoder.texts[encoded_first:]
    assert any("Radar and rain gauges" in text for text in new_texts)  # the edit was encoded
    assert not any("Adaptive traffic signals" in text for text in new_texts)  # the rest reused
    assert recommendations[0].item == flood


def test_saving_a_solution_encodes_it_in_the_background(
    encoder, settings, django_capture_on_commit_callbacks
):
    settings.MATCH_ENCODE_ON_SAVE = True
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        solution = SolutionFactory.create(title="Noise maps", description="Microphones map street noise.")
    assert any("Noise maps" in text for text in encoder.texts)
    count = len(encoder.texts)
    with django_capture_on_commit_callbacks(execute=True):
        solution.save()  # unchanged text: the task finds the vectors stored
    assert len(encoder.texts) == count


# Passes since the lexical side reads each text in its own language (measured after that merge; the
# two tests above still fail).
def test_matching_needs_for_an_english_solution_include_a_spanish_need(encoder):
    catalogue = english_catalogue()
    spanish = NeedFactory.create(
        title="Atascos en el centro",
        description="Los atascos de tráfico bloquean el centro cada mañana; queremos semáforos inteligentes.",
    )
    NeedFactory.create(title="Street lamps", description="Our street lamps waste energy all night.")
    needs = matching_needs_for_solution(solution=catalogue["traffic"], user=UserFactory.create())
    assert needs[0].item == spanish


def test_saved_vectors_load_ready_to_search(tmp_path):
    rows = np.eye(4, dtype=np.float32)
    dense = DenseIndex.of_matrix(["solution:1", "solution:2", "need:1", "solution:3"], rows)
    dense.remove("solution:2")
    path = tmp_path / "build.vectors.npz"

    save_dense(dense, path)
    loaded = load_dense(path)

    assert len(loaded) == 3
    assert "solution:2" not in loaded
    assert loaded.nearest(rows[3], k=1, prefix="solution:") == {"solution:3": 1.0}
