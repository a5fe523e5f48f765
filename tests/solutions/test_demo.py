"""The demo catalogue generator (pure) and `manage.py generate_demo_catalogue`."""

import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from accounts.enums import DEMO_SOURCE, Category, Kind, Region
from accounts.models import Organisation
from solutions.demo.generate import demo_provider_name, demo_providers, demo_solutions
from solutions.enums import EsgDimension, Maturity, PricingModel, Sector, SolutionStatus
from solutions.models import SearchTerm, Solution
from tests.factories.catalogue import SolutionFactory

# Unit tests of the pure generator and integration tests of the command share this file, so each
# test carries its own marker. The command runs on the embedded SQLite default too, hence "portable".
unit = pytest.mark.unit


def generate(count: int, *, seed: int = 7, start: int = 0, providers: int = 5) -> list:
    return list(
        demo_solutions(
            count=count, providers=demo_providers(count=providers, seed=seed), seed=seed, start=start
        )
    )


def run_command(*args: str) -> str:
    out = StringIO()
    call_command("generate_demo_catalogue", *args, stdout=out)
    return out.getvalue()


# --- The generator ----------------------------------------------------------------------------


@unit
def test_demo_solutions_same_seed_same_content():
    assert generate(40) == generate(40)


@unit
def test_demo_solutions_other_seed_other_content():
    titles = [solution.title for solution in generate(40, seed=7)]
    other_titles = [solution.title for solution in generate(40, seed=8)]

    assert titles != other_titles


@unit
def test_demo_solutions_row_depends_only_on_seed_and_index():
    assert generate(5, start=10) == generate(15)[10:]


@unit
def test_demo_solutions_values_are_valid_choices():
    solutions = generate(500)

    def invalid(values, allowed):
        return [value for value in values if value not in allowed]

    assert invalid([s for x in solutions for s in x.sectors], Sector.values) == []
    assert invalid([e for x in solutions for e in x.esg_dimensions], EsgDimension.values) == []
    assert invalid([r for x in solutions for r in x.regions_served], Region.values) == []
    assert invalid([x.maturity for x in solutions], Maturity.values) == []
    assert invalid([x.pricing_model for x in solutions], [*PricingModel.values, ""]) == []
    assert invalid([x.status for x in solutions], [SolutionStatus.PUBLISHED, SolutionStatus.DRAFT]) == []
    assert invalid([len(x.sectors) for x in solutions], [1, 2, 3]) == []
    assert invalid([len(x.tags) for x in solutions], range(6)) == []
    assert [x for x in solutions if not x.esg_dimensions or not x.regions_served or not x.languages] == []
    assert [
        x for x in solutions if len(set(x.sectors)) != len(x.sectors) or len(set(x.tags)) != len(x.tags)
    ] == []


@unit
def test_demo_solutions_texts_fit_the_model():
    solutions = generate(500)
    # Rows in other languages (issue 18) are shorter: a few sentences from small phrase pools.
    word_counts = [
        len(s.description.split()) for s in solutions if s.original_language == "en" and not s.translation
    ]

    assert (min(word_counts) >= 40, max(word_counts) <= 150) == (True, True)
    assert max(len(solution.title) for solution in solutions) <= 200
    assert max(len(solution.summary) for solution in solutions) <= 500
    assert max(len(solution.slug) for solution in solutions) <= 220
    assert len({solution.slug for solution in solutions}) == 500
    assert [s.slug for s in solutions if not re.fullmatch(r"[a-z0-9-]+-demo-\d+", s.slug)] == []


@unit
def test_a_fifth_of_demo_solutions_are_in_or_translated_into_another_language():
    solutions = generate(2000)
    originals = [s for s in solutions if s.original_language != "en"]
    translated = [s for s in solutions if s.translation is not None]

    assert 340 <= len(originals) + len(translated) <= 460
    assert {s.original_language for s in originals} == {"es", "fr", "pt", "ru", "ar", "ko"}
    assert [s for s in translated if s.original_language != "en" or s.translation.language == "en"] == []
    assert [s for s in originals + translated if not s.description] == []


@unit
def test_demo_solutions_mostly_published_with_a_date():
    solutions = generate(1000)
    published = [solution for solution in solutions if solution.status == SolutionStatus.PUBLISHED]

    assert 850 <= len(published) <= 950
    assert [
        s for s in solutions if (s.published_at is not None) != (s.status == SolutionStatus.PUBLISHED)
    ] == []


