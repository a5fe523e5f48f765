"""Choices of the project pipeline, and the table of stage moves (see projects/services.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalKind(models.TextChoices):
    """What a proposal is. The two applications are proposals staff review before they move on."""

    DIRECT = "direct", _("Direct project proposal")
    FEASIBILITY_APPLICATION = "feasibility_application", _("Application to the feasibility-study programme")
    FUNDING_APPLICATION = "funding_application", _("Application to a partner funding programme")


class Stage(models.TextChoices):
    """Where a project stands, in pipeline order (`dropped` last)."""

    PROPOSAL = "proposal", _("Proposal")
    FEASIBILITY_STUDY = "feasibility_study", _("Feasibility study")
    FUNDING_APPLICATION = "funding_application", _("Funding application")
    PARTNERSHIP_AGREED = "partnership_agreed", _("Partnership agreed")
    IMPLEMENTING = "implementing", _("Implementing")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


# The allowed stage moves. A project moves forward, may skip the study or the funding step, may be
# dropped from any open stage, and a dropped one may be reopened as a proposal. `done` is final.
STAGE_TRANSITIONS: dict[str, tuple[str, ...]] = {
    Stage.PROPOSAL: (
        Stage.FEASIBILITY_STUDY,
        Stage.FUNDING_APPLICATION,
        Stage.PARTNERSHIP_AGREED,
        Stage.DROPPED,
    ),
    Stage.FEASIBILITY_STUDY: (Stage.FUNDING_APPLICATION, Stage.PARTNERSHIP_AGREED, Stage.DROPPED),
    Stage.FUNDING_APPLICATION: (Stage.PARTNERSHIP_AGREED, Stage.DROPPED),
    Stage.PARTNERSHIP_AGREED: (Stage.IMPLEMENTING, Stage.DROPPED),
    Stage.IMPLEMENTING: (Stage.DONE, Stage.DROPPED),
    Stage.DONE: (),
    Stage.DROPPED: (Stage.PROPOSAL,),
}

# An application leaves "proposal" only through staff review: accepted into its programme's stage,
# or rejected (dropped). The parties may withdraw it (drop it) themselves, never accept it.
APPLICATION_PROGRAMME_STAGE: dict[str, str] = {
    ProposalKind.FEASIBILITY_APPLICATION: Stage.FEASIBILITY_STUDY,
    ProposalKind.FUNDING_APPLICATION: Stage.FUNDING_APPLICATION,
}

# Stages in which the project is still going somewhere (the pipeline board's open columns).
OPEN_STAGES = (
    Stage.PROPOSAL,
    Stage.FEASIBILITY_STUDY,
    Stage.FUNDING_APPLICATION,
    Stage.PARTNERSHIP_AGREED,
    Stage.IMPLEMENTING,
)
