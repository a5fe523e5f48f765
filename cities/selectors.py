"""Reads of city needs, the City Activator and smart city plans, with who-may-see-what in one place."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.functions import Lag
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.enums import Category
from accounts.models import Organisation, User
from accounts.selectors import member_organisations
from cities.activator import STAGES
from cities.enums import NeedStatus, NeedVisibility, PlanVisibility
from cities.models import (
    ActivatorResultShare,
    AnswerOption,
    Dimension,
    Need,
    PlanGoal,
    Question,
    SmartCityPlan,
    Survey,
    SurveyAnswer,
    SurveyResponse,
)
from common.lookups import json_list_contains
from projects.enums import OPEN_STAGES
from projects.models import Proposal

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from scheduling.models import Meeting, Participant


def can_edit_need(user: User | AnonymousUser, need: Need) -> bool:
    """Staff edit every need; the city's own people edit its needs."""
    if not user.is_authenticated:
        return False
    return bool(user.is_staff or (user.organisation_id and user.organisation_id == need.city_id))


def needs_visible_to(user: User | AnonymousUser) -> QuerySet[Need]:
    """Public needs for everyone; members-only needs for confirmed members; a city's own; all for staff."""
    queryset = Need.objects.select_related("city")
    if user is not None and user.is_authenticated and user.is_staff:
        return queryset
    visible = Q(visibility=NeedVisibility.PUBLIC)
    if user is not None and user.is_authenticated and user.organisation_id:
        visible |= Q(visibility=NeedVisibility.MEMBERS) | Q(city_id=user.organisation_id)
    return queryset.filter(visible)


def needs_board(
    *,
    user: User | AnonymousUser,
    query: str = "",
    sector: str = "",
    region: str = "",
    status: str = NeedStatus.OPEN,
) -> QuerySet[Need]:
    """The city-needs board: visible needs, newest first, filtered."""
    queryset = needs_visible_to(user)
    if status:
        queryset = queryset.filter(status=status)
    if sector:
        queryset = queryset.filter(json_list_contains("sectors", sector))
    if region:
        queryset = queryset.filter(city__region=region)
    for word in query.split()[:10]:
        queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return queryset.order_by("-created_at", "id")


def needs_of_city(*, user: User | AnonymousUser, city_id: int) -> QuerySet[Need]:
    return needs_visible_to(user).filter(city_id=city_id).order_by("-created_at", "id")


def access_need(user: User | AnonymousUser, *, pk: int | None = None, slug: str | None = None) -> Need:
    lookup = {"pk": pk} if pk is not None else {"slug": slug}
    try:
        return needs_visible_to(user).get(**lookup)
    except Need.DoesNotExist as exc:
        raise Http404("No such need.") from exc


def access_need_for_edit(
    user: User | AnonymousUser, *, pk: int | None = None, slug: str | None = None
) -> Need:
    need = access_need(user, pk=pk, slug=slug)
    if not can_edit_need(user, need):
        raise PermissionDenied(_("Only the city's own people and association staff can edit this need."))
    return need


# --- City Activator -------------------------------------------------------------------------------


def _with_questionnaire(queryset: QuerySet[Survey]) -> QuerySet[Survey]:
    return queryset.prefetch_related(
        Prefetch(
            "dimensions",
            queryset=Dimension.objects.order_by("order", "id").prefetch_related(
                Prefetch(
                    "questions",
                    queryset=Question.objects.order_by("order", "id").prefetch_related(
                        Prefetch("options", queryset=AnswerOption.objects.order_by("order", "grade", "id"))
                    ),
                )
            ),
        )
    )


def current_survey() -> Survey | None:
    """The questionnaire cities answer now: the newest published version, its dimensions, questions and
    answer options prefetched in order (four queries), or None when nothing is published."""
    return _with_questionnaire(Survey.objects.filter(is_published=True).order_by("-version")).first()


def survey_with_questionnaire(*, survey_id: int) -> Survey | None:
    """One version with its whole questionnaire (four queries), published or not; None if absent."""
    return _with_questionnaire(Survey.objects.filter(pk=survey_id)).first()


