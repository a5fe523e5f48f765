"""What a weekly digest says: new solutions matching a city's open needs, new needs matching a
provider's solutions (both through the matching engine, with its reasons), and the week's figures
for staff. Matching runs once per organisation, whatever the number of its people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from accounts.enums import ApplicationStatus, Category
from accounts.models import MembershipApplication, User
from cities.enums import NeedStatus
from cities.models import Need
from events.models import Event
from matchmaking.selectors import Recommendation, matching_needs_for_solution, recommended_solutions_for_need
from scheduling.enums import MeetingStatus
from scheduling.models import Meeting
from solutions.enums import SolutionStatus
from solutions.models import Solution

# How many matches each need or solution is ranked for before the new ones are kept: new items are
# a small share of the catalogue, so they are looked for among more than a page of matches.
MATCHES_PER_ITEM = 50
# At most this many matches per digest, best first.
MATCHES_PER_DIGEST = 10


@dataclass(frozen=True)
class Match:
    """A new item (a solution for a city, a need for a provider) and what it matched of theirs."""

    item: Solution | Need
    matched: Solution | Need
    score: float
    terms: tuple[str, ...]
    shared_sectors: tuple[str, ...]


@dataclass(frozen=True)
class WeekFigures:
    new_members: int
    applications: int
    meetings_requested: int
    meetings_held: int
    events_published: int

    def any(self) -> bool:
        return any(vars(self).values())


def _match(recommendation: Recommendation, matched: Solution | Need) -> Match:
    return Match(
        item=recommendation.item,
        matched=matched,
        score=recommendation.score,
        terms=tuple(term.term for term in recommendation.terms[:5]),
        shared_sectors=recommendation.shared_sectors,
    )


def _best(matches: list[Match]) -> list[Match]:
    """One entry per new item (its best match), best first, at most MATCHES_PER_DIGEST."""
    best: dict[int, Match] = {}
    for match in matches:
        if match.item.pk not in best or match.score > best[match.item.pk].score:
            best[match.item.pk] = match
    return sorted(best.values(), key=lambda m: -m.score)[:MATCHES_PER_DIGEST]


def new_solutions_for_city(*, viewer: User, since: datetime, until: datetime) -> list[Match]:
    """Solutions published in [since, until) that the matching engine recommends for the open needs
    of `viewer`'s city, each with the need it answers and why. Per open need: one ranking."""
    if not Solution.objects.filter(
        status=SolutionStatus.PUBLISHED, published_at__gte=since, published_at__lt=until
    ).exists():
        return []
    matches = []
    for need in Need.objects.filter(city_id=viewer.organisation_id, status=NeedStatus.OPEN).select_related(
        "city"
    ):
        matches += [
            _match(recommendation, need)
            for recommendation in recommended_solutions_for_need(
                need=need, user=viewer, limit=MATCHES_PER_ITEM
            )
            if recommendation.item.published_at is not None
            and since <= recommendation.item.published_at < until
        ]
    return _best(matches)


def new_needs_for_provider(*, viewer: User, since: datetime, until: datetime) -> list[Match]:
    """Open needs created in [since, until) (that `viewer` may see) which the matching engine finds
    for the published solutions of `viewer`'s organisation, each with the solution and why."""
    if not Need.objects.filter(status=NeedStatus.OPEN, created_at__gte=since, created_at__lt=until).exists():
        return []
    matches = []
    for solution in Solution.objects.filter(
        provider_id=viewer.organisation_id, status=SolutionStatus.PUBLISHED
    ):
        matches += [
            _match(recommendation, solution)
            for recommendation in matching_needs_for_solution(
                solution=solution, user=viewer, limit=MATCHES_PER_ITEM
            )
            if recommendation.item.status == NeedStatus.OPEN
            and since <= recommendation.item.created_at < until
        ]
    return _best(matches)


def week_figures(*, since: datetime, until: datetime) -> WeekFigures:
    """The association's figures for [since, until): organisations admitted, applications received,
    meetings requested (when asked for) and held (when they took place), events published. Four
    queries, the same as the staff reports count them (`projects.reports`)."""
    window = {"gte": since, "lt": until}

    def within(field: str) -> Q:
        return Q(**{f"{field}__{op}": value for op, value in window.items()})

    applications = MembershipApplication.objects.filter(within("created_at")).count()
    new_members = MembershipApplication.objects.filter(
        within("decided_at"), status=ApplicationStatus.APPROVED
    ).count()
    requested = Meeting.objects.filter(within("created_at")).count()
    held = Meeting.objects.filter(within("start"), status=MeetingStatus.HELD).count()
    events = Event.objects.filter(within("published_at")).count()
    return WeekFigures(
        new_members=new_members,
        applications=applications,
        meetings_requested=requested,
        meetings_held=held,
        events_published=events,
    )


def is_city_person(person: User) -> bool:
    """Whether `person` belongs to a local government (a city: gets new solutions), rather than to
    another organisation (a provider: gets new needs)."""
    organisation = person.organisation
    return organisation is not None and organisation.category == Category.LOCAL_GOVERNMENT
