"""The project pipeline: the board, proposal pages, proposing (from a held meeting or directly), editing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cities.selectors import proposal_activator_sharing
from cities.services.activator_sharing import share_activator_results_on_proposal
from frontend.forms.projects import KeyDateForm, NoteForm, PipelineFilterForm, ProposalForm, StageForm
from frontend.http import AuthenticatedHttpRequest
from frontend.paging import paginate
from frontend.service_calls import call_service
from projects import selectors, services
from projects.enums import ProposalKind, Stage
from projects.models import Proposal
from scheduling.enums import MeetingStatus
from scheduling.models import Meeting

# --- The board ---------------------------------------------------------------------------------


@login_required
def projects(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The pipeline board: the proposals the viewer may see, one column per stage, paginated."""
    form = PipelineFilterForm(request.GET)
    form.is_valid()  # an invalid filter is reported on the form and ignored
    filters = form.cleaned_data
    proposals = selectors.pipeline(
        user=request.user,
        stage=filters.get("stage", ""),
        kind=filters.get("kind", ""),
        query=filters.get("q", ""),
    )
    listing = paginate(request, proposals)
    counts = selectors.stage_counts(user=request.user)
    on_page: dict[str, list[Proposal]] = {}
    for proposal in listing["page"]:
        on_page.setdefault(proposal.stage, []).append(proposal)
    chosen = filters.get("stage", "")
    columns = [
        {"stage": stage, "label": label, "count": count, "proposals": on_page.get(stage, [])}
        for stage, label, count in counts
        if not chosen or stage == chosen
    ]
    return render(
        request,
        "frontend/projects/board.html",
        {
            "form": form,
            "columns": columns,
            "stage_counts": counts,
            "can_create": selectors.can_create_proposal(request.user),
            **listing,
        },
    )


# --- One proposal ------------------------------------------------------------------------------


def _detail_page(
    request: AuthenticatedHttpRequest,
    proposal: Proposal,
    *,
    stage_form: StageForm | None = None,
    note_form: NoteForm | None = None,
    key_date_form: KeyDateForm | None = None,
) -> HttpResponse:
    next_stages = selectors.next_stages_for(request.user, proposal)
    return render(
        request,
        "frontend/projects/detail.html",
        {
            "proposal": proposal,
            "actions": selectors.proposal_actions(proposal, request.user),
            "is_done": proposal.stage == Stage.DONE,
            # An application (not a direct proposal) waits in "proposal" for staff to review it.
            "awaiting_review": proposal.kind != ProposalKind.DIRECT and proposal.stage == Stage.PROPOSAL,
            "stage_form": stage_form or StageForm(choices=next_stages),
            "note_form": note_form or NoteForm(),
            "key_date_form": key_date_form or KeyDateForm(),
            "activator_sharing": proposal_activator_sharing(request.user, proposal),
        },
    )


@login_required
def project_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A proposal with its parties, stage history, notes, key dates and the stage form."""
    return _detail_page(request, selectors.access_proposal(request.user, pk))


@login_required
@require_POST
def project_stage(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.access_proposal_for_edit(request.user, pk)
    form = StageForm(request.POST, choices=selectors.next_stages_for(request.user, proposal))
    if (
        form.is_valid()
        and call_service(
            request,
            lambda: services.change_stage(
                proposal=proposal,
                actor=request.user,
                stage=form.cleaned_data["stage"],
                note=form.cleaned_data["note"],
            ),
            success=_("Moved to “%(stage)s”.") % {"stage": Stage(form.cleaned_data["stage"]).label},
            form=form,
        ).ok
    ):
        return redirect("frontend:project", pk=proposal.pk)
    return _detail_page(request, proposal, stage_form=form)


@login_required
@require_POST
def project_note(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.access_proposal_for_edit(request.user, pk)
    form = NoteForm(request.POST)
    if (
        form.is_valid()
        and call_service(
            request,
            lambda: services.add_note(proposal=proposal, actor=request.user, text=form.cleaned_data["text"]),
            success=_("Note added."),
            form=form,
        ).ok
    ):
        return redirect("frontend:project", pk=proposal.pk)
    return _detail_page(request, proposal, note_form=form)


@login_required
@require_POST
def project_key_date(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.access_proposal_for_edit(request.user, pk)
    form = KeyDateForm(request.POST)
    if (
        form.is_valid()
        and call_service(
            request,
            lambda: services.add_key_date(proposal=proposal, actor=request.user, **form.cleaned_data),
            success=_("Key date added."),
            form=form,
        ).ok
    ):
        return redirect("frontend:project", pk=proposal.pk)
    return _detail_page(request, proposal, key_date_form=form)


@login_required
@require_POST
def project_share_activator_results(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """On a proposal's page, the city's people share their results with its providers; the shares
    end with the proposal."""
    proposal = selectors.access_proposal(request.user, pk)
    call_service(
        request,
        lambda: share_activator_results_on_proposal(actor=request.user, proposal=proposal),
        success=_("The providers on this proposal can now see your Activator results, while it lasts."),
    )
    return redirect("frontend:project", pk=proposal.pk)


# --- Proposing and editing ---------------------------------------------------------------------


def _requested_meeting(request: AuthenticatedHttpRequest) -> Meeting | None:
    """The meeting named by `?meeting=` (or the form's hidden field), if the viewer may see it."""
    raw = request.POST.get("meeting") or request.GET.get("meeting")
    if not raw:
        return None
    try:
        pk = int(raw)
    except ValueError as exc:
        raise Http404("No such meeting.") from exc
    return selectors.access_held_meeting(request.user, pk)


@login_required
@require_http_methods(["GET", "POST"])
def project_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Propose a project: from a held meeting (`?meeting=<id>`: city and providers filled in from its
    two organisations) or directly. Without a meeting, the viewer's held meetings are offered."""
    if not selectors.can_create_proposal(request.user):
        raise PermissionDenied(_("Projects are proposed by people of cities and companies, and by staff."))
    meeting = _requested_meeting(request)
    initial: dict[str, Any] = {}
    if meeting is not None:
        city, providers = selectors.meeting_parties(meeting)
        initial = {"city": city, "providers": providers, "title": meeting.subject}
        if meeting.status != MeetingStatus.HELD:
            messages.error(
                request, _("This meeting has not been held; a project starts from a held meeting.")
            )
    form = ProposalForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        outcome = call_service(
            request,
            lambda: services.create_proposal(
                actor=request.user,
                city=form.cleaned_data["city"],
                providers=form.cleaned_data["providers"],
                meeting=meeting,
                **form.content,
            ),
            success=lambda proposal: _("“%(title)s” is proposed.") % {"title": proposal.title},
            form=form,
        )
        if outcome.ok:
            return redirect("frontend:project", pk=outcome.result.pk)
    held = {} if meeting is not None else paginate(request, selectors.held_meetings_for(request.user))
    return render(
        request, "frontend/projects/form.html", {"form": form, "proposal": None, "meeting": meeting, **held}
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.access_proposal_for_edit(request.user, pk)
    form = ProposalForm(
        request.POST or None, user=request.user, proposal=proposal, initial=ProposalForm.initial_for(proposal)
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(
            request,
            lambda: services.update_proposal(
                proposal=proposal,
                actor=request.user,
                providers=form.cleaned_data["providers"],
                owner=form.cleaned_data["owner"],
                **form.content,
            ),
            success=_("Saved."),
            form=form,
        ).ok
    ):
        return redirect("frontend:project", pk=proposal.pk)
    return render(
        request,
        "frontend/projects/form.html",
        {"form": form, "proposal": proposal, "meeting": proposal.meeting},
    )
