import pytest

from common.ids import parse_id

pytestmark = pytest.mark.portable


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        ("0", None),
        ("", None),
        (None, None),
        ("abc", None),
        ("-3", None),
        ("²", None),
        ("1.5", None),
    ],
)
def test_parse_id_reads_plain_positive_numbers_only(value, expected):
    assert parse_id(value) == expected
