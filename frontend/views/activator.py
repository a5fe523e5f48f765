"""City Activator pages: what it is, the questionnaire, a result (radar, stage, recommendations),
history, and who the city shares its results with (share, revoke).

A city's answers and results are shown only to its people, the providers it shares them with, and
staff (`cities.selectors.can_see_activator_results`); only a city's people take the survey and
share or revoke (`cities.services.activator_sharing`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cities import activator, selectors
from cities.services.activator import submit_survey_response
from cities.services.activator_sharing import (
    revoke_activator_share,
    share_activator_results,
)
from common.ids import parse_id
from frontend.forms.activator import ActivatorForm, ShareResultsForm
from frontend.http import AuthenticatedHttpRequest, signed_in_user
from frontend.paging import paginate
from frontend.service_calls import call_service
from matchmaking import activator_recommendations as recommendations


def activator_home(request: HttpRequest) -> HttpResponse:
    """What the Activator is, its stages, and for a city's people: start, latest result, history."""
    can_take = selectors.can_take_activator(request.user)
    viewer = signed_in_user(request)
    city_id = viewer.organisation_id if can_take and viewer else None
    latest = selectors.latest_response_of_city(city_id=city_id) if city_id is not None else None
    # A provider's people find here the cities that share their results with them.
    provider_id = viewer.organisation_id if viewer is not None and not can_take else None
    shared_with_us = (
        list(selectors.cities_sharing_activator_results_with(provider_id=provider_id)[:50])
        if provider_id is not None
        else []
    )
    return render(
        request,
        "frontend/activator/home.html",
        {
            "survey": selectors.current_survey(),
            "stages": activator.STAGES,
            "can_take": can_take,
            "latest": latest,
            "shared_with_us": shared_with_us,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activator_take(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not selectors.can_take_activator(request.user):
        raise PermissionDenied(_("The Activator is answered by people of local-government members."))
    survey = selectors.current_survey()
    if survey is None:
        return render(request, "frontend/activator/take.html", {"form": None, "survey": None})
    form = ActivatorForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        outcome = call_service(
            request,
            lambda: submit_survey_response(actor=request.user, survey=survey, answers=form.answers),
            form=form,
        )
        if outcome.ok:
            return redirect("frontend:activator-result", pk=outcome.result.pk)
    return render(request, "frontend/activator/take.html", {"form": form, "survey": survey})


def _radar_rows(response: Any) -> list[dict[str, Any]]:
    return [
        {"key": d.key, "name": d.name, "score": d.score, "stage": d.stage}
        for d in recommendations.dimension_scores_of(response)
    ]


@login_required
def activator_result(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    response = selectors.access_survey_response(request.user, pk)
    rows = _radar_rows(response)
    answers = list(selectors.answers_of_response(response=response))
    names = {row["key"]: row["name"] for row in rows}
    answers_by_dimension: dict[str, list[Any]] = {}
    for answer in answers:
        answers_by_dimension.setdefault(names.get(answer.dimension_key, answer.dimension_key), []).append(
            answer
        )
    return render(
        request,
        "frontend/activator/result.html",
        {
            "response": response,
            "stage": response.stage_info,
            "stages": activator.STAGES,
            "rows": rows,
            "radar": activator.radar(
                [(row["name"], row["score"]) for row in rows], right_to_left=translation.get_language_bidi()
            ),
            "weak": recommendations.weak_dimensions_with_recommendations(
                response=response, user=request.user
            ),
            "answers_by_dimension": answers_by_dimension,
            "is_own_city": request.user.organisation_id == response.city_id,
        },
    )


@login_required
def activator_history(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A city's results over time: its own city for its people, `?city=<id>` for staff and the
    providers the city shares them with."""
    city_id = parse_id(request.GET.get("city"))
    if city_id is not None:
        city = selectors.access_activator_city(request.user, city_id)
    elif selectors.can_take_activator(request.user) and request.user.organisation is not None:
        city = request.user.organisation
    else:
        raise PermissionDenied(_("Choose a city whose results you may see (?city=<id>)."))
    listing = paginate(request, selectors.survey_responses_of_city(city_id=city.pk))
    for response in listing["page"]:
        response.change_label = _change_label(response.overall_score, response.previous_score)
    return render(
        request,
        "frontend/activator/history.html",
        {"city": city, "can_take": request.user.organisation_id == city.pk, **listing},
    )


def _change_label(score: Decimal, previous: Decimal | None) -> str:
    if previous is None:
        return "first result"
    change = score - previous
    if not change:
        return "no change"
    return f"{change:+.1f}"


# --- Sharing the results ---------------------------------------------------------------------------


def _own_city(request: AuthenticatedHttpRequest) -> Any:
    city = request.user.organisation
    if city is None or not selectors.can_share_activator_results(request.user, city):
        raise PermissionDenied(_("Only a city's own people decide who sees its Activator results."))
    return city


@login_required
@require_http_methods(["GET", "POST"])
def activator_sharing(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The city's people: who can see our results (with Revoke), and share them with a provider."""
    city = _own_city(request)
    form = ShareResultsForm(request.POST or None, city=city)
    if request.method == "POST" and form.is_valid():
        provider = form.cleaned_data["provider"]
        outcome = call_service(
            request,
            lambda: share_activator_results(actor=request.user, city=city, provider=provider),
            success=_("%(name)s can now see your Activator results.") % {"name": provider.name},
            form=form,
        )
        if outcome.ok:
            return redirect("frontend:activator-sharing")
    listing = paginate(request, selectors.activator_shares_of_city(city_id=city.pk))
    return render(request, "frontend/activator/sharing.html", {"city": city, "form": form, **listing})


@login_required
@require_POST
def activator_share_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    share = selectors.access_activator_share_for_revoke(request.user, pk)
    call_service(
        request,
        lambda: revoke_activator_share(actor=request.user, share=share),
        success=_("%(name)s can no longer see your Activator results.") % {"name": share.provider.name},
    )
    return redirect("frontend:activator-sharing")
