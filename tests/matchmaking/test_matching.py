"""The matching engine inside the product: index builds, live updates, the API."""

from dataclasses import replace
from pathlib import Path

import pytest

from matchmaking import index as match_index
from matchmaking.models import MatchIndexBuild
from matchmaking.ranking.fusion import load_setting, ranker_config
from matchmaking.ranking.index import RankingIndex
from matchmaking.selectors import recommended_solutions_for_need
from matchmaking.services import rebuild_match_index
from solutions.enums import SolutionStatus
from tests.factories.accounts import CorporationFactory, OrganisationFactory, UserFactory
from tests.factories.catalogue import NeedFactory, SolutionFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def catalogue():
    flood = SolutionFactory.create(
        title="Flood early warning",
        summary="River gauges and SMS alerts",
        description="Water level sensors on rivers warn residents before flooding reaches homes.",
        sectors=["water", "safety"],
        regions_served=["africa"],
    )
    parking = SolutionFactory.create(
        title="Smart parking",
        summary="Find a free space fast",
        description="Ground sensors report free parking bays to drivers through an app.",
        sectors=["mobility"],
    )
    archive = SolutionFactory.create(
        title="Flood archive", description="Old flood maps, flooding flooding.", status=SolutionStatus.DRAFT
    )
    need = NeedFactory.create(
        title="Stop the market flooding",
        description="Every rainy season the river floods the central market and traders lose their stock.",
        sectors=["water"],
        city=OrganisationFactory.create(name="Kampala", region="africa"),
    )
    return {"flood": flood, "parking": parking, "draft": archive, "need": need}


def titles(recommendations):
    return [r.item.title for r in recommendations]


def test_recommendations_for_a_need_come_with_reasons(catalogue):
    recommendations = recommended_solutions_for_need(need=catalogue["need"], user=UserFactory.create())

    assert titles(recommendations)[0] == "Flood early warning"
    top = recommendations[0]
    assert "flood" in " ".join(t.term for t in top.terms).lower()
    assert top.shared_sectors == ("water",)
    assert top.components["region"] == 1.0


def test_editing_a_solution_changes_recommendations_at_once(api_client, catalogue):
    need_url = f"/api/v1/needs/{catalogue['need'].pk}/recommended-solutions/"
    assert [r["title"] for r in api_client.get(need_url).json()] == ["Flood early warning"]
    owner = UserFactory.create(organisation=catalogue["parking"].provider)
    api_client.force_authenticate(owner)

    api_client.patch(
        f"/api/v1/solutions/{catalogue['parking'].pk}/",
        {"description": "Now also: flood sensors on market roofs warn traders when the river floods."},
        format="json",
    )

    assert sorted(r["title"] for r in api_client.get(need_url).json()) == [
        "Flood early warning",
        "Smart parking",
    ]


def test_publishing_and_archiving_update_the_index_at_once(api_client, catalogue):
    need_url = f"/api/v1/needs/{catalogue['need'].pk}/recommended-solutions/"
    draft = catalogue["draft"]
    draft.description = "Flood maps of the market district help traders prepare for the river."
    draft.save()
    owner = UserFactory.create(organisation=draft.provider)
    api_client.force_authenticate(owner)

    api_client.post(f"/api/v1/solutions/{draft.pk}/publish/")
    after_publish = [r["title"] for r in api_client.get(need_url).json()]
    api_client.post(f"/api/v1/solutions/{draft.pk}/archive/")
    after_archive = [r["title"] for r in api_client.get(need_url).json()]

    assert "Flood archive" in after_publish
    assert "Flood archive" not in after_archive


def test_recommendations_api_filters_and_validates(api_client, catalogue):
    url = f"/api/v1/needs/{catalogue['need'].pk}/recommended-solutions/"

    excluded = api_client.get(url, {"exclude_provider": catalogue["flood"].provider_id}).json()
    bad = api_client.get(url, {"maturity": "ancient", "limit": 500})

    assert excluded == []
    assert bad.status_code == 400
    assert sorted(bad.json()["errors"]) == ["limit", "maturity"]


