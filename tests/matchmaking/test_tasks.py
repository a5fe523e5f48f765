"""The nightly rebuild of the matching index when due (matchmaking/tasks.py), called eagerly."""

import pytest

from matchmaking.models import MatchIndexBuild
from matchmaking.tasks import rebuild_match_index_when_due
from tests.factories.catalogue import NeedFactory, SolutionFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_the_match_index_is_rebuilt_only_when_something_changed_since_the_last_build(settings, tmp_path):
    settings.MATCH_INDEX_DIR = tmp_path
    solution = SolutionFactory.create(title="Flood sensors")

    first = rebuild_match_index_when_due.delay().get()
    assert first == MatchIndexBuild.objects.get().generation
    assert rebuild_match_index_when_due.delay().get() is None

    solution.title = "Flood sensors and sirens"
    solution.save()
    assert rebuild_match_index_when_due.delay().get() == first + 1

    NeedFactory.create(title="Markets flood")
    assert rebuild_match_index_when_due.delay().get() == first + 2
    assert rebuild_match_index_when_due.delay().get() is None
