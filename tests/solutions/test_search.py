"""Full-text search on PostgreSQL, and the scan fallback SQLite uses."""

import pytest
from django.db import connection

from solutions.enums import Maturity, SolutionStatus
from solutions.query_parser import parse_query
from solutions.search import SearchFilters, scan_search, search_solutions
from solutions.services import refresh_search_statistics
from tests.factories.accounts import CorporationFactory
from tests.factories.catalogue import SolutionFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

requires_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search; the fallback is tested below"
)


@pytest.fixture
def catalogue():
    flood = SolutionFactory.create(
        title="Flood early warning",
        summary="River gauges and alerts for residents",
        description="Sensors on rivers send alerts to residents before flooding reaches the streets.",
        sectors=["water", "safety"],
        regions_served=["asia_pacific"],
        maturity=Maturity.AT_SCALE,
    )
    parking = SolutionFactory.create(
        title="Smart parking",
        summary="Find a free space fast",
        description="Ground sensors report free bays; drivers stop circling, cutting traffic and emissions.",
        sectors=["mobility"],
        regions_served=["europe"],
        maturity=Maturity.DEPLOYED,
    )
    air = SolutionFactory.create(
        title="Air quality network",
        summary="Low-cost air sensors",
        description="A network of sensors measures air pollution near schools and hospitals.",
        sectors=["environment", "health"],
        regions_served=["europe", "africa"],
        maturity=Maturity.PILOT,
    )
    mention = SolutionFactory.create(
        title="Citizen service desk",
        summary="One desk for all permits",
        description="Residents file requests online; includes a module for parking permits.",
        sectors=["governance"],
    )
    SolutionFactory.create(
        title="Secret flood draft", status=SolutionStatus.DRAFT, description="flood flood flood"
    )
    refresh_search_statistics()
    return {"flood": flood, "parking": parking, "air": air, "mention": mention}


def titles(results):
    return [hit.solution.title for hit in results.hits]


@requires_postgres
def test_phrase_matches_words_in_order(catalogue):
    assert titles(search_solutions(query='"flood early warning"')) == ["Flood early warning"]
    assert titles(search_solutions(query='"warning early flood"')) == []


@requires_postgres
def test_or_returns_either(catalogue):
    assert sorted(titles(search_solutions(query="pollution OR gauges"))) == [
        "Air quality network",
        "Flood early warning",
    ]


@requires_postgres
def test_exclusion_removes_matches(catalogue):
    assert sorted(titles(search_solutions(query="sensors -air"))) == ["Flood early warning", "Smart parking"]


@requires_postgres
def test_prefix_matches_word_starts(catalogue):
    assert sorted(titles(search_solutions(query="pollut*"))) == ["Air quality network"]
    assert sorted(titles(search_solutions(query="park* -permits"))) == ["Smart parking"]


@requires_postgres
def test_stemming_matches_other_forms(catalogue):
    assert titles(search_solutions(query="floods")) == ["Flood early warning"]


@requires_postgres
def test_filters_narrow_results(catalogue):
    everything = search_solutions(query="sensors")
    in_europe = search_solutions(query="sensors", filters=SearchFilters(region="europe"))
    water = search_solutions(query="sensors", filters=SearchFilters(sector="water"))
    pilot = search_solutions(query="sensors", filters=SearchFilters(maturity="pilot"))
    by_provider = search_solutions(
        query="sensors", filters=SearchFilters(provider=catalogue["parking"].provider_id)
    )

    assert everything.total == 3
    assert sorted(titles(in_europe)) == ["Air quality network", "Smart parking"]
    assert titles(water) == ["Flood early warning"]
    assert titles(pilot) == ["Air quality network"]
    assert titles(by_provider) == ["Smart parking"]


@requires_postgres
def test_title_hit_ranks_above_description_hit(catalogue):
    assert titles(search_solutions(query="parking")) == ["Smart parking", "Citizen service desk"]


@requires_postgres
def test_natural_language_query_ranks_documents_sharing_more_words_first(catalogue):
    results = search_solutions(query="our schools suffer from air pollution and traffic")

    assert titles(results)[0] == "Air quality network"
    assert "Smart parking" in titles(results)


