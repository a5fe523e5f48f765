"""The daily recount of search terms (solutions/tasks.py), called eagerly as beat calls it."""

import pytest

from solutions.models import SearchTerm
from solutions.tasks import refresh_search_statistics
from tests.factories.catalogue import SolutionFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_search_statistics_are_recounted():
    SolutionFactory.create(title="Flood sensors", description="River flood sensors")

    assert refresh_search_statistics.delay().get() == SearchTerm.objects.count() > 0
    assert SearchTerm.objects.filter(word="flood").exists()
