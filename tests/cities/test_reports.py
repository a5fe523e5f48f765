"""The Activator report for staff."""

import pytest

from cities.reports import activator_stages

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_activator_stages_without_answers_says_no_data():
    table = activator_stages()

    assert table.header == ["Stage", "Cities"]
    assert [row[1] for row in table.rows] == [0] * len(table.rows)
    assert table.notes == ["No data: no city has taken the Activator survey yet."]