@unit
def test_demo_solutions_words_follow_a_skewed_distribution():
    words = Counter(
        word for solution in generate(2000) for word in re.findall(r"[a-z]+", solution.description.lower())
    )
    frequencies = sorted(words.values(), reverse=True)

    # A few words are everywhere, most are rare: the head dwarfs the median, and there is a long tail.
    assert frequencies[0] > 100 * frequencies[len(frequencies) // 2]
    assert sum(1 for frequency in frequencies if frequency <= 20) > len(frequencies) // 4


@unit
def test_demo_providers_marked_unique_and_sized_by_kind():
    providers = demo_providers(count=3000, seed=3)
    bands: dict[str, range] = {
        Kind.STARTUP: range(2, 50),
        Kind.SME: range(10, 250),
        Kind.MNC: range(1000, 300_001),
    }

    assert len({provider.name for provider in providers}) == 3000
    assert len({provider.slug for provider in providers}) == 3000
    assert [p.name for p in providers if not p.name.endswith(" (demo)")] == []
    assert [p for p in providers if p.employee_count not in bands[p.kind]] == []
    assert [p.region for p in providers if p.region not in Region.values] == []


@unit
def test_demo_provider_name_depends_only_on_index():
    assert [demo_provider_name(i) for i in (0, 1, 49_999)] == [
        demo_providers(count=1, seed=seed, start=i)[0].name for seed, i in ((1, 0), (2, 1), (3, 49_999))
    ]


# --- The command ------------------------------------------------------------------------------


@pytest.mark.integration
@pytest.mark.portable
@pytest.mark.django_db
def test_generate_demo_catalogue_creates_marked_rows():
    output = run_command("--solutions", "50")

    solutions = list(Solution.objects.select_related("provider"))
    assert len(solutions) == 50
    assert {solution.is_demo for solution in solutions} == {True}
    assert {solution.provider.source for solution in solutions} == {DEMO_SOURCE}
    assert {solution.provider.category for solution in solutions} == {Category.CORPORATION}
    assert Organisation.objects.filter(source=DEMO_SOURCE).count() == 1
    assert output.splitlines()[:2] == ["1 demo providers", "50/50 solutions"]
    for solution in solutions:
        solution.full_clean()  # every value passes the model's own validation
    for provider in Organisation.objects.filter(source=DEMO_SOURCE):
        provider.full_clean()


@pytest.mark.integration
@pytest.mark.portable
@pytest.mark.django_db
def test_generate_demo_catalogue_twice_adds_more_with_unique_slugs():
    run_command("--solutions", "50")
    run_command("--solutions", "30", "--providers", "2")

    assert Solution.objects.filter(is_demo=True).count() == 80
    assert Solution.objects.values("slug").distinct().count() == 80
    assert Organisation.objects.filter(source=DEMO_SOURCE).count() == 3


@pytest.mark.integration
@pytest.mark.portable
@pytest.mark.django_db
def test_generate_demo_catalogue_replace_replaces_only_demo_rows():
    real = SolutionFactory.create(title="Real flood sensors")
    run_command("--solutions", "50", "--providers", "4")

    run_command("--solutions", "20", "--replace")

    assert Solution.objects.filter(is_demo=True).count() == 20
    assert Organisation.objects.filter(source=DEMO_SOURCE).count() == 1
    assert list(Solution.objects.filter(is_demo=False).values_list("pk", flat=True)) == [real.pk]


@pytest.mark.integration
@pytest.mark.portable
@pytest.mark.django_db
def test_generate_demo_catalogue_same_seed_same_content():
    def catalogue():
        return list(Solution.objects.order_by("slug").values_list("slug", "title", "description", "sectors"))

    run_command("--solutions", "50", "--seed", "5")
    first = catalogue()
    run_command("--solutions", "50", "--seed", "5", "--replace")

    assert catalogue() == first


@pytest.mark.integration
@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="search statistics exist on PostgreSQL only")
def test_generate_demo_catalogue_refreshes_search_statistics():
    run_command("--solutions", "50")

    assert SearchTerm.objects.filter(word="citi").exists()
    assert Solution.objects.filter(search_vector__isnull=True).count() == 0
