"""The stage-move table and the staff review of applications (pure, no database)."""

import pytest
from django.utils import translation

from projects.enums import STAGE_TRANSITIONS, ProposalKind, Stage
from projects.stages import Refusal, next_stages, stage_move_refusal

pytestmark = [pytest.mark.unit, pytest.mark.portable]

DIRECT = ProposalKind.DIRECT
FEASIBILITY = ProposalKind.FEASIBILITY_APPLICATION
FUNDING = ProposalKind.FUNDING_APPLICATION


@pytest.mark.parametrize(
    ("from_stage", "to_stage"),
    [
        (Stage.PROPOSAL, Stage.FEASIBILITY_STUDY),
        (Stage.PROPOSAL, Stage.PARTNERSHIP_AGREED),
        (Stage.FEASIBILITY_STUDY, Stage.FUNDING_APPLICATION),
        (Stage.FUNDING_APPLICATION, Stage.PARTNERSHIP_AGREED),
        (Stage.PARTNERSHIP_AGREED, Stage.IMPLEMENTING),
        (Stage.IMPLEMENTING, Stage.DONE),
        (Stage.IMPLEMENTING, Stage.DROPPED),
        (Stage.DROPPED, Stage.PROPOSAL),
    ],
)
def test_direct_moves_in_the_table_are_allowed_for_anyone(from_stage, to_stage):
    refusal = stage_move_refusal(kind=DIRECT, from_stage=from_stage, to_stage=to_stage, is_staff=False)

    assert refusal is None


@pytest.mark.parametrize(
    ("from_stage", "to_stage"),
    [
        (Stage.PROPOSAL, Stage.IMPLEMENTING),
        (Stage.PROPOSAL, Stage.DONE),
        (Stage.PARTNERSHIP_AGREED, Stage.PROPOSAL),
        (Stage.FUNDING_APPLICATION, Stage.FEASIBILITY_STUDY),
        (Stage.DONE, Stage.DROPPED),
        (Stage.DROPPED, Stage.IMPLEMENTING),
        (Stage.PROPOSAL, Stage.PROPOSAL),
    ],
)
def test_moves_outside_the_table_are_refused_even_for_staff(from_stage, to_stage):
    refusal = stage_move_refusal(kind=DIRECT, from_stage=from_stage, to_stage=to_stage, is_staff=True)
    assert refusal is not None
    assert refusal.reason == "invalid"


def test_unknown_stage_is_refused():
    refusal = stage_move_refusal(kind=DIRECT, from_stage=Stage.PROPOSAL, to_stage="signed", is_staff=True)

    assert refusal == Refusal("invalid", "“signed” is not a stage.")


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The project is already at “Proposal”."),
        ("es", "El proyecto ya está en la etapa «Propuesta»."),
        ("ko", "프로젝트가 이미 “제안” 단계에 있습니다."),
    ],
)
def test_a_refusal_is_written_in_the_active_language(language, message):
    with translation.override(language):
        refusal = stage_move_refusal(
            kind=DIRECT, from_stage=Stage.PROPOSAL, to_stage=Stage.PROPOSAL, is_staff=True
        )

    assert refusal == Refusal("invalid", message)


def test_done_is_final():
    assert STAGE_TRANSITIONS[Stage.DONE] == ()
    assert next_stages(kind=DIRECT, from_stage=Stage.DONE, is_staff=True) == []


@pytest.mark.parametrize(
    ("kind", "programme_stage"),
    [(FEASIBILITY, Stage.FEASIBILITY_STUDY), (FUNDING, Stage.FUNDING_APPLICATION)],
)
def test_only_staff_accept_an_application_into_its_programme(kind, programme_stage):
    by_party = stage_move_refusal(
        kind=kind, from_stage=Stage.PROPOSAL, to_stage=programme_stage, is_staff=False
    )
    by_staff = stage_move_refusal(
        kind=kind, from_stage=Stage.PROPOSAL, to_stage=programme_stage, is_staff=True
    )

    assert by_party is not None
    assert (by_party.reason, by_staff) == ("staff_only", None)


@pytest.mark.parametrize("is_staff", [False, True])
def test_an_application_can_be_dropped_by_parties_and_staff(is_staff):
    refusal = stage_move_refusal(
        kind=FUNDING, from_stage=Stage.PROPOSAL, to_stage=Stage.DROPPED, is_staff=is_staff
    )

    assert refusal is None


def test_an_application_cannot_skip_to_another_stage_even_for_staff():
    refusal = stage_move_refusal(
        kind=FEASIBILITY, from_stage=Stage.PROPOSAL, to_stage=Stage.PARTNERSHIP_AGREED, is_staff=True
    )

    assert refusal is not None
    assert refusal.reason == "invalid"


def test_an_accepted_application_moves_on_like_any_project():
    stages = next_stages(kind=FEASIBILITY, from_stage=Stage.FEASIBILITY_STUDY, is_staff=False)

    assert stages == [Stage.FUNDING_APPLICATION, Stage.PARTNERSHIP_AGREED, Stage.DROPPED]


@pytest.mark.parametrize(
    ("kind", "is_staff", "expected"),
    [
        (
            DIRECT,
            False,
            [Stage.FEASIBILITY_STUDY, Stage.FUNDING_APPLICATION, Stage.PARTNERSHIP_AGREED, Stage.DROPPED],
        ),
        (FEASIBILITY, False, [Stage.DROPPED]),
        (FEASIBILITY, True, [Stage.FEASIBILITY_STUDY, Stage.DROPPED]),
        (FUNDING, True, [Stage.FUNDING_APPLICATION, Stage.DROPPED]),
    ],
)
def test_next_stages_from_proposal(kind, is_staff, expected):
    assert next_stages(kind=kind, from_stage=Stage.PROPOSAL, is_staff=is_staff) == expected
