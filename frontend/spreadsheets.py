"""CSV downloads that open safely in a spreadsheet."""

import csv
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse

# What a spreadsheet reads as the start of a formula (OWASP's CSV-injection list).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Numbers as they are; text that a spreadsheet would run as a formula (an organisation may name
    itself "=HYPERLINK(...)") is quoted with '. The first character is compared in NFKC form: some
    spreadsheets read the full-width or the small equals sign (U+FF1D, U+FE66) as "=" too."""
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    first = unicodedata.normalize("NFKC", text[:1])[:1]
    return f"'{text}" if first in FORMULA_PREFIXES else text


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """A CSV attachment named `filename`: the header, then every row with its cells made safe."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return response
