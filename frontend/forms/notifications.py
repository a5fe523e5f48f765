from __future__ import annotations

from typing import Any

from django import forms

from notifications.enums import kinds_by_group


class EmailPreferencesForm(forms.Form):
    """One checkbox per notification kind: "also by e-mail"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for _, kinds in kinds_by_group():
            for kind in kinds:
                self.fields[kind.value] = forms.BooleanField(required=False, label=kind.label)

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The checkboxes under their group's heading."""
        return [(str(group.label), [self[kind.value] for kind in kinds]) for group, kinds in kinds_by_group()]

    def choices(self) -> dict[str, bool]:
        return {name: bool(self.cleaned_data[name]) for name in self.fields}
