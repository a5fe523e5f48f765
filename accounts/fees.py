"""Annual membership fees from the brochure's tables (USD). Pure functions, no database.

Local governments pay by GDP per capita (PPP) band and population band. The brochure's
table lost its merged cells in conversion; `docs/concepts.md` ("Membership fees") explains
the reading encoded below: a merged cell's value sits in its leftmost column and spans to
the right until the next printed value. Corporations and institutions pay by head count.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from accounts.enums import Category

# Lower edges, inclusive. GDP per capita in USD; population in persons (the table is in '000).
GDP_BAND_LOWER_EDGES = (0, 1_000, 2_000, 4_000, 6_000, 8_000, 10_000, 15_000, 20_000)
POPULATION_BAND_LOWER_EDGES = (
    0, 50_000, 200_000, 300_000, 600_000, 1_000_000, 2_000_000, 4_000_000, 7_000_000, 10_000_000,
)  # fmt: skip

GDP_BAND_LABELS = (
    "0 - 999", "1,000 - 1,999", "2,000 - 3,999", "4,000 - 5,999", "6,000 - 7,999",
    "8,000 - 9,999", "10,000 - 14,999", "15,000 - 19,999", "20,000+",
)  # fmt: skip
POPULATION_BAND_LABELS = (
    "0 - 49", "50 - 199", "200 - 299", "300 - 599", "600 - 999",
    "1,000 - 1,999", "2,000 - 3,999", "4,000 - 6,999", "7,000 - 9,999", "10,000+",
)  # fmt: skip

# Rows: GDP bands; columns: population bands. The first two rows are the merged-cell rows
# expanded (see module docstring); the rest are printed in full in the brochure.
LOCAL_GOVERNMENT_FEES = (
    (400, 400, 400, 500, 500, 600, 600, 700, 700, 700),
    (400, 400, 500, 500, 600, 600, 700, 700, 800, 800),
    (400, 450, 500, 750, 1000, 1250, 1500, 1750, 2000, 2250),
    (500, 500, 700, 1000, 1300, 1600, 1900, 2200, 2500, 3000),
    (900, 1200, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000),
    (1600, 1800, 2000, 2500, 3000, 3500, 4000, 4500, 5000, 5500),
    (2500, 3000, 3500, 4000, 4500, 5000, 5500, 6000, 6500, 7000),
    (3500, 4000, 4500, 5000, 5500, 6000, 6500, 7000, 7500, 8000),
    (4000, 5000, 6000, 6500, 7000, 7500, 8000, 8500, 8500, 10000),
)

# "More than 50 employees: USD 2,000 / Less than 50 employees: USD 1,000". Exactly 50 is
# not "more than 50", so it pays the lower fee.
LARGE_ORGANISATION_MIN_EMPLOYEES = 51
LARGE_ORGANISATION_FEE = 2000
SMALL_ORGANISATION_FEE = 1000


@dataclass(frozen=True)
class FeeQuote:
    amount_usd: int
    category: str
    basis: str  # a sentence saying which bands applied


class MissingFeeDataError(ValueError):
    """The organisation lacks a value the fee depends on. `.fields` names them."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("; ".join(fields.values()))
        self.fields = fields


def _band(edges: tuple[int, ...], value: Decimal | int) -> int:
    if value < 0:
        raise ValueError("must not be negative")
    return bisect_right(edges, value) - 1


def local_government_fee(*, gdp_per_capita: Decimal | int, population: int) -> FeeQuote:
    """The fee of a local government with this GDP per capita (USD, PPP) and population."""
    gdp_band = _band(GDP_BAND_LOWER_EDGES, Decimal(gdp_per_capita))
    population_band = _band(POPULATION_BAND_LOWER_EDGES, population)
    amount = LOCAL_GOVERNMENT_FEES[gdp_band][population_band]
    basis = (
        f"GDP per capita band USD {GDP_BAND_LABELS[gdp_band]}, "
        f"population band {POPULATION_BAND_LABELS[population_band]} thousand"
    )
    return FeeQuote(amount_usd=amount, category=Category.LOCAL_GOVERNMENT, basis=basis)


def employee_based_fee(*, category: str, employee_count: int) -> FeeQuote:
    """The fee of a corporation or an institution with this many employees."""
    if employee_count < 0:
        raise ValueError("must not be negative")
    if employee_count >= LARGE_ORGANISATION_MIN_EMPLOYEES:
        return FeeQuote(LARGE_ORGANISATION_FEE, category, "more than 50 employees")
    return FeeQuote(SMALL_ORGANISATION_FEE, category, "50 employees or fewer")


def fee_for(
    *,
    category: str,
    gdp_per_capita: Decimal | int | None = None,
    population: int | None = None,
    employee_count: int | None = None,
) -> FeeQuote:
    """The fee for any category; raises MissingFeeDataError naming each missing input."""
    if category == Category.LOCAL_GOVERNMENT:
        if gdp_per_capita is None or population is None:
            missing = {}
            if gdp_per_capita is None:
                missing["gdp_per_capita_ppp"] = _(
                    "GDP per capita (PPP) is needed for a local government's fee."
                )
            if population is None:
                missing["population"] = _("Population is needed for a local government's fee.")
            raise MissingFeeDataError(missing)
        return local_government_fee(gdp_per_capita=gdp_per_capita, population=population)
    if employee_count is None:
        raise MissingFeeDataError({"employee_count": _("The number of employees is needed for this fee.")})
    return employee_based_fee(category=category, employee_count=employee_count)