@requires_postgres
def test_drafts_are_never_found(catalogue):
    assert search_solutions(query="secret").total == 0


@requires_postgres
def test_highlights_are_marked_and_escaped(catalogue):
    SolutionFactory.create(
        title="Evil <script>alert(1)</script> parking", description="parking for <b>all</b>"
    )

    hits = search_solutions(query="parking").hits
    evil = next(hit for hit in hits if hit.solution.title.startswith("Evil"))

    assert str(evil.title_html) == "Evil &lt;script&gt;alert(1)&lt;/script&gt; <mark>parking</mark>"
    # PostgreSQL's parser drops markup from snippets; whatever remains is escaped.
    snippet = str(evil.snippet_html)
    assert (snippet.count("<mark>parking</mark>"), "<b>" in snippet) == (1, False)


@requires_postgres
def test_markers_stored_in_the_text_do_not_become_highlights(catalogue):
    SolutionFactory.create(
        title="Sly \x01forged\x02 parking", description="parking for \x01everyone\x02 \x02 nearby"
    )

    hits = search_solutions(query="parking").hits
    sly = next(hit for hit in hits if hit.solution.title.startswith("Sly"))

    assert str(sly.title_html) == "Sly forged <mark>parking</mark>"
    assert str(sly.snippet_html).count("<mark>") == str(sly.snippet_html).count("</mark>") == 1


@pytest.mark.portable
def test_fallback_markers_stored_in_the_text_do_not_become_highlights(catalogue):
    SolutionFactory.create(title="Sly \x01forged\x02 parking \x02", description="")

    hits = scan_search(parse_query("parking"), SearchFilters(), 1, 20).hits
    sly = next(hit for hit in hits if hit.solution.title.startswith("Sly"))

    assert str(sly.title_html) == "Sly forged <mark>parking</mark> "


@requires_postgres
def test_facets_count_candidates(catalogue):
    facets = search_solutions(query="sensors").facets

    assert facets["region"] == {"asia_pacific": 1, "europe": 2, "africa": 1}
    assert facets["maturity"] == {"at_scale": 1, "deployed": 1, "pilot": 1}


@requires_postgres
def test_pagination_keeps_total(catalogue):
    first = search_solutions(query="sensors", page=1, page_size=2)
    second = search_solutions(query="sensors", page=2, page_size=2)

    assert (first.total, len(first.hits), second.total, len(second.hits)) == (3, 2, 3, 1)
    assert set(titles(first)).isdisjoint(titles(second))


@requires_postgres
def test_common_words_do_not_pull_in_the_whole_catalogue(catalogue, monkeypatch):
    # With a tiny budget, candidates come from the rarest word only ("gauges": 1 document).
    monkeypatch.setattr("solutions.search.CANDIDATE_BUDGET", 1)

    assert titles(search_solutions(query="residents gauges")) == ["Flood early warning"]


@requires_postgres
def test_a_provider_filter_keeps_operators_and_exclusions(catalogue):
    provider = catalogue["parking"].provider_id

    assert titles(search_solutions(query="park* -permits", filters=SearchFilters(provider=provider))) == [
        "Smart parking"
    ]
    assert search_solutions(query="sensors -parking", filters=SearchFilters(provider=provider)).total == 0


@requires_postgres
def test_search_vectors_are_kept_in_the_row():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = 'solutions_solution'::regclass "
            "AND attname IN ('search_vector', 'search_head') ORDER BY attname"
        )
        storage = cursor.fetchall()
        cursor.execute("SELECT reloptions FROM pg_class WHERE oid = 'solutions_solution'::regclass")
        options = cursor.fetchone()[0]

    assert (storage, options) == ([("search_head", "m"), ("search_vector", "m")], ["toast_tuple_target=8160"])


@requires_postgres
def test_search_uses_a_constant_number_of_queries(catalogue, django_assert_num_queries):
    with django_assert_num_queries(3):  # term statistics, search (page + facets + total), rows
        search_solutions(query="sensors near schools")


