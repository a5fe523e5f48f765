"""Recommendations for the weakest dimensions come from the matching engine (whatever the catalogue
holds now, never a fixed list), with best cases from peer cities of similar size and region."""

import pytest
from django.utils import timezone

from cities.models import Survey
from cities.services.activator import submit_survey_response
from matchmaking.activator_recommendations import peer_best_cases, weak_dimensions_with_recommendations
from solutions.enums import BestCaseStatus
from tests.factories.accounts import OrganisationFactory, UserFactory
from tests.factories.activator import answers_for
from tests.factories.catalogue import BestCaseFactory, SolutionFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def city():
    return OrganisationFactory.create(name="Kampala", country="UG", region="africa", population=1_700_000)


@pytest.fixture
def response(city):
    """Kampala's answers to the seeded questionnaire: nothing in place for mobility, halfway in
    governance, leading practice everywhere else."""
    seeded = Survey.objects.get(version=1)
    return submit_survey_response(
        actor=UserFactory.create(organisation=city),
        survey=seeded,
        answers=answers_for(seeded, {"mobility": 0, "governance": [1, 2, 4, 4, 4]}, default=4),
    )


def traffic_solution(**fields):
    return SolutionFactory.create(
        title="Adaptive traffic signal control",
        summary="Traffic signals that adapt to live traffic and give buses priority.",
        description="Cameras and adaptive traffic signals cut congestion on main corridors; passengers get "
        "live public transport arrival times.",
        sectors=["mobility"],
        **fields,
    )


def museum_ticketing():
    return SolutionFactory.create(
        title="Museum ticketing",
        summary="Sell museum tickets at the door.",
        description="Visitors buy exhibition tickets at the museum desk.",
        sectors=["culture"],
    )


def by_key(weak):
    return {dimension.key: dimension for dimension in weak}


def test_weakest_dimensions_are_the_low_ones_lowest_first(response, city):
    weak = weak_dimensions_with_recommendations(response=response, user=UserFactory.create(organisation=city))

    # governance: weights 2, 2, 1, 1, 1 and grades 1, 2, 4, 4, 4: 100 * 18 / 28 = 64.3
    assert [(d.key, d.score, d.stage.name) for d in weak] == [
        ("mobility", 0.0, "Starting"),
        ("governance", 64.3, "Integrating"),
    ]
    assert [question for question, _answer in by_key(weak)["governance"].gaps] == [
        "How many municipal services (permits, certificates, taxes, fees) can be completed fully online?",
        "Is there a digital strategy with leadership, budget and measured targets?",
    ]


def test_recommendations_for_the_weakest_dimension_come_from_the_matching_engine(response, city):
    viewer = UserFactory.create(organisation=city)
    museum_ticketing()
    before = weak_dimensions_with_recommendations(response=response, user=viewer)
    traffic = traffic_solution()  # published after the seed, the response and the first recommendations

    after = weak_dimensions_with_recommendations(response=response, user=viewer)

    assert [r.item.title for r in by_key(before)["mobility"].solutions] == []
    assert [r.item for r in by_key(after)["mobility"].solutions] == [traffic]
    top = by_key(after)["mobility"].solutions[0]
    assert top.shared_sectors == ("mobility",)
    assert {"traffic", "public", "transport"} <= {t.term for t in top.terms} | set(
        " ".join(t.term for t in top.terms).split()
    )


def test_the_query_is_built_from_the_dimension_and_its_gaps(response, city):
    weak = by_key(
        weak_dimensions_with_recommendations(response=response, user=UserFactory.create(organisation=city))
    )

    mobility_query = weak["mobility"].query.splitlines()
    assert mobility_query[:3] == [
        "Mobility",
        "Moving people and goods: public transport, traffic management, parking, walking and cycling, "
        "shared and electric mobility, and the transport data that ties them together.",
        "public transport traffic parking cycling electric vehicles mobility data",
    ]
    assert mobility_query[3] == (
        "How does the city manage traffic on its main roads? "
        "Fixed-time traffic signals; traffic is not monitored"
    )
    assert len(mobility_query) == 3 + 5  # every mobility question is a gap


def test_drafts_and_non_matching_solutions_are_not_recommended(response, city):
    traffic_solution(status="draft")
    museum_ticketing()

    weak = weak_dimensions_with_recommendations(response=response, user=UserFactory.create(organisation=city))

    assert [r.item.title for d in weak for r in d.solutions] == []


def published_case(city, solution, **fields):
    return BestCaseFactory.create(
        city=city, solution=solution, status=BestCaseStatus.PUBLISHED, published_at=timezone.now(), **fields
    )


@pytest.mark.portable
def test_best_cases_come_from_peer_cities_of_similar_size_and_region(city):
    mobility = SolutionFactory.create(sectors=["mobility"])
    culture = SolutionFactory.create(sectors=["culture"])
    nairobi = OrganisationFactory.create(name="Nairobi", region="africa", population=4_400_000)
    lagos = OrganisationFactory.create(name="Lagos", region="africa", population=15_000_000)
    berlin = OrganisationFactory.create(name="Berlin", region="europe", country="DE", population=3_700_000)
    peer = published_case(nairobi, mobility, title="Nairobi bus lanes")
    published_case(nairobi, culture, title="Nairobi museum")  # another sector
    BestCaseFactory.create(city=nairobi, solution=mobility, title="Nairobi draft")  # not published
    published_case(lagos, mobility, title="Lagos bus lanes")  # bigger city
    published_case(berlin, mobility, title="Berlin bus lanes")  # another region
    published_case(city, mobility, title="Kampala's own")  # not a peer

    cases = list(peer_best_cases(city=city, user=UserFactory.create(), sectors=["mobility", "safety"]))

    assert cases == [peer]


def test_without_a_population_peers_are_cities_of_the_same_kind_in_the_region():
    district = OrganisationFactory.create(name="Kawempe", kind="district", region="africa")
    solution = SolutionFactory.create(sectors=["mobility"])
    peer = published_case(
        OrganisationFactory.create(kind="district", region="africa", population=300_000), solution
    )
    published_case(OrganisationFactory.create(kind="city", region="africa"), solution)

    assert list(peer_best_cases(city=district, user=UserFactory.create(), sectors=["mobility"])) == [peer]


def test_a_solution_is_recommended_once_under_the_weakest_dimension_it_matches(response, city):
    museum_ticketing()
    both = SolutionFactory.create(
        title="Digital city platform",
        summary="Traffic management and online permits in one platform.",
        description="Public transport data, traffic signals, online public services and permits.",
        sectors=["mobility", "governance"],
    )

    weak = by_key(
        weak_dimensions_with_recommendations(response=response, user=UserFactory.create(organisation=city))
    )

    assert ([r.item for r in weak["mobility"].solutions], weak["governance"].solutions) == ([both], [])


def test_weak_dimensions_carry_peer_best_cases(response, city):
    nairobi = OrganisationFactory.create(name="Nairobi", region="africa", population=4_400_000)
    case = published_case(nairobi, SolutionFactory.create(sectors=["mobility"]), title="Nairobi bus lanes")

    weak = by_key(
        weak_dimensions_with_recommendations(response=response, user=UserFactory.create(organisation=city))
    )

    assert (weak["mobility"].best_cases, weak["governance"].best_cases) == ([case], [])
