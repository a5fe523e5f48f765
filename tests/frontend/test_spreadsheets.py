"""CSV cells that a spreadsheet would run as a formula are quoted."""

from decimal import Decimal

import pytest

from frontend.spreadsheets import safe_cell

pytestmark = [pytest.mark.unit, pytest.mark.portable]


@pytest.mark.parametrize(
    "text",
    [
        *("=HYPERLINK(1)", "+1", "-1", "@SUM(A1)", "\tx", "\rx"),
        # Full-width = + - @ and the small equals sign: NFKC turns them into the ASCII ones.
        *("\uff1dHYPERLINK(1)", "\uff0b1", "\uff0d1", "\uff20SUM(A1)", "\ufe661"),
    ],
)
def test_text_read_as_a_formula_is_quoted(text):
    assert safe_cell(text) == f"'{text}"


@pytest.mark.parametrize("value", ["Zürich", "a=b", "", 12, -3, Decimal("-1.5")])
def test_other_values_are_kept(value):
    assert safe_cell(value) == value
