"""The Activator questionnaire's own texts (dimension names and descriptions, questions, answer
labels, the survey's title) in the reader's language: `{{ dimension.name|activator_text }}`."""

from django import template

from cities.activator import translated

register = template.Library()


@register.filter
def activator_text(text: str | None) -> str:
    """`cities.activator.translated`: the catalogue's translation of version 1's texts, anything
    staff wrote later as written."""
    return translated(str(text)) if text else ""
