"""The language switcher in every page's header (frontend.views.languages)."""

from __future__ import annotations

from django import forms

from common import languages


class LanguageSwitchForm(forms.Form):
    language = forms.ChoiceField(choices=[(code, code) for code in languages.CODES])
    # The page the switcher was on, to come back to it (checked to be ours in the view).
    next = forms.CharField(required=False, max_length=2000)