def test_empty_query_returns_nothing(catalogue):
    assert search_solutions(query="  ").total == 0


# --- The scan fallback (what SQLite answers with); runs on any database. ---------------------


@pytest.mark.portable
def test_fallback_phrase_or_exclusion_prefix(catalogue):
    def scan(text, **filters):
        return sorted(titles(scan_search(parse_query(text), SearchFilters(**filters), 1, 20)))

    assert scan('"early warning"') == ["Flood early warning"]
    assert scan("pollution OR gauges") == ["Air quality network", "Flood early warning"]
    assert scan("sensors -air") == ["Flood early warning", "Smart parking"]
    assert scan("pollut*") == ["Air quality network"]
    assert scan("sensors", region="europe") == ["Air quality network", "Smart parking"]
    assert scan("secret") == []


@pytest.mark.portable
def test_fallback_ranks_title_hits_first_and_highlights(catalogue):
    results = scan_search(parse_query("parking"), SearchFilters(), 1, 20)

    assert titles(results) == ["Smart parking", "Citizen service desk"]
    assert str(results.hits[0].title_html) == "Smart <mark>parking</mark>"
    assert results.facets["sector"] == {"mobility": 1, "governance": 1}


@pytest.mark.portable
def test_search_solutions_answers_on_the_current_database(catalogue):
    assert titles(search_solutions(query='"flood early warning"')) == ["Flood early warning"]


def test_provider_factory_is_a_corporation():
    assert CorporationFactory.build().category == "corporation"


@requires_postgres
def test_title_matches_are_candidates_before_description_matches(monkeypatch):
    for n in range(5):
        SolutionFactory.create(title=f"Permit desk {n}", description="Also handles parking permits.")
    SolutionFactory.create(title="Parking guidance", description="Signs show free spaces.")
    monkeypatch.setattr("solutions.search.CANDIDATE_LIMIT", 2)

    results = search_solutions(query="parking")

    assert titles(results)[0] == "Parking guidance"
    assert (results.total, results.total_is_capped) == (2, True)


# --- Exact titles and provider names ------------------------------------------------------------


@pytest.fixture
def near_titles():
    exact = SolutionFactory.create(
        title="Air quality",
        summary="A platform for cities.",
        description="Dashboards, alerts and open data for every district, with training for city staff. " * 5,
    )
    SolutionFactory.create(
        title="Air quality network",
        summary="Air quality sensors: air quality for every street.",
        description="Air quality.",
    )
    refresh_search_statistics()
    return exact


@requires_postgres
def test_an_exact_title_match_ranks_first(near_titles):
    results = search_solutions(query="AIR QUALITY")

    assert titles(results) == ["Air quality", "Air quality network"]
    assert results.hits[0].rank < results.hits[1].rank  # first for its title, not for its rank


@pytest.mark.portable
def test_fallback_ranks_an_exact_title_match_first(near_titles):
    results = scan_search(parse_query("air quality"), SearchFilters(), 1, 20, exact_title="Air Quality")

    assert titles(results) == ["Air quality", "Air quality network"]


@pytest.mark.portable
def test_provider_names_are_searchable(catalogue):
    provider = CorporationFactory.create(name="Hydrosense Analytics")
    SolutionFactory.create(provider=provider, title="River gauge kit", summary="Gauges for small rivers.")
    refresh_search_statistics()

    assert titles(search_solutions(query="hydrosense")) == ["River gauge kit"]
    assert titles(scan_search(parse_query("hydrosense"), SearchFilters(), 1, 20)) == ["River gauge kit"]


@requires_postgres
def test_a_renamed_provider_is_found_by_its_new_name(catalogue):
    provider = CorporationFactory.create(name="Old Name Ltd")
    SolutionFactory.create(provider=provider, title="River gauge kit")
    provider.name = "Aquametrix"
    provider.save(update_fields=["name"])
    refresh_search_statistics()

    assert titles(search_solutions(query="aquametrix")) == ["River gauge kit"]
    assert titles(search_solutions(query="old name")) == []
