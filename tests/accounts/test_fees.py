from decimal import Decimal

import pytest

from accounts.enums import Category
from accounts.fees import (
    GDP_BAND_LOWER_EDGES,
    LOCAL_GOVERNMENT_FEES,
    POPULATION_BAND_LOWER_EDGES,
    MissingFeeDataError,
    employee_based_fee,
    fee_for,
    local_government_fee,
)

pytestmark = [pytest.mark.unit, pytest.mark.portable]

# One population inside the first band, used when only the GDP band is under test.
SMALL_TOWN = 10_000


@pytest.mark.parametrize(("band", "edge"), list(enumerate(GDP_BAND_LOWER_EDGES)))
def test_gdp_band_edge_starts_its_band(band, edge):
    quote = local_government_fee(gdp_per_capita=edge, population=SMALL_TOWN)

    assert quote.amount_usd == LOCAL_GOVERNMENT_FEES[band][0]


@pytest.mark.parametrize(("band", "edge"), list(enumerate(GDP_BAND_LOWER_EDGES))[1:])
def test_gdp_just_below_edge_stays_in_previous_band(band, edge):
    # The top population band shows every GDP step (the first column repeats 400 three times).
    quote = local_government_fee(gdp_per_capita=Decimal(edge) - Decimal("0.01"), population=10_000_000)

    assert quote.amount_usd == LOCAL_GOVERNMENT_FEES[band - 1][-1]


@pytest.mark.parametrize(("band", "edge"), list(enumerate(POPULATION_BAND_LOWER_EDGES)))
def test_population_band_edge_starts_its_band(band, edge):
    quote = local_government_fee(gdp_per_capita=25_000, population=edge)

    assert quote.amount_usd == LOCAL_GOVERNMENT_FEES[-1][band]


@pytest.mark.parametrize(("band", "edge"), list(enumerate(POPULATION_BAND_LOWER_EDGES))[1:])
def test_population_just_below_edge_stays_in_previous_band(band, edge):
    quote = local_government_fee(gdp_per_capita=25_000, population=edge - 1)

    assert quote.amount_usd == LOCAL_GOVERNMENT_FEES[-1][band - 1]


@pytest.mark.parametrize(
    ("gdp", "population", "expected"),
    [
        # Merged-cell rows, read left-anchored (docs/concepts.md).
        (500, 49_999, 400),
        (500, 250_000, 400),
        (500, 300_000, 500),
        (500, 999_999, 500),
        (500, 1_000_000, 600),
        (500, 3_999_999, 600),
        (500, 4_000_000, 700),
        (500, 50_000_000, 700),
        (1_500, 199_999, 400),
        (1_500, 200_000, 500),
        (1_500, 600_000, 600),
        (1_500, 2_000_000, 700),
        (1_500, 7_000_000, 800),
        (1_500, 12_000_000, 800),
        # Fully printed rows, as printed (including the repeated 500 and 8,500 cells).
        (3_000, 450_000, 750),
        (4_000, 60_000, 500),
        (7_999.99, 5_000_000, 4_000),
        (9_000, 9_999_999, 5_000),
        (12_000, 1_500_000, 5_000),
        (19_999, 20_000_000, 8_000),
        (45_000, 8_000_000, 8_500),
        (45_000, 10_000_000, 10_000),
    ],
)
def test_local_government_fee_matches_brochure_table(gdp, population, expected):
    assert (
        local_government_fee(gdp_per_capita=Decimal(str(gdp)), population=population).amount_usd == expected
    )


def test_fee_rows_grow_with_gdp_in_every_population_band():
    for column in range(len(POPULATION_BAND_LOWER_EDGES)):
        fees = [row[column] for row in LOCAL_GOVERNMENT_FEES]

        assert fees == sorted(fees)


@pytest.mark.parametrize(
    ("employees", "expected"), [(0, 1000), (1, 1000), (49, 1000), (50, 1000), (51, 2000), (10_000, 2000)]
)
@pytest.mark.parametrize("category", [Category.CORPORATION, Category.INSTITUTION])
def test_employee_based_fee_edges(category, employees, expected):
    assert employee_based_fee(category=category, employee_count=employees).amount_usd == expected


def test_fee_for_names_every_missing_local_government_input():
    with pytest.raises(MissingFeeDataError) as excinfo:
        fee_for(category=Category.LOCAL_GOVERNMENT)

    assert sorted(excinfo.value.fields) == ["gdp_per_capita_ppp", "population"]


def test_fee_for_corporation_needs_employee_count():
    with pytest.raises(MissingFeeDataError) as excinfo:
        fee_for(category=Category.CORPORATION)

    assert list(excinfo.value.fields) == ["employee_count"]


def test_negative_inputs_are_refused():
    with pytest.raises(ValueError, match="negative"):
        local_government_fee(gdp_per_capita=-1, population=100)


def test_quote_explains_its_bands():
    quote = local_government_fee(gdp_per_capita=5_000, population=250_000)

    assert quote.basis == "GDP per capita band USD 4,000 - 5,999, population band 200 - 299 thousand"
