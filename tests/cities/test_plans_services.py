"""Smart city plans: sharing one publishes its goals as needs, edits keep those needs in step, a
removed goal's need is closed, and only the city's people and staff write."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cities.enums import NeedStatus, NeedTimeline, NeedVisibility, PlanVisibility
from cities.models import Need, PlanGoal, SmartCityPlan
from cities.services.plans import create_plan, delete_plan, need_timeline, update_plan
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def city():
    return OrganisationFactory.create(name="Kigali", country="RW")


@pytest.fixture
def person(city):
    return UserFactory.create(organisation=city)


def need_of(goal: PlanGoal) -> Need:
    """The need a shared plan's goal is published as (every goal of these plans has one)."""
    assert goal.need is not None
    return goal.need


def plan_fields(**changes):
    return {
        "title": "Kigali Smart City Masterplan",
        "summary": "A connected, inclusive and green Kigali.",
        "sectors": ["mobility", "environment"],
        "starts_on": datetime.date(2025, 1, 1),
        "ends_on": datetime.date(2035, 12, 31),
        "visibility": PlanVisibility.PUBLIC,
    } | changes


GOALS: list[dict[str, Any]] = [
    {"title": "Electric buses on every trunk line", "description": "Replace diesel buses on trunk lines."},
    {"title": "Open data portal", "description": "Publish city datasets.", "sectors": ["governance"]},
]


def test_sharing_a_plan_publishes_each_goal_as_a_need(person, city):
    plan = create_plan(
        actor=person, city=city, goals=GOALS, documents=[{"title": "Masterplan", "url": "https://k.rw/p.pdf"}],
        **plan_fields(),
    )  # fmt: skip

    goals = list(plan.goals.select_related("need"))
    assert [(g.title, need_of(g).title, need_of(g).city, need_of(g).status) for g in goals] == [
        ("Electric buses on every trunk line", "Electric buses on every trunk line", city, NeedStatus.OPEN),
        ("Open data portal", "Open data portal", city, NeedStatus.OPEN),
    ]
    assert [need_of(g).sectors for g in goals] == [["mobility", "environment"], ["governance"]]
    assert need_of(goals[0]).description == (
        "Replace diesel buses on trunk lines.\n\n"
        "A goal of Kigali's smart city plan “Kigali Smart City Masterplan” (2025 to 2035)."
    )
    assert need_of(goals[0]).timeline == NeedTimeline.LONG
    assert [(d.title, d.url) for d in plan.documents.all()] == [("Masterplan", "https://k.rw/p.pdf")]


@pytest.mark.portable
def test_editing_a_goal_updates_its_need_and_a_removed_goal_closes_its_need(person, city):
    plan = create_plan(actor=person, city=city, goals=GOALS, **plan_fields())
    buses, portal = plan.goals.order_by("order")

    update_plan(
        plan=plan,
        actor=person,
        goals=[
            {"id": buses.pk, "title": "Electric buses everywhere", "description": "All lines by 2030."},
            {"title": "Smart street lighting", "description": "LED lights with sensors."},
        ],
        visibility=PlanVisibility.MEMBERS,
    )

    buses_need = Need.objects.get(pk=need_of(buses).pk)
    assert (buses_need.title, buses_need.description.splitlines()[0], buses_need.visibility) == (
        "Electric buses everywhere",
        "All lines by 2030.",
        NeedVisibility.MEMBERS,
    )
    assert Need.objects.get(pk=need_of(portal).pk).status == NeedStatus.CLOSED
    assert list(PlanGoal.objects.filter(plan=plan).order_by("order").values_list("title", "need__title")) == [
        ("Electric buses everywhere", "Electric buses everywhere"),
        ("Smart street lighting", "Smart street lighting"),
    ]
    assert Need.objects.filter(city=city).count() == 3


def test_an_untouched_goal_does_not_touch_its_need(person, city):
    plan = create_plan(actor=person, city=city, goals=GOALS[:1], **plan_fields())
    need = need_of(plan.goals.get())

    update_plan(plan=plan, actor=person, summary="Reworded summary.")

    assert Need.objects.get(pk=need.pk).updated_at == need.updated_at


