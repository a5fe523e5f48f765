import pytest

from solutions.query_parser import highlight, parse_query

pytestmark = [pytest.mark.unit, pytest.mark.portable]


def test_plain_words_are_natural_language():
    parsed = parse_query("Smart parking, sensors!")

    assert (parsed.terms, parsed.uses_operators) == (("smart", "parking", "sensors"), False)


def test_operators_are_recognised():
    parsed = parse_query('"traffic light" OR parking -cameras mobil*')

    assert parsed.phrases == ("traffic light",)
    assert parsed.terms == ("parking",)
    assert parsed.excluded == ("cameras",)
    assert parsed.prefixes == ("mobil",)
    assert (parsed.has_or, parsed.uses_operators) == (True, True)
    assert parsed.websearch_text == '"traffic light" OR parking -cameras'
    assert parsed.rank_text == '"traffic light" OR parking'


def test_only_exclusions_is_empty():
    assert parse_query("-parking").is_empty


def test_unbalanced_quote_is_tolerated():
    assert parse_query('"open data').phrases == ("open data",)


def test_non_english_words_survive():
    assert parse_query("São Paulo 서울 교통").terms == ("são", "paulo", "서울", "교통")


def test_highlight_marks_prefixes_and_trims():
    text = "x " * 200 + "Smart parking sensors help drivers." + " y" * 200

    snippet = highlight(text, ("park", "sensor"), context=10)

    assert "\x01parking\x02 \x01sensors\x02" in snippet
    assert snippet.startswith("…")
    assert snippet.endswith("…")
