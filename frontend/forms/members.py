"""Forms of the member pages: sign-up, log-in, profile, an organisation's page and the fee calculator."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from accounts.enums import Category
from accounts.models import Organisation, User
from accounts.selectors import member_organisations
from common.languages import LANGUAGES
from frontend.forms.fields import TIME_ZONE_CHOICES

password_rules_text = lazy(lambda: " ".join(password_validators_help_texts()), str)()


class TimeZoneChoiceMixin:
    """browser_time_zone.js sets the `time_zone` select to the browser's zone when the page loads,
    unless the person chose one already (a bound form)."""

    fields: dict[str, forms.Field]
    is_bound: bool

    def mark_time_zone_chosen(self) -> None:
        if self.is_bound:
            self.fields["time_zone"].widget.attrs["data-chosen"] = "true"


def time_zone_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=TIME_ZONE_CHOICES, initial="UTC", widget=forms.Select(attrs={"data-browser-time-zone": ""})
    )


class PasswordPairMixin:
    """A password typed twice; the rules shown are the ones enforced (AUTH_PASSWORD_VALIDATORS' help)."""

    def check_password_pair(self, data: dict[str, Any]) -> None:
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))  # type: ignore[attr-defined]


class SignUpForm(TimeZoneChoiceMixin, forms.Form):
    """The sign-up page: who you are and where to send the link. The username and password are
    chosen on the link's page (`FinishSignUpForm`), after the address is proven, so this page's
    answer is the same whether the address has an account or not."""

    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(max_length=150, required=False, label=_("First name"))
    last_name = forms.CharField(max_length=150, required=False, label=_("Last name"))
    asks_to_join = forms.ModelChoiceField(
        queryset=member_organisations().order_by("name"),
        required=False,
        label=_("Organisation you represent"),
        help_text=_("Its admins (or the association's staff) confirm this before you can act for it."),
    )
    time_zone = time_zone_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mark_time_zone_chosen()


class FinishSignUpForm(PasswordPairMixin, forms.Form):
    """The sign-up link's page: the username and the password of the new account."""

    username = forms.CharField(max_length=150, label=_("Username"))
    # The rules shown are the ones enforced: AUTH_PASSWORD_VALIDATORS' own help texts.
    password = forms.CharField(widget=forms.PasswordInput, help_text=password_rules_text, label=_("Password"))
    password_again = forms.CharField(widget=forms.PasswordInput, label=_("Password (again)"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.check_password_pair(data)
        return data


class InvitationSignUpForm(TimeZoneChoiceMixin, PasswordPairMixin, forms.Form):
    """Sign-up from an invitation: the address and the organisation come from the invitation."""

    username = forms.CharField(max_length=150)
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    password = forms.CharField(widget=forms.PasswordInput, help_text=password_rules_text)
    password_again = forms.CharField(widget=forms.PasswordInput, label=_("Password (again)"))
    time_zone = time_zone_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mark_time_zone_chosen()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.check_password_pair(data)
        return data


class JoinRequestForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=member_organisations().order_by("name"))
    as_admin = forms.BooleanField(
        required=False,
        label=_("I ask to be its admin"),
        help_text=_("Only for an organisation without an admin; the association's staff decide."),
    )


class LoginForm(AuthenticationForm):
    pass


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES)
    # Each language named in itself, as in the switcher: found by someone who cannot read this page.
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("The browser's language")), *((item.code, item.local_name) for item in LANGUAGES)],
        help_text=_("The pages, e-mails, reminders and calendar entries we send you are in this language."),
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "job_title", "time_zone", "language"]


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https")
    logo_url = forms.URLField(
        required=False,
        assume_scheme="https",
        label=_("Logo URL"),
        help_text=_("The address of a PNG, JPEG or SVG image."),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "website",
            "logo_url",
            "description",
            "population",
            "gdp_per_capita_ppp",
            "employee_count",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Show only the fee inputs that apply to this organisation's category.
        if self.instance.is_local_government:
            del self.fields["employee_count"]
        else:
            del self.fields["population"]
            del self.fields["gdp_per_capita_ppp"]

    def validate_unique(self) -> None:
        """The service validates the whole row; avoid running it twice."""


LOCAL_GOVERNMENT_ONLY = {"data-fee-for": Category.LOCAL_GOVERNMENT.value}
BY_HEAD_COUNT = {"data-fee-for": f"{Category.CORPORATION.value} {Category.INSTITUTION.value}"}


class FeeCalculatorForm(forms.Form):
    """The calculator's inputs; `data-fee-for` names the categories an input matters to, so
    fee_calculator.js shows only those (`fee_for` still says which are missing)."""

    category = forms.ChoiceField(
        choices=Category.choices, widget=forms.Select(attrs={"data-fee-category": ""})
    )
    gdp_per_capita_ppp = forms.DecimalField(
        label=_("GDP per capita, PPP (USD)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(attrs=LOCAL_GOVERNMENT_ONLY),
    )
    population = forms.IntegerField(
        min_value=0,
        required=False,
        help_text=_("Number of inhabitants."),
        widget=forms.NumberInput(attrs=LOCAL_GOVERNMENT_ONLY),
    )
    employee_count = forms.IntegerField(
        label=_("Employees"), min_value=0, required=False, widget=forms.NumberInput(attrs=BY_HEAD_COUNT)
    )