def active_activator_shares() -> QuerySet[ActivatorResultShare]:
    """Shares that have not ended (revoked by the city, or ended with their proposal)."""
    return ActivatorResultShare.objects.filter(ended_at__isnull=True)


def can_see_activator_results(user: User | AnonymousUser, city: Organisation) -> bool:
    """A city's Activator answers and results are for its own people, association staff, and the
    providers the city itself shares them with (an active `ActivatorResultShare`). Being on a
    proposal with the city grants nothing by itself: anyone may name a city on a proposal. Never
    anonymous. At most one query."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    if not user.organisation_id:
        return False
    if user.organisation_id == city.pk:
        return True
    return active_activator_shares().filter(city_id=city.pk, provider_id=user.organisation_id).exists()


def can_share_activator_results(user: User | AnonymousUser, city: Organisation) -> bool:
    """Only the city's own people share its results or revoke a share: it is the city's act, so not
    staff on its behalf, nor a provider on a proposal with it."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.organisation_id is not None
        and user.organisation_id == city.pk
        and city.category == Category.LOCAL_GOVERNMENT
    )


def activator_share_offer(
    user: User | AnonymousUser, meeting: Meeting
) -> tuple[Organisation, Organisation] | None:
    """(city, provider) when `user` may share their city's Activator results on `meeting`: they are
    one of the city's own people (`can_share_activator_results`), their city is one side of the
    meeting and a corporate member (a provider) the other. None otherwise. No query when the
    meeting's parties are loaded (`select_related` of their organisation and user)."""
    if user is None or not user.is_authenticated or not user.organisation_id:
        return None
    sides = [_organisation_of(meeting.organiser), _organisation_of(meeting.invitee)]
    city = next((org for org in sides if org is not None and org.pk == user.organisation_id), None)
    provider = next((org for org in sides if org is not None and org.pk != user.organisation_id), None)
    if city is None or provider is None or provider.category != Category.CORPORATION:
        return None
    if not can_share_activator_results(user, city):
        return None
    return city, provider


def _organisation_of(participant: Participant) -> Organisation | None:
    """The organisation a meeting side is, or the one of the person it is."""
    if participant.organisation_id is not None:
        return participant.organisation
    return participant.user.organisation if participant.user is not None else None


def activator_shares_of_city(*, city_id: int) -> QuerySet[ActivatorResultShare]:
    """Who can see the city's results now: its active shares with provider, proposal and the
    person who shared, newest first. One query a page."""
    return (
        active_activator_shares()
        .filter(city_id=city_id)
        .select_related("provider", "proposal", "meeting", "created_by")
        .order_by("provider__name", "-created_at", "-id")
    )


def cities_sharing_activator_results_with(*, provider_id: int) -> QuerySet[Organisation]:
    """The cities that share their Activator results with this provider now, by name. One query."""
    shares = active_activator_shares().filter(city_id=OuterRef("pk"), provider_id=provider_id)
    return Organisation.objects.filter(Exists(shares)).order_by("name", "id")


def activator_share_provider_choices(*, city: Organisation) -> QuerySet[Organisation]:
    """The providers a city may share its results with: corporate members it does not share with
    directly yet, by name."""
    direct = active_activator_shares().filter(
        city_id=city.pk, provider_id=OuterRef("pk"), proposal__isnull=True
    )
    return (
        member_organisations()
        .filter(category=Category.CORPORATION)
        .exclude(Exists(direct))
        .order_by("name", "id")
    )


def access_activator_share_for_revoke(user: User | AnonymousUser, pk: int) -> ActivatorResultShare:
    """An active share of the user's own city: 404 for any other (another city's share does not
    exist for them), 403 if the user is not one of the city's people."""
    share = active_activator_shares().select_related("city", "provider").filter(pk=pk).first()
    if share is None or not (user.is_authenticated and user.organisation_id == share.city_id):
        raise Http404("No such share of your city's Activator results.")
    if not can_share_activator_results(user, share.city):
        raise PermissionDenied(_("Only the city's own people revoke what it shares."))
    return share


