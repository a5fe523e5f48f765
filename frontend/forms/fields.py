"""Form fields and choices that forms of several areas share: time zones, comma-separated words,
language codes, reference cities, and a group of checkboxes."""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django_countries import countries

TIME_ZONE_CHOICES = [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


def checkboxes(choices: Sequence[tuple[str, str | Promise]], **kwargs: Any) -> forms.MultipleChoiceField:
    """An optional multiple choice shown as checkboxes."""
    return forms.MultipleChoiceField(
        choices=choices, widget=forms.CheckboxSelectMultiple, required=False, **kwargs
    )


class CommaSeparatedField(forms.CharField):
    """Comma-separated words typed into one text input, as a list (tags, language codes)."""

    def to_python(self, value: object) -> list[str]:  # type: ignore[override]  # a list, not text
        text = super().to_python(value) or ""
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
                _("Use two-letter ISO 639-1 codes (e.g. en, fr, ko), not: %(codes)s."),
                params={"codes": ", ".join(wrong)},
                code="invalid",
            )

    def clean(self, value: object) -> list[str]:
        return [code.lower() for code in super().clean(value)]


class ReferencesField(forms.CharField):
    """Reference cities, one a line: `City` or `City, CC` (two-letter country code)."""

    widget = forms.Textarea(attrs={"rows": 4})

    def to_python(self, value: object) -> list[dict[str, str]]:  # type: ignore[override]  # rows, not text
        references, errors = [], []
        for number, line in enumerate((super().to_python(value) or "").splitlines(), start=1):
            head, comma, tail = (part.strip() for part in line.rpartition(","))
            if not comma:  # just "City"
                if tail:
                    references.append({"city_name": tail, "country": ""})
                continue
            country = countries.alpha2(tail)  # "" when not a country code
            if not head:
                errors.append(
                    _("Line %(number)s: write the city name before the comma.") % {"number": number}
                )
            elif not country:
                errors.append(
                    _("Line %(number)s: after the comma put a two-letter country code, e.g. KE.")
                    % {"number": number}
                )
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


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """`form.fields[name]`, typed as the model choice field it is (to set its queryset or labels)."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is not a model choice field")
    return field


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """`form.fields[name]`, typed as the choice field it is (to set its choices)."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is not a choice field")
    return field


def integer_field(form: forms.BaseForm, name: str) -> forms.IntegerField:
    """`form.fields[name]`, typed as the integer field it is (to set its bounds)."""
    field = form.fields[name]
    if not isinstance(field, forms.IntegerField):
        raise TypeError(f"{name} is not an integer field")
    return field
