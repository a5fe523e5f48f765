"""The City Activator's questionnaire form."""

from __future__ import annotations

from typing import Any

from django import forms

from cities import activator
from cities.models import Survey


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
                    label=question.text,
                    help_text=question.help_text,
                    choices=[(option.pk, option.label) for option in question.options.all()],
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages={"required": "Answer this question."},
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
