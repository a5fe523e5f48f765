"""Display helpers for catalogue and needs pages: choice labels of list fields, languages, budgets."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext as _
from django_countries import countries

from accounts.enums import Region
from solutions.enums import EsgDimension, Sector
from solutions.query_parser import highlight
from solutions.search import marked_to_html

register = template.Library()

LABELS = {
    "sector": dict(Sector.choices),
    "esg": dict(EsgDimension.choices),
    "region": dict(Region.choices),
}


@register.filter
def labels(values: list[str] | None, kind: str) -> list[str]:
    """The display labels of a list of choice values: `solution.sectors|labels:"sector"`."""
    names = LABELS[kind]
    return [str(names.get(value, value)) for value in values or []]


@register.filter
def language_name(code: str) -> str:
    """The language's name in the reader's language (Django's catalogue translates LANG_INFO's names)."""
    name = LANG_INFO.get(code, {}).get("name")
    return _(name) if name else code


@register.filter
def country_name(code: str) -> str:
    return (countries.name(code) or code) if code else ""


@register.filter
def budget(need: Any) -> str:
    """A need's budget range in words: "USD 10,000 to 50,000", "up to USD 50,000", "not stated"."""
    low, high = need.budget_min_usd, need.budget_max_usd
    if low is not None and high is not None:
        return _("USD %(low)s to %(high)s") % {"low": f"{low:,}", "high": f"{high:,}"}
    if low is not None:
        return _("from USD %(low)s") % {"low": f"{low:,}"}
    if high is not None:
        return _("up to USD %(high)s") % {"high": f"{high:,}"}
    return _("not stated")


@register.filter
def highlight_terms(text: str, terms: list[Any]) -> str:
    """`text` escaped, with the explanation's terms (stems match word starts) marked."""
    words = tuple(w for t in terms for w in str(getattr(t, "term", t)).lower().split() if len(w) > 2)
    return marked_to_html(highlight(text or "", words, context=200))


@register.filter
def percent(value: float) -> int:
    return round(float(value) * 100)


@register.filter
def booking_key(organisation: Any) -> str:
    """The participant key of an organisation's booking page (`/book/<key>/`)."""
    return f"org-{organisation.pk}"
