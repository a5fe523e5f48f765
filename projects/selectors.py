"""Reads of the project pipeline, with who-may-see-what in one place.

A proposal is seen only by its parties (the people of its city and of the providers on it) and by
association staff; to everyone else it does not exist (404, as with members-only needs). Everyone
who sees a proposal may work on it (edit, notes, key dates, stage moves within `projects.stages`).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.enums import Category
from accounts.models import Organisation, User
from accounts.selectors import member_organisations
from projects import stages
from projects.enums import Stage
from projects.models import Proposal
from scheduling import selectors as scheduling_selectors
from scheduling.enums import MeetingStatus
from scheduling.models import Meeting, Participant

STAGE_ORDER = Case(
    *(When(stage=value, then=Value(position)) for position, value in enumerate(Stage.values)),
    output_field=IntegerField(),
)


def _organisation_id(user: User | AnonymousUser) -> int | None:
    if user is None or not user.is_authenticated:
        return None
    return user.organisation_id


def _proposals() -> QuerySet[Proposal]:
    return Proposal.objects.select_related("city", "owner").prefetch_related("providers")


def _provider_party(organisation_id: int) -> Q:
    # A subquery rather than a join: a join on providers would repeat proposals with several of them.
    on_it = Proposal.providers.through.objects.filter(organisation_id=organisation_id).values("proposal_id")
    return Q(pk__in=on_it)


def proposals_visible_to(user: User | AnonymousUser) -> QuerySet[Proposal]:
    """Every proposal for staff; those of the user's organisation (as city or provider) for its
    people; none for anyone else. Two queries a page (proposals with city and owner, providers)."""
    if user is None or not user.is_authenticated:
        return Proposal.objects.none()
    if user.is_staff:
        return _proposals()
    organisation_id = _organisation_id(user)
    if organisation_id is None:
        return Proposal.objects.none()
    return _proposals().filter(Q(city_id=organisation_id) | _provider_party(organisation_id))


def pipeline(
    *,
    user: User | AnonymousUser,
    stage: str = "",
    kind: str = "",
    city_id: int | None = None,
    query: str = "",
) -> QuerySet[Proposal]:
    """The pipeline board: visible proposals in stage order, most recently changed first."""
    queryset = proposals_visible_to(user)
    if stage:
        queryset = queryset.filter(stage=stage)
    if kind:
        queryset = queryset.filter(kind=kind)
    if city_id:
        queryset = queryset.filter(city_id=city_id)
    for word in query.split()[:10]:
        queryset = queryset.filter(Q(title__icontains=word) | Q(scope__icontains=word))
    return queryset.annotate(stage_position=STAGE_ORDER).order_by("stage_position", "-updated_at", "-id")


def stage_counts(*, user: User | AnonymousUser) -> list[tuple[str, str, int]]:
    """(stage, label, number of visible proposals) for every stage, in pipeline order. One query."""
    counts = dict(
        proposals_visible_to(user)
        .order_by()
        .values_list("stage")
        .annotate(n=Count("id"))
        .values_list("stage", "n")
    )
    return [(value, str(label), counts.get(value, 0)) for value, label in Stage.choices]


def is_party(user: User | AnonymousUser, proposal: Proposal) -> bool:
    """Whether `user` speaks for the proposal's city or for one of its providers (uses the
    prefetched providers when there are any)."""
    organisation_id = _organisation_id(user)
    if organisation_id is None:
        return False
    return organisation_id == proposal.city_id or any(
        p.pk == organisation_id for p in proposal.providers.all()
    )


def can_see_proposal(user: User | AnonymousUser, proposal: Proposal) -> bool:
    return bool(user is not None and user.is_authenticated and (user.is_staff or is_party(user, proposal)))


def can_edit_proposal(user: User | AnonymousUser, proposal: Proposal) -> bool:
    """The parties and staff edit a proposal, add notes and key dates, and move its stage."""
    return can_see_proposal(user, proposal)


def access_proposal(user: User | AnonymousUser, pk: int) -> Proposal:
    """The proposal with its history, notes and key dates if `user` may see it; 404 otherwise (a
    proposal one is not party to does not exist for them). Five queries."""
    proposal = (
        proposals_visible_to(user)
        .select_related("meeting")
        .prefetch_related("stage_changes__actor", "notes__author", "key_dates")
        .filter(pk=pk)
        .first()
    )
    if proposal is None:
        raise Http404("No such project proposal.")
    return proposal


def access_proposal_for_edit(user: User | AnonymousUser, pk: int) -> Proposal:
    """The proposal if `user` may change it: 404 if they may not see it, 403 if they may not edit."""
    proposal = access_proposal(user, pk)
    if not can_edit_proposal(user, proposal):
        raise PermissionDenied(_("Only the project's parties and association staff can change it."))
    return proposal


def next_stages_for(user: User | AnonymousUser, proposal: Proposal) -> list[tuple[str, str]]:
    """(stage, label) of the moves `user` may make on `proposal` (projects.stages), none for outsiders."""
    if not can_edit_proposal(user, proposal):
        return []
    allowed = stages.next_stages(kind=proposal.kind, from_stage=proposal.stage, is_staff=user.is_staff)
    return [(stage, str(Stage(stage).label)) for stage in allowed]


# --- Choices for forms and the API -----------------------------------------------------------


def can_create_proposal(user: User | AnonymousUser) -> bool:
    """Staff, and people of a local government or a corporate member, start proposals."""
    if user is None or not user.is_authenticated:
        return False
    organisation = user.organisation
    return bool(
        user.is_staff
        or (
            organisation is not None
            and organisation.category in (Category.LOCAL_GOVERNMENT, Category.CORPORATION)
        )
    )


def city_choices_for(user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The cities `user` may start a proposal for: their own city, or (staff, providers) any."""
    cities = member_organisations().filter(category=Category.LOCAL_GOVERNMENT).order_by("name", "id")
    organisation = getattr(user, "organisation", None)
    if not user.is_staff and organisation is not None and organisation.category == Category.LOCAL_GOVERNMENT:
        return cities.filter(pk=organisation.pk)
    return cities


