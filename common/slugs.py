"""Slugs for URLs, shared by every app that names rows in addresses."""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify


def unique_slug(model: type[Any], text: str) -> str:
    """A slug for `text` that no row of `model` uses yet ("nairobi-ke", then "nairobi-ke-2", ...)."""
    base = slugify(text)[:200] or "item"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
