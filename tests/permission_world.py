"""The small world the permission matrix (tests/test_permission_matrix.py) acts on: an organisation of
each category with a member and an admin, the others' people, an unconfirmed account, staff, and one
object of every kind a route names (need, solution, plan, event with registrations, meetings, proposal,
availability...). `url_kwargs(name, world)` maps a route's URL arguments to these objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp_webauthn.models import WebAuthnCredential

from accounts.enums import Category, Kind, OrganisationRole
from accounts.models import ApiToken, Invitation, JoinRequest, MembershipApplication, Organisation, User
from accounts.services.invitations import invite_colleague
from accounts.services.tokens import create_api_token
from cities.enums import NeedVisibility
from cities.models import ActivatorResultShare, Need, SmartCityPlan, SurveyResponse
from events.enums import EventPhase, RequestStatus
from events.models import (
    Event,
    EventMeeting,
    EventMeetingRequest,
    EventRegistration,
    EventRepresentative,
    ScheduleRun,
)
from events.services.setup import materialise_slots
from notifications.models import Notification
from outbox.enums import OutboxStatus
from outbox.models import OutboxMessage
from projects.models import Proposal
from scheduling.models import AvailabilityException, AvailabilityRule, CalendarFeed, Meeting, Participant
from scheduling.services.feeds import rotate_calendar_feed
from scheduling.services.meetings import request_meeting
from solutions.models import BestCase, Solution
from tests.factories.accounts import (
    CorporationFactory,
    MembershipApplicationFactory,
    OrganisationFactory,
    PasskeyFactory,
    StaffFactory,
    UserFactory,
)
from tests.factories.activator import (
    ActivatorResultShareFactory,
    SmartCityPlanFactory,
    SurveyAnswerFactory,
    SurveyResponseFactory,
    build_survey,
)
from tests.factories.catalogue import BestCaseFactory, NeedFactory, SolutionFactory
from tests.factories.events import (
    EventFactory,
    EventRegistrationFactory,
    EventRepresentativeFactory,
    EventSessionFactory,
    ProviderRegistrationFactory,
    accepted_meeting,
    days_ahead,
)
from tests.factories.notifications import NotificationFactory
from tests.factories.outbox import OutboxMessageFactory
from tests.factories.projects import ProposalFactory
from tests.scheduling.conftest import berlin_at, open_every_day
from tests.scheduling.factories import AvailabilityExceptionFactory, OrganisationParticipantFactory


@dataclass
class World:
    city: Organisation
    company: Organisation
    institution: Organisation
    people: dict[str, User]
    need: Need
    solution: Solution
    best_case: BestCase
    plan: SmartCityPlan
    response: SurveyResponse
    share: ActivatorResultShare
    application: MembershipApplication
    join_request: JoinRequest
    invitation: Invitation
    invitation_token: str
    api_token: ApiToken
    passkey: WebAuthnCredential
    company_participant: Participant
    rule: AvailabilityRule
    exception: AvailabilityException
    meeting: Meeting
    calendar_feed: CalendarFeed
    event: Event
    city_registration: EventRegistration
    representative: EventRepresentative
    event_request: EventMeetingRequest
    event_meeting: EventMeeting
    run: ScheduleRun
    proposal: Proposal
    notification: Notification
    failed_email: OutboxMessage
    password_reset: tuple[str, str] = field(default=("", ""))


def _person(organisation: Organisation | None, role: str = OrganisationRole.MEMBER, **fields: object) -> User:
    return UserFactory.create(organisation=organisation, organisation_role=role, **fields)


def build_world() -> World:
    """Every object a route of the matrix acts on. The city owns the need, plan, Activator results,
    event registration and project; the company owns the solution, its availability and is asked for
    the meeting and the event meeting."""
    city = OrganisationFactory.create(population=400_000, gdp_per_capita_ppp=5_000)
    company = CorporationFactory.create()
    institution = OrganisationFactory.create(
        category=Category.INSTITUTION, kind=Kind.ACADEMIC, employee_count=40, slug="institution-owner"
    )
    other_city = OrganisationFactory.create()
    other_company = CorporationFactory.create()
    other_institution = OrganisationFactory.create(
        category=Category.INSTITUTION, kind=Kind.NONPROFIT, employee_count=10, slug="institution-other"
    )
    people = {
        "city_member": _person(city, time_zone="Europe/Berlin"),
        "city_admin": _person(city, OrganisationRole.ADMIN),
        "company_member": _person(company),
        "company_admin": _person(company, OrganisationRole.ADMIN),
        "institution_member": _person(institution),
        "institution_admin": _person(institution, OrganisationRole.ADMIN),
        "other_city": _person(other_city),
        "other_company": _person(other_company),
        "other_institution": _person(other_institution),
        # Signed up, e-mail not verified, no organisation yet (asked to join the city).
        "unconfirmed": _person(None, email_verified=False),
        "staff": StaffFactory.create(),
    }
    staff = people["staff"]

    need = NeedFactory.create(city=city, visibility=NeedVisibility.MEMBERS)
    solution = SolutionFactory.create(provider=company)
    best_case = BestCaseFactory.create(city=city, solution=solution, created_by=people["city_member"])
    plan = SmartCityPlanFactory.create(city=city)
    survey = build_survey()
    response = SurveyResponseFactory.create(survey=survey, city=city)
    SurveyAnswerFactory.create(response=response)
    share = ActivatorResultShareFactory.create(city=city, provider=company, created_by=people["city_admin"])

    application = MembershipApplicationFactory.create(applicant=people["unconfirmed"])
    join_request = JoinRequest.objects.create(person=people["unconfirmed"], organisation=city)
    issued = invite_colleague(
        organisation=city, email="colleague@example.org", invited_by=people["city_admin"]
    )
    api_token, _ = create_api_token(user=people["city_member"], name="laptop")
    passkey = PasskeyFactory.create(user=people["city_member"])

    company_participant = open_every_day(
        OrganisationParticipantFactory.create(organisation=company, time_zone="Europe/Berlin")
    )
    rule = company_participant.rules.first()
    assert rule is not None
    exception = AvailabilityExceptionFactory.create(
        participant=company_participant, start_date=days_ahead(40), end_date=days_ahead(40)
    )
    meeting = request_meeting(
        actor=people["city_member"],
        invitee=company_participant,
        subject="Flood sensors",
        length=30,
        start=berlin_at(3, 10),
    )
    calendar_feed = rotate_calendar_feed(user=people["city_member"])

    event = EventFactory.create(phase=EventPhase.REQUESTS_OPEN, created_by=staff)
    EventSessionFactory.create(
        event=event, day=days_ahead(10), name="Morning", start_time=time(9), slot_count=4
    )
    materialise_slots(event)
    city_registration = EventRegistrationFactory.create(event=event, organisation=city)
    company_registration = ProviderRegistrationFactory.create(event=event, organisation=company)
    representative = EventRepresentativeFactory.create(
        registration=city_registration, user=people["city_member"]
    )
    EventRepresentativeFactory.create(registration=company_registration, user=people["company_member"])
    event_request = EventMeetingRequest.objects.create(
        event=event,
        requester=city_registration,
        receiver=company_registration,
        requested_by=people["city_member"],
        message="We would like to hear about your flood sensors.",
        status=RequestStatus.PENDING,
    )
    event_meeting = accepted_meeting(event, company_registration, city_registration)
    run = ScheduleRun.objects.create(event=event, started_by=staff, time_limit_s=5)

    proposal = ProposalFactory.create(city=city, owner=people["city_member"], providers=[company])
    notification = NotificationFactory.create(recipient=people["city_member"])
    # An e-mail that gave up, so that staff's Retry on /staff/outbox/ has something to send again.
    failed_email = OutboxMessageFactory.create(
        to=[people["city_member"].email], status=OutboxStatus.FAILED, attempts=6
    )

    member = people["city_member"]
    password_reset = (
        urlsafe_base64_encode(force_bytes(member.pk)),
        default_token_generator.make_token(member),
    )
    return World(
        city=city,
        company=company,
        institution=institution,
        people=people,
        need=need,
        solution=solution,
        best_case=best_case,
        plan=plan,
        response=response,
        share=share,
        application=application,
        join_request=join_request,
        invitation=issued.invitation,
        invitation_token=issued.token,
        api_token=api_token,
        passkey=passkey,
        company_participant=company_participant,
        rule=rule,
        exception=exception,
        meeting=meeting,
        calendar_feed=calendar_feed,
        event=event,
        city_registration=city_registration,
        representative=representative,
        event_request=event_request,
        event_meeting=event_meeting,
        run=run,
        proposal=proposal,
        notification=notification,
        failed_email=failed_email,
        password_reset=password_reset,
    )