def provider_choices() -> QuerySet[Organisation]:
    """Every corporate member, by name: who may be a provider on a proposal."""
    return member_organisations().filter(category=Category.CORPORATION).order_by("name", "id")


def owner_choices_for(proposal: Proposal, user: User) -> QuerySet[User]:
    """Whom `user` may hand the proposal to, for the owner picker: the active people of their own
    organisation if it is a party; for staff, the parties' active people and staff. The current
    owner is always listed (keeping them is no hand-over). Never the people of another organisation
    for a non-staff person: member lists are private (`accounts.selectors.access_organisation_people`)
    and a picker would otherwise publish them (and every staff username)."""
    parties = [proposal.city_id, *(p.pk for p in proposal.providers.all())]
    if user.is_staff:
        eligible = Q(organisation_id__in=parties) | Q(is_staff=True)
    elif user.organisation_id in parties:
        eligible = Q(organisation_id=user.organisation_id)
    else:
        eligible = Q(pk__in=[])
    return User.objects.filter((eligible & Q(is_active=True)) | Q(pk=proposal.owner_id)).order_by("username")


def party_people(proposal: Proposal) -> list[User]:
    """The active people of the proposal's city and providers (who hear about its changes)."""
    parties = [proposal.city_id, *(p.pk for p in proposal.providers.all())]
    return list(User.objects.filter(organisation_id__in=parties, is_active=True).order_by("pk"))


# --- From a held meeting ---------------------------------------------------------------------


def held_meetings_for(user: User | AnonymousUser) -> QuerySet[Meeting]:
    """Held meetings a proposal can start from: the user's own, or every one for staff; newest first."""
    if user is None or not user.is_authenticated:
        return Meeting.objects.none()
    if user.is_staff:
        meetings = Meeting.objects.select_related(
            "organiser__organisation", "organiser__user", "invitee__organisation", "invitee__user"
        ).prefetch_related("proposals")
    else:
        meetings = scheduling_selectors.meetings_for(user)
    return meetings.filter(status=MeetingStatus.HELD).order_by("-start", "-id")


def access_held_meeting(user: User | AnonymousUser, pk: int) -> Meeting:
    """A meeting to start a proposal from: 404 if absent, 403 if `user` is neither party nor staff."""
    return scheduling_selectors.access_meeting(user, pk)


def _organisation_of(participant: Participant) -> Organisation | None:
    if participant.organisation_id is not None:
        return participant.organisation
    return participant.user.organisation if participant.user is not None else None


def meeting_parties(meeting: Meeting) -> tuple[Organisation | None, list[Organisation]]:
    """The city and the providers a proposal from `meeting` starts with: the local government and
    the corporations among the organisations of its two sides (a person's side counts as theirs)."""
    organisations = [o for o in (_organisation_of(meeting.organiser), _organisation_of(meeting.invitee)) if o]
    city = next((o for o in organisations if o.category == Category.LOCAL_GOVERNMENT), None)
    providers = [o for o in organisations if o.category == Category.CORPORATION]
    return city, list({p.pk: p for p in providers}.values())


# --- What a person may do on a proposal ----------------------------------------------------------

PROPOSAL_ACTIONS = frozenset({"edit", "change_stage", "add_note", "add_key_date"})


def proposal_actions(proposal: Proposal, user: User) -> set[str]:
    """What `user` may do on `proposal` (a subset of PROPOSAL_ACTIONS), for its page to show. The
    services check every rule again. The queries of `can_edit_proposal`, no more."""
    if not can_edit_proposal(user, proposal):
        return set()
    actions = {"edit", "add_note", "add_key_date"}
    if next_stages_for(user, proposal):
        actions.add("change_stage")
    return actions
