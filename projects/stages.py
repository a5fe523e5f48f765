"""Which stage moves are allowed, for whom: pure, plain values in and out (no ORM).

The table is `projects.enums.STAGE_TRANSITIONS`:

    proposal            → feasibility_study, funding_application, partnership_agreed, dropped
    feasibility_study   → funding_application, partnership_agreed, dropped
    funding_application → partnership_agreed, dropped
    partnership_agreed  → implementing, dropped
    implementing        → done, dropped
    done                → (final)
    dropped             → proposal (reopened)

Applications (to the feasibility-study programme, to a partner funding programme) are reviewed by
staff: while one is a "proposal", only staff accept it into its programme's stage (feasibility_study
or funding_application); staff reject it, or its parties withdraw it, by dropping it; no other move.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from django.utils.translation import gettext as _

from projects.enums import APPLICATION_PROGRAMME_STAGE, STAGE_TRANSITIONS, Stage


class Refusal(NamedTuple):
    """Why a move is refused: `invalid` (not in the table, 400) or `staff_only` (403); the message in
    the active language (the actor's: it answers their own request)."""

    reason: Literal["invalid", "staff_only"]
    message: str


def _label(stage: str) -> str:
    # The label as the stage list shows it: lower-casing it mid-sentence would be English grammar.
    return str(Stage(stage).label) if stage in Stage.values else stage


def _table_refusal(from_stage: str, to_stage: str) -> Refusal | None:
    if to_stage not in Stage.values:
        return Refusal("invalid", _("“%(stage)s” is not a stage.") % {"stage": to_stage})
    if to_stage == from_stage:
        return Refusal("invalid", _("The project is already at “%(stage)s”.") % {"stage": _label(to_stage)})
    if to_stage not in STAGE_TRANSITIONS.get(from_stage, ()):
        return Refusal(
            "invalid",
            _("A project cannot move from “%(from_stage)s” to “%(to_stage)s”.")
            % {"from_stage": _label(from_stage), "to_stage": _label(to_stage)},
        )
    return None


def _review_refusal(kind: str, from_stage: str, to_stage: str, is_staff: bool) -> Refusal | None:
    programme_stage = APPLICATION_PROGRAMME_STAGE.get(kind)
    if programme_stage is None or from_stage != Stage.PROPOSAL or to_stage == Stage.DROPPED:
        return None
    if to_stage != programme_stage:
        return Refusal(
            "invalid",
            _(
                "An application is accepted into “%(programme_stage)s” or dropped; "
                "it cannot move to “%(to_stage)s”."
            )
            % {"programme_stage": _label(programme_stage), "to_stage": _label(to_stage)},
        )
    if not is_staff:
        return Refusal("staff_only", _("Association staff review applications; only they can accept one."))
    return None


def stage_move_refusal(*, kind: str, from_stage: str, to_stage: str, is_staff: bool) -> Refusal | None:
    """None if a person (staff or not) may move a proposal of `kind` from `from_stage` to `to_stage`."""
    return _table_refusal(from_stage, to_stage) or _review_refusal(kind, from_stage, to_stage, is_staff)


def next_stages(*, kind: str, from_stage: str, is_staff: bool) -> list[str]:
    """The stages a person may move a proposal to from `from_stage`, in pipeline order."""
    return [
        stage
        for stage in STAGE_TRANSITIONS.get(from_stage, ())
        if stage_move_refusal(kind=kind, from_stage=from_stage, to_stage=stage, is_staff=is_staff) is None
    ]
