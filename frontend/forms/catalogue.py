"""Forms of the catalogue pages: the search box with its facets, and a solution's content."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.enums import Region
from accounts.models import Organisation
from frontend.forms.fields import (
    CommaSeparatedField,
    LanguageCodesField,
    ReferencesField,
    checkboxes,
    choice_field,
    model_choice_field,
)
from solutions import selectors as solution_selectors
from solutions.enums import EsgDimension, Maturity, PricingModel, Sector
from solutions.models import Solution


class CatalogueFilterForm(forms.Form):
    """The catalogue's search box and facets; every field optional."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. air quality sensors")}),
    )
    sector = forms.ChoiceField(choices=[("", _("All sectors")), *Sector.choices], required=False)
    region = forms.ChoiceField(choices=[("", _("All regions")), *Region.choices], required=False)
    maturity = forms.ChoiceField(choices=[("", _("Any maturity")), *Maturity.choices], required=False)
    provider = forms.ModelChoiceField(
        queryset=solution_selectors.catalogue_providers(),
        required=False,
        empty_label=_("All providers"),
    )

    def show_counts(self, facets: dict[str, dict[str, int]]) -> None:
        """Put the number of matching solutions next to each facet option ("Water (3)")."""
        for name in ("sector", "region", "maturity"):
            counts = facets.get(name, {})
            field = choice_field(self, name)
            current = cast(list[tuple[str, str]], field.choices)  # set from enum choices in the class above
            field.choices = [
                (value, f"{label} ({counts.get(value, 0)})" if value else label) for value, label in current
            ]


class SolutionForm(forms.Form):
    """A solution's content; `references` goes to set_solution_references, the rest to the services."""

    CONTENT_FIELDS = (
        "title", "summary", "description", "sectors", "esg_dimensions", "maturity", "regions_served",
        "languages", "pricing_model", "tags",
    )  # fmt: skip

    provider = forms.ModelChoiceField(queryset=Organisation.objects.none(), empty_label=None)
    title = forms.CharField(max_length=200, min_length=3)
    summary = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or two sentences shown in search results."),
    )
    description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What it does and how cities use it; at least 20 characters before publishing."),
    )
    sectors = checkboxes(Sector.choices, help_text=_("At least one before publishing."))
    esg_dimensions = checkboxes(EsgDimension.choices, label=_("ESG dimensions"))
    maturity = forms.ChoiceField(choices=Maturity.choices, initial=Maturity.PILOT)
    regions_served = checkboxes(Region.choices, label=_("Regions served"))
    languages = LanguageCodesField(
        required=False, help_text=_("ISO 639-1 codes, comma-separated: en, fr, ko.")
    )
    pricing_model = forms.ChoiceField(choices=[("", _("Not stated")), *PricingModel.choices], required=False)
    tags = CommaSeparatedField(
        required=False, help_text=_("Comma-separated, e.g. flood, sensors, early warning.")
    )
    references = ReferencesField(
        label=_("Reference cities"),
        required=False,
        help_text=_("Where it runs today: one city per line, optionally “City, CC” with the country code."),
    )

    def __init__(self, *args: Any, providers: QuerySet[Organisation] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.single_provider: Organisation | None = None
        if providers is None:  # editing: the provider never changes
            del self.fields["provider"]
            return
        model_choice_field(self, "provider").queryset = providers
        first_two = list(providers[:2])
        if len(first_two) == 1:  # nothing to choose: the person's own organisation
            self.single_provider = first_two[0]
            del self.fields["provider"]

    @classmethod
    def initial_for(cls, solution: Solution) -> dict[str, Any]:
        initial = {name: getattr(solution, name) for name in cls.CONTENT_FIELDS}
        initial["references"] = [
            {"city_name": ref.city_name, "country": ref.country} for ref in solution.references.all()
        ]
        return initial

    @property
    def chosen_provider(self) -> Organisation:
        return self.single_provider or self.cleaned_data["provider"]

    @property
    def content(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.CONTENT_FIELDS}
