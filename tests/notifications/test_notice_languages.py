"""Issue 18: a notification reads in its recipient's language, not in the language of whoever acted
(the page the actor used was Spanish; the recipient chose Korean). Event requests and the published
agenda, projects, best-case decisions and membership notices; and the staff dashboard's live
events carry values, not words, so each dashboard writes them in its own reader's language."""

import pytest
from django.utils import translation

from accounts.services.applications import approve_membership_application, submit_membership_application
from accounts.services.joining import approve_join_request, request_to_join
from events.enums import EventPhase
from events.services.requests import answer_event_meeting_request, request_event_meeting
from notifications.models import Notification
from projects.enums import Stage
from projects.services import add_note, change_stage
from solutions.services import create_best_case, publish_best_case
from tests.factories.accounts import (
    CorporationFactory,
    MembershipApplicationFactory,
    OrganisationAdminFactory,
    OrganisationFactory,
    StaffFactory,
    UserFactory,
)
from tests.factories.catalogue import SolutionFactory
from tests.factories.events import event_with_sessions, registered
from tests.factories.projects import ProposalFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def titles_of(person) -> list[str]:
    return list(Notification.objects.filter(recipient=person).order_by("pk").values_list("title", flat=True))


def test_a_spanish_requesters_event_request_reaches_the_korean_receiver_in_korean_and_back_in_spanish():
    event = event_with_sessions(phase=EventPhase.REQUESTS_OPEN, name="Smart City Expo")
    _, city_rep = registered(event, OrganisationFactory.create(name="Bogotá"), language="es")
    provider, provider_rep = registered(event, CorporationFactory.create(name="Acme"), language="ko")

    with translation.override("es"):  # the Spanish requester's page
        request = request_event_meeting(event=event, actor=city_rep.user, receiver=provider)
    with translation.override("ko"):  # the Korean receiver's page
        answer_event_meeting_request(request=request, actor=provider_rep.user, answer="accept")

    assert titles_of(provider_rep.user) == ["Bogotá이(가) Smart City Expo에서 미팅을 요청합니다"]
    assert titles_of(city_rep.user) == ["Acme aceptó su solicitud de reunión en Smart City Expo"]


def test_a_project_note_and_stage_reach_a_korean_party_in_korean():
    korean = UserFactory.create(organisation=CorporationFactory.create(), language="ko")
    proposal = ProposalFactory.create(title="Flood sensors", providers=[korean.organisation])
    proposal.owner.language = "es"
    proposal.owner.save(update_fields=["language"])

    with translation.override("es"):
        add_note(proposal=proposal, actor=proposal.owner, text="Hola")
        change_stage(proposal=proposal, actor=proposal.owner, stage=Stage.FEASIBILITY_STUDY)

    assert titles_of(korean) == ["Flood sensors에 새 메모", "Flood sensors: 현재 단계는 “타당성 조사”입니다"]


def test_a_best_case_decision_reaches_its_korean_submitter_in_korean():
    city = OrganisationFactory.create()
    submitter = UserFactory.create(organisation=city, language="ko")
    case = create_best_case(
        actor=submitter,
        city=city,
        solution=SolutionFactory.create(),
        title="Rivers",
        problem="Floods.",
        approach="Gauges.",
        results="Dry streets.",
    )

    with translation.override("es"):  # a Spanish-reading reviewer
        publish_best_case(best_case=case, actor=StaffFactory.create(language="es"))

    assert titles_of(submitter) == ["우수 사례 “Rivers”이(가) 게시되었습니다"]


def test_membership_notices_reach_each_reader_in_their_language():
    admin = OrganisationAdminFactory.create(language="ko")
    person = UserFactory.create(organisation=None, first_name="Ana", last_name="Pérez", language="es")
    organisation = admin.organisation
    assert organisation is not None

    with translation.override("es"):  # Ana's page
        join_request = request_to_join(person=person, organisation=organisation)
    with translation.override("ko"):  # the admin's page
        approve_join_request(join_request=join_request, actor=admin)

    assert titles_of(admin) == [f"Ana Pérez 님이 {organisation}에 합류를 요청합니다"]
    assert titles_of(person) == [f"Se aprobó su solicitud para unirse a {organisation}"]


def test_a_membership_application_reaches_korean_staff_in_korean_and_its_decision_the_spanish_applicant():
    korean_staff = StaffFactory.create(language="ko")
    applicant = UserFactory.create(organisation=None, language="es")
    fields = MembershipApplicationFactory.build()

    with translation.override("es"):
        application = submit_membership_application(
            applicant=applicant,
            contact_job_title="Alcaldesa",
            organisation_name="Ciudad de Prueba",
            **{
                name: getattr(fields, name)
                for name in ("category", "kind", "country", "locality", "region", "website", "employee_count")
            },
        )
    with translation.override("ko"):
        approve_membership_application(application=application, actor=korean_staff)

    assert titles_of(korean_staff) == ["Ciudad de Prueba의 회원 가입 신청"]
    assert titles_of(applicant) == ["Su solicitud de adhesión para Ciudad de Prueba fue aprobada"]