def test_recommendation_payload_has_score_and_explanation(api_client, catalogue):
    body = api_client.get(f"/api/v1/needs/{catalogue['need'].pk}/recommended-solutions/").json()

    assert sorted(body[0]) == [
        "explanation",
        "id",
        "provider",
        "provider_name",
        "score",
        "slug",
        "summary",
        "title",
    ]
    assert sorted(body[0]["explanation"]) == ["components", "meaning", "shared_sectors", "terms"]
    assert body[0]["explanation"]["terms"][0]["weight"] > 0


def test_matching_needs_for_a_solution(api_client, catalogue):
    NeedFactory.create(
        title="Parking chaos downtown", description="Drivers circle for parking.", sectors=["mobility"]
    )

    body = api_client.get(f"/api/v1/solutions/{catalogue['flood'].pk}/matching-needs/").json()

    assert [n["title"] for n in body] == ["Stop the market flooding"]
    assert body[0]["city_name"] == "Kampala"


def test_hidden_objects_are_404(api_client, catalogue):
    assert api_client.get(f"/api/v1/solutions/{catalogue['draft'].pk}/matching-needs/").status_code == 404
    assert api_client.get("/api/v1/needs/999999/recommended-solutions/").status_code == 404


def test_free_text_problem_search(api_client, catalogue):
    response = api_client.post(
        "/api/v1/match/solutions/",
        {"text": "drivers waste time looking for a parking space", "city_sectors": ["mobility"]},
        format="json",
    )

    assert response.json()[0]["title"] == "Smart parking"
    assert api_client.post("/api/v1/match/solutions/", {"text": ""}, format="json").status_code == 400


def test_rebuild_persists_a_new_generation_and_processes_switch_to_it(catalogue, settings, tmp_path):
    settings.MATCH_INDEX_DIR = tmp_path
    first = rebuild_match_index()
    loaded = match_index.current_index()
    second = rebuild_match_index()

    assert (first.generation, second.generation) == (1, 2)
    assert Path(second.path).exists()
    assert match_index.current_index() is not loaded  # reloaded from the newer file
    assert len(match_index.current_index()) == 3  # two published solutions + one open need


def test_old_builds_are_cleaned_up(catalogue, settings, tmp_path):
    settings.MATCH_INDEX_DIR = tmp_path
    builds = [rebuild_match_index() for _ in range(4)]

    assert list(MatchIndexBuild.objects.values_list("generation", flat=True)) == [4, 3]
    assert [Path(b.path).exists() for b in builds] == [False, False, True, True]


def test_unaffiliated_users_do_not_see_members_only_needs_in_matches(api_client, catalogue):
    NeedFactory.create(
        title="Members-only flood plan",
        description="Flood flood river market",
        visibility="members",
        city=OrganisationFactory.create(),
    )
    member = UserFactory.create(organisation=CorporationFactory.create())

    anonymous = [
        n["title"]
        for n in api_client.get(f"/api/v1/solutions/{catalogue['flood'].pk}/matching-needs/").json()
    ]
    api_client.force_authenticate(member)
    as_member = [
        n["title"]
        for n in api_client.get(f"/api/v1/solutions/{catalogue['flood'].pk}/matching-needs/").json()
    ]

    assert "Members-only flood plan" not in anonymous
    assert "Members-only flood plan" in as_member


def test_a_saved_index_ranks_with_the_current_query_settings_and_one_fitted_otherwise_is_rebuilt():
    current = ranker_config(load_setting())
    corpus = {"s1": {"title": "Smart parking sensors"}, "s2": {"title": "Flood warning"}}
    before = replace(current, feedback=not current.feedback, feedback_weight=0.3)
    saved_before = RankingIndex.fit(corpus, before)

    kept = match_index._with_current_config(saved_before)
    assert kept is not None
    assert kept.config == current
    assert match_index._with_current_config(RankingIndex.fit(corpus, replace(current, k1=1.2))) is None
