"""Forms of the best-cases pages: the library's filters, a case's content, staff sending a case back."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.enums import Region
from accounts.models import Organisation
from solutions import selectors as solution_selectors
from solutions.enums import Sector
from solutions.models import Solution


class BestCaseFilterForm(forms.Form):
    """The best-cases library's search box and filters; every field optional."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. flood, Nairobi or a provider")}
        ),
    )
    sector = forms.ChoiceField(choices=[("", _("All sectors")), *Sector.choices], required=False)
    region = forms.ChoiceField(choices=[("", _("All regions")), *Region.choices], required=False)
    city = forms.ModelChoiceField(
        queryset=solution_selectors.best_case_cities(), required=False, empty_label=_("All cities")
    )

    def filters(self) -> dict[str, Any]:
        """The valid filters as `published_best_cases` takes them (an invalid one is left out)."""
        data = getattr(self, "cleaned_data", {})
        city = data.get("city")
        return {
            "query": data.get("q", ""),
            "sector": data.get("sector", ""),
            "region": data.get("region", ""),
            "city": city.pk if city else None,
        }


class SolutionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.provider.name})"


class BestCaseForm(forms.Form):
    """A best case's story. A new case also names the solution and, unless the person is a city's,
    the city; those two cannot change afterwards (the edit form leaves them out)."""

    CONTENT_FIELDS = ("title", "problem", "approach", "results")

    solution = SolutionChoiceField(
        queryset=Solution.objects.none(), help_text=_("The solution the city used.")
    )
    city = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), help_text=_("The member city where it was deployed.")
    )
    title = forms.CharField(
        max_length=200,
        min_length=3,
        help_text=_("What happened, in a line: “Accra warns its residents of floods”."),
    )
    problem = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), help_text=_("What the city needed to solve.")
    )
    approach = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What was deployed, with whom, and how long it took."),
    )
    results = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What changed, with figures where you have them."),
    )

    def __init__(
        self,
        *args: Any,
        solutions: QuerySet[Solution] | None = None,
        cities: QuerySet[Organisation] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if solutions is None:
            del self.fields["solution"]
        else:
            self.fields["solution"].queryset = solutions  # type: ignore[attr-defined]  # a ModelChoiceField
        self.single_city: Organisation | None = None
        if cities is None:
            del self.fields["city"]
        else:
            only = list(cities[:2])
            if len(only) == 1:  # a city's people tell their own city's cases: nothing to choose
                self.single_city = only[0]
                del self.fields["city"]
            else:
                self.fields["city"].queryset = cities  # type: ignore[attr-defined]  # a ModelChoiceField

    @property
    def content(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.CONTENT_FIELDS}

    @property
    def chosen_city(self) -> Organisation:
        chosen: Organisation = self.single_city or self.cleaned_data["city"]
        return chosen


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label=_("What should the authors change?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("They read this in their notice, their e-mail and on their list of best cases."),
    )
