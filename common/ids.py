"""Row ids taken from query strings and form posts."""

import re

# ASCII digits only: str.isdigit() also accepts "²" or "٣", which int() then rejects or reads
# in another script.
_ID = re.compile(r"[0-9]{1,18}")


def parse_id(value: object) -> int | None:
    """The id written in `value` ("12"), or None when it is missing or not a plain positive number,
    so that callers answer 400 or 404 instead of failing with a 500."""
    if not isinstance(value, str) or not _ID.fullmatch(value):
        return None
    return int(value) or None
