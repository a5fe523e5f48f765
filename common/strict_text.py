"""Text fields of the API take text only.

DRF's CharField (and with it EmailField, URLField, SlugField, RegexField) turns a JSON number into its
digits: `{"username": 952}` signs up "952". The schema says "string", and a number where text is meant is
almost always a client's mistake, so the API answers it with a 400 naming the field ("Not a valid
string."), as DRF already does for true/false, lists and objects. Form and query data are text anyway.
Installed once for every serializer by CommonConfig.ready.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

_lenient_to_internal_value = serializers.CharField.to_internal_value


def _text_only(self: serializers.CharField, data: Any) -> str:
    if isinstance(data, int | float):  # bool is an int too; DRF refuses it already
        self.fail("invalid")
    return _lenient_to_internal_value(self, data)


def refuse_numbers_as_text() -> None:
    serializers.CharField.to_internal_value = _text_only  # type: ignore[method-assign,assignment]
