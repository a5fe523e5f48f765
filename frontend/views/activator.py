"""City Activator pages: what it is, the questionnaire, a result (radar, stage, recommendations), history.

A city's answers and results are shown only to its people, providers on a proposal with it, and
staff (`cities.selectors.can_see_activator_results`); only a city's people take the survey.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cities import activator, selectors
from cities.services.activator import submit_survey_response
from common.ids import parse_id
from frontend.forms.activator import ActivatorForm
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
    return render(
        request,
        "frontend/activator/home.html",
        {
            "survey": selectors.current_survey(),
            "stages": activator.STAGES,
            "can_take": can_take,
            "latest": latest,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activator_take(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not selectors.can_take_activator(request.user):
        raise PermissionDenied("The Activator is answered by people of local-government members.")
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
            "radar": activator.radar([(row["name"], row["score"]) for row in rows]),
            "weak": recommendations.weak_dimensions_with_recommendations(
                response=response, user=request.user
            ),
            "answers_by_dimension": answers_by_dimension,
            "is_own_city": request.user.organisation_id == response.city_id,
        },
    )


@login_required
def activator_history(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A city's results over time: its own city for its people, `?city=<id>` for staff and providers
    on a proposal with that city."""
    city_id = parse_id(request.GET.get("city"))
    if city_id is not None:
        city = selectors.access_activator_city(request.user, city_id)
    elif selectors.can_take_activator(request.user) and request.user.organisation is not None:
        city = request.user.organisation
    else:
        raise PermissionDenied("Choose a city whose results you may see (?city=<id>).")
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
