"""Forms of the membership application pages: applying (through an e-mailed link when not signed in),
staff correcting an application before approving it, and rejecting it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.enums import KINDS_BY_CATEGORY, Category, Kind
from accounts.models import MembershipApplication

# The order the organisation's fields appear in, on the apply and the review page.
ORGANISATION_FIELDS = [
    "organisation_name", "category", "kind", "country", "locality", "region", "website", "description",
    "population", "gdp_per_capita_ppp", "employee_count",
]  # fmt: skip
# Asked of an applicant who is not signed in; the username and password are chosen on the link's page.
ACCOUNT_FIELDS = ("email", "first_name", "last_name")

# The kind select groups its options by category; application.js shows only the chosen category's.
KIND_CHOICES: list[Any] = [
    ("", "---------"),
    *[
        (Category(category).label, [(kind, Kind(kind).label) for kind in kinds])
        for category, kinds in KINDS_BY_CATEGORY.items()
    ],
]


class ApplicationFieldsForm(forms.ModelForm):
    """The organisation as the applicant describes it (staff correct the same fields)."""

    kind = forms.ChoiceField(choices=KIND_CHOICES)
    website = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = MembershipApplication
        fields = ORGANISATION_FIELDS
        labels = {"gdp_per_capita_ppp": _("GDP per capita, PPP (USD)")}
        help_texts = {
            "locality": _("Where the organisation is based."),
            "population": _("Local governments: number of inhabitants (for the fee)."),
            "gdp_per_capita_ppp": _("Local governments: IMF figure, for the fee."),
            "employee_count": _("Companies and institutions: head count, for the fee."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "category": forms.Select(attrs={"data-application-category": ""}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs["data-application-kind"] = ""
        for name in ("population", "gdp_per_capita_ppp", "employee_count"):
            self.fields[name].widget.attrs["data-fee-input"] = name

    def validate_unique(self) -> None:
        """The service validates the whole row; avoid running it twice."""

    def organisation_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ORGANISATION_FIELDS}


class ApplicationForm(ApplicationFieldsForm):
    """Applying: the organisation, the contact's job title and, when not signed in, who the contact
    is and where to send the link that makes their account and sends the application."""

    contact_job_title = forms.CharField(label=_("Your job title"), max_length=120, required=False)
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(max_length=150, label=_("First name"))
    last_name = forms.CharField(max_length=150, label=_("Last name"))

    def __init__(self, *args: Any, with_account: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.with_account = with_account
        if not with_account:  # signed in: the applicant is the contact person
            for name in ACCOUNT_FIELDS:
                del self.fields[name]

    def account_values(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in ACCOUNT_FIELDS}


class RejectApplicationForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), help_text=_("The applicant reads this in the e-mail.")
    )
