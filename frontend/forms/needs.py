"""Forms of the city-needs pages: the board's filters and a need's content."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import selectors as account_selectors
from accounts.enums import Region
from cities.enums import NeedStatus, NeedTimeline, NeedVisibility
from cities.models import Need
from frontend.forms.fields import checkboxes
from solutions.enums import Sector


class NeedsBoardForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=200, widget=forms.TextInput(attrs={"type": "search"})
    )
    sector = forms.ChoiceField(choices=[("", _("All sectors")), *Sector.choices], required=False)
    region = forms.ChoiceField(choices=[("", _("All regions")), *Region.choices], required=False)
    status = forms.ChoiceField(choices=[("", _("Any status")), *NeedStatus.choices], required=False)


class NeedForm(forms.Form):
    FIELDS = (
        "title", "description", "sectors", "budget_min_usd", "budget_max_usd", "timeline", "visibility",
        "status",
    )  # fmt: skip

    city = forms.ModelChoiceField(
        queryset=account_selectors.local_governments(),
        label=_("City"),
        help_text=_("Staff may post for any local government."),
    )
    title = forms.CharField(max_length=200, min_length=3)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The challenge: what is wrong today, for whom, and what good looks like."),
    )
    sectors = checkboxes(Sector.choices)
    budget_min_usd = forms.IntegerField(label=_("Budget from (USD)"), min_value=0, required=False)
    budget_max_usd = forms.IntegerField(label=_("Budget up to (USD)"), min_value=0, required=False)
    timeline = forms.ChoiceField(choices=[("", _("Not decided")), *NeedTimeline.choices], required=False)
    visibility = forms.ChoiceField(
        choices=NeedVisibility.choices,
        initial=NeedVisibility.PUBLIC,
        help_text=_("Members only: visible to people of member organisations, not to the public."),
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
