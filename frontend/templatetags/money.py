"""Amounts in the reader's locale (issue 18): `{{ quote.amount_usd|usd }}` gives "USD 8,500" in
English, "8.500 USD" in Spanish, "8 500 USD" in French, as CLDR (through Babel) writes each."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.numbers import format_currency
from django import template
from django.utils import translation

register = template.Library()


@cache
def _pattern(language: str, *, cents: bool) -> tuple[Locale, str]:
    """The locale's currency pattern with the ISO code (¤¤) for the symbol, so "USD" never reads as
    another dollar, and the brochure's whole amounts without ".00"."""
    locale = Locale.parse(translation.to_locale(language))
    pattern = locale.currency_formats["standard"].pattern.replace("¤", "¤¤")
    # CLDR's currency spacing: a code written next to the digits takes a space ("USD 8,500").
    pattern = re.sub(r"¤¤(?=[#0])", "¤¤ ", pattern)
    pattern = re.sub(r"(?<=[#0])¤¤", " ¤¤", pattern)
    if not cents:
        pattern = re.sub(r"\.0+", "", pattern)
    return locale, pattern


def format_money(amount: int | Decimal, currency: str = "USD", language: str | None = None) -> str:
    """`amount` of `currency` as `language` (default: the active one) writes it; cents only when
    there are some."""
    cents = isinstance(amount, Decimal) and amount != amount.to_integral_value()
    locale, pattern = _pattern(language or translation.get_language() or "en", cents=cents)
    return format_currency(amount, currency, format=pattern, locale=locale, currency_digits=False)


@register.filter
def usd(amount: int | Decimal | None) -> str:
    """ "USD 8,500" / "8.500 USD" in the active language; "" for None."""
    if amount is None:
        return ""
    return format_money(amount, "USD")
