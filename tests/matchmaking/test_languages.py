"""Language-aware lexical analysis (issue 17): each need, solution and query is read in its own
language (detected, or given with its parts), stemmed with that language's Snowball stemmer and
stop list; Hangul runs become character bigrams; the English path is unchanged."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from matchmaking.ranking.analysis import Analyzer, tokens
from matchmaking.ranking.config import RankerConfig
from matchmaking.ranking.fusion import language_pairs
from matchmaking.ranking.index import RankingIndex
from matchmaking.ranking.languages import detect_languages, detector
from matchmaking.ranking.persistence import load_index, save_index

pytestmark = [pytest.mark.unit, pytest.mark.portable]

MULTILINGUAL = RankerConfig(feedback=False)
ENGLISH_ONLY = RankerConfig(feedback=False, languages=("en",))

# Need-sized texts (a title and a two-sentence description), as cities write them.
NEEDS = {
    "en": "Congested city centre. Drivers circle for twenty minutes looking for a free parking space, "
    "which adds traffic and emissions; we want to guide them to free spaces.",
    "ko": "도심 주차난 해소. 운전자들이 빈 주차 공간을 찾느라 20분씩 배회하면서 교통 체증과 배출가스가 "
    "늘어나고 있습니다. 빈 주차면을 안내하는 시스템이 필요합니다.",
    "es": "Congestión en el centro de la ciudad. Los conductores dan vueltas durante veinte minutos "
    "buscando aparcamiento libre, lo que aumenta el tráfico y las emisiones.",
    "fr": "Centre-ville congestionné. Les conducteurs tournent vingt minutes pour trouver une place de "
    "stationnement libre, ce qui ajoute du trafic et des émissions.",
    "pt": "Centro da cidade congestionado. Os motoristas circulam durante vinte minutos à procura de "
    "uma vaga de estacionamento livre, o que aumenta o trânsito e as emissões.",
    "ru": "Пробки в центре города. Водители по двадцать минут кружат в поисках свободного места для "
    "парковки, что увеличивает трафик и выбросы.",
    "ar": "ازدحام وسط المدينة. يدور السائقون عشرين دقيقة بحثا عن موقف سيارات شاغر، مما يزيد حركة المرور "
    "والانبعاثات.",
}

# Titles and one-line queries: shorter, where the detector (not the word vote) decides.
SHORT = {
    "en": "Smart street lighting for safer parks",
    "es": "Gestión inteligente de residuos urbanos",
    "fr": "Capteurs de qualité de l'air pour les écoles",
    "pt": "Monitoramento da qualidade da água nos rios",
    "ko": "스마트 가로등 관리",
    "ru": "Умное уличное освещение",
    "ar": "إنارة الشوارع الذكية",
}


@pytest.mark.parametrize("code", list(NEEDS))
def test_detects_the_language_of_a_need(code):
    assert detect_languages(NEEDS[code])[0] == code


@pytest.mark.parametrize("code", list(SHORT))
def test_detects_the_language_of_a_title(code):
    assert detect_languages(SHORT[code])[0] == code


# Short English records that lingua alone reads as French, Spanish or Portuguese (cacm, npl): they
# show no sign of another language, so a document reads them as English.
SHORT_ENGLISH_RECORDS = [
    "ROOTFINDER III (Algorithm 26) / Herroit, J. G.",
    "a radio telescope",
    "the transfluxor",
    "quadrature, Filon quadrature, integration, Filon integration, Fourier coefficients",
    "Urban consolidation centre",
]
# Short real titles that carry a sign (an accent, "de", "des"): still read in their language.
SHORT_TITLES = [
    ("es", "Gestión inteligente de residuos"),
    ("es", "Semáforos inteligentes"),
    ("fr", "Éclairage public intelligent"),
    ("fr", "Gestion des déchets"),
    ("pt", "Comunidades de energia solar"),
    ("pt", "Iluminação pública inteligente"),
]


@pytest.mark.parametrize("text", SHORT_ENGLISH_RECORDS)
def test_a_short_record_without_a_sign_of_another_language_is_english(text):
    assert detect_languages(text) == ("en",)


@pytest.mark.parametrize(("code", "text"), SHORT_TITLES)
def test_a_short_title_with_a_sign_of_its_language_keeps_it(code, text):
    assert detect_languages(text)[0] == code


def test_the_detector_is_built_once_per_process_even_when_threads_ask_at_once():
    with ThreadPoolExecutor(max_workers=4) as pool:
        built = list(pool.map(lambda _: detector(("en", "es", "fr", "pt")), range(8)))

    assert all(one is built[0] for one in built)


def test_a_korean_need_naming_english_products_is_korean_first_and_reads_those_words_in_english():
    analyzer = Analyzer(MULTILINGUAL)
    text = "LoRaWAN 센서 기반 스마트 주차 시스템"

    assert detect_languages(text)[0] == "ko"
    assert ("lorawan", "lorawan") in analyzer.pairs(text)


def test_a_text_in_two_scripts_carries_both_languages():
    text = "스마트 주차 안내 시스템과 센서. Smart parking guidance with street sensors for drivers."

    assert set(detect_languages(text)) == {"ko", "en"}


def test_nothing_to_detect_falls_back_to_english():
    assert detect_languages("") == ("en",)
    assert detect_languages("2024 42") == ("en",)


def test_given_parts_keep_their_languages():
    analyzer = Analyzer(MULTILINGUAL)

    analysed = analyzer.analyse([("es", "Sensores de aparcamiento"), ("fr", "Capteurs de stationnement")])

    assert analysed.languages == ("es", "fr")
    assert [segment.language for segment in analysed.segments] == ["es", "fr"]
    assert analyzer.analyse([("pt-BR", "Estacionamento")]).languages == ("pt",)
    assert analyzer.analyse([("ko", "스마트 주차 LoRaWAN")]).segments[0].language == "en"  # its Latin words


@pytest.mark.parametrize(
    ("code", "variants"),
    [
        ("en", ["sensors", "sensor"]),
        ("es", ["congestión", "congestiones", "congestion"]),
        ("fr", ["données", "donnees", "donnée"]),
        ("pt", ["iluminação", "iluminacao"]),
        ("ru", ["парковки", "парковка"]),
        ("ar", ["السيارات", "سيارة"]),
    ],
)
def test_stems_of_one_word_agree_within_a_language(code, variants):
    analyzer = Analyzer(MULTILINGUAL)
    stems = {analyzer.term(word, code) for word in variants}

    assert len(stems) == 1


@pytest.mark.parametrize(
    ("code", "word"),
    [("en", "the"), ("es", "los"), ("fr", "des"), ("pt", "não"), ("ru", "что"), ("ar", "التي")],
)
def test_stop_words_are_dropped_per_language(code, word):
    assert Analyzer(MULTILINGUAL).term(word, code) is None


def test_a_stop_word_of_one_language_is_a_term_in_another():
    analyzer = Analyzer(MULTILINGUAL)

    assert analyzer.term("empleo", "es") == "emple"  # listed by the package, kept: it names a topic
    assert analyzer.term("con", "es") is None
    assert analyzer.term("con", "en") is None  # sklearn's English list has it too
    assert analyzer.term("des", "en") == "des"


def test_hangul_runs_become_overlapping_bigrams():
    assert tokens("주차장을 찾는 운전자") == ["주차", "차장", "장을", "찾는", "운전", "전자"]
    assert tokens("IoT센서 1개") == ["iot", "센서", "1", "개"]
    assert tokens("Plain English text") == ["plain", "english", "text"]


def test_an_english_document_is_analysed_exactly_as_before():
    # What the analyser gave before languages were detected (run on that commit), word for word.
    text = "The city's sensors detect flooding; résumé of 2 rivers, Saúde."
    expected = [None, "citi", None, "sensor", "detect", "flood", "resum", None, None, "river", "saud"]

    assert Analyzer(ENGLISH_ONLY).terms(text) == expected
    assert Analyzer(MULTILINGUAL).terms(text) == expected


def test_an_english_corpus_ranks_exactly_as_the_english_only_analyser_does():
    documents = {
        "flood": {"title": "Flood early warning", "body": "River gauges warn residents before floods."},
        "parking": {"title": "Smart parking", "body": "Street sensors detect free parking spaces."},
        "air": {"title": "Air quality network", "body": "Sensors map air pollution street by street."},
    }
    config = RankerConfig()
    english = RankingIndex.fit(documents, RankerConfig(languages=("en",)))
    detected = RankingIndex.fit(documents, config)

    for query in ["sensors that warn about floods", "parking spaces for drivers in the street"]:
        assert detected.search(query) == english.search(query)
        assert detected.explain(query, "parking") == english.explain(query, "parking")


KOREAN = {
    "ko-parking": {
        "title": "스마트 주차 안내 시스템",
        "body": "주차장 바닥의 센서가 빈 주차면을 감지하고 운전자에게 앱으로 알려 도심 교통 체증을 줄입니다.",
    },
    "ko-waste": {
        "title": "쓰레기통 적재량 감지",
        "body": "쓰레기통에 부착한 센서가 적재량을 측정해 수거 경로를 최적화합니다.",
    },
    "ko-lighting": {
        "title": "스마트 가로등",
        "body": "보행자가 지나갈 때만 밝아지는 가로등으로 전력 사용을 줄입니다.",
    },
}
SPANISH = {
    "es-parking": {
        "title": "Guiado inteligente de aparcamiento",
        "body": "Sensores en las plazas detectan los aparcamientos libres y los conductores los ven en "
        "una aplicación, lo que reduce la congestión del tráfico.",
    },
    "es-waste": {
        "title": "Contenedores de residuos conectados",
        "body": "Sensores de llenado en los contenedores optimizan las rutas de recogida de basura.",
    },
    "es-water": {
        "title": "Detección de fugas en la red de agua",
        "body": "Registradores acústicos escuchan las tuberías por la noche y señalan las fugas.",
    },
}
ENGLISH = {
    "en-parking": {
        "title": "Smart parking guidance",
        "body": "Street sensors detect free spaces; drivers see them in an app, which cuts traffic.",
    },
    "en-flood": {"title": "Flood early warning", "body": "River gauges warn residents before floods."},
}


@pytest.fixture(scope="module")
def multilingual_index():
    return RankingIndex.fit({**KOREAN, **SPANISH, **ENGLISH}, MULTILINGUAL)


def test_a_korean_need_finds_the_korean_solution_about_its_problem(multilingual_index):
    need = "도심 주차난 해소: 빈 주차 공간을 찾는 운전자들 때문에 교통 체증이 심합니다."

    results = multilingual_index.search(need, k=10)
    scores = multilingual_index.scores(need)

    assert results[0].doc_id == "ko-parking"
    assert scores["ko-parking"] > max(scores.get("ko-waste", 0.0), scores.get("ko-lighting", 0.0))
    assert multilingual_index.query_languages(need) == ("ko",)


def test_a_spanish_need_finds_the_spanish_solution_about_its_problem(multilingual_index):
    need = "Buscamos reducir la congestión: los conductores no encuentran aparcamiento en el centro."

    results = multilingual_index.search(need, k=10)

    assert results[0].doc_id == "es-parking"
    assert multilingual_index.query_languages(need) == ("es",)


def test_a_spanish_query_without_accents_or_in_the_plural_matches_the_same_stems(multilingual_index):
    with_accent = multilingual_index.search("congestión del tráfico en el centro", k=1)
    without = multilingual_index.search("congestion del trafico en el centro", k=1)
    plural = multilingual_index.search("aparcamiento libre para los conductores", k=1)

    assert with_accent[0].doc_id == without[0].doc_id == "es-parking"
    assert with_accent[0].score == pytest.approx(without[0].score)
    assert plural[0].doc_id == "es-parking"


def test_a_french_query_matches_with_and_without_accents():
    index = RankingIndex.fit(
        {
            "fr-air": {
                "title": "Qualité de l'air près des écoles",
                "body": "Des capteurs mesurent la pollution et les données sont publiées chaque heure.",
            },
            "fr-energy": {
                "title": "Rénovation énergétique des bâtiments",
                "body": "Un audit des bâtiments publics réduit la consommation d'énergie.",
            },
        },
        MULTILINGUAL,
    )

    accented = index.search("données sur la qualité de l'air", k=2)
    plain = index.search("donnees sur la qualite de l'air", k=2)
    energy = index.search("energie des batiments", k=1)

    assert accented[0].doc_id == plain[0].doc_id == "fr-air"
    assert accented == plain
    assert energy[0].doc_id == "fr-energy"


def test_a_query_too_short_to_place_is_read_in_every_latin_language():
    index = RankingIndex.fit(
        {
            "saude": {"title": "Saúde digital para cidades", "body": "Soluções de telemedicina para postos"},
            "energy": {"title": "Energy dashboard", "body": "Building energy use, live"},
        },
        MULTILINGUAL,
    )

    # Portuguese stems "telemedicina" to "telemedicin", English keeps it: the known reading wins.
    assert [match.doc_id for match in index.search("telemedicina")] == ["saude"]
    assert index.explain("telemedicina", "saude")[0].term == "telemedicina"


def test_pairs_across_languages_are_told_from_pairs_in_one_language(multilingual_index):
    same_language = language_pairs(multilingual_index, "교통 체증을 줄이고 싶습니다. 주차장이 부족합니다.")
    assert same_language("ko-parking") is True
    assert same_language("en-flood") is False
    assert same_language("not-in-the-index") is True  # scored as the lexical setting says


def test_a_query_too_short_to_place_shares_every_latin_language():
    index = RankingIndex.fit({**SPANISH, **ENGLISH}, MULTILINGUAL)
    assert set(index.reading_languages("telemedicina")) == {"en", "es", "fr", "pt"}
    same_language = language_pairs(index, "telemedicina")
    assert all(same_language(doc_id) for doc_id in index.doc_ids)


def test_a_shared_technical_word_matches_across_languages(multilingual_index):
    results = [match.doc_id for match in multilingual_index.search("LoRaWAN sensores", k=10)]

    assert "es-parking" in results  # "sensores": Spanish stem "sensor", like English "sensors"


def test_documents_keep_their_languages_through_upserts_and_files(multilingual_index, tmp_path):
    index = RankingIndex.fit({**KOREAN, **SPANISH}, MULTILINGUAL)
    index.upsert(
        "fr-new", {"title": "Stationnement intelligent", "body": "Des capteurs guident les conducteurs."}
    )
    index.upsert("parts", {"title": [("pt", "Estacionamento inteligente"), ("en", "Smart parking")]})
    path = tmp_path / "index.npz"

    save_index(index, path)
    loaded = load_index(path)

    assert index.languages_of("ko-parking") == ("ko",)
    assert index.languages_of("es-water") == ("es",)
    assert index.languages_of("fr-new") == ("fr",)
    assert index.languages_of("parts") == ("pt", "en")
    for doc_id in index.doc_ids:
        assert loaded.languages_of(doc_id) == index.languages_of(doc_id)
    assert loaded.search("capteurs de stationnement") == index.search("capteurs de stationnement")
    assert loaded.config.languages == index.config.languages


def test_a_solution_with_translations_is_found_in_each_language():
    index = RankingIndex.fit(
        {
            "translated": {
                "title": [("en", "Smart parking guidance"), ("es", "Guiado inteligente de aparcamiento")],
                "body": [("en", "Sensors find free spaces."), ("es", "Sensores encuentran plazas libres.")],
            },
            "other": {"title": "Flood early warning", "body": "River gauges warn residents."},
        },
        MULTILINGUAL,
    )

    assert index.search("aparcamientos inteligentes", k=1)[0].doc_id == "translated"
    assert index.search("parking guidance", k=1)[0].doc_id == "translated"
