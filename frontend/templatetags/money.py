"""Amounts as the brochure prints them: `{{ quote.amount_usd|usd }}` gives "USD 8,500"."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def usd(amount: int | Decimal | None) -> str:
    """ "USD 8,500" (thousands separated by commas, cents only when there are some); "" for None."""
    if amount is None:
        return ""
    if isinstance(amount, Decimal) and amount != amount.to_integral_value():
        return f"USD {amount:,.2f}"
    return f"USD {int(amount):,}"
