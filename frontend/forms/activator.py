"""The City Activator's forms: the questionnaire, and sharing a city's results with a provider."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Organisation
from cities import activator, selectors
from cities.models import Survey
from frontend.forms.fields import model_choice_field


class ActivatorForm(forms.Form):
    """One required radio choice per question (`question_<id>`), grouped by dimension for display."""

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.question_ids: dict[str, int] = {}
        for dimension in survey.dimensions.all():
            for question in dimension.questions.all():
                name = activator.answer_field(question.pk)
                self.question_ids[name] = question.pk
                self.fields[name] = forms.TypedChoiceField(
                    label=activator.translated(question.text),
                    help_text=activator.translated(question.help_text),
                    choices=[
                        (option.pk, activator.translated(option.label)) for option in question.options.all()
                    ],
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Answer this question.")},
                )

    @property
    def sections(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """(dimension, its questions' bound fields) in survey order, for the template."""
        return [
            (d, [self[activator.answer_field(q.pk)] for q in d.questions.all()])
            for d in self.survey.dimensions.all()
        ]

    @property
    def answers(self) -> dict[int, int | None]:
        return {pk: self.cleaned_data.get(name) for name, pk in self.question_ids.items()}


class ShareResultsForm(forms.Form):
    """One provider to share the city's results with (those it does not share with directly yet)."""

    provider: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        queryset=None,
        empty_label=gettext_lazy("Choose a provider"),
        label=gettext_lazy("Share our results with"),
        help_text=gettext_lazy(
            "The provider's people will see every result and answer of your city until you revoke it."
        ),
    )

    def __init__(self, *args: Any, city: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "provider").queryset = selectors.activator_share_provider_choices(city=city)
