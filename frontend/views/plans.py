"""Smart city plans: the network's plans, a plan's page, and the editor of a city's own plans.

A plan's goals are published as city needs by `cities.services` (so the need pages recommend
solutions for them); the editor only collects the plan, its goals and its document links.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts import selectors as account_selectors
from accounts.enums import Region
from accounts.models import Organisation, User
from cities import selectors, services
from cities.enums import PlanVisibility
from cities.models import SmartCityPlan
from frontend.forms import add_service_errors
from frontend.paging import paginate
from solutions.enums import Sector


class DocumentLinksField(forms.CharField):
    """One document a line: a title, then its link ("Master plan 2030 https://example.org/plan.pdf")."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value: Any) -> list[dict[str, str]]:
        documents = []
        for number, line in enumerate(str(value or "").splitlines(), start=1):
            words = line.split()
            if not words:
                continue
            url = words[-1]
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError as exc:
                raise ValidationError(
                    f"Line {number}: end the line with the document's http(s) link."
                ) from exc
            documents.append({"title": " ".join(words[:-1]) or url, "url": url})
        return documents

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(
                f"{d['title']} {d['url']}" if d["title"] != d["url"] else d["url"] for d in value
            )
        return value


class PlanForm(forms.Form):
    FIELDS = ("title", "summary", "sectors", "starts_on", "ends_on", "visibility")

    city = forms.ModelChoiceField(
        queryset=account_selectors.local_governments(), help_text="Staff may share a plan for any city."
    )
    title = forms.CharField(max_length=200, min_length=3)
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), help_text="The plan's vision and priorities in a paragraph."
    )
    sectors = forms.MultipleChoiceField(
        choices=Sector.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    starts_on = forms.DateField(label="Starts", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="Ends", widget=forms.DateInput(attrs={"type": "date"}))
    visibility = forms.ChoiceField(
        choices=PlanVisibility.choices,
        initial=PlanVisibility.PUBLIC,
        help_text="Members only: visible to people of member organisations. The goals' needs follow it.",
    )
    documents = DocumentLinksField(
        required=False,
        help_text="One per line: a title, then the link, e.g. “Master plan 2030 https://example.org/plan.pdf”.",
    )

    def __init__(self, *args: Any, choose_city: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not choose_city:
            del self.fields["city"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The plan cannot end before it starts.")
        return data

    @classmethod
    def initial_for(cls, plan: SmartCityPlan) -> dict[str, Any]:
        initial = {name: getattr(plan, name) for name in cls.FIELDS}
        initial["documents"] = [{"title": d.title, "url": d.url} for d in plan.documents.all()]
        return initial

    @property
    def content(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in (*self.FIELDS, "documents")}


class GoalForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(max_length=200, min_length=3, label="Goal")
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the city wants to achieve; published as a need, so providers can answer it.",
    )
    sectors = forms.MultipleChoiceField(
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Empty: the plan's sectors.",
    )


class BaseGoalFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this goal (its need is closed)"


GoalFormSet = forms.formset_factory(
    GoalForm,
    formset=BaseGoalFormSet,
    extra=2,
    can_delete=True,
    can_delete_extra=False,
    max_num=30,
    validate_max=True,
)


def _goals(formset: Any) -> list[dict[str, Any]]:
    """The goals to keep, in order: filled rows not marked for deletion (blank extra rows are skipped)."""
    return [
        {name: form.cleaned_data[name] for name in ("id", "title", "description", "sectors")}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class PlansFilterForm(forms.Form):
    q = forms.CharField(
        label="Search", required=False, max_length=200, widget=forms.TextInput(attrs={"type": "search"})
    )
    sector = forms.ChoiceField(choices=[("", "All sectors"), *Sector.choices], required=False)
    region = forms.ChoiceField(choices=[("", "All regions"), *Region.choices], required=False)
    mine = forms.BooleanField(label="My city's plans", required=False)


def _own_city(user: User) -> Organisation | None:
    organisation = user.organisation if user.is_authenticated else None
    return organisation if organisation is not None and organisation.is_local_government else None


def plans(request: HttpRequest) -> HttpResponse:
    """The plans cities share with the network, newest first; `mine` for the person's own city."""
    form = PlansFilterForm(request.GET or None)
    form.is_valid()  # an invalid filter is reported on the form and ignored
    data = getattr(form, "cleaned_data", {})
    city = _own_city(request.user)
    listing = selectors.plans_list(
        user=request.user,
        query=data.get("q", ""),
        sector=data.get("sector", ""),
        region=data.get("region", ""),
        city_id=city.pk if city and data.get("mine") else None,
    )
    if data.get("mine") and city is None:  # only a city's people have a city of their own
        listing = listing.none()
    return render(
        request,
        "frontend/plans/list.html",
        {
            "form": form,
            "city": city,
            "can_create": bool(city or request.user.is_staff),
            **paginate(request, listing),
        },
    )


def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan = selectors.access_plan(request.user, slug=slug)
    return render(
        request,
        "frontend/plans/detail.html",
        {"plan": plan, "can_edit": selectors.can_edit_plan(request.user, plan)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest) -> HttpResponse:
    city = _own_city(request.user)
    if not (city or request.user.is_staff):
        raise PermissionDenied(
            "Plans are shared by people of local-government members and association staff."
        )
    form = PlanForm(request.POST or None, choose_city=request.user.is_staff, initial={"city": city})
    goals = GoalFormSet(request.POST or None, prefix="goals")
    if request.method == "POST" and form.is_valid() and goals.is_valid():
        try:
            plan = services.create_plan(
                actor=request.user,
                city=form.cleaned_data.get("city", city),
                goals=_goals(goals),
                **form.content,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"“{plan.title}” is shared; its goals are published as needs.")
            return redirect("frontend:plan", slug=plan.slug)
    return render(request, "frontend/plans/form.html", {"form": form, "goals": goals, "plan": None})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, slug: str) -> HttpResponse:
    plan = selectors.access_plan_for_edit(request.user, slug=slug)
    form = PlanForm(request.POST or None, initial=PlanForm.initial_for(plan))
    goals = GoalFormSet(
        request.POST or None,
        prefix="goals",
        initial=[
            {"id": g.pk, "title": g.title, "description": g.description, "sectors": g.sectors}
            for g in plan.goals.all()
        ],
    )
    if request.method == "POST" and form.is_valid() and goals.is_valid():
        try:
            plan = services.update_plan(plan=plan, actor=request.user, goals=_goals(goals), **form.content)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Saved; the goals' needs are up to date.")
            return redirect("frontend:plan", slug=plan.slug)
    return render(request, "frontend/plans/form.html", {"form": form, "goals": goals, "plan": plan})


@login_required
@require_POST
def plan_delete(request: HttpRequest, slug: str) -> HttpResponse:
    plan = selectors.access_plan_for_edit(request.user, slug=slug)
    services.delete_plan(plan=plan, actor=request.user)
    messages.success(request, f"“{plan.title}” is withdrawn; its goals' needs are closed.")
    return redirect(f"{reverse('frontend:plans')}?mine=on")
