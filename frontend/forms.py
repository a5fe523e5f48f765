from __future__ import annotations

import re
import zoneinfo
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django_countries import countries

from accounts import selectors as account_selectors
from accounts.enums import Category, Region
from accounts.models import Organisation, User
from cities.enums import NeedStatus, NeedTimeline, NeedVisibility
from cities.models import Need
from solutions import selectors as solution_selectors
from solutions.enums import EsgDimension, Maturity, PricingModel, Sector
from solutions.models import Solution

TIME_ZONE_CHOICES = [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where the form has it, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class SignUpForm(forms.Form):
    username = forms.CharField(max_length=150)
    email = forms.EmailField(label="E-mail")
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    password = forms.CharField(
        widget=forms.PasswordInput, help_text="At least 8 characters, not only digits."
    )
    password_again = forms.CharField(widget=forms.PasswordInput, label="Password (again)")
    requested_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("name"),
        required=False,
        label="Organisation you represent",
        help_text="Association staff confirm this before you can act for the organisation.",
    )
    time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES, initial="UTC")

    def clean(self) -> dict:
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "The two passwords differ.")
        return data


class LoginForm(AuthenticationForm):
    pass


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES)

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "job_title", "time_zone"]


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "website", "description", "population", "gdp_per_capita_ppp", "employee_count"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Show only the fee inputs that apply to this organisation's category.
        if self.instance.is_local_government:
            del self.fields["employee_count"]
        else:
            del self.fields["population"]
            del self.fields["gdp_per_capita_ppp"]

    def validate_unique(self) -> None:
        """The service validates the whole row; avoid running it twice."""


class FeeCalculatorForm(forms.Form):
    category = forms.ChoiceField(choices=Category.choices)
    gdp_per_capita_ppp = forms.DecimalField(
        label="GDP per capita, PPP (USD)", min_value=0, max_digits=12, decimal_places=2, required=False
    )
    population = forms.IntegerField(min_value=0, required=False, help_text="Number of inhabitants.")
    employee_count = forms.IntegerField(label="Employees", min_value=0, required=False)


# --- Catalogue, needs ------------------------------------------------------------------------


class CommaSeparatedField(forms.CharField):
    """Comma-separated words typed into one text input, as a list (tags, language codes)."""

    def to_python(self, value: object) -> list[str]:
        text = super().to_python(value)
        return [part.strip() for part in text.split(",") if part.strip()]

    def prepare_value(self, value: object) -> object:
        if isinstance(value, list | tuple):
            return ", ".join(str(part) for part in value)
        return value


class LanguageCodesField(CommaSeparatedField):
    def validate(self, value: list[str]) -> None:
        super().validate(value)
        wrong = [code for code in value if not re.fullmatch(r"[A-Za-z]{2}", code)]
        if wrong:
            raise ValidationError(
                "Use two-letter ISO 639-1 codes (e.g. en, fr, ko), not: %(codes)s.",
                params={"codes": ", ".join(wrong)},
                code="invalid",
            )

    def clean(self, value: object) -> list[str]:
        return [code.lower() for code in super().clean(value)]


class ReferencesField(forms.CharField):
    """Reference cities, one a line: `City` or `City, CC` (two-letter country code)."""

    widget = forms.Textarea(attrs={"rows": 4})

    def to_python(self, value: object) -> list[dict[str, str]]:
        references, errors = [], []
        for number, line in enumerate(super().to_python(value).splitlines(), start=1):
            head, comma, tail = (part.strip() for part in line.rpartition(","))
            if not comma:  # just "City"
                if tail:
                    references.append({"city_name": tail, "country": ""})
                continue
            country = countries.alpha2(tail)  # "" when not a country code
            if not head:
                errors.append(f"Line {number}: write the city name before the comma.")
            elif not country:
                errors.append(f"Line {number}: after the comma put a two-letter country code, e.g. KE.")
            else:
                references.append({"city_name": head, "country": country})
        if errors:
            raise ValidationError(errors)
        return references

    def prepare_value(self, value: object) -> object:
        if isinstance(value, list):
            return "\n".join(
                f"{ref['city_name']}, {ref['country']}" if ref.get("country") else ref["city_name"]
                for ref in value
            )
        return value


def _checkboxes(choices: list[tuple[str, str]], **kwargs: object) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        choices=choices, widget=forms.CheckboxSelectMultiple, required=False, **kwargs
    )


