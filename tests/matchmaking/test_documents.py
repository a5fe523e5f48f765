"""What one document contributes to the matching index is capped (issue 15, medium 6): one 2 MB
need description slowed matching for everyone."""

import pytest

from matchmaking.documents import DOCUMENT_CHARACTER_LIMIT, capped, need_fields
from matchmaking.selectors import need_text
from tests.factories.catalogue import NeedFactory

pytestmark = [pytest.mark.unit]


def test_a_long_body_is_cut_to_what_the_title_left():
    fields = capped({"title": "Flooding", "body": "water " * 10}, limit=30)

    assert fields == {"title": "Flooding", "body": "water water water"}


def test_short_fields_are_kept_whole():
    fields = {"title": "Flooding", "summary": "Markets flood", "body": "Every rainy season."}

    assert capped(fields) == fields


def test_a_two_megabyte_need_contributes_at_most_the_cap():
    # A row written before the field limits existed, or past them (the admin, a data import).
    need = NeedFactory.build(title="Flooding", description="flooding market traders " * 87_382)

    document = need_fields(need)

    assert sum(map(len, document.values())) <= DOCUMENT_CHARACTER_LIMIT
    assert len(need_text(need)) <= DOCUMENT_CHARACTER_LIMIT + 1  # the fields, joined by a newline
