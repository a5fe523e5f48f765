"""The solutions catalogue (browse and search), solution pages and "my solutions" (the best-cases library
is in `best_cases.py`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.selectors import organisations_bookable_by
from common.ids import parse_id
from frontend.forms.catalogue import CatalogueFilterForm, SolutionForm
from frontend.http import AuthenticatedHttpRequest
from frontend.paging import PAGE_SIZE, page_context, paginate, requested_page_number
from frontend.service_calls import call_service
from matchmaking.selectors import matching_needs_for_solution
from solutions import selectors, services
from solutions.activity import record_recommendation_followed, record_search
from solutions.enums import BestCaseStatus, SolutionStatus
from solutions.models import Solution
from solutions.search import SearchFilters, SearchResults, search_solutions


def catalogue(request: HttpRequest) -> HttpResponse:
    """Browse the published catalogue by facets or, with `q`, search it (ranked, highlighted, counted)."""
    form = CatalogueFilterForm(request.GET or None)
    form.is_valid()  # an invalid facet is reported on the form and ignored; the valid ones still apply
    data = getattr(form, "cleaned_data", {})
    provider = data.get("provider")
    facets = {
        "sector": data.get("sector", ""),
        "region": data.get("region", ""),
        "maturity": data.get("maturity", ""),
        "provider": provider.pk if provider else None,
    }
    query = data.get("q", "")
    if query:
        record_search(user=request.user, query=query, page=parse_id(request.GET.get("page")) or 1)
        results, listing = _search_page(request, query, SearchFilters(**facets))
        form.show_counts(results.facets)
        context = {"results": results, "total": results.total, **listing}
    else:
        published = (
            selectors.solutions_visible_to(request.user)
            .filter(status=SolutionStatus.PUBLISHED)
            .prefetch_related("translations")  # cards show the reader's translation (one query)
        )
        listing = paginate(request, selectors.filter_solutions(published, **facets))
        context = {"results": None, "total": listing["page"].paginator.count, **listing}
    context |= {"form": form, "query": query, "filtered": any(facets.values())}
    return render(request, "frontend/catalogue/catalogue.html", context)


def _search_page(
    request: HttpRequest, query: str, filters: SearchFilters
) -> tuple[SearchResults, dict[str, Any]]:
    """One page of search results, and the page numbers to link (the total comes with the results)."""
    number = requested_page_number(request)
    results = search_solutions(query=query, filters=filters, page=number, page_size=PAGE_SIZE)
    paginator = Paginator(range(results.total), PAGE_SIZE)
    if results.total and number > paginator.num_pages:  # a stale link past the last page
        number = paginator.num_pages
        results = search_solutions(query=query, filters=filters, page=number, page_size=PAGE_SIZE)
    return results, page_context(request, paginator.page(number))


def solution_detail(request: HttpRequest, slug: str) -> HttpResponse:
    solution = selectors.access_solution(request.user, slug=slug)
    record_recommendation_followed(user=request.user, via=request.GET.get("via", ""), solution_id=solution.pk)
    best_cases = selectors.best_cases_visible_to(request.user).filter(
        solution=solution, status=BestCaseStatus.PUBLISHED
    )
    can_edit = selectors.can_edit_solution(request.user, solution)
    show_matching_needs = can_edit and solution.is_published
    matching_needs = (
        matching_needs_for_solution(solution=solution, user=request.user, limit=5)
        if show_matching_needs
        else []
    )
    return render(
        request,
        "frontend/catalogue/solution_detail.html",
        {
            "solution": solution,
            "best_cases": best_cases,
            "can_edit": can_edit,
            "actions": selectors.solution_actions(solution, request.user),
            # "Cities that need this" is for the provider's people (and staff), and only once published.
            "show_matching_needs": show_matching_needs,
            "matching_needs": matching_needs,
            # Each need's "Contact <city>" leads to the city's booking page (never the viewer's own city).
            "contactable_cities": organisations_bookable_by(
                request.user, [rec.item.city_id for rec in matching_needs]
            ),
        },
    )


@login_required
def my_solutions(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every solution of the person's organisation, drafts and archive included."""
    organisation = request.user.organisation
    solutions = (
        selectors.solutions_of_provider(provider=organisation, user=request.user)
        if organisation is not None
        else Solution.objects.none()
    )
    return render(
        request,
        "frontend/catalogue/my_solutions.html",
        {
            "organisation": organisation,
            "can_create": selectors.provider_choices_for(request.user).exists(),
            **paginate(request, solutions),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def solution_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    providers = selectors.provider_choices_for(request.user)
    if not providers.exists():
        raise PermissionDenied(
            _("Only people of a corporate member (a solution provider) can list solutions.")
        )
    form = SolutionForm(request.POST or None, providers=providers)
    if request.method == "POST" and form.is_valid():

        @transaction.atomic  # one step for the person: if the references fail, no half-made draft is left
        def create() -> Solution:
            solution = services.create_solution(
                actor=request.user, provider=form.chosen_provider, **form.content
            )
            services.set_solution_references(
                solution=solution, actor=request.user, references=form.cleaned_data["references"]
            )
            return solution

        outcome = call_service(
            request,
            create,
            success=lambda solution: (
                _("“%(title)s” is saved as a draft. Publish it when it is ready.") % {"title": solution.title}
            ),
            form=form,
        )
        if outcome.ok:
            return redirect("frontend:solution", slug=outcome.result.slug)
    return render(request, "frontend/catalogue/solution_form.html", {"form": form, "solution": None})


@login_required
@require_http_methods(["GET", "POST"])
def solution_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    solution = selectors.access_solution_for_edit(request.user, slug=slug)
    form = SolutionForm(request.POST or None, initial=SolutionForm.initial_for(solution))
    if request.method == "POST" and form.is_valid():

        @transaction.atomic
        def update() -> Solution:
            updated = services.update_solution(solution=solution, actor=request.user, **form.content)
            services.set_solution_references(
                solution=updated, actor=request.user, references=form.cleaned_data["references"]
            )
            return updated

        outcome = call_service(request, update, success=_("Saved."), form=form)
        if outcome.ok:
            return redirect("frontend:solution", slug=outcome.result.slug)
    return render(request, "frontend/catalogue/solution_form.html", {"form": form, "solution": solution})


@login_required
@require_POST
def solution_publish(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    solution = selectors.access_solution_for_edit(request.user, slug=slug)
    # Nothing was typed here to attach the errors to: say what is missing on the edit form.
    if not call_service(
        request,
        lambda: services.publish_solution(solution=solution, actor=request.user),
        success=_("“%(title)s” is published: everyone can find it in the catalogue.")
        % {"title": solution.title},
        error_template=_("Not published yet: %(error)s"),
    ).ok:
        return redirect("frontend:solution-edit", slug=solution.slug)
    return redirect("frontend:solution", slug=solution.slug)


@login_required
@require_POST
def solution_archive(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    solution = selectors.access_solution_for_edit(request.user, slug=slug)
    call_service(
        request,
        lambda: services.archive_solution(solution=solution, actor=request.user),
        success=_("“%(title)s” is archived: it no longer shows in the catalogue.")
        % {"title": solution.title},
    )
    return redirect("frontend:solution", slug=solution.slug)