def proposal_activator_sharing(user: User | AnonymousUser, proposal: Proposal) -> dict[str, Any]:
    """What a proposal's page shows about the city's Activator results, for `user`:
    `shares` (the city's people: the active shares made on this proposal; `shared_with`, their
    providers, for one sentence naming them all), `offer` (the city's
    people, on an open proposal: its providers not yet shared with there) and `can_see_results`
    (whether to link the city's results: a provider it shares with, staff). At most one query,
    using the proposal's prefetched providers."""
    if can_share_activator_results(user, proposal.city):
        shares = list(active_activator_shares().filter(proposal_id=proposal.pk).select_related("provider"))
        shared_with = {share.provider_id for share in shares}
        offer = [p for p in proposal.providers.all() if p.pk not in shared_with]
        is_open = proposal.stage in OPEN_STAGES
        return {
            "shares": shares,
            "shared_with": [share.provider for share in shares],
            "offer": offer if is_open else [],
            "can_see_results": True,
        }
    return {
        "shares": [],
        "shared_with": [],
        "offer": [],
        "can_see_results": can_see_activator_results(user, proposal.city),
    }


def can_take_activator(user: User | AnonymousUser) -> bool:
    """The survey is answered by people of a local-government member, for their own city."""
    if user is None or not user.is_authenticated or user.organisation is None:
        return False
    return user.organisation.category == Category.LOCAL_GOVERNMENT


def access_activator_city(user: User | AnonymousUser, city_id: int) -> Organisation:
    """A local government whose Activator history `user` may read: 404 if no such city, else 403."""
    try:
        city = Organisation.objects.get(pk=city_id, category=Category.LOCAL_GOVERNMENT)
    except Organisation.DoesNotExist as exc:
        raise Http404("No such city.") from exc
    if not can_see_activator_results(user, city):
        raise PermissionDenied(
            _("Only the city, the providers it shares them with and staff see its results.")
        )
    return city


def access_survey_response(user: User | AnonymousUser, pk: int) -> SurveyResponse:
    """One response with its survey and city: 404 if it does not exist, 403 if `user` may not see it."""
    try:
        response = SurveyResponse.objects.select_related("survey", "city").get(pk=pk)
    except SurveyResponse.DoesNotExist as exc:
        raise Http404("No such Activator result.") from exc
    if not can_see_activator_results(user, response.city):
        raise PermissionDenied(
            _("Only the city, the providers it shares them with and staff see its results.")
        )
    return response


def answers_of_response(*, response: SurveyResponse) -> QuerySet[SurveyAnswer]:
    """The answers as given (snapshot), in questionnaire order. One query."""
    return response.answers.order_by("order", "id")


class _PreviousScore(TypedDict):
    previous_score: Decimal | None


def survey_responses_of_city(*, city_id: int) -> QuerySet[WithAnnotations[SurveyResponse, _PreviousScore]]:
    """A city's responses, newest first, each annotated with `previous_score` (the overall score of
    the response before it, None for the first) so a page can show progress. One query per page."""
    return (
        SurveyResponse.objects.filter(city_id=city_id)
        .select_related("survey", "city")
        .annotate(
            previous_score=Window(
                Lag("overall_score"),
                partition_by=[F("city_id")],
                order_by=[F("created_at").asc(), F("id").asc()],
            )
        )
        .order_by("-created_at", "-id")
    )


def survey_responses_visible_to(user: User | AnonymousUser) -> QuerySet[SurveyResponse]:
    """Without a city asked for: every response for staff, the own city's for its people, else none."""
    queryset = SurveyResponse.objects.select_related("survey", "city").order_by("-created_at", "-id")
    if user is None or not user.is_authenticated:
        return queryset.none()
    if user.is_staff:
        return queryset
    if can_take_activator(user):
        return queryset.filter(city_id=user.organisation_id)
    return queryset.none()


