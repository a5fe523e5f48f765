"""Request body parsers of the API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# No request of ours nests deeper than a handful of levels; 32 leaves ample room.
MAX_JSON_DEPTH = 32


def json_depth_exceeds(data: Any, limit: int) -> bool:
    """Whether `data` (parsed JSON) nests lists and objects more than `limit` levels deep.

    Iterative, so a deep document cannot exhaust the stack here either.
    """
    pending: list[tuple[Any, int]] = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, Mapping):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        pending.extend((child, depth + 1) for child in children)
    return False


class DepthLimitedJSONParser(JSONParser):
    """DRF's JSON parser, answering a 400 (ParseError) for JSON nested too deep.

    Python's decoder recurses once per level and raises RecursionError near 1,000 levels, which DRF
    does not catch (a 500); shallower but absurd nesting is refused by the depth check.
    """

    def parse(
        self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(
                _("JSON parse error - nested deeper than %(max_json_depth)s levels.")
                % {"max_json_depth": MAX_JSON_DEPTH}
            ) from exc
        if json_depth_exceeds(data, MAX_JSON_DEPTH):
            raise ParseError(
                _("JSON parse error - nested deeper than %(max_json_depth)s levels.")
                % {"max_json_depth": MAX_JSON_DEPTH}
            )
        return data
