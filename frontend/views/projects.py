"""The project pipeline: the board, proposal pages, proposing (from a held meeting or directly), editing.

The forms live here rather than in frontend/forms.py because only these pages use them.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from frontend.forms import add_service_errors
from frontend.paging import paginate
from projects import selectors, services
from projects.enums import ProposalKind, Stage
from projects.models import Proposal
from scheduling.enums import MeetingStatus
from scheduling.models import Meeting

# --- Forms -------------------------------------------------------------------------------------


class PipelineFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    stage = forms.ChoiceField(choices=[("", "All stages"), *Stage.choices], required=False)
    kind = forms.ChoiceField(choices=[("", "All kinds"), *ProposalKind.choices], required=False)


class ProposalForm(forms.Form):
    """A proposal's content. `city` only when proposing, `kind` only when it may change, `owner`
    only when editing; the service checks every rule again."""

    CONTENT_FIELDS = (
        "title", "scope", "kind", "budget_amount", "budget_currency", "funding_sought",
        "start_date", "end_date",
    )  # fmt: skip

    city = forms.ModelChoiceField(queryset=None, empty_label="Choose a city")
    providers = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Corporate members on the project; hold Ctrl (⌘) to choose several.",
    )
    title = forms.CharField(max_length=200, min_length=3)
    scope = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), help_text="What the project delivers, where, and for whom."
    )
    kind = forms.ChoiceField(choices=ProposalKind.choices, initial=ProposalKind.DIRECT)
    budget_amount = forms.DecimalField(
        label="Budget", required=False, min_value=0, max_digits=14, decimal_places=2
    )
    budget_currency = forms.CharField(
        label="Currency", max_length=3, initial="USD", help_text="ISO 4217 code, e.g. USD, EUR, KRW."
    )
    funding_sought = forms.DecimalField(
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text="External funding asked for, in the same currency.",
    )
    start_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    owner = forms.ModelChoiceField(queryset=None, required=False, empty_label=None)

    def __init__(self, *args: Any, user: Any, proposal: Proposal | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["providers"].queryset = selectors.provider_choices()
        if proposal is None:
            self.fields["city"].queryset = selectors.city_choices_for(user)
            del self.fields["owner"]
        else:
            del self.fields["city"]
            self.fields["owner"].queryset = selectors.owner_choices_for(proposal)
            if not (user.is_staff and proposal.stage == Stage.PROPOSAL):
                del self.fields["kind"]

    def clean_budget_currency(self) -> str:
        return self.cleaned_data["budget_currency"].strip().upper()

    @property
    def content(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.CONTENT_FIELDS if name in self.cleaned_data}

    @staticmethod
    def initial_for(proposal: Proposal) -> dict[str, Any]:
        fields = ProposalForm.CONTENT_FIELDS
        return {
            **{name: getattr(proposal, name) for name in fields},
            "providers": list(proposal.providers.all()),
            "owner": proposal.owner_id,
        }


class StageForm(forms.Form):
    stage = forms.ChoiceField(choices=(), label="Move to")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = choices


class NoteForm(forms.Form):
    text = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class KeyDateForm(forms.Form):
    label = forms.CharField(max_length=200, min_length=2, help_text="e.g. “Study report due”")
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))


# --- The board ---------------------------------------------------------------------------------


@login_required
def projects(request: HttpRequest) -> HttpResponse:
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
    request: HttpRequest,
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
            "can_edit": selectors.can_edit_proposal(request.user, proposal),
            "stage_form": stage_form or StageForm(choices=next_stages),
            "note_form": note_form or NoteForm(),
            "key_date_form": key_date_form or KeyDateForm(),
        },
    )


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A proposal with its parties, stage history, notes, key dates and the stage form."""
    return _detail_page(request, selectors.access_proposal(request.user, pk))


@login_required
@require_POST
def project_stage(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.access_proposal_for_edit(request.user, pk)
    form = StageForm(request.POST, choices=selectors.next_stages_for(request.user, proposal))
    if form.is_valid():
        try:
            services.change_stage(
                proposal=proposal,
                actor=request.user,
                stage=form.cleaned_data["stage"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Moved to “{Stage(form.cleaned_data['stage']).label}”.")
            return redirect("frontend:project", pk=proposal.pk)
    return _detail_page(request, proposal, stage_form=form)


@login_required
@require_POST
def project_note(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.access_proposal_for_edit(request.user, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.add_note(proposal=proposal, actor=request.user, text=form.cleaned_data["text"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Note added.")
            return redirect("frontend:project", pk=proposal.pk)
    return _detail_page(request, proposal, note_form=form)


@login_required
@require_POST
def project_key_date(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.access_proposal_for_edit(request.user, pk)
    form = KeyDateForm(request.POST)
    if form.is_valid():
        try:
            services.add_key_date(proposal=proposal, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Key date added.")
            return redirect("frontend:project", pk=proposal.pk)
    return _detail_page(request, proposal, key_date_form=form)


# --- Proposing and editing ---------------------------------------------------------------------


def _requested_meeting(request: HttpRequest) -> Meeting | None:
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
def project_new(request: HttpRequest) -> HttpResponse:
    """Propose a project: from a held meeting (`?meeting=<id>`: city and providers filled in from its
    two organisations) or directly. Without a meeting, the viewer's held meetings are offered."""
    if not selectors.can_create_proposal(request.user):
        raise PermissionDenied("Projects are proposed by people of cities and companies, and by staff.")
    meeting = _requested_meeting(request)
    initial: dict[str, Any] = {}
    if meeting is not None:
        city, providers = selectors.meeting_parties(meeting)
        initial = {"city": city, "providers": providers, "title": meeting.subject}
        if meeting.status != MeetingStatus.HELD:
            messages.error(request, "This meeting has not been held; a project starts from a held meeting.")
    form = ProposalForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.create_proposal(
                actor=request.user,
                city=form.cleaned_data["city"],
                providers=form.cleaned_data["providers"],
                meeting=meeting,
                **form.content,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"“{proposal.title}” is proposed.")
            return redirect("frontend:project", pk=proposal.pk)
    held = {} if meeting is not None else paginate(request, selectors.held_meetings_for(request.user))
    return render(
        request, "frontend/projects/form.html", {"form": form, "proposal": None, "meeting": meeting, **held}
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.access_proposal_for_edit(request.user, pk)
    form = ProposalForm(
        request.POST or None, user=request.user, proposal=proposal, initial=ProposalForm.initial_for(proposal)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_proposal(
                proposal=proposal,
                actor=request.user,
                providers=form.cleaned_data["providers"],
                owner=form.cleaned_data["owner"],
                **form.content,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Saved.")
            return redirect("frontend:project", pk=proposal.pk)
    return render(
        request,
        "frontend/projects/form.html",
        {"form": form, "proposal": proposal, "meeting": proposal.meeting},
    )