def test_changing_the_plan_timeline_moves_the_needs_timeline(person, city):
    plan = create_plan(actor=person, city=city, goals=GOALS[:1], **plan_fields())
    today = timezone.localdate()

    update_plan(plan=plan, actor=person, starts_on=today, ends_on=today + datetime.timedelta(days=90))

    assert need_of(plan.goals.get()).timeline == NeedTimeline.IMMEDIATE


@pytest.mark.parametrize(
    ("days", "timeline"),
    [(-10, "immediate"), (183, "immediate"), (184, "short"), (366, "short"), (367, "medium"), (731, "medium"),
     (732, "long")],
)  # fmt: skip
def test_need_timeline_from_the_plans_end(days, timeline):
    today = datetime.date(2026, 1, 1)

    assert need_timeline(ends_on=today + datetime.timedelta(days=days), today=today) == timeline


def test_withdrawing_a_plan_closes_its_needs(person, city):
    plan = create_plan(actor=person, city=city, goals=GOALS, **plan_fields())
    need_ids = list(plan.goals.values_list("need_id", flat=True))

    delete_plan(plan=plan, actor=person)

    assert SmartCityPlan.objects.count() == 0
    assert list(Need.objects.filter(pk__in=need_ids).values_list("status", flat=True)) == ["closed", "closed"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_on": datetime.date(2024, 1, 1)}, "ends_on"),
        ({"title": "x"}, "title"),
        ({"sectors": ["space travel"]}, "sectors"),
        ({"visibility": "secret"}, "visibility"),
    ],
)
def test_bad_plan_fields_are_refused_by_field(person, city, changes, field):
    with pytest.raises(ValidationError) as caught:
        create_plan(actor=person, city=city, **plan_fields(**changes))

    assert list(caught.value.message_dict) == [field]
    assert (SmartCityPlan.objects.count(), Need.objects.count()) == (0, 0)


def test_bad_goals_and_documents_are_refused_with_their_position(person, city):
    with pytest.raises(ValidationError) as goal_error:
        create_plan(
            actor=person, city=city, goals=[GOALS[0], {"title": "x", "description": ""}], **plan_fields()
        )
    with pytest.raises(ValidationError) as document_error:
        create_plan(
            actor=person, city=city, documents=[{"title": "Plan", "url": "not a link"}], **plan_fields()
        )

    assert goal_error.value.message_dict == {
        "goals": [
            "Goal 2, title: Ensure this value has at least 3 characters (it has 1).",
            "Goal 2, description: This field cannot be blank.",
        ]
    }
    assert document_error.value.message_dict == {"documents": ["Document 1, url: Enter a valid URL."]}
    assert (SmartCityPlan.objects.count(), Need.objects.count()) == (0, 0)


def test_a_goal_of_another_plan_cannot_be_taken_over(person, city):
    other = create_plan(actor=person, city=city, goals=GOALS[:1], **plan_fields(title="Other plan"))
    plan = create_plan(actor=person, city=city, **plan_fields())

    with pytest.raises(ValidationError) as caught:
        update_plan(
            plan=plan,
            actor=person,
            goals=[{"id": other.goals.get().pk, "title": "Mine", "description": "Now."}],
        )

    assert list(caught.value.message_dict) == ["goals"]


@pytest.mark.parametrize("who", ["provider", "other city", "no organisation"])
def test_only_the_citys_people_and_staff_share_and_edit_plans(city, who):
    actor = {
        "provider": lambda: UserFactory.create(organisation=CorporationFactory.create()),
        "other city": lambda: UserFactory.create(organisation=OrganisationFactory.create()),
        "no organisation": UserFactory.create,
    }[who]()
    plan = create_plan(actor=StaffFactory.create(), city=city, goals=GOALS[:1], **plan_fields())

    with pytest.raises(PermissionDenied):
        create_plan(actor=actor, city=city, **plan_fields())
    with pytest.raises(PermissionDenied):
        update_plan(plan=plan, actor=actor, title="Taken over")
    with pytest.raises(PermissionDenied):
        delete_plan(plan=plan, actor=actor)


def test_plans_belong_to_local_governments(person):
    with pytest.raises(ValidationError) as caught:
        create_plan(actor=StaffFactory.create(), city=CorporationFactory.create(), **plan_fields())

    assert list(caught.value.message_dict) == ["city"]
