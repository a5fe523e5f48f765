"""Forms of the smart-city-plan pages: a plan with its document links, its goals, and the list's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import selectors as account_selectors
from accounts.enums import Region
from cities.enums import PlanVisibility
from cities.models import SmartCityPlan
from solutions.enums import Sector


class DocumentLinksField(forms.CharField):
    """One document a line: a title, then its link ("Master plan 2030 https://example.org/plan.pdf")."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value: Any) -> list[dict[str, str]]:  # type: ignore[override]  # rows, not text
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
                    _("Line %(number)s: end the line with the document's http(s) link.") % {"number": number}
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
        queryset=account_selectors.local_governments(),
        help_text=gettext_lazy("Staff may share a plan for any city."),
    )
    title = forms.CharField(max_length=200, min_length=3)
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("The plan's vision and priorities in a paragraph."),
    )
    sectors = forms.MultipleChoiceField(
        choices=Sector.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    starts_on = forms.DateField(label=gettext_lazy("Starts"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=gettext_lazy("Ends"), widget=forms.DateInput(attrs={"type": "date"}))
    visibility = forms.ChoiceField(
        choices=PlanVisibility.choices,
        initial=PlanVisibility.PUBLIC,
        help_text=gettext_lazy(
            "Members only: visible to people of member organisations. The goals' needs follow it."
        ),
    )
    documents = DocumentLinksField(
        required=False,
        help_text=gettext_lazy(
            "One per line: a title, then the link, e.g. “Master plan 2030 https://example.org/plan.pdf”."
        ),
    )

    def __init__(self, *args: Any, choose_city: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not choose_city:
            del self.fields["city"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The plan cannot end before it starts."))
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
    title = forms.CharField(max_length=200, min_length=3, label=gettext_lazy("Goal"))
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "What the city wants to achieve; published as a need, so providers can answer it."
        ),
    )
    sectors = forms.MultipleChoiceField(
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("Empty: the plan's sectors."),
    )


class BaseGoalFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this goal (its need is closed)")


GoalFormSet = forms.formset_factory(
    GoalForm,
    formset=BaseGoalFormSet,
    extra=2,
    can_delete=True,
    can_delete_extra=False,
    max_num=30,
    validate_max=True,
)


class PlansFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    sector = forms.ChoiceField(choices=[("", gettext_lazy("All sectors")), *Sector.choices], required=False)
    region = forms.ChoiceField(choices=[("", gettext_lazy("All regions")), *Region.choices], required=False)
    mine = forms.BooleanField(label=gettext_lazy("My city's plans"), required=False)