def latest_activator_responses() -> QuerySet[SurveyResponse]:
    """The newest response of every city that answered (one query; PostgreSQL and SQLite alike)."""
    newest = SurveyResponse.objects.filter(city_id=OuterRef("city_id")).order_by("-created_at", "-id")
    return (
        SurveyResponse.objects.filter(pk=Subquery(newest.values("pk")[:1]))
        .select_related("survey", "city")
        .order_by("city__name", "city_id")
    )


def latest_response_of_city(*, city_id: int) -> SurveyResponse | None:
    return SurveyResponse.objects.filter(city_id=city_id).order_by("-created_at", "-id").first()


def activator_stage_counts() -> list[dict[str, Any]]:
    """How many cities stand at each stage by their latest response: every stage, zeros included,
    as `{"stage": 1, "name": "Starting", "count": 4}` in stage order. One query."""
    counts = dict(
        latest_activator_responses()
        .order_by()
        .values("stage")
        .annotate(n=Count("id"))
        .values_list("stage", "n")
    )
    return [{"stage": s.number, "name": str(s.name), "count": counts.get(s.number, 0)} for s in STAGES]


# --- Smart city plans -----------------------------------------------------------------------------


def can_edit_plan(user: User | AnonymousUser, plan: SmartCityPlan) -> bool:
    """Staff edit every plan; the city's own people edit its plans."""
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_staff or (user.organisation_id and user.organisation_id == plan.city_id))


def plans_visible_to(user: User | AnonymousUser) -> QuerySet[SmartCityPlan]:
    """Public plans for everyone; members-only plans for confirmed members; a city's own; all for staff."""
    queryset = SmartCityPlan.objects.select_related("city")
    if user is not None and user.is_authenticated and user.is_staff:
        return queryset
    visible = Q(visibility=PlanVisibility.PUBLIC)
    if user is not None and user.is_authenticated and user.organisation_id:
        visible |= Q(visibility=PlanVisibility.MEMBERS) | Q(city_id=user.organisation_id)
    return queryset.filter(visible)


def plans_list(
    *,
    user: User | AnonymousUser,
    sector: str = "",
    region: str = "",
    city_id: int | None = None,
    query: str = "",
) -> QuerySet[SmartCityPlan]:
    """The plans board: visible plans, newest first, filtered; goals and documents prefetched
    (count, page, goals, documents: four queries whatever the page size)."""
    queryset = plans_visible_to(user)
    if sector:
        queryset = queryset.filter(json_list_contains("sectors", sector))
    if region:
        queryset = queryset.filter(city__region=region)
    if city_id:
        queryset = queryset.filter(city_id=city_id)
    for word in query.split()[:10]:
        queryset = queryset.filter(Q(title__icontains=word) | Q(summary__icontains=word))
    return queryset.prefetch_related(
        Prefetch("goals", queryset=PlanGoal.objects.select_related("need").order_by("order", "id")),
        "documents",
    ).order_by("-created_at", "id")


def access_plan(
    user: User | AnonymousUser, *, pk: int | None = None, slug: str | None = None
) -> SmartCityPlan:
    """A plan `user` may see, with its goals (and their needs) and documents; 404 otherwise."""
    lookup = {"pk": pk} if pk is not None else {"slug": slug}
    queryset = plans_visible_to(user).prefetch_related(
        Prefetch("goals", queryset=PlanGoal.objects.select_related("need").order_by("order", "id")),
        "documents",
    )
    try:
        return queryset.get(**lookup)
    except SmartCityPlan.DoesNotExist as exc:
        raise Http404("No such plan.") from exc


def access_plan_for_edit(
    user: User | AnonymousUser, *, pk: int | None = None, slug: str | None = None
) -> SmartCityPlan:
    plan = access_plan(user, pk=pk, slug=slug)
    if not can_edit_plan(user, plan):
        raise PermissionDenied(_("Only the city's own people and association staff can edit this plan."))
    return plan
