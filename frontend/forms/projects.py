"""Forms of the project-pipeline pages: the board's filters, a proposal, a stage change, notes and
key dates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from frontend.forms.fields import choice_field, model_choice_field
from projects import selectors
from projects.enums import ProposalKind, Stage
from projects.models import Proposal


class PipelineFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    stage = forms.ChoiceField(choices=[("", _("All stages")), *Stage.choices], required=False)
    kind = forms.ChoiceField(choices=[("", _("All kinds")), *ProposalKind.choices], required=False)


class ProposalForm(forms.Form):
    """A proposal's content. `city` only when proposing, `kind` only when it may change, `owner`
    only when editing; the service checks every rule again."""

    CONTENT_FIELDS = (
        "title", "scope", "kind", "budget_amount", "budget_currency", "funding_sought",
        "start_date", "end_date",
    )  # fmt: skip

    city: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        queryset=None, empty_label=_("Choose a city")
    )
    providers: forms.ModelMultipleChoiceField[Organisation] = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Corporate members on the project; hold Ctrl (⌘) to choose several."),
    )
    title = forms.CharField(max_length=200, min_length=3)
    scope = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the project delivers, where, and for whom."),
    )
    kind = forms.ChoiceField(choices=ProposalKind.choices, initial=ProposalKind.DIRECT)
    budget_amount = forms.DecimalField(
        label=_("Budget"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    budget_currency = forms.CharField(
        label=_("Currency"), max_length=3, initial="USD", help_text=_("ISO 4217 code, e.g. USD, EUR, KRW.")
    )
    funding_sought = forms.DecimalField(
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=_("External funding asked for, in the same currency."),
    )
    start_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    owner: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        queryset=None, required=False, empty_label=None
    )

    def __init__(self, *args: Any, user: User, proposal: Proposal | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "providers").queryset = selectors.provider_choices()
        if proposal is None:
            model_choice_field(self, "city").queryset = selectors.city_choices_for(user)
            del self.fields["owner"]
        else:
            del self.fields["city"]
            model_choice_field(self, "owner").queryset = selectors.owner_choices_for(proposal, user)
            if not (user.is_staff and proposal.stage == Stage.PROPOSAL):
                del self.fields["kind"]

    def clean_budget_currency(self) -> str:
        return self.cleaned_data["budget_currency"].strip().upper()

    @property
    def content(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.CONTENT_FIELDS if name in self.cleaned_data}

    @staticmethod
    def initial_for(proposal: Proposal) -> dict[str, Any]:
        fields = ProposalForm.CONTENT_FIELDS
        return {
            **{name: getattr(proposal, name) for name in fields},
            "providers": list(proposal.providers.all()),
            "owner": proposal.owner_id,
        }


class StageForm(forms.Form):
    stage = forms.ChoiceField(choices=(), label=_("Move to"))
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "stage").choices = choices


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class KeyDateForm(forms.Form):
    label = forms.CharField(max_length=200, min_length=2, help_text=_("e.g. “Study report due”"))
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
