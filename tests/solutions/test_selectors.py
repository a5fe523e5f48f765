"""What a person may do on a solution's page (`solution_actions`): the page shows these as buttons."""

import pytest
from django.contrib.auth.models import AnonymousUser

from solutions.enums import SolutionStatus
from solutions.selectors import solution_actions
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.catalogue import SolutionFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (SolutionStatus.PUBLISHED, {"edit", "archive"}),
        (SolutionStatus.DRAFT, {"edit", "publish", "archive"}),
        (SolutionStatus.ARCHIVED, {"edit", "publish"}),
    ],
)
def test_the_providers_people_edit_publish_and_archive_by_status(status, expected):
    solution = SolutionFactory.create(status=status)
    person = UserFactory.create(organisation=solution.provider)

    assert solution_actions(solution, person) == expected


def test_staff_may_do_what_the_provider_may():
    solution = SolutionFactory.create(status=SolutionStatus.DRAFT)

    assert solution_actions(solution, StaffFactory.create()) == {"edit", "publish", "archive"}


def test_someone_else_signed_in_may_book_a_meeting():
    solution = SolutionFactory.create()

    assert solution_actions(solution, UserFactory.create()) == {"book"}


def test_a_visitor_may_do_nothing():
    assert solution_actions(SolutionFactory.create(), AnonymousUser()) == set()
