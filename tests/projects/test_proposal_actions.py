"""proposal_actions: the parties and staff act on a proposal; others may do nothing."""

import pytest

from projects.enums import Stage
from projects.selectors import proposal_actions
from tests.factories.projects import ProposalFactory, people_around

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.mark.parametrize("role", ["city", "provider", "staff"])
def test_proposal_actions_of_a_party_or_staff_include_every_edit(role):
    proposal = ProposalFactory.create()
    user = people_around(proposal)[role]
    assert user is not None

    assert proposal_actions(proposal, user) == {"edit", "add_note", "add_key_date", "change_stage"}


@pytest.mark.parametrize("role", ["other_provider", "other_city"])
def test_proposal_actions_of_an_outsider_are_none(role):
    proposal = ProposalFactory.create()
    outsider = people_around(proposal)[role]
    assert outsider is not None

    assert proposal_actions(proposal, outsider) == set()


def test_proposal_actions_of_a_done_project_offer_no_stage_change():
    proposal = ProposalFactory.create(stage=Stage.DONE)
    city_person = people_around(proposal)["city"]
    assert city_person is not None

    assert proposal_actions(proposal, city_person) == {"edit", "add_note", "add_key_date"}