class CatalogueFilterForm(forms.Form):
    """The catalogue's search box and facets; every field optional."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": 'e.g. "flood early warning"'}),
    )
    sector = forms.ChoiceField(choices=[("", "All sectors"), *Sector.choices], required=False)
    region = forms.ChoiceField(choices=[("", "All regions"), *Region.choices], required=False)
    maturity = forms.ChoiceField(choices=[("", "Any maturity"), *Maturity.choices], required=False)
    provider = forms.ModelChoiceField(
        queryset=solution_selectors.catalogue_providers(),
        required=False,
        empty_label="All providers",
    )

    def show_counts(self, facets: dict[str, dict[str, int]]) -> None:
        """Put the number of matching solutions next to each facet option ("Water (3)")."""
        for name in ("sector", "region", "maturity"):
            counts = facets.get(name, {})
            field = self.fields[name]
            field.choices = [
                (value, f"{label} ({counts.get(value, 0)})" if value else label)
                for value, label in field.choices
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
        help_text="One or two sentences shown in search results.",
    )
    description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What it does and how cities use it; at least 20 characters before publishing.",
    )
    sectors = _checkboxes(Sector.choices, help_text="At least one before publishing.")
    esg_dimensions = _checkboxes(EsgDimension.choices, label="ESG dimensions")
    maturity = forms.ChoiceField(choices=Maturity.choices, initial=Maturity.PILOT)
    regions_served = _checkboxes(Region.choices, label="Regions served")
    languages = LanguageCodesField(required=False, help_text="ISO 639-1 codes, comma-separated: en, fr, ko.")
    pricing_model = forms.ChoiceField(choices=[("", "Not stated"), *PricingModel.choices], required=False)
    tags = CommaSeparatedField(
        required=False, help_text="Comma-separated, e.g. flood, sensors, early warning."
    )
    references = ReferencesField(
        label="Reference cities",
        required=False,
        help_text="Where it runs today: one city per line, optionally “City, CC” with the country code.",
    )

    def __init__(self, *args: Any, providers: QuerySet[Organisation] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.single_provider: Organisation | None = None
        if providers is None:  # editing: the provider never changes
            del self.fields["provider"]
            return
        self.fields["provider"].queryset = providers
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


class NeedsBoardForm(forms.Form):
    q = forms.CharField(
        label="Search", required=False, max_length=200, widget=forms.TextInput(attrs={"type": "search"})
    )
    sector = forms.ChoiceField(choices=[("", "All sectors"), *Sector.choices], required=False)
    region = forms.ChoiceField(choices=[("", "All regions"), *Region.choices], required=False)
    status = forms.ChoiceField(choices=[("", "Any status"), *NeedStatus.choices], required=False)


class NeedForm(forms.Form):
    FIELDS = (
        "title", "description", "sectors", "budget_min_usd", "budget_max_usd", "timeline", "visibility",
        "status",
    )  # fmt: skip

    city = forms.ModelChoiceField(
        queryset=account_selectors.local_governments(),
        label="City",
        help_text="Staff may post for any local government.",
    )
    title = forms.CharField(max_length=200, min_length=3)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="The challenge: what is wrong today, for whom, and what good looks like.",
    )
    sectors = _checkboxes(Sector.choices)
    budget_min_usd = forms.IntegerField(label="Budget from (USD)", min_value=0, required=False)
    budget_max_usd = forms.IntegerField(label="Budget up to (USD)", min_value=0, required=False)
    timeline = forms.ChoiceField(choices=[("", "Not decided"), *NeedTimeline.choices], required=False)
    visibility = forms.ChoiceField(
        choices=NeedVisibility.choices,
        initial=NeedVisibility.PUBLIC,
        help_text="Members only: visible to people of member organisations, not to the public.",
    )
    status = forms.ChoiceField(choices=NeedStatus.choices, initial=NeedStatus.OPEN)

    def __init__(
        self, *args: Any, choose_city: bool = False, with_status: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not choose_city:
            del self.fields["city"]
        if not with_status:  # a new need is open
            del self.fields["status"]

    @classmethod
    def initial_for(cls, need: Need) -> dict[str, Any]:
        return {name: getattr(need, name) for name in cls.FIELDS}

    @property
    def content(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.FIELDS if name in self.fields}


# --- Scheduling ----------------------------------------------------------------------------


class BookSlotForm(forms.Form):
    start = forms.DateTimeField(widget=forms.HiddenInput, required=False)
    length = forms.TypedChoiceField(coerce=int, choices=())
    subject = forms.CharField(max_length=200, initial="Introductory meeting")
    message = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, lengths: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["length"].choices = [(n, f"{n} minutes") for n in lengths]

    def clean_start(self) -> Any:
        start = self.cleaned_data.get("start")
        if start is None:
            raise forms.ValidationError("Choose a time.")
        return start


class ParticipantSettingsForm(forms.Form):
    time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES)
    meeting_lengths = forms.CharField(help_text="Minutes, separated by commas, e.g. 30, 45.")
    buffer_minutes = forms.IntegerField(min_value=0, max_value=240, label="Buffer between meetings (minutes)")

    def clean_meeting_lengths(self) -> list[int]:
        try:
            lengths = sorted(
                {int(part) for part in self.cleaned_data["meeting_lengths"].split(",") if part.strip()}
            )
        except ValueError as exc:
            raise forms.ValidationError("Give whole minutes separated by commas, e.g. 30, 45.") from exc
        if not lengths:
            raise forms.ValidationError("Offer at least one meeting length.")
        return lengths


class AvailabilityRuleForm(forms.Form):
    weekday = forms.TypedChoiceField(
        coerce=int,
        choices=[(0, "Monday"), (1, "Tuesday"), (2, "Wednesday"), (3, "Thursday"), (4, "Friday"),
                 (5, "Saturday"), (6, "Sunday")],
    )  # fmt: skip
    start_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES)


class AvailabilityExceptionForm(forms.Form):
    start_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        widget=forms.TimeInput(attrs={"type": "time"}), required=False, help_text="Empty: the whole day."
    )
    end_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), required=False)
    time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES)
    reason = forms.CharField(max_length=200, required=False)
